// bench_recording.cpp — what recording costs: ns per event emitted through an Instrument into a
// Recorder from one and from two threads (and the no-sink baseline), the steady clock's share of it,
// sizeof(Event), and the memory one million recorded events take.
#include <benchmark/benchmark.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <fstream>
#include <latch>
#include <thread>
#include <vector>

#include "bench.hpp"
#include "poolscope/detail/instrument.hpp"
#include "poolscope/recorder.hpp"

namespace poolscope::bench {
namespace {

using SteadyTime = std::chrono::steady_clock;
constexpr double mib = 1024.0 * 1024.0;
constexpr int reps = 3;  // per run; the summary then takes the median over rounds

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double thread_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

struct EmitCost {
    double cpu_ns = 0;   // per event, the emitting thread's CPU time: what it pays, contention included
    double wall_ns = 0;  // per event, wall time: also counts time the thread sat descheduled
    double overlap = 1;  // with two threads: the share of the run during which both were emitting
};

// One run: `threads` threads each emit `events` events, starting together. CPU time is the figure
// reported because the two cores are shared: a preempted thread's wall time says nothing about emit().
EmitCost emit_cost(int threads, int events, bool with_sink, std::uint64_t& dropped) {
    Recorder recorder(static_cast<std::size_t>(events) + 1);  // never full: a drop would be cheaper
    detail::Instrument instrument{with_sink ? &recorder : nullptr, &default_clock(), 0xBE7C4u};
    std::latch ready(threads);
    std::atomic<bool> go{false};
    std::vector<EmitCost> costs(static_cast<std::size_t>(threads));
    std::vector<SteadyTime::time_point> starts(costs.size()), ends(costs.size());
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            instrument.emit(EventKind::StepBegin, 0);  // creates (and pages in) this thread's ring
            ready.count_down();
            while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
            const auto start = SteadyTime::now();
            const double cpu_start = thread_cpu_ns();
            for (int i = 0; i < events; ++i) {
                benchmark::DoNotOptimize(instrument);  // keeps the no-sink loop from being folded away
                instrument.emit(EventKind::TaskStarted, static_cast<std::uint64_t>(i), i);
            }
            const auto end = SteadyTime::now();
            EmitCost& cost = costs[static_cast<std::size_t>(t)];
            cost.cpu_ns = (thread_cpu_ns() - cpu_start) / events;
            cost.wall_ns = std::chrono::duration<double, std::nano>(end - start).count() / events;
            starts[static_cast<std::size_t>(t)] = start;
            ends[static_cast<std::size_t>(t)] = end;
        });
    }
    ready.wait();
    go.store(true, std::memory_order_release);
    for (std::thread& thread : pool) thread.join();
    dropped += recorder.dropped();
    EmitCost mean;
    for (const EmitCost& c : costs) {
        mean.cpu_ns += c.cpu_ns / threads;
        mean.wall_ns += c.wall_ns / threads;
    }
    const auto both = std::chrono::duration<double>(*std::min_element(ends.begin(), ends.end()) -
                                                    *std::max_element(starts.begin(), starts.end()));
    const auto any = std::chrono::duration<double>(*std::max_element(ends.begin(), ends.end()) -
                                                   *std::min_element(starts.begin(), starts.end()));
    mean.overlap = std::max(0.0, both.count()) / any.count();
    return mean;
}

void record_cost(benchmark::State& state, int threads, bool with_sink) {
    std::vector<double> cpu, wall, overlap;
    std::uint64_t dropped = 0;
    for (auto _ : state) {
        for (int r = 0; r < reps; ++r) {
            const EmitCost cost = emit_cost(threads, settings().record_events, with_sink, dropped);
            cpu.push_back(cost.cpu_ns);
            wall.push_back(cost.wall_ns);
            overlap.push_back(cost.overlap);
        }
    }
    state.counters["ns_per_event"] = median(cpu);
    state.counters["wall_ns_per_event"] = median(wall);
    if (threads > 1) state.counters["overlap"] = median(overlap);
    state.counters["dropped"] = static_cast<double>(dropped);
}

void clock_now_cost(benchmark::State& state) {
    Clock& clock = default_clock();
    std::vector<double> runs;
    for (auto _ : state) {
        for (int r = 0; r < reps; ++r) {
            const auto start = SteadyTime::now();
            for (int i = 0; i < settings().record_events; ++i) benchmark::DoNotOptimize(clock.now());
            runs.push_back(std::chrono::duration<double, std::nano>(SteadyTime::now() - start).count() /
                           settings().record_events);
        }
    }
    state.counters["ns_per_call"] = median(runs);
}

double resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    double size = 0, resident = 0;
    statm >> size >> resident;
    return resident * static_cast<double>(sysconf(_SC_PAGESIZE));
}

// RSS growth of the process while one thread records a million events into a Recorder big enough to
// hold them all undrained, and then of draining them into the reader's vector.
void million_events_memory(benchmark::State& state) {
    constexpr int events = 1'000'000;
    for (auto _ : state) {
        const double before = resident_bytes();
        Recorder recorder(events);
        detail::Instrument instrument{&recorder, &default_clock(), 0xBE7C5u};
        for (int i = 0; i < events; ++i) instrument.emit(EventKind::TaskFinished, static_cast<std::uint64_t>(i), i);
        const double recorded = resident_bytes();
        std::vector<Event> drained;
        const std::size_t count = recorder.drain(drained);
        const double after_drain = resident_bytes();
        state.counters["recorder_rss_MiB"] = (recorded - before) / mib;
        state.counters["recorder_capacity_MiB"] =
            static_cast<double>(std::bit_ceil(static_cast<std::size_t>(events)) * sizeof(Event)) / mib;
        state.counters["drained_vector_rss_MiB"] = (after_drain - recorded) / mib;
        state.counters["recorded"] = static_cast<double>(count);
        state.counters["dropped"] = static_cast<double>(recorder.dropped());
    }
    state.counters["sizeof_event"] = static_cast<double>(sizeof(Event));
}

}  // namespace

void register_recording_benchmarks() {
    for (int threads : {1, 2}) {
        for (bool with_sink : {false, true}) {
            const std::string name = std::string("record/") + (with_sink ? "recorder" : "nosink") + "/t" +
                                     std::to_string(threads);
            benchmark::RegisterBenchmark(name.c_str(), [threads, with_sink](benchmark::State& s) {
                record_cost(s, threads, with_sink);
            })->Iterations(1)->UseRealTime()->Unit(benchmark::kMillisecond);
        }
    }
    benchmark::RegisterBenchmark("record/clock_now", clock_now_cost)->Iterations(1)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("memory/1M_events", million_events_memory)->Iterations(1)->Unit(benchmark::kMillisecond);
}

}  // namespace poolscope::bench
