// bench_main.cpp — poolscope-bench's entry point: runs every registered benchmark for several rounds
// (interleaved, so a shared machine's load changes hit all pools alike), runs cpython_baseline.py after
// each round, and prints the summary table with medians, ratios and targets.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench.hpp"

namespace poolscope::bench {
namespace {

struct Options {
    int rounds = 3;
    std::string python = "python3";
    bool run_python = true;
    int python_tasks = 20000;
};

/// Collects counters for the summary and still prints Google Benchmark's usual console lines.
class CollectingReporter final : public benchmark::ConsoleReporter {
public:
    explicit CollectingReporter(Results& results) : m_results(results) {}
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const Run& run : runs) {
            if (run.error_occurred || run.run_type != Run::RT_Iteration) continue;
            for (const auto& [name, counter] : run.counters)
                m_results.add(run.run_name.function_name, name, counter.value);
        }
        ConsoleReporter::ReportRuns(runs);
    }

private:
    Results& m_results;
};

// Runs the CPython baseline; it prints "cpython <workload> <workers> <tasks/s>" and "cpython version V".
void run_python(const Options& options, Results& results) {
    std::string command = "'" + options.python + "' '" POOLSCOPE_BENCH_SCRIPT "' --tasks " +
                          std::to_string(options.python_tasks) + " --workers";
    for (int workers : worker_counts) command += " " + std::to_string(workers);
    command += " 2>&1";
    std::cout << "\n==> CPython baseline: " << command << std::endl;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) {
        results.python_error = "could not start: " + command;
        return;
    }
    char line[512];
    std::string unparsed;
    while (std::fgets(line, sizeof line, pipe)) {
        std::cout << line;
        std::istringstream in(line);
        std::string tag, workload, version;
        int workers = 0;
        double rate = 0;
        if (!(in >> tag) || tag != "cpython") {
            unparsed += line;
            continue;
        }
        in >> workload;
        if (workload == "version") {
            in >> results.python_version;
        } else if (in >> workers >> rate) {
            results.add(benchmark_name(workload, "cpython", workers), "tasks_per_s", rate);
        }
    }
    const int status = pclose(pipe);
    if (status != 0) results.python_error = "exit status " + std::to_string(status) + ": " + unparsed;
}

std::string load_average() {
    std::ifstream load("/proc/loadavg");
    std::string one;
    return load >> one ? one : "n/a";
}

std::string machine_note(const std::string& load_at_start) {
    std::ostringstream note;
    note << std::thread::hardware_concurrency() << " hardware threads, 1-minute load average " << load_at_start
         << " at the start and " << load_average() << " at the end";
    return note.str();
}

// Takes our own flags out of argv (Google Benchmark rejects flags it does not know).
Options parse_own_flags(int& argc, char** argv, std::vector<std::string>& extra) {
    Options options;
    int kept = 1;
    bool min_time_given = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](const char* prefix) { return arg.substr(std::strlen(prefix)); };
        if (arg.rfind("--rounds=", 0) == 0) options.rounds = std::max(1, std::stoi(value("--rounds=")));
        else if (arg.rfind("--python=", 0) == 0) options.python = value("--python=");
        else if (arg == "--no-python") options.run_python = false;
        else if (arg.rfind("--python-tasks=", 0) == 0) options.python_tasks = std::stoi(value("--python-tasks="));
        else if (arg.rfind("--tasks=", 0) == 0) settings().tasks = std::stoi(value("--tasks="));
        else if (arg.rfind("--latency-samples=", 0) == 0) settings().latency_samples = std::stoi(value("--latency-samples="));
        else if (arg.rfind("--record-events=", 0) == 0) settings().record_events = std::stoi(value("--record-events="));
        else if (arg.rfind("--idle-gap-us=", 0) == 0) settings().idle_gap_us = std::stoi(value("--idle-gap-us="));
        else {
            if (arg.rfind("--benchmark_min_time", 0) == 0) min_time_given = true;
            argv[kept++] = argv[i];
        }
    }
    argc = kept;
    // Rounds already repeat every measurement, so each run can be short.
    if (!min_time_given) extra.push_back("--benchmark_min_time=0.2");
    return options;
}

}  // namespace
}  // namespace poolscope::bench

int main(int argc, char** argv) {
    using namespace poolscope::bench;
    std::vector<std::string> extra;
    const Options options = parse_own_flags(argc, argv, extra);
    std::vector<char*> args(argv, argv + argc);
    for (std::string& e : extra) args.push_back(e.data());
    int count = static_cast<int>(args.size());
    args.push_back(nullptr);
    benchmark::Initialize(&count, args.data());
    if (benchmark::ReportUnrecognizedArguments(count, args.data())) {
        std::cerr << "poolscope-bench flags: --rounds=N --python=PATH --no-python --python-tasks=N --tasks=N\n"
                     "  --latency-samples=N --idle-gap-us=N --record-events=N, plus Google Benchmark's --benchmark_* flags\n";
        return 1;
    }
    register_pool_benchmarks();
    register_recording_benchmarks();

    const std::string load_at_start = load_average();
    Results results;
    CollectingReporter reporter(results);
    for (int round = 1; round <= options.rounds; ++round) {
        std::cout << "\n==> Round " << round << " of " << options.rounds << std::endl;
        benchmark::RunSpecifiedBenchmarks(&reporter);
        if (options.run_python) run_python(options, results);
        results.rounds = round;
    }
    if (!options.run_python) results.python_error = "skipped (--no-python)";
    print_summary(results, machine_note(load_at_start));
    benchmark::Shutdown();
    return 0;
}
