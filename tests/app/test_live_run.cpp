// test_live_run.cpp — live runs on the paced VirtualClock: completion, pause/step, and App restarts.
// Waits poll the run with a deadline (the run is on another thread); they never assume a duration.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "app.hpp"
#include "lesson_run.hpp"
#include "lesson_settings.hpp"
#include "poolscope/trace/chrome_trace.hpp"

using namespace poolscope;
using namespace poolscope::gui;

namespace {

template <class Done, class Pump>
bool poll_until(Done done, Pump pump, std::chrono::seconds limit = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        pump();
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
}

std::unique_ptr<LiveRun> start(const Lesson& lesson, LiveRun::Options options) {
    return start_live_lesson(lesson, metadata_of(run_lesson_instantly(lesson)), options);
}

}  // namespace

TEST_CASE("LiveRun.Unpaced.RunsToTheEndAndKeepsEveryEvent") {
    const Lesson lesson = find_and_load_lesson("01-map-three-sites");
    auto run = start(lesson, LiveRun::Options{false, 1.0, false});
    REQUIRE(poll_until([&] { return run->finished(); }, [&] { run->pump(); }));
    CHECK(run->error().empty());
    CHECK(run->model().lanes().size() == 4);  // MainThread + three workers
    CHECK(run->model().stats().returned == 3);
    const RunRecord rec = run->record();
    CHECK(rec.events.size() == run->model().event_count());
    CHECK(rec.output.size() == 3);
}

TEST_CASE("LiveRun.Paused.TimeStandsStillUntilStep") {
    const Lesson lesson = find_and_load_lesson("01-map-three-sites");
    auto run = start(lesson, LiveRun::Options{true, 1.0, true});
    // Everything at t=0 happens (submits, spawns, starts) but no time jump: wait for the tasks to start.
    REQUIRE(poll_until([&] { return run->model().busy_worker_samples().size() >= 3; }, [&] { run->pump(); }));
    run->pump();
    CHECK(run->model().end_time_ns() == 0);
    CHECK_FALSE(run->finished());
    run->step();  // one jump: to the first deadline (twitter.com's 100 ms)
    REQUIRE(poll_until([&] { return run->model().end_time_ns() > 0; }, [&] { run->pump(); }));
    CHECK(run->model().end_time_ns() == 100'000'000);
    CHECK_FALSE(run->finished());
    run->finish_fast();
    REQUIRE(poll_until([&] { return run->finished(); }, [&] { run->pump(); }));
    CHECK(run->model().end_time_ns() == 300'000'000);
}

TEST_CASE("App.SetMaxWorkers.RestartsAndKeepsThePreviousRunForComparison") {
    AppOptions options;
    options.speed = 10.0;
    App app(options);
    REQUIRE(app.load_lesson("01-map-three-sites"));
    REQUIRE(poll_until([&] { return app.model().shut_down(); }, [&] { app.update(); }));
    CHECK(app.model().lanes().size() == 4);
    CHECK(app.previous_model() == nullptr);

    app.set_max_workers(2);
    CHECK(app.settings().max_workers == 2);
    REQUIRE(poll_until([&] { return app.model().shut_down(); }, [&] { app.update(); }));
    CHECK(app.model().max_workers() == 2);
    CHECK(app.model().lanes().size() == 3);
    REQUIRE(app.previous_model() != nullptr);
    CHECK(app.previous_model()->lanes().size() == 4);
    CHECK(app.state_json().find("\"worker_lanes\": 2") != std::string::npos);
    CHECK(app.state_json().find("\"previous_worker_lanes\": 3") != std::string::npos);
}

TEST_CASE("LiveRun.Record.MidRunSaveIsAReadableTrace") {
    const Lesson lesson = find_and_load_lesson("01-map-three-sites");
    auto run = start(lesson, LiveRun::Options{true, 1.0, true});
    REQUIRE(poll_until([&] { return run->model().busy_worker_samples().size() >= 3; }, [&] { run->pump(); }));
    // What Ctrl+S writes while the run is paused at t=0: renumbered like run_lesson's own records.
    const RunRecord rec = run->record();
    REQUIRE_FALSE(rec.events.empty());
    CHECK(rec.events.front().sequence == 1);
    for (const Event& e : rec.events) {
        CHECK(e.executor == 1);
        CHECK(e.thread >= -1);  // MainThread is -1, workers are >= 0: one non-worker thread in this lesson
    }
    const RunRecord back = read_chrome_trace_string(to_chrome_trace(rec), "mid-run");
    const RunModel model(back);
    CHECK(model.lanes().size() == 4);
    CHECK(model.task_count() == 3);
    CHECK(model.tasks()[0].name == rec.task_names[0]);
    run->finish_fast();
    REQUIRE(poll_until([&] { return run->finished(); }, [&] { run->pump(); }));
    CHECK(run->record().events.size() == run->model().event_count());
}
