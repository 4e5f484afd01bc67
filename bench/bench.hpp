// bench.hpp — what the parts of poolscope-bench share: the settings the command line sets, the
// registration functions of each benchmark family, and the store the summary table is built from.
// Benchmark names are "<workload>/<pool>/w<workers>", where the pool is "paired" for the runs that
// measure all four C++ pools side by side (counters "<pool>_tasks_per_s", "<pool>_vs_asio", ...) and
// "cpython" for the Python baseline; counters carry the measured values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace poolscope::bench {

inline constexpr int worker_counts[] = {1, 2, 4, 8};

struct Settings {
    int tasks = 10000;            // tasks per timed iteration of submit/map
    int latency_samples = 400;    // submits per latency run (one per idle gap)
    int idle_gap_us = 1000;       // the pool sleeps this long before each latency submit
    int record_events = 200000;   // events per thread per recording-cost run
    double paired_seconds = 0.3;  // each pool's timed share of one paired throughput run, at least
};
Settings& settings();

void register_pool_benchmarks();
void register_recording_benchmarks();

/// Every value of every counter of every run, by benchmark name; the summary takes medians.
class Results {
public:
    void add(const std::string& benchmark, const std::string& counter, double value);
    std::optional<double> median(const std::string& benchmark, const std::string& counter) const;
    std::size_t count(const std::string& benchmark, const std::string& counter) const;

    std::string python_version;
    std::string python_error;
    int rounds = 0;

private:
    std::map<std::string, std::map<std::string, std::vector<double>>> m_values;
};

std::string benchmark_name(const std::string& workload, const std::string& pool, int workers);
/// Prints the Markdown summary (tables, ratios, targets) that bench/README.md quotes.
void print_summary(const Results& results, const std::string& machine_note);

}  // namespace poolscope::bench
