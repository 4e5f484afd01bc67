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

// ---- Paired runs ---------------------------------------------------------------------------------
// On a shared 2-vCPU machine a pool's throughput moves by up to 2x between runs seconds apart, far more
// than the differences measured. So the pools are compared in *pairs*: all four exist at once, and each
// block runs the workload once on every pool, back to back, in an order that rotates from block to
// block. A block's ratios compare pools that ran within milliseconds of each other; the reported ratio
// is the median over blocks (and then over rounds).

const char* const pool_names[] = {"poolscope", "poolscope+rec", "mutex_cv", "asio"};
constexpr std::size_t pool_count = std::size(pool_names);
constexpr std::size_t asio_index = 3;

/// The four pools of a paired run. The Recorder is at the app's default ring size (2^16 events per
/// thread, enough for one pass: "dropped" says if not); it is drained after each pass, untimed (in the
/// app the GUI thread drains).
class PoolSet {
public:
    explicit PoolSet(int workers)
        : m_plain(workers, nullptr), m_recorded(workers, &m_recorder), m_mutex_cv(workers, nullptr), m_asio(workers, nullptr) {
        start_all_workers(m_plain, workers);
        start_all_workers(m_recorded, workers);
        start_all_workers(m_mutex_cv, workers);
        start_all_workers(m_asio, workers);
        drain();
    }
    /// Calls fn(pool) on pool `index` (pool_names order).
    template <class Fn>
    auto visit(std::size_t index, Fn&& fn) {
        switch (index) {
            case 0: return fn(m_plain);
            case 1: return fn(m_recorded);
            case 2: return fn(m_mutex_cv);
            default: return fn(m_asio);
        }
    }
    void drain() {
        m_events.clear();
        m_drained += m_recorder.drain(m_events);
    }
    void report(benchmark::State& state, double recorded_tasks) {
        drain();
        state.counters["events_per_task"] = static_cast<double>(m_drained) / std::max(recorded_tasks, 1.0);
        state.counters["dropped"] = static_cast<double>(m_recorder.dropped());
    }

private:
    Recorder m_recorder;  // before the pools: it outlives them
    std::vector<Event> m_events;
    std::size_t m_drained = 0;
    PoolscopePool m_plain;
    PoolscopePool m_recorded;
    MutexCvPool m_mutex_cv;
    AsioPool m_asio;
};

double median_of(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// ---- Workloads: one pass on one pool --------------------------------------------------------------

template <class Pool>
double submit_result_seconds(Pool& pool, int tasks) {
    using Fut = decltype(pool.submit([] {}));
    std::vector<Fut> futures;
    futures.reserve(static_cast<std::size_t>(tasks));
    const auto start = SteadyTime::now();
    for (int i = 0; i < tasks; ++i) futures.push_back(pool.submit([] {}));
    for (Fut& f : futures) wait_value(f);
    const auto end = SteadyTime::now();
    return std::chrono::duration<double>(end - start).count();
}

template <class Pool>
double map_seconds(Pool& pool, const std::vector<int>& items) {
    const auto start = SteadyTime::now();
    benchmark::DoNotOptimize(pool.map_sum(items));
    const auto end = SteadyTime::now();
    return std::chrono::duration<double>(end - start).count();
}

// Throughput: blocks of one pass per pool until every pool has run for `min_seconds`; counters per
// pool: median tasks/s over blocks, and the median over blocks of its tasks/s over asio's.
void paired_throughput(benchmark::State& state, int workers, bool map) {
    const int tasks = settings().tasks;
    std::vector<int> items(static_cast<std::size_t>(tasks));
    std::iota(items.begin(), items.end(), 0);
    PoolSet pools(workers);
    std::vector<double> rates[pool_count], vs_asio[pool_count];
    double least_time = 0;
    std::size_t block = 0;
    for (auto _ : state) {
        while (least_time < settings().paired_seconds || block < 5) {
            double rate[pool_count] = {};
            for (std::size_t k = 0; k < pool_count; ++k) {
                const std::size_t index = (block + k) % pool_count;
                const double seconds = pools.visit(index, [&](auto& pool) {
                    return map ? map_seconds(pool, items) : submit_result_seconds(pool, tasks);
                });
                rate[index] = tasks / seconds;
                if (index == 1) pools.drain();
            }
            for (std::size_t i = 0; i < pool_count; ++i) {
                rates[i].push_back(rate[i]);
                vs_asio[i].push_back(rate[i] / rate[asio_index]);
            }
            ++block;
            least_time = 1e300;
            for (std::size_t i = 0; i < pool_count; ++i) {
                double total = 0;
                for (double r : rates[i]) total += tasks / r;
                least_time = std::min(least_time, total);
            }
        }
    }
    for (std::size_t i = 0; i < pool_count; ++i) {
        state.counters[std::string(pool_names[i]) + "_tasks_per_s"] = median_of(rates[i]);
        state.counters[std::string(pool_names[i]) + "_vs_asio"] = median_of(vs_asio[i]);
    }
    state.counters["blocks"] = static_cast<double>(block);
    pools.report(state, static_cast<double>(block) * tasks);
}

double percentile(std::vector<double> sorted_copy, double p) {
    std::sort(sorted_copy.begin(), sorted_copy.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted_copy.size())));
    return sorted_copy[std::clamp<std::size_t>(rank, 1, sorted_copy.size()) - 1];
}

// Submit-to-start on an idle pool: every worker exists and has been waiting for `idle_gap_us`; the
// clock is read just before submit() and as the task's first instruction. Each sample measures every
// pool once, in rotating order, each after its own idle gap.
void paired_latency(benchmark::State& state, int workers, bool) {
    const int samples = settings().latency_samples;
    const std::chrono::microseconds gap(settings().idle_gap_us);
    PoolSet pools(workers);
    std::vector<double> latency_ns[pool_count], gap_ns;
    for (auto _ : state) {
        for (int i = 0; i < samples; ++i) {
            for (std::size_t k = 0; k < pool_count; ++k) {
                const std::size_t index = (static_cast<std::size_t>(i) + k) % pool_count;
                const auto idle_from = SteadyTime::now();
                std::this_thread::sleep_for(gap);
                SteadyTime::time_point started;
                const auto submitted = SteadyTime::now();
                pools.visit(index, [&](auto& pool) {
                    auto future = pool.submit([&started] { started = SteadyTime::now(); });
                    wait_value(future);
                });
                latency_ns[index].push_back(std::chrono::duration<double, std::nano>(started - submitted).count());
                gap_ns.push_back(std::chrono::duration<double, std::nano>(submitted - idle_from).count());
            }
            pools.drain();
        }
    }
    for (std::size_t i = 0; i < pool_count; ++i) {
        state.counters[std::string(pool_names[i]) + "_p50_us"] = percentile(latency_ns[i], 0.50) / 1e3;
        state.counters[std::string(pool_names[i]) + "_p99_us"] = percentile(latency_ns[i], 0.99) / 1e3;
    }
    state.counters["gap_us"] = percentile(gap_ns, 0.50) / 1e3;
    pools.report(state, static_cast<double>(latency_ns[1].size()));
}

void register_paired(const std::string& workload, void (*run)(benchmark::State&, int, bool), bool map) {
    for (int workers : worker_counts) {
        benchmark::RegisterBenchmark(benchmark_name(workload, "paired", workers).c_str(),
                                     [run, workers, map](benchmark::State& s) { run(s, workers, map); })
            ->Iterations(1)
            ->UseRealTime()
            ->Unit(benchmark::kMillisecond);
    }
}

}  // namespace

void register_pool_benchmarks() {
    register_paired("submit", paired_throughput, false);
    register_paired("map", paired_throughput, true);
    register_paired("latency", paired_latency, false);
}

}  // namespace poolscope::bench
