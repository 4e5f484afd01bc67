// test_cli.cpp — poolscope-cli's commands called as functions: output of lesson 01, trace files that
// repeat byte for byte, sweeps, worker-count lists, and the exit codes and messages for bad input.
#include <doctest/doctest.h>

#include <poolscope/trace/chrome_trace.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"

using namespace poolscope;
using namespace poolscope::cli;

namespace {

struct Result {
    int rc = -1;
    std::string out, err;
};

Result invoke(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    Result r;
    r.rc = run_cli(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

/// The first line of `text` that contains `part` ("" if none).
std::string line_with(const std::string& text, const std::string& part) {
    for (const std::string& line : lines(text))
        if (line.find(part) != std::string::npos) return line;
    return "";
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("Cli.Run.Lesson01PrintsOutputThenTimelineThenSummary") {
    const Result r = invoke({"run", "01-map-three-sites", "--virtual-time"});
    INFO(r.out << r.err);
    REQUIRE(r.rc == ExitOk);
    const auto out = lines(r.out);
    REQUIRE(out.size() > 8);
    CHECK(out[0] == "python-engineer.com was scraped!");
    CHECK(out[1] == "twitter.com was scraped!");
    CHECK(out[2] == "youtube.com was scraped!");
    CHECK(out[3].empty());
    CHECK(out[4].rfind("MainThread", 0) == 0);
    const auto timeline = r.out.find("ThreadPoolExecutor-0_2");
    const auto summary = r.out.find("makespan:");
    CHECK(timeline != std::string::npos);
    CHECK(summary > timeline);
    CHECK(line_with(r.out, "makespan:").find("300.0 ms") != std::string::npos);
    CHECK(r.out.find("speed-up vs 1 worker: 2.00x") != std::string::npos);
    CHECK(r.err.empty());
}

TEST_CASE("Cli.Run.LessonOptionAndOneWorker") {
    const Result r = invoke({"run", "--lesson=01", "--virtual-time", "--max-workers", "1"});
    REQUIRE(r.rc == ExitOk);
    CHECK(line_with(r.out, "makespan:").find("600.0 ms") != std::string::npos);
    CHECK(r.out.find("ThreadPoolExecutor-0_1") == std::string::npos);  // one worker, one lane
}

TEST_CASE("Cli.Run.TraceFilesRepeatByteForByte") {
    const std::string a = "cli_test_trace_a.json", b = "cli_test_trace_b.json";
    REQUIRE(invoke({"run", "05", "--virtual-time", "--trace", a}).rc == ExitOk);
    REQUIRE(invoke({"run", "05", "--virtual-time", "--trace", b}).rc == ExitOk);
    const std::string first = slurp(a);
    CHECK_FALSE(first.empty());
    CHECK(first == slurp(b));
    const RunRecord record = read_chrome_trace(a);
    CHECK(record.lesson == "05-as-completed-vs-map");
    CHECK(record.output.size() == 8);
    std::remove(a.c_str());
    std::remove(b.c_str());
}

TEST_CASE("Cli.Run.DeadlockLessonReportsAndSucceeds") {
    const Result r = invoke({"run", "11", "--virtual-time"});
    REQUIRE(r.rc == ExitOk);
    CHECK(r.out.find("deadlock: every thread is blocked") != std::string::npos);
    CHECK(r.out.find("MainThread: waiting for the result of task 1") != std::string::npos);
}

TEST_CASE("Cli.Run.RealTimeRequestOnDeadlockLessonNotes") {
    const Result r = invoke({"run", "12", "--speed", "100"});
    REQUIRE(r.rc == ExitOk);
    CHECK(r.err.find("can deadlock, so it ran under virtual time") != std::string::npos);
}

TEST_CASE("Cli.Errors.ExitCodesAndMessages") {
    Result r = invoke({});
    CHECK(r.rc == ExitBadInput);
    CHECK(r.err.find("Usage: poolscope-cli <command>") != std::string::npos);
    r = invoke({"frobnicate"});
    CHECK(r.rc == ExitBadInput);
    CHECK(r.err == "poolscope-cli: unknown command 'frobnicate' (expected run, replay, lessons, show or sweep; see --help)\n");
    r = invoke({"run"});
    CHECK(r.rc == ExitBadInput);
    CHECK(r.err.find("run needs a LESSON") != std::string::npos);
    r = invoke({"run", "01", "02"});
    CHECK(r.rc == ExitBadInput);
    CHECK(r.err.find("takes one LESSON") != std::string::npos);
    r = invoke({"run", "01", "--max-workers", "0"});
    CHECK(r.rc == ExitBadInput);
    CHECK(r.err == "poolscope-cli: --max-workers: got '0', expected an integer from 1 to 1024\n");
    r = invoke({"run", "01", "--speed", "-2"});
    CHECK(r.rc == ExitBadInput);
    CHECK(r.err.find("--speed: got '-2'") != std::string::npos);
    r = invoke({"run", "01", "--max-workers"});
    CHECK(r.rc == ExitBadInput);
    CHECK(r.err.find("option --max-workers needs a value") != std::string::npos);
    r = invoke({"run", "01", "--fast"});
    CHECK(r.rc == ExitBadInput);
    CHECK(r.err.find("unknown option '--fast' for run") != std::string::npos);
    r = invoke({"run", "no-such-lesson"});
    CHECK(r.rc == ExitBadInput);
    CHECK(r.err.find("no lesson named 'no-such-lesson'") != std::string::npos);
    r = invoke({"sweep", "14", "--workers", "4..1"});
    CHECK(r.rc == ExitBadInput);
    CHECK(r.err.find("--workers: got '4..1', expected A..B with A <= B") != std::string::npos);
}

TEST_CASE("Cli.Errors.InvalidLessonFileNamesPathAndValue") {
    const std::string path = "cli_test_bad_lesson.json";
    {
        std::ofstream out(path);
        out << R"({"title": "x", "explanation": "", "functions": [{"name": "f"}],
                   "tasks": [{"name": "t", "steps": [{"io_ms": "soon"}]}], "main": [{"submit": "t"}]})";
    }
    const Result r = invoke({"run", path, "--virtual-time"});
    CHECK(r.rc == ExitBadInput);
    CHECK(r.err.find(path + ": tasks[0].steps[0].io_ms: got \"soon\", expected a duration in ms") != std::string::npos);
    std::remove(path.c_str());
}

TEST_CASE("Cli.Errors.UnwritableTraceIsRunFailure") {
    const Result r = invoke({"run", "02", "--virtual-time", "--trace", "/nonexistent-dir/trace.json"});
    CHECK(r.rc == ExitRunFailed);
    CHECK(r.err.find("cannot write the trace") != std::string::npos);
    CHECK(r.out.find("32768") != std::string::npos);  // the run itself still printed its output
}

TEST_CASE("Cli.Help.EveryCommand") {
    for (const std::string command : {"run", "lessons", "show", "sweep"}) {
        const Result r = invoke({command, "--help"});
        INFO(command);
        CHECK(r.rc == ExitOk);
        CHECK(r.out.find("Usage: poolscope-cli " + command) != std::string::npos);
        CHECK(r.out.find("Exit codes:") != std::string::npos);
    }
    const Result top = invoke({"--help"});
    CHECK(top.rc == ExitOk);
    CHECK(top.out.find("Commands:") != std::string::npos);
}

TEST_CASE("Cli.Lessons.ListsBuiltinsWithTitles") {
    const Result r = invoke({"lessons"});
    REQUIRE(r.rc == ExitOk);
    const auto out = lines(r.out);
    REQUIRE(out.size() >= 16);
    CHECK(out[0].rfind("01-map-three-sites", 0) == 0);
    CHECK(out[0].find("map() scrapes three sites") != std::string::npos);
}

TEST_CASE("Cli.Show.PrintsNumberedProgram") {
    const Result r = invoke({"show", "03"});
    REQUIRE(r.rc == ExitOk);
    CHECK(r.out.find("with ThreadPoolExecutor(max_workers=1) as pool:") != std::string::npos);
    CHECK(r.out.find("print(future.result())") != std::string::npos);
}

TEST_CASE("Cli.Sweep.MakespanPerWorkerCount") {
    const Lesson io = load_lesson(std::string(POOLSCOPE_CLI_TEST_LESSONS_DIR) + "/14-io-bound-threads.json");
    const auto rows = sweep(io, {1, 2, 3, 4});
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].makespan_ns == 400'000'000);
    CHECK(rows[1].makespan_ns == 200'000'000);
    CHECK(rows[2].makespan_ns == 200'000'000);  // 4 tasks on 3 workers: two rounds
    CHECK(rows[3].makespan_ns == 100'000'000);
    const Lesson cpu = load_lesson(std::string(POOLSCOPE_CLI_TEST_LESSONS_DIR) + "/13-cpu-bound-gil.json");
    const auto flat = sweep(cpu, {1, 4});
    CHECK(flat[0].makespan_ns == flat[1].makespan_ns);
    const std::string chart = render_sweep(rows, 60);
    const auto chart_lines = lines(chart);
    REQUIRE(chart_lines.size() == 6);
    CHECK(chart_lines[1].find("400.0 ms") != std::string::npos);
    CHECK(chart_lines[4].find("4.00x") != std::string::npos);
    const auto bar = [](const std::string& line) { return std::count(line.begin(), line.end(), '#'); };
    CHECK(bar(chart_lines[1]) > 3 * bar(chart_lines[4]));  // bars scale with the makespan (rounded)
    CHECK(bar(chart_lines[1]) < 5 * bar(chart_lines[4]));
    CHECK(static_cast<int>(chart_lines[1].size()) <= 60);
}

TEST_CASE("Cli.Sweep.WorkerCountLists") {
    CHECK(parse_worker_counts("3") == std::vector<int>{3});
    CHECK(parse_worker_counts("1..4") == std::vector<int>{1, 2, 3, 4});
    CHECK(parse_worker_counts("1,2,8") == std::vector<int>{1, 2, 8});
    CHECK_THROWS_AS(parse_worker_counts("0"), std::invalid_argument);
    CHECK_THROWS_AS(parse_worker_counts("1..x"), std::invalid_argument);
    CHECK_THROWS_AS(parse_worker_counts("1,,2"), std::invalid_argument);
    CHECK_THROWS_AS(parse_worker_counts(""), std::invalid_argument);
}
