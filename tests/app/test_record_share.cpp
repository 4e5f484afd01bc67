// test_record_share.cpp — "record and share" without a window: time travel (prefix models agree with the
// full model's scrub queries at every event), --virtual-time/--at, traces and bundles saved and
// reopened by the app, bad files turning into the error dialog (never a throw), the slide's frame, and
// the new command-line flags.
#include "app.hpp"
#include "imgui_headless.hpp"
#include "lesson_run.hpp"
#include "lesson_settings.hpp"
#include "replay_cursor.hpp"
#include "slide_frame.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <span>

using namespace poolscope;
using namespace poolscope::gui;
using namespace poolscope::gui::testing;

namespace {

std::filesystem::path temp_path(const std::string& name) {
    return std::filesystem::temp_directory_path() / ("poolscope-test-record-share-" + name);
}

/// What each panel reads at time t, from a model that may hold more events than happened by t.
void check_same_view(const RunModel& prefix, const RunModel& full, std::int64_t t) {
    CHECK(prefix.states_at(t) == full.states_at(t));
    CHECK(prefix.queue_at(t) == full.queue_at(t));
    CHECK(prefix.output_count_at(t) == full.output_count_at(t));
    CHECK(prefix.program_line_at(t) == full.program_line_at(t));
}

AppOptions virtual_options(std::int64_t at_ns = -1) {
    AppOptions o;
    o.virtual_time = true;
    o.at_ns = at_ns;
    return o;
}

} // namespace

TEST_CASE("Replay.Cursor.StepsForwardAndBackEventByEventWithTheFullModelsView") {
    for (const char* name :
         {"01-map-three-sites", "05-as-completed-vs-map", "09-exception-in-result", "16-cancel-queued"}) {
        CAPTURE(name);
        const RunRecord record = run_lesson_instantly(find_and_load_lesson(name));
        const RunModel full(record);
        ReplayCursor cursor(record);
        CHECK(cursor.at_end());
        CHECK(cursor.model().event_count() == full.event_count());
        cursor.seek(0);
        while (cursor.step_back()) {
        }
        CHECK(cursor.applied() == 0);
        std::size_t n = 0;
        while (cursor.step_forward()) {
            ++n;
            CHECK(cursor.applied() == n);
            CHECK(cursor.time_ns() == record.events[n - 1].time_ns);
            // Only the states of events at the same time may differ (the next ones are not applied yet).
            if (n == record.events.size() || record.events[n].time_ns > cursor.time_ns())
                check_same_view(cursor.model(), full, cursor.time_ns());
        }
        CHECK(n == record.events.size());
        // Backwards: rebuilt prefixes give the same answers.
        for (std::size_t k = 0; k < 5 && cursor.step_back(); ++k) {
            RunModel prefix;
            RunRecord meta = record;
            meta.events.clear();
            prefix.set_metadata(meta);
            prefix.apply(std::span<const Event>(record.events.data(), cursor.applied()));
            CHECK(prefix.states_at(cursor.time_ns()) == cursor.model().states_at(cursor.time_ns()));
            CHECK(prefix.event_count() == cursor.model().event_count());
        }
        // Seeking anywhere shows what the full model says about that time.
        for (std::int64_t t = 0; t <= full.end_time_ns();
             t += std::max<std::int64_t>(full.end_time_ns() / 17, 1)) {
            cursor.seek(t);
            CHECK(cursor.time_ns() == t);
            check_same_view(cursor.model(), full, t);
        }
    }
}

TEST_CASE("Replay.Cursor.PlaysAtTheGivenSpeed") {
    const RunRecord record = run_lesson_instantly(find_and_load_lesson("01-map-three-sites"));
    ReplayCursor cursor(record);
    cursor.seek(0);
    CHECK(cursor.advance(0.010, 10.0)); // 10 ms real at 10x = 100 ms virtual
    CHECK(cursor.time_ns() == 100'000'000);
    CHECK(cursor.advance(0.010, 0.1)); // 1 ms virtual
    CHECK(cursor.time_ns() == 101'000'000);
    CHECK(cursor.advance(100.0, 1.0));
    CHECK(cursor.at_end());
    CHECK_FALSE(cursor.advance(1.0, 1.0));
}

TEST_CASE("Replay.App.VirtualTimeAtShowsThatMomentAndTravels") {
    ImGuiHeadless imgui;
    App app{virtual_options(250'000'000)};
    REQUIRE(app.load_lesson("01-map-three-sites"));
    frames(app, 3);
    REQUIRE(app.time_travelling());
    CHECK(app.view().now_ns == 250'000'000);
    CHECK(app.view().live); // mid-run: drawn as the live run was at that moment
    const RunModel full(app.cursor()->record());
    check_same_view(app.model(), full, 250'000'000);
    const std::size_t at = app.cursor()->applied();
    app.step_back();
    frames(app, 1);
    CHECK(app.cursor()->applied() == at - 1);
    app.step();
    app.step();
    frames(app, 1);
    CHECK(app.cursor()->applied() == at + 1);
    app.seek(0);
    frames(app, 1);
    CHECK(app.view().now_ns == 0);
    for (const TaskView& t : app.model().tasks())
        CHECK(t.end_ns < 0);
}

TEST_CASE("Replay.App.SpaceAtTheEndOfARecordingPlaysItAgain") {
    ImGuiHeadless imgui;
    App app{AppOptions{}};
    app.show_record(run_lesson_instantly(find_and_load_lesson("01-map-three-sites")));
    frames(app, 2);
    for (int round = 0; round < 2; ++round) {
        CAPTURE(round);
        REQUIRE(app.cursor()->at_end());
        app.toggle_pause(); // at the end: from the start, playing
        frames(app, 1);
        CHECK(app.moving());
        CHECK(app.view().now_ns < 300'000'000);
        // Play to the end (about 0.3 s at 1x) and stop there.
        for (int i = 0; i < 20000 && !app.cursor()->at_end(); ++i) frames(app, 1);
        CHECK_FALSE(app.moving());
    }
}

TEST_CASE("Replay.App.PausedLiveRunTravelsBackAndPlaysOnToTheLiveRun") {
    ImGuiHeadless imgui;
    AppOptions o;
    o.speed = 10.0;
    App app{o};
    REQUIRE(app.load_lesson("01-map-three-sites"));
    app.toggle_pause(); // pause the live run at once
    frames(app, 2);
    app.step(); // one jump of virtual time while paused
    for (int i = 0; i < 200 && app.model().event_count() == 0; ++i)
        frames(app, 1);
    REQUIRE(app.model().event_count() > 0);
    app.step_back();
    frames(app, 1);
    REQUIRE(app.time_travelling());
    // Threads may still be emitting the events of the step's instant: the cursor takes what was drained
    // when time travel began, and steps back from its end.
    CHECK(app.cursor()->applied() == app.cursor()->event_total() - 1);
    CHECK(app.model().event_count() == app.cursor()->applied());
    // Play: the cursor catches up with the paused live run, then the live run goes on to the end.
    app.toggle_pause();
    bool finished = false;
    for (int i = 0; i < 20000 && !finished; ++i) {
        frames(app, 1);
        finished = !app.view().live && !app.time_travelling();
    }
    CHECK(finished);
    CHECK(app.model().stats().returned == 3);
}

TEST_CASE("Replay.App.TraceAndBundleSavedAndReopened") {
    ImGuiHeadless imgui;
    AppOptions o = virtual_options();
    o.max_workers = 2;
    App app{o};
    REQUIRE(app.load_lesson("01-map-three-sites"));
    frames(app, 2);
    const std::size_t events = app.model().event_count();
    REQUIRE(events > 0);
    const std::string trace = temp_path("trace.json").string(),
                      bundle = temp_path("run.poolscope.json").string();
    std::string message;
    REQUIRE(app.save_trace_to(trace, message));
    CHECK(message.find(trace) != std::string::npos);
    app.seek(150'000'000); // the bundle remembers where the viewer was
    REQUIRE(app.save_bundle_to(bundle, message));

    App other{AppOptions{}};
    REQUIRE(other.open_file(trace));
    frames(other, 2);
    CHECK(other.model().event_count() == events);
    CHECK(other.model().max_workers() == 2);
    CHECK(other.error_dialog().empty());

    App third{AppOptions{}};
    REQUIRE(third.open_file(bundle, /*bundle_only=*/true));
    frames(third, 2);
    CHECK(third.settings().max_workers == 2); // the variant went back into the controls
    CHECK(third.view().now_ns == 150'000'000);
    CHECK(third.cursor()->event_total() == events);
    CHECK(third.model().title() == app.model().title());
    std::filesystem::remove(trace);
    std::filesystem::remove(bundle);
}

TEST_CASE("Replay.App.BadFilesOpenTheErrorDialogAndKeepTheRun") {
    ImGuiHeadless imgui;
    App app{virtual_options()};
    REQUIRE(app.load_lesson("01-map-three-sites"));
    frames(app, 2);
    const std::size_t events = app.model().event_count();
    const std::string truncated = temp_path("truncated.json").string();
    std::string message;
    REQUIRE(app.save_trace_to(truncated, message));
    std::filesystem::resize_file(truncated, std::filesystem::file_size(truncated) / 2);
    const std::string lesson_file = temp_path("not-a-trace.json").string();
    std::ofstream(lesson_file) << R"({"title": "a lesson, not a trace"})";
    for (const std::string& bad : {truncated, lesson_file, temp_path("missing.json").string()}) {
        CAPTURE(bad);
        CHECK_FALSE(app.open_file(bad));
        CHECK(app.error_dialog().find(std::filesystem::path(bad).filename().string()) != std::string::npos);
        frames(app, 3);
        CHECK(app.error_dialog_shown());            // the modal was on screen
        CHECK(app.model().event_count() == events); // what was shown stays
    }
    // A plain trace is not a bundle when a bundle was asked for.
    std::string ok_trace = temp_path("ok.json").string();
    REQUIRE(app.save_trace_to(ok_trace, message));
    CHECK_FALSE(app.open_file(ok_trace, /*bundle_only=*/true));
    CHECK(app.error_dialog().find("bundle") != std::string::npos);
    for (const std::string& f : {truncated, lesson_file, ok_trace})
        std::filesystem::remove(f);
}

TEST_CASE("Replay.Slide.FrameHasTheTimelineAndLegends") {
    ImGuiHeadless imgui;
    App app{virtual_options()};
    REQUIRE(app.load_lesson("01-map-three-sites"));
    frames(app, 2);
    SlideContent c;
    c.title = "map() scrapes three sites";
    c.subtitle = "01-map-three-sites";
    c.model = &app.model();
    c.view = app.view();
    const ImVec2 size = slide_size(app.model(), 34.0f); // fonts at 2x
    CHECK(size.x == 1920.0f);
    CHECK(size.y <= 1080.0f);
    ImGui::GetIO().DisplaySize = size;
    for (int i = 0; i < 2; ++i) {
        ImGui::NewFrame();
        draw_slide(c);
        ImGui::Render();
    }
    const ImDrawData* data = ImGui::GetDrawData();
    REQUIRE(data != nullptr);
    CHECK(data->TotalVtxCount > 1000);
}

TEST_CASE("Replay.Options.AtReplayVersion") {
    auto parse = [](std::vector<std::string> args) { return parse_app_options(args); };
    CHECK(parse({"--at", "250ms"}).options.at_ns == 250'000'000);
    CHECK(parse({"--at=1.5s"}).options.at_ns == 1'500'000'000);
    CHECK(parse({"--at", "300us"}).options.at_ns == 300'000);
    CHECK(parse({"--at", "42"}).options.at_ns == 42'000'000);
    CHECK(parse({"--at", "250ms"}).options.virtual_time);
    CHECK(parse({"--at", "soon"}).error.find("--at") != std::string::npos);
    CHECK(parse({"--replay", "x.poolscope.json"}).options.trace == "x.poolscope.json");
    CHECK(parse({"--version"}).options.version);
    CHECK(parse({"--virtual-time"}).options.virtual_time);
    CHECK(parse({"--slide", "s.png"}).options.slide == "s.png");
}
