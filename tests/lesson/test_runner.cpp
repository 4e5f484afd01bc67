// test_runner.cpp — run_lesson(): exact virtual timestamps (the article's lesson 01 on 8 and 1 workers),
// the record's texts, exceptions, map timeouts, shutdown variants, deadlocks, seeded randomness and the
// real-time clocks.
#include <atomic>
#include <set>

#include "lesson_test_support.hpp"

using namespace poolscope;
using namespace poolscope::test;

namespace {

std::vector<std::int64_t> times(const std::vector<Event>& events) {
    std::vector<std::int64_t> out;
    for (const Event& e : events) out.push_back(e.time_ns);
    return out;
}

/// A small lesson around one function `work(n)`; `tasks` and `main` are JSON array bodies.
Lesson inline_lesson(const std::string& tasks, const std::string& main, const std::string& extra = "") {
    return parse_lesson(R"({"title": "t", "explanation": "", "max_workers": 2, )" + extra +
                            R"( "functions": [{"name": "work", "params": ["n"]}], "tasks": [)" + tasks +
                            R"(], "main": [)" + main + "]}",
                        "inline.json");
}

}  // namespace

TEST_CASE("Runner.Lesson01.EightWorkersIdealSchedule") {
    const auto record = run_bounded(builtin("01-map-three-sites"));
    REQUIRE(record);
    CHECK(times(events_of(*record, EventKind::TaskStarted)) == std::vector<std::int64_t>{0, 0, 0});
    CHECK(times(events_of(*record, EventKind::TaskFinished)) == std::vector<std::int64_t>{100 * ms, 200 * ms, 300 * ms});
    CHECK(times(events_of(*record, EventKind::MapYielded)) == std::vector<std::int64_t>{300 * ms, 300 * ms, 300 * ms});
    CHECK(times(events_of(*record, EventKind::Output)) == std::vector<std::int64_t>{300 * ms, 300 * ms, 300 * ms});
    CHECK(record->output == std::vector<std::string>{"python-engineer.com was scraped!", "twitter.com was scraped!",
                                                     "youtube.com was scraped!"});
    CHECK(record->task_names == std::vector<std::string>{"scrape_site('python-engineer.com')", "scrape_site('twitter.com')",
                                                         "scrape_site('youtube.com')"});
    CHECK(record->task_results == std::vector<std::string>{"'python-engineer.com was scraped!'",
                                                           "'twitter.com was scraped!'", "'youtube.com was scraped!'"});
    CHECK(record->max_workers == 8);
    CHECK(record->thread_name_prefix == "ThreadPoolExecutor-0");
    CHECK(record->clock == "virtual");
    CHECK(record->lesson == "01-map-three-sites");
    CHECK(record->deadlock_report.empty());
    CHECK(record->dropped_events == 0);
    CHECK(events_of(*record, EventKind::WorkerSpawned).size() == 3);  // one thread per submit, never more
}

TEST_CASE("Runner.Lesson01.OneWorkerQueuesInOrder") {
    RunOptions options;
    options.max_workers = 1;
    const auto record = run_bounded(builtin("01-map-three-sites"), options);
    REQUIRE(record);
    CHECK(times(events_of(*record, EventKind::TaskStarted)) == std::vector<std::int64_t>{0, 300 * ms, 400 * ms});
    CHECK(times(events_of(*record, EventKind::MapYielded)) == std::vector<std::int64_t>{300 * ms, 400 * ms, 600 * ms});
    CHECK(record->max_workers == 1);
    for (const Event& e : events_of(*record, EventKind::TaskStarted)) CHECK(e.thread == 0);
}

TEST_CASE("Runner.Record.IsRenumberedAndMainThreadIsMinusOne") {
    const auto first = run_bounded(builtin("01-map-three-sites"));
    const auto second = run_bounded(builtin("01-map-three-sites"));
    REQUIRE(first);
    REQUIRE(second);
    REQUIRE(first->events.size() == second->events.size());
    for (std::size_t i = 0; i < first->events.size(); ++i) {
        const Event& a = first->events[i];
        const Event& b = second->events[i];
        CHECK(a.sequence == i + 1);
        CHECK(a.executor == 1);
        CHECK(a.thread >= -1);
        CHECK((a.time_ns == b.time_ns && a.kind == b.kind && a.thread == b.thread && a.task == b.task &&
               a.value == b.value && a.flags == b.flags && a.sequence == b.sequence));
    }
    CHECK(first->events.front().kind == EventKind::ExecutorCreated);
    CHECK(first->events.front().thread == -1);
}

TEST_CASE("Runner.ProgramLines.FollowTheMainThread") {
    const auto record = run_bounded(builtin("01-map-three-sites"));
    REQUIRE(record);
    std::vector<std::string> reached;
    for (const Event& e : events_of(*record, EventKind::ProgramLine)) {
        REQUIRE(e.value >= 1);
        REQUIRE(e.value <= static_cast<std::int64_t>(record->program.size()));
        CHECK(e.thread == -1);
        reached.push_back(record->program[static_cast<std::size_t>(e.value - 1)]);
    }
    REQUIRE_FALSE(reached.empty());
    CHECK(reached.front() == "pool = ThreadPoolExecutor(max_workers=8)");
    CHECK(std::count(reached.begin(), reached.end(), "    print(result)") == 3);
    CHECK(reached.back() == "pool.shutdown()");
}

TEST_CASE("Runner.Exceptions.ReRaisedByResultAndCaught") {
    const auto record = run_bounded(builtin("09-exception-in-result"));
    REQUIRE(record);
    CHECK(record->output == std::vector<std::string>{"0.5", "ZeroDivisionError('division by zero')"});
    CHECK(record->task_results == std::vector<std::string>{"0.5", "ZeroDivisionError: division by zero"});
    const auto finished = events_of(*record, EventKind::TaskFinished);
    REQUIRE(finished.size() == 2);
    CHECK((finished[1].flags & EventFlags::Raised) != 0);
}

TEST_CASE("Runner.Exceptions.UncaughtEndsProgramAfterWithExit") {
    const Lesson lesson = inline_lesson(
        R"({"name": "x", "args": "1", "steps": [{"io_ms": 10}, {"raise": {"type": "ValueError", "message": "bad n"}}]})",
        R"({"submit": "x"}, {"result": "x"}, {"print": "never printed"})");
    const auto record = run_bounded(lesson);
    REQUIRE(record);
    CHECK(record->output == std::vector<std::string>{"Traceback (most recent call last):", "ValueError: bad n"});
    // Python leaves the with block (shutdown, waiting for the pool) before the traceback is printed.
    const auto outputs = events_of(*record, EventKind::Output);
    const auto shutdown_end = events_of(*record, EventKind::ShutdownEnd);
    REQUIRE(shutdown_end.size() == 1);
    CHECK(shutdown_end[0].sequence < outputs.front().sequence);
}

TEST_CASE("Runner.SubmitAfterShutdownRaisesRuntimeError") {
    const Lesson lesson = inline_lesson(R"({"name": "x", "args": "1", "steps": []})",
                                        R"({"shutdown": {}}, {"submit": "x"})");
    const auto record = run_bounded(lesson);
    REQUIRE(record);
    CHECK(record->output.back() == "RuntimeError: cannot schedule new futures after shutdown");
}

TEST_CASE("Runner.MapTimeout.RaisedAtTheDeadline") {
    const auto record = run_bounded(builtin("10-map-timeout"));
    REQUIRE(record);
    CHECK(record->output == std::vector<std::string>{"100 ms query done", "200 ms query done", "TimeoutError()"});
    CHECK(times(events_of(*record, EventKind::Output)) == std::vector<std::int64_t>{100 * ms, 200 * ms, 250 * ms});
    CHECK(last_finish(*record) == 400 * ms);  // the running call cannot be cancelled; the with exit waits
}

TEST_CASE("Runner.Shutdown.NoWaitStillRunsQueuedWork") {
    const auto record = run_bounded(builtin("07-shutdown-no-wait"));
    REQUIRE(record);
    const auto begin = events_of(*record, EventKind::ShutdownBegin);
    REQUIRE_FALSE(begin.empty());
    CHECK(begin[0].time_ns == 0);
    CHECK((begin[0].flags & EventFlags::ShutdownWait) == 0);
    CHECK(record->output.front() == "shutdown(wait=False) returned");
    CHECK(times(events_of(*record, EventKind::TaskFinished)) == std::vector<std::int64_t>{100 * ms, 200 * ms, 300 * ms});
}

TEST_CASE("Runner.Shutdown.CancelFuturesDropsTheQueue") {
    const auto record = run_bounded(builtin("08-shutdown-cancel-futures"));
    REQUIRE(record);
    CHECK(events_of(*record, EventKind::TaskStarted).size() == 1);
    CHECK(events_of(*record, EventKind::CancelNotified).size() == 3);
    CHECK(time_of(*record, EventKind::TaskCancelled, 2) == 50 * ms);
    CHECK(record->output == std::vector<std::string>{"job 1 done", "CancelledError()", "CancelledError()", "CancelledError()"});
}

TEST_CASE("Runner.Cancel.OnlyQueuedFutures") {
    const auto record = run_bounded(builtin("16-cancel-queued"));
    REQUIRE(record);
    CHECK(record->output ==
          std::vector<std::string>{"cancel job 1: False", "cancel job 3: True", "job 2 done", "CancelledError()"});
}

TEST_CASE("Runner.AsCompleted.YieldsInCompletionOrder") {
    const auto record = run_bounded(builtin("05-as-completed-vs-map"));
    REQUIRE(record);
    CHECK(record->output == std::vector<std::string>{"map():", "big ready", "a ready", "b ready", "as_completed():",
                                                     "a ready", "b ready", "big ready"});
    const auto out = times(events_of(*record, EventKind::Output));
    REQUIRE(out.size() == 8);
    CHECK(out[5] == 550 * ms);   // the quick ones as they finish ...
    CHECK(out[6] == 560 * ms);
    CHECK(out[7] == 1000 * ms);  // ... the slow one last
}

TEST_CASE("Runner.Wait.FirstCompletedThenAll") {
    const auto record = run_bounded(builtin("15-wait-first-completed"));
    REQUIRE(record);
    CHECK(record->output == std::vector<std::string>{"1 done, 2 not done", "3 done, 0 not done"});
    CHECK(times(events_of(*record, EventKind::Output)) == std::vector<std::int64_t>{100 * ms, 300 * ms});
}

TEST_CASE("Runner.MainThreadWorkBetweenSubmissions") {
    const Lesson lesson = inline_lesson(R"({"name": "x", "args": "1", "steps": [{"io_ms": 10}]},
                                           {"name": "y", "args": "2", "steps": [{"io_ms": 10}]})",
                                        R"({"submit": "x"}, {"cpu_ms": 40}, {"submit": "y"})");
    const auto record = run_bounded(lesson);
    REQUIRE(record);
    CHECK(time_of(*record, EventKind::TaskSubmitted, 1) == 0);
    CHECK(time_of(*record, EventKind::TaskSubmitted, 2) == 40 * ms);
    const auto steps = events_of(*record, EventKind::StepBegin);
    const bool main_step = std::any_of(steps.begin(), steps.end(), [](const Event& e) {
        return e.thread == -1 && e.value == static_cast<std::int64_t>(StepKind::Cpu);
    });
    CHECK(main_step);
}

TEST_CASE("Runner.Deadlock.TaskWaitsOnFutureQueuedBehindIt") {
    const auto record = run_bounded(builtin("11-deadlock-wait-in-own-pool"));
    REQUIRE(record);
    CHECK(record->deadlock_report.find("deadlock") != std::string::npos);
    CHECK(record->deadlock_report.find("MainThread: waiting for the result of task 1") != std::string::npos);
    CHECK(record->deadlock_report.find("ThreadPoolExecutor-0_0: waiting for the result of task 2") != std::string::npos);
    CHECK(events_of(*record, EventKind::Deadlock).size() == 1);
    CHECK(events_of(*record, EventKind::ShutdownEnd).size() == 1);  // the run still ended cleanly
    CHECK(record->task_results[0].rfind("DeadlockError", 0) == 0);
}

TEST_CASE("Runner.Deadlock.TwoTasksWaitOnEachOther") {
    const auto record = run_bounded(builtin("12-deadlock-mutual-wait"));
    REQUIRE(record);
    CHECK(record->deadlock_report.find("MainThread: joining the workers") != std::string::npos);
    CHECK(record->deadlock_report.find("waiting for the result of task 2") != std::string::npos);
    CHECK(record->deadlock_report.find("waiting for the result of task 1") != std::string::npos);
    const auto deadlock = events_of(*record, EventKind::Deadlock);
    REQUIRE(deadlock.size() == 1);
    CHECK(deadlock[0].time_ns == 100 * ms);
    CHECK(events_of(*record, EventKind::WorkerExited).size() == 2);
}

TEST_CASE("Runner.Deadlock.RealTimeRequestRunsOnPacedVirtualClock") {
    RunOptions options;
    options.clock = LessonClock::Steady;
    options.speed = 50.0;  // 100 ms of lesson time in ~2 ms of real time
    const auto record = run_bounded(builtin("12-deadlock-mutual-wait"), options);
    REQUIRE(record);
    CHECK(record->clock == "virtual");
    CHECK_FALSE(record->deadlock_report.empty());
}

TEST_CASE("Runner.Random.SeededDurationsRepeatAndStayInRange") {
    const auto first = run_bounded(builtin("06-too-few-workers"));
    const auto second = run_bounded(builtin("06-too-few-workers"));
    REQUIRE(first);
    REQUIRE(second);
    CHECK(times(first->events) == times(second->events));
    std::set<std::int64_t> durations;
    for (std::uint64_t id = 1; id <= 8; ++id) {
        const std::int64_t d = time_of(*first, EventKind::TaskFinished, id) - time_of(*first, EventKind::TaskStarted, id);
        CHECK(d >= 50 * ms);
        CHECK(d <= 150 * ms);
        durations.insert(d);
    }
    CHECK(durations.size() > 1);  // really drawn, not one fixed value
    Lesson reseeded = builtin("06-too-few-workers");
    reseeded.seed += 1;
    const auto third = run_bounded(reseeded);
    REQUIRE(third);
    CHECK(times(first->events) != times(third->events));
}

TEST_CASE("Runner.SteadyClock.RunsInRealTime") {
    RunOptions options;
    options.clock = LessonClock::Steady;
    const auto record = run_bounded(builtin("14-io-bound-threads"), options);
    REQUIRE(record);
    CHECK(record->clock == "steady");
    CHECK(record->output == std::vector<std::string>{"response 1", "response 2", "response 3", "response 4"});
    CHECK(last_finish(*record) >= 100 * ms);  // sleeps never end early
}

TEST_CASE("Runner.ControllableClock.FastForward") {
    RunOptions options;
    options.clock = LessonClock::Controllable;
    options.speed = 10.0;
    const auto record = run_bounded(builtin("01-map-three-sites"), options);
    REQUIRE(record);
    CHECK(record->clock == "controllable");
    CHECK(record->output.size() == 3);
    CHECK(last_finish(*record) >= 300 * ms);  // clock time, not real time
}

TEST_CASE("Runner.Options.TeeSinkAndExternalClock") {
    struct CountingSink final : EventSink {
        std::atomic<std::size_t> count{0};
        void on_event(const Event&) noexcept override { ++count; }
    } sink;
    VirtualClock clock;
    RunOptions options;
    options.sink = &sink;
    options.external_clock = &clock;
    const auto record = run_bounded(builtin("01-map-three-sites"), options);
    REQUIRE(record);
    CHECK(sink.count.load() == record->events.size());
    CHECK(clock.now() == 300 * ms);  // the run used the caller's clock
}

TEST_CASE("Runner.Options.BadValuesThrow") {
    RunOptions options;
    options.max_workers = 0;
    CHECK_THROWS_AS((void)run_lesson(builtin("02-submit-result"), options), std::invalid_argument);
    options.max_workers.reset();
    options.speed = 0.0;
    CHECK_THROWS_AS((void)run_lesson(builtin("02-submit-result"), options), std::invalid_argument);
}

TEST_CASE("Runner.Map.BuffersizeSubmitsLazily") {
    const Lesson lesson = inline_lesson(R"({"name": "x", "args": "1", "returns": "1", "steps": [{"io_ms": 100}]},
                                           {"name": "y", "args": "2", "returns": "2", "steps": [{"io_ms": 100}]},
                                           {"name": "z", "args": "3", "returns": "3", "steps": [{"io_ms": 100}]})",
                                        R"({"map": ["x", "y", "z"], "buffersize": 1})", R"("thread_name_prefix": "fetcher",)");
    const auto record = run_bounded(lesson);
    REQUIRE(record);
    // One call up front, one more per next(): the third is submitted only when the first result is taken.
    CHECK(times(events_of(*record, EventKind::TaskSubmitted)) == std::vector<std::int64_t>{0, 0, 100 * ms});
    CHECK(record->task_names == std::vector<std::string>{"work(1)", "work(2)", "work(3)"});
    CHECK(record->output == std::vector<std::string>{"1", "2", "3"});
    CHECK(record->thread_name_prefix == "fetcher");
}

TEST_CASE("Runner.EditedLesson.InconsistentIsRejectedNotRun") {
    Lesson lesson = builtin("05-as-completed-vs-map");
    lesson.tasks.resize(2);  // statements still refer to tasks 2..5
    CHECK_THROWS_AS((void)run_lesson(lesson), LessonError);
    Lesson unsubmitted = builtin("02-submit-result");
    unsubmitted.main.erase(unsubmitted.main.begin());  // result() on a future nobody submits
    try {
        (void)run_lesson(unsubmitted);
        FAIL("expected LessonError");
    } catch (const LessonError& e) {
        CHECK(std::string(e.what()).find("is waited on but never submitted") != std::string::npos);
    }
}

TEST_CASE("Runner.Options.ExternalRealTimeClock") {
    ControllableClock fast(20.0);
    RunOptions options;
    options.external_clock = &fast;
    const auto record = run_bounded(builtin("14-io-bound-threads"), options);
    REQUIRE(record);
    CHECK(record->clock == "controllable");
    CHECK(record->output.size() == 4);
    CHECK(fast.now() >= 100 * ms);
    // A lesson that can deadlock does not use a real-time clock, even one the caller hands in.
    ControllableClock other(20.0);
    options.external_clock = &other;
    const auto deadlocked = run_bounded(builtin("11-deadlock-wait-in-own-pool"), options);
    REQUIRE(deadlocked);
    CHECK(deadlocked->clock == "virtual");
    CHECK_FALSE(deadlocked->deadlock_report.empty());
}
