// test_timeline_view.cpp — the timeline's zoom/pan/fit arithmetic and its time labels.
#include <doctest/doctest.h>

#include <string>

#include "timeline_view.hpp"

using poolscope::gui::TimelineView;

TEST_CASE("TimelineView.ZoomAt.KeepsTheAnchorUnderTheCursor") {
    TimelineView v;
    v.t0 = 0;
    v.t1 = 1'000'000'000;
    const float left = 100, width = 1000;
    const float mouse_x = 350;
    const std::int64_t anchor = v.t_of(mouse_x, left, width);
    v.zoom_at(anchor, 0.5);
    CHECK(v.span() == 500'000'000);
    CHECK(v.x_of(anchor, left, width) == doctest::Approx(mouse_x).epsilon(0.001));
    CHECK_FALSE(v.follow);
    v.zoom_at(anchor, 4.0);
    CHECK(v.span() == 2'000'000'000);
    CHECK(v.x_of(anchor, left, width) == doctest::Approx(mouse_x).epsilon(0.001));
}

TEST_CASE("TimelineView.ZoomAt.ClampsTheSpan") {
    TimelineView v;
    v.t0 = 0;
    v.t1 = 10'000;
    v.zoom_at(5'000, 1e-9);
    CHECK(v.span() == TimelineView::min_span);
    v.zoom_at(5'000, 1e30);
    CHECK(v.span() == TimelineView::max_span);
}

TEST_CASE("TimelineView.Pan.MovesAndStopsHalfASpanBeforeZero") {
    TimelineView v;
    v.t0 = 1'000;
    v.t1 = 3'000;
    v.pan(500);
    CHECK(v.t0 == 1'500);
    CHECK(v.t1 == 3'500);
    v.pan(-100'000);
    CHECK(v.t0 == -1'000);
    CHECK(v.span() == 2'000);
    CHECK_FALSE(v.follow);
}

TEST_CASE("TimelineView.Fit.ShowsTheWholeRangeWithARightMargin") {
    TimelineView v;
    v.fit(0, 300'000'000);
    CHECK(v.t0 == 0);
    CHECK(v.t1 > 300'000'000);
    CHECK(v.t1 < 400'000'000);
    v.fit(0, 0);  // an empty run still has a readable span
    CHECK(v.span() >= 1'000'000);
}

TEST_CASE("TimelineView.GridStep.IsANiceNumberNearTheTargetSpacing") {
    // 1000 px for 300 ms, a line every ~100 px -> 30 ms wanted -> 50 ms (1/2/5 steps).
    const std::int64_t step = poolscope::gui::grid_step(1000.0 / 300e6, 100.0f);
    CHECK(step == 50'000'000);
    for (double px_per_ns : {1e-3, 1e-6, 3.3e-8, 1e-10}) {
        const std::int64_t s = poolscope::gui::grid_step(px_per_ns, 100.0f);
        CAPTURE(px_per_ns);
        CHECK(static_cast<double>(s) * px_per_ns >= 100.0 * 0.99);
        CHECK(static_cast<double>(s) * px_per_ns <= 100.0 * 5.01);
    }
}

TEST_CASE("TimelineView.Format.LabelsAndDurations") {
    char buf[32];
    poolscope::gui::format_time_label(0, 50'000'000, buf, sizeof buf);
    CHECK(std::string(buf) == "0");
    poolscope::gui::format_time_label(150'000'000, 50'000'000, buf, sizeof buf);
    CHECK(std::string(buf) == "150 ms");
    poolscope::gui::format_time_label(2'000'000'000, 1'000'000'000, buf, sizeof buf);
    CHECK(std::string(buf) == "2 s");
    poolscope::gui::format_duration(1'234'000'000, buf, sizeof buf);
    CHECK(std::string(buf) == "1.234 s");
    poolscope::gui::format_duration(12'000'000, buf, sizeof buf);
    CHECK(std::string(buf) == "12.0 ms");
    poolscope::gui::format_duration(350'000, buf, sizeof buf);
    CHECK(std::string(buf) == "350.0 us");
}
