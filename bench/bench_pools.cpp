// bench_pools.cpp — throughput and idle latency of poolscope (with and without the Recorder sink),
// the plain mutex+condition-variable pool and boost::asio::thread_pool, all under one interface so
// each workload is the same code for every pool.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <future>
#include <latch>
#include <numeric>
#include <optional>
#include <thread>
#include <vector>

#include "bench.hpp"
#include "poolscope/executor.hpp"
#include "poolscope/recorder.hpp"
#include "simple_pool.hpp"

namespace poolscope::bench {
namespace {

using SteadyTime = std::chrono::steady_clock;

int square(int x) { return x * x; }

template <class R>
R wait_value(Future<R>& future) { return future.result(); }
template <class R>
R wait_value(std::future<R>& future) { return future.get(); }

// ---- The pools under one interface: submit(fn) -> a future; map_sum(items) ------------------------

class PoolscopePool {
public:
    PoolscopePool(int workers, EventSink* sink) : m_pool(options(workers, sink)) {}
    template <class F>
    auto submit(F fn) { return m_pool.submit(std::move(fn)); }
    std::int64_t map_sum(const std::vector<int>& items) {
        std::int64_t sum = 0;
        for (int r : m_pool.map(square, items)) sum += r;
        return sum;
    }

private:
    static ThreadPoolExecutor::Options options(int workers, EventSink* sink) {
        ThreadPoolExecutor::Options result;
        result.max_workers = workers;
        result.sink = sink;
        return result;
    }
    ThreadPoolExecutor m_pool;
};

// Python's map() for pools without one: submit every call, then wait for each in input order.
template <class Pool>
std::int64_t submit_all_sum(Pool& pool, const std::vector<int>& items) {
    using Fut = decltype(pool.submit([] { return 0; }));
    std::vector<Fut> futures;
    futures.reserve(items.size());
    for (int x : items) futures.push_back(pool.submit([x] { return square(x); }));
    std::int64_t sum = 0;
    for (Fut& f : futures) sum += wait_value(f);
    return sum;
}

class MutexCvPool {
public:
    MutexCvPool(int workers, EventSink*) : m_pool(workers) {}
    template <class F>
    auto submit(F fn) { return m_pool.submit(std::move(fn)); }
    std::int64_t map_sum(const std::vector<int>& items) { return submit_all_sum(*this, items); }

private:
    SimplePool m_pool;
};

class AsioPool {
public:
    AsioPool(int workers, EventSink*) : m_pool(static_cast<std::size_t>(workers)) {}
    ~AsioPool() { m_pool.join(); }
    template <class F>
    std::future<std::invoke_result_t<F&>> submit(F fn) {
        using R = std::invoke_result_t<F&>;
        std::promise<R> promise;
        std::future<R> future = promise.get_future();
        boost::asio::post(m_pool, [fn = std::move(fn), promise = std::move(promise)]() mutable {
            if constexpr (std::is_void_v<R>) {
                fn();
                promise.set_value();
            } else {
                promise.set_value(fn());
            }
        });
        return future;
    }
    std::int64_t map_sum(const std::vector<int>& items) { return submit_all_sum(*this, items); }

private:
    boost::asio::thread_pool m_pool;
};

// Starts every worker (poolscope and CPython start threads lazily): `workers` calls that each wait
// until all of them run, so none can finish early and be reused.
template <class Pool>
void start_all_workers(Pool& pool, int workers) {
    std::latch all_running(workers);
    using Fut = decltype(pool.submit([] {}));
    std::vector<Fut> futures;
    for (int i = 0; i < workers; ++i) futures.push_back(pool.submit([&all_running] { all_running.arrive_and_wait(); }));
    for (Fut& f : futures) wait_value(f);
}

/// The Recorder variant's sink, at the app's default ring size (2^16 events per thread, enough for an
/// iteration's events: the "dropped" counter says if not). The reader's drain runs between iterations
/// with the timer paused: in the app it runs on the GUI thread.
class Recording {
public:
    explicit Recording(bool on) {
        if (on) m_recorder.emplace();
    }
    EventSink* sink() { return m_recorder ? &*m_recorder : nullptr; }
    void drain_untimed(benchmark::State& state) {
        if (!m_recorder) return;
        state.PauseTiming();
        m_events.clear();
        m_drained += m_recorder->drain(m_events);
        state.ResumeTiming();
    }
    void report(benchmark::State& state, double tasks) {
        if (!m_recorder) return;
        m_events.clear();
        m_drained += m_recorder->drain(m_events);
        state.counters["events_per_task"] = static_cast<double>(m_drained) / std::max(tasks, 1.0);
        state.counters["dropped"] = static_cast<double>(m_recorder->dropped());
    }

private:
    std::optional<Recorder> m_recorder;
    std::vector<Event> m_events;
    std::size_t m_drained = 0;
};

// ---- Workloads ------------------------------------------------------------------------------------

template <class Pool>
void submit_result(benchmark::State& state, int workers, bool record) {
    const int tasks = settings().tasks;
    Recording recording(record);
    Pool pool(workers, recording.sink());
    start_all_workers(pool, workers);
    using Fut = decltype(pool.submit([] {}));
    std::vector<Fut> futures;
    futures.reserve(static_cast<std::size_t>(tasks));
    for (auto _ : state) {
        for (int i = 0; i < tasks; ++i) futures.push_back(pool.submit([] {}));
        for (Fut& f : futures) wait_value(f);
        futures.clear();
        recording.drain_untimed(state);
    }
    const double total = static_cast<double>(state.iterations()) * tasks;
    state.counters["tasks_per_s"] = benchmark::Counter(total, benchmark::Counter::kIsRate);
    recording.report(state, total);
}

template <class Pool>
void map_square(benchmark::State& state, int workers, bool record) {
    const int tasks = settings().tasks;
    std::vector<int> items(static_cast<std::size_t>(tasks));
    std::iota(items.begin(), items.end(), 0);
    Recording recording(record);
    Pool pool(workers, recording.sink());
    start_all_workers(pool, workers);
    for (auto _ : state) {
        benchmark::DoNotOptimize(pool.map_sum(items));
        recording.drain_untimed(state);
    }
    const double total = static_cast<double>(state.iterations()) * tasks;
    state.counters["tasks_per_s"] = benchmark::Counter(total, benchmark::Counter::kIsRate);
    recording.report(state, total);
}

double percentile(std::vector<double> sorted_copy, double p) {
    std::sort(sorted_copy.begin(), sorted_copy.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted_copy.size())));
    return sorted_copy[std::clamp<std::size_t>(rank, 1, sorted_copy.size()) - 1];
}

// Submit-to-start on an idle pool: every worker exists and has been waiting for `idle_gap_us`; the
// clock is read just before submit() and as the task's first instruction.
template <class Pool>
void idle_latency(benchmark::State& state, int workers, bool record) {
    const int samples = settings().latency_samples;
    const std::chrono::microseconds gap(settings().idle_gap_us);
    Recording recording(record);
    Pool pool(workers, recording.sink());
    start_all_workers(pool, workers);
    std::vector<double> latency_ns, gap_ns;
    for (auto _ : state) {
        for (int i = 0; i < samples; ++i) {
            const auto idle_from = SteadyTime::now();
            std::this_thread::sleep_for(gap);
            SteadyTime::time_point started;
            const auto submitted = SteadyTime::now();
            auto future = pool.submit([&started] { started = SteadyTime::now(); });
            wait_value(future);
            latency_ns.push_back(std::chrono::duration<double, std::nano>(started - submitted).count());
            gap_ns.push_back(std::chrono::duration<double, std::nano>(submitted - idle_from).count());
        }
    }
    state.counters["p50_us"] = percentile(latency_ns, 0.50) / 1e3;
    state.counters["p99_us"] = percentile(latency_ns, 0.99) / 1e3;
    state.counters["gap_us"] = percentile(gap_ns, 0.50) / 1e3;
    recording.report(state, static_cast<double>(latency_ns.size()));
}

using Workload = void (*)(benchmark::State&, int workers, bool record);

template <template <class> class Run>
void register_workload(const std::string& workload, bool fixed_iterations) {
    struct Variant {
        const char* name;
        Workload run;
        bool record;
    };
    const Variant variants[] = {
        {"poolscope", &Run<PoolscopePool>::run, false},
        {"poolscope+rec", &Run<PoolscopePool>::run, true},
        {"mutex_cv", &Run<MutexCvPool>::run, false},
        {"asio", &Run<AsioPool>::run, false},
    };
    // Pools that are compared run next to each other, so a change in the machine's load hits them alike.
    for (int workers : worker_counts) {
        for (const Variant& v : variants) {
            auto* b = benchmark::RegisterBenchmark(benchmark_name(workload, v.name, workers).c_str(),
                                                   [v, workers](benchmark::State& s) { v.run(s, workers, v.record); });
            b->UseRealTime()->Unit(benchmark::kMillisecond);
            if (fixed_iterations) b->Iterations(1);
        }
    }
}

template <class Pool>
struct SubmitResult {
    static void run(benchmark::State& s, int workers, bool record) { submit_result<Pool>(s, workers, record); }
};
template <class Pool>
struct MapSquare {
    static void run(benchmark::State& s, int workers, bool record) { map_square<Pool>(s, workers, record); }
};
template <class Pool>
struct IdleLatency {
    static void run(benchmark::State& s, int workers, bool record) { idle_latency<Pool>(s, workers, record); }
};

}  // namespace

void register_pool_benchmarks() {
    register_workload<SubmitResult>("submit", false);
    register_workload<MapSquare>("map", false);
    register_workload<IdleLatency>("latency", true);
}

}  // namespace poolscope::bench
