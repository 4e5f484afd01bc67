// test_panels_headless.cpp — every panel drawn for a few frames with an ImGui context but no window or
// GL (fonts are built on the CPU). Checks that frames produce draw data, that the timeline culls and
// folds large runs, and that the UI scale really rebuilds the font atlas at the new size.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app.hpp"
#include "fonts.hpp"
#include "imgui_headless.hpp"
#include "synthetic_run.hpp"

using namespace poolscope;
using namespace poolscope::gui;
using namespace poolscope::gui::testing;

TEST_CASE("Panels.Headless.SmallRunDrawsEveryTaskAsItsOwnBlock") {
    ImGuiHeadless imgui;
    App app{AppOptions{}};
    app.show_record(make_synthetic_run(12, 4));
    frames(app, 3);  // a new window is hidden on its first frame
    const ImDrawData* data = ImGui::GetDrawData();
    REQUIRE(data != nullptr);
    CHECK(data->CmdListsCount >= 6);  // six panels
    CHECK(data->TotalVtxCount > 0);
    CHECK(app.timeline().blocks_drawn() == 12);
    CHECK(app.timeline().folds_drawn() == 0);
}

TEST_CASE("Panels.Headless.HugeRunIsCulledAndFolded") {
    ImGuiHeadless imgui;
    App app{AppOptions{}};
    app.show_record(make_synthetic_run(100'000, 8, 3, 101));
    ImGui::GetIO().MousePos = ImVec2(800, 200);  // hover the timeline: hit tests and tooltips run too
    frames(app, 3);
    CHECK(app.model().task_count() == 100'000);
    // Fitted, 100 000 tasks on ~900 px: folding keeps the drawn items to a few per pixel column at most.
    CHECK(app.timeline().blocks_drawn() + app.timeline().folds_drawn() < 8 * 900);
    CHECK(app.timeline().folds_drawn() > 0);
    CHECK(ImGui::GetDrawData()->TotalVtxCount < 400'000);
}

TEST_CASE("Panels.Headless.ScaleRebuildsTheFontAtlasAtTheNewSize") {
    ImGuiHeadless imgui;
    App app{AppOptions{}};
    app.show_record(make_synthetic_run(10, 2));
    frames(app, 2);
    const float base = fonts().pixel_size;
    CHECK(base == doctest::Approx(17.0f));
    app.set_scale(1.5f);
    frames(app, 2);
    CHECK(fonts().pixel_size == doctest::Approx(std::round(17.0f * 1.5f)));
    CHECK(ImGui::GetFontSize() == doctest::Approx(fonts().pixel_size));
    CHECK(ImGui::GetIO().FontGlobalScale == doctest::Approx(1.0f));  // real glyphs, not stretched ones
    app.toggle_presentation();  // large type on top of the scale
    frames(app, 2);
    CHECK(fonts().pixel_size == doctest::Approx(std::round(17.0f * 1.5f * 1.5f)));
}

TEST_CASE("Panels.Headless.LiveLessonWithPreviousRunDraws") {
    ImGuiHeadless imgui;
    AppOptions options;
    options.speed = 10.0;
    App app(options);
    REQUIRE(app.load_lesson("06-too-few-workers"));
    frames(app, 3);
    app.set_max_workers(4);
    frames(app, 3);
    REQUIRE(app.previous_model() != nullptr);
    CHECK(app.settings().max_workers == 4);
    CHECK(ImGui::GetDrawData()->CmdListsCount >= 6);
}

TEST_CASE("Panels.Headless.WheelZoomsDragPansDoubleClickFitsAgain") {
    ImGuiHeadless imgui;
    ImGuiIO& io = ImGui::GetIO();
    App app{AppOptions{}};
    app.show_record(make_synthetic_run(200, 4));
    const ImVec2 over_lanes(800, 250);  // inside the timeline's time area at 1600x900
    io.MousePos = over_lanes;
    frames(app, 3);
    const TimelineView fitted = app.view().timeline;
    REQUIRE(fitted.follow);

    io.MouseWheel = 2.0f;  // zoom in around the pointer
    frames(app, 1);
    const TimelineView zoomed = app.view().timeline;
    CHECK_FALSE(zoomed.follow);
    CHECK(zoomed.span() < fitted.span());
    CHECK(zoomed.t0 > fitted.t0);
    CHECK(zoomed.t1 < fitted.t1);

    io.MouseDown[0] = true;  // drag left by 200 px: later times come into view
    frames(app, 1);
    for (int i = 0; i < 4; ++i) {
        io.MousePos.x -= 50;
        frames(app, 1);
    }
    io.MouseDown[0] = false;
    frames(app, 1);
    const TimelineView panned = app.view().timeline;
    CHECK(panned.span() == zoomed.span());
    CHECK(panned.t0 > zoomed.t0);

    io.MousePos = over_lanes;
    for (bool down : {true, false, true, false}) {
        io.MouseDown[0] = down;
        frames(app, 1);
    }
    const TimelineView refitted = app.view().timeline;
    CHECK(refitted.follow);
    CHECK(refitted.t0 == fitted.t0);
    CHECK(refitted.t1 == fitted.t1);
}

TEST_CASE("Panels.Headless.DraggingMaxWorkersRestartsMidFrameWithoutLosingTheRunsItDraws") {
    // Each step of the drag restarts the run from inside the Controls panel, and the rest of that frame
    // still draws the run that was replaced: it must live until the next frame (ASan checks the reads).
    ImGuiHeadless imgui;
    AppOptions options;
    options.speed = 0.1;
    App app(options);
    REQUIRE(app.load_lesson("01-map-three-sites"));
    frames(app, 3);
    const int before = app.settings().max_workers;
    const std::string state = app.state_json();
    float rect[4] = {0, 0, 0, 0};
    const auto at = state.find("\"max_workers_slider\": [");
    REQUIRE(at != std::string::npos);
    REQUIRE(std::sscanf(state.c_str() + at, "\"max_workers_slider\": [%f, %f, %f, %f]", &rect[0], &rect[1], &rect[2],
                        &rect[3]) == 4);
    ImGuiIO& io = ImGui::GetIO();
    const float y = (rect[1] + rect[3]) * 0.5f;
    const float middle = (rect[0] + rect[2]) * 0.5f;  // on the slider's frame (its label is on the right)
    io.MousePos = ImVec2(middle, y);
    frames(app, 1);
    io.MouseDown[0] = true;
    int restarts = 0;
    int last = app.settings().max_workers;
    for (float x = middle; x > rect[0] - 20; x -= 8) {
        io.MousePos = ImVec2(x, y);
        frames(app, 1);
        if (app.settings().max_workers != last) ++restarts;
        last = app.settings().max_workers;
    }
    io.MouseDown[0] = false;
    frames(app, 2);
    CHECK(restarts >= 10);
    CHECK(app.settings().max_workers == 1);
    CHECK(app.model().max_workers() == 1);
    REQUIRE(app.previous_model() != nullptr);
    CHECK(app.previous_model()->max_workers() == before);  // the comparison stays with where the drag began
}
