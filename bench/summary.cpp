// summary.cpp — turns the collected counters into the Markdown tables bench/README.md quotes: medians
// over rounds, the ratios the targets are stated in, and whether each target is met.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

#include "bench.hpp"

namespace poolscope::bench {

Settings& settings() {
    static Settings instance;
    return instance;
}

std::string benchmark_name(const std::string& workload, const std::string& pool, int workers) {
    return workload + "/" + pool + "/w" + std::to_string(workers);
}

void Results::add(const std::string& benchmark, const std::string& counter, double value) {
    m_values[benchmark][counter].push_back(value);
}

std::optional<double> Results::median(const std::string& benchmark, const std::string& counter) const {
    const auto b = m_values.find(benchmark);
    if (b == m_values.end()) return std::nullopt;
    const auto c = b->second.find(counter);
    if (c == b->second.end() || c->second.empty()) return std::nullopt;
    std::vector<double> v = c->second;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::size_t Results::count(const std::string& benchmark, const std::string& counter) const {
    const auto b = m_values.find(benchmark);
    if (b == m_values.end()) return 0;
    const auto c = b->second.find(counter);
    return c == b->second.end() ? 0 : c->second.size();
}

namespace {

using Value = std::optional<double>;

std::string fmt(Value v, const char* format) {
    if (!v) return "n/a";
    char text[64];
    std::snprintf(text, sizeof text, format, *v);
    return text;
}
std::string rate(Value v) { return v ? fmt(*v / 1e3, "%.0fk") : "n/a"; }
std::string ratio(Value v) { return fmt(v, "%.2fx"); }
Value divide(Value a, Value b) {
    if (!a || !b || *b == 0) return std::nullopt;
    return *a / *b;
}

const char* const pools[] = {"poolscope", "poolscope+rec", "mutex_cv", "asio", "cpython"};

// A pool's median tasks/s: the C++ pools come from the paired runs, CPython from its own script.
Value tasks_per_s(const Results& r, const std::string& workload, const std::string& pool, int workers) {
    if (pool == "cpython") return r.median(benchmark_name(workload, "cpython", workers), "tasks_per_s");
    return r.median(benchmark_name(workload, "paired", workers), pool + "_tasks_per_s");
}

// `pool` over `against`: for asio, the median of the ratios measured within each paired block; for
// CPython (run by its own script after each round), the ratio of the medians.
Value ratio_to(const Results& r, const std::string& workload, const std::string& pool, const std::string& against,
               int workers) {
    if (against == "asio") return r.median(benchmark_name(workload, "paired", workers), pool + "_vs_asio");
    return divide(tasks_per_s(r, workload, pool, workers), tasks_per_s(r, workload, against, workers));
}

struct Targets {
    std::ostringstream table;
    void add(const std::string& what, const std::string& measured, std::optional<bool> met) {
        table << "| " << what << " | " << measured << " | " << (!met ? "n/a" : *met ? "yes" : "**NO**") << " |\n";
    }
};

// A ratio that must reach `minimum` at every worker count: reports the worst one.
void check_every_count(Targets& targets, const Results& r, const std::string& workload, const std::string& pool,
                       const std::string& against, double minimum, const std::string& what) {
    Value worst;
    int worst_workers = 0;
    for (int w : worker_counts) {
        const Value q = ratio_to(r, workload, pool, against, w);
        if (q && (!worst || *q < *worst)) {
            worst = q;
            worst_workers = w;
        }
    }
    const std::string measured = worst ? "lowest " + ratio(worst) + " (" + std::to_string(worst_workers) + " workers)" : "n/a";
    targets.add(what + " (" + workload + ")", measured, worst ? std::optional<bool>(*worst >= minimum) : std::nullopt);
}

void throughput_tables(const Results& r, Targets& targets) {
    std::cout << "\n### Throughput, tasks/s (median of rounds)\n\n"
                 "`submit`: submit N empty calls, then result() each. `map`: map(square, range(N)) consumed in order. "
                 "The C++ pools run side by side (paired blocks); the ratios to asio are medians of the ratios "
                 "within each block.\n\n"
                 "| workload | workers | poolscope | poolscope+rec | mutex_cv | asio | CPython "
                 "| poolscope/asio | +rec/asio | poolscope/CPython |\n"
                 "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const char* workload : {"submit", "map"}) {
        for (int w : worker_counts) {
            std::cout << "| " << workload << " | " << w;
            for (const char* pool : pools) std::cout << " | " << rate(tasks_per_s(r, workload, pool, w));
            std::cout << " | " << ratio(ratio_to(r, workload, "poolscope", "asio", w)) << " | "
                      << ratio(ratio_to(r, workload, "poolscope+rec", "asio", w)) << " | "
                      << ratio(ratio_to(r, workload, "poolscope", "cpython", w)) << " |\n";
        }
    }
    for (const char* workload : {"map", "submit"}) {
        const Value at2 = ratio_to(r, workload, "poolscope", "asio", 2);
        targets.add(std::string("poolscope (no sink) >= 1.5x asio at 2 workers (") + workload + ")", ratio(at2),
                    at2 ? std::optional<bool>(*at2 >= 1.5) : std::nullopt);
        check_every_count(targets, r, workload, "poolscope", "asio", 1.0, "poolscope (no sink) >= asio at 1/2/4/8 workers");
        check_every_count(targets, r, workload, "poolscope+rec", "asio", 1.0, "poolscope + Recorder >= asio at 1/2/4/8 workers");
        check_every_count(targets, r, workload, "poolscope", "cpython", 10.0, "poolscope >= 10x CPython at 1/2/4/8 workers");
    }
}

void latency_table(const Results& r, Targets& targets) {
    std::cout << "\n### Submit-to-start latency on an idle pool, p50 / p99 in us (median of rounds)\n\n"
              << "Before each submit the pool is idle for " << settings().idle_gap_us
              << " us (sleep_for; median measured gap " << fmt(r.median(benchmark_name("latency", "paired", 2), "gap_us"), "%.0f")
              << " us); " << settings().latency_samples << " submits per pool and run, the four pools taking turns.\n\n"
              << "| workers | poolscope | poolscope+rec | mutex_cv | asio | poolscope p50 / asio p50 |\n"
                 "|---:|---:|---:|---:|---:|---:|\n";
    Value worst;
    int worst_workers = 0;
    for (int w : worker_counts) {
        std::cout << "| " << w;
        const std::string name = benchmark_name("latency", "paired", w);
        for (const std::string pool : {"poolscope", "poolscope+rec", "mutex_cv", "asio"})
            std::cout << " | " << fmt(r.median(name, pool + "_p50_us"), "%.1f") << " / " << fmt(r.median(name, pool + "_p99_us"), "%.1f");
        const Value q = divide(r.median(name, "poolscope_p50_us"), r.median(name, "asio_p50_us"));
        std::cout << " | " << ratio(q) << " |\n";
        if (q && (!worst || *q > *worst)) {
            worst = q;
            worst_workers = w;
        }
    }
    targets.add("latency p50: poolscope <= asio at 1/2/4/8 workers",
                worst ? "highest poolscope/asio " + ratio(worst) + " (" + std::to_string(worst_workers) + " workers)" : "n/a",
                worst ? std::optional<bool>(*worst <= 1.0) : std::nullopt);
}

void recording_table(const Results& r, Targets& targets) {
    std::cout << "\n### Recording cost, ns per event (median of rounds)\n\n"
              << settings().record_events << " events per thread through Instrument::emit, in the emitting thread's CPU "
                 "time (wall time in brackets); with two threads, the mean of both threads.\n\n| | 1 thread | 2 threads |\n|---|---:|---:|\n";
    Value net[2];
    std::cout << "| no sink (baseline) ";
    for (int t : {1, 2}) std::cout << "| " << fmt(r.median("record/nosink/t" + std::to_string(t), "ns_per_event"), "%.2f") << " ";
    std::cout << "|\n| Recorder ";
    for (int t : {1, 2}) {
        const std::string name = "record/recorder/t" + std::to_string(t);
        std::cout << "| " << fmt(r.median(name, "ns_per_event"), "%.1f") << " ("
                  << fmt(r.median(name, "wall_ns_per_event"), "%.1f") << ") ";
    }
    std::cout << "|\n| **cost (Recorder - baseline)** ";
    for (int t : {1, 2}) {
        const Value a = r.median("record/recorder/t" + std::to_string(t), "ns_per_event");
        const Value b = r.median("record/nosink/t" + std::to_string(t), "ns_per_event");
        if (a && b) net[t - 1] = *a - *b;
        std::cout << "| **" << fmt(net[t - 1], "%.1f") << "** ";
    }
    std::cout << "|\n\nThe two threads emitted at the same time for " << fmt(r.median("record/recorder/t2", "overlap"), "%.2f")
              << " of the run (1.0 = fully concurrent; a shared machine may serialise them, which would hide any "
                 "contention between them).\nThe steady clock's now(), part of every event: " << fmt(r.median("record/clock_now", "ns_per_call"), "%.1f")
              << " ns per call.\n";
    for (int t : {1, 2})
        targets.add("recording <= 50 ns/event, " + std::to_string(t) + " thread" + (t > 1 ? "s" : ""),
                    fmt(net[t - 1], "%.1f ns"), net[t - 1] ? std::optional<bool>(*net[t - 1] <= 50) : std::nullopt);

    const Value size = r.median("memory/1M_events", "sizeof_event");
    const Value rss = r.median("memory/1M_events", "recorder_rss_MiB");
    std::cout << "\n### Memory\n\nsizeof(Event) = " << fmt(size, "%.0f") << " bytes. One million events recorded "
              << "undrained by one thread into Recorder(1000000) (ring capacity rounded up to 2^20): RSS growth "
              << fmt(rss, "%.1f") << " MiB (capacity x sizeof(Event) = "
              << fmt(r.median("memory/1M_events", "recorder_capacity_MiB"), "%.1f") << " MiB); draining them into "
              << "the reader's vector adds " << fmt(r.median("memory/1M_events", "drained_vector_rss_MiB"), "%.1f")
              << " MiB.\n";
    targets.add("sizeof(Event) <= 48", fmt(size, "%.0f bytes"), size ? std::optional<bool>(*size <= 48) : std::nullopt);
    targets.add("1M recorded events < 64 MiB (measured RSS growth)", fmt(rss, "%.1f MiB"),
                rss ? std::optional<bool>(*rss < 64) : std::nullopt);
}

}  // namespace

void print_summary(const Results& r, const std::string& machine_note) {
    Targets targets;
    std::cout << "\n## poolscope-bench summary\n\nMedians over " << r.rounds << " round(s); " << machine_note
              << ". CPython: " << (r.python_version.empty() ? "n/a" : r.python_version)
              << (r.python_error.empty() ? "" : " (" + r.python_error + ")") << ".\n";
    throughput_tables(r, targets);
    latency_table(r, targets);
    recording_table(r, targets);
    std::cout << "\n### Targets\n\n| target | measured | met |\n|---|---|---|\n" << targets.table.str();
    for (const char* workload : {"submit", "map", "latency"})
        for (int w : worker_counts)
            if (const Value d = r.median(benchmark_name(workload, "paired", w), "dropped"); d && *d > 0)
                std::cout << "\nWARNING: poolscope+rec in " << benchmark_name(workload, "paired", w) << " dropped " << *d
                          << " events (a full ring makes recording look cheaper than it is).\n";
    std::cout << std::flush;
}

}  // namespace poolscope::bench
