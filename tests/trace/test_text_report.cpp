// test_text_report.cpp — the CLI's ASCII timeline and summary: exact output for the sample run (10 ms per
// column at width 26), plus shape checks (ASCII, equal row widths, clamping, empty and large runs).
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "poolscope/trace/text_report.hpp"
#include "sample_run.hpp"

using namespace poolscope;

namespace {
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}
}  // namespace

TEST_CASE("Trace.TextReport.TimelineOfSampleRun") {
    const RunModel model(test::sample_record());
    // MainThread: submits at 0 and 10, cancel at 20, blocked in map until 100 and 150, join at 260.
    // Worker 0 runs A then C (100-250 ms), worker 1 spawns at 10 and runs B; the queue holds C and D.
    const std::string expected =
        "MainThread              ||x#######>####>.........#\n"
        "ThreadPoolExecutor-0_0  AAAAAAAAAACCCCCCCCCCCCCCC.\n"
        "ThreadPoolExecutor-0_1   BBBBBBBBBBBBBB...........\n"
        "queue                   112222222211111...........\n"
        "                        +---------+---------+-----\n"
        "ms                      0         100       200\n"
        "MainThread: | submit  > result/yield taken  x cancel  # blocked;  workers: . idle;  queue: tasks waiting\n"
        "  A = fetch('a')  [returned, worker 0, waited 0.0 ms, ran 100.0 ms]\n"
        "  B = fetch('b')  [raised, worker 1, waited 0.0 ms, ran 140.0 ms]\n"
        "  C = fetch('c')  [returned, worker 0, waited 80.0 ms, ran 150.0 ms]\n"
        "  D = fetch('d')  [cancelled]\n";
    CHECK(render_timeline(model, 26) == expected);
}

TEST_CASE("Trace.TextReport.TimelineShape") {
    const RunModel model(test::sample_record());
    for (int width : {1, 10, 37, 80, 5000}) {
        const std::string text = render_timeline(model, width);
        const int columns = std::clamp(width, 10, 1000);
        const auto lines = lines_of(text);
        REQUIRE(lines.size() >= 5);
        for (std::size_t i = 0; i < 5; ++i) CHECK(lines[i].size() == 24 + static_cast<std::size_t>(columns));
        for (const char c : text) CHECK((c == '\n' || (c >= 0x20 && c < 0x7f)));
        CHECK(text == render_timeline(model, width));  // deterministic
    }
    // Nothing recorded: still a MainThread row, a queue row and an axis, no crash.
    const auto empty = lines_of(render_timeline(RunModel{}, 20));
    REQUIRE(empty.size() >= 4);
    CHECK(empty[0].rfind("MainThread", 0) == 0);
}

TEST_CASE("Trace.TextReport.TimelineCapsLegendAndCyclesSymbols") {
    test::EventList l;
    l.add(0, EventKind::ExecutorCreated, -1, 0, 1);
    for (std::uint64_t id = 1; id <= 70; ++id) {
        l.add(static_cast<std::int64_t>(id - 1), EventKind::TaskStarted, 0, id);
        l.add(static_cast<std::int64_t>(id), EventKind::TaskFinished, 0, id);
    }
    RunRecord record;
    record.events = l.events();
    const RunModel model(record);
    const std::string text = render_timeline(model, 70);
    CHECK(text.find("  ... 8 more tasks\n") != std::string::npos);
    CHECK(lines_of(text)[1].substr(24, 5) == "ABCDE");
    CHECK(task_symbol(1) == 'A');
    CHECK(task_symbol(27) == 'a');
    CHECK(task_symbol(62) == '9');
    CHECK(task_symbol(63) == 'A');
}

TEST_CASE("Trace.TextReport.SummaryOfSampleRun") {
    const RunModel model(test::sample_record());
    const std::string expected =
        "makespan:             250.0 ms\n"
        "speed-up vs 1 worker: 1.85x\n"
        "workers:              2 of max_workers=2\n"
        "  ThreadPoolExecutor-0_0: busy 250.0 ms, 100.0 %\n"
        "  ThreadPoolExecutor-0_1: busy 140.0 ms, 56.0 %\n"
        "mean queue wait:      26.7 ms\n"
        "mean run time:        130.0 ms\n"
        "peak queue length:    2\n"
        "tasks:                4 submitted, 2 returned, 1 raised, 1 cancelled, 0 unfinished\n";
    CHECK(render_summary(model, 1.849) == expected);
    const std::string without = render_summary(model);
    CHECK(without.find("speed-up") == std::string::npos);
    CHECK(without.find("makespan:             250.0 ms\n") == 0);
}

TEST_CASE("Trace.TextReport.SummaryOfCutOffRun") {
    RunRecord record = test::sample_record();
    std::erase_if(record.events, [](const Event& e) { return e.time_ns > 120 * test::ms_ns; });
    const std::string text = render_summary(RunModel(record));
    CHECK(text.find("makespan:             100.0 ms\n") != std::string::npos);
    CHECK(text.find("2 unfinished") != std::string::npos);
}
