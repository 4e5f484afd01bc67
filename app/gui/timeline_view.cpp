// timeline_view.cpp — zoom/pan/fit arithmetic and time labels for the timeline.
// Zoom is done on doubles around the anchor, then rounded back to ns and clamped to a sane span.
#include "timeline_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace poolscope::gui {

void TimelineView::zoom_at(std::int64_t anchor, double factor) {
    const double old_span = static_cast<double>(span());
    double new_span = std::clamp(old_span * factor, static_cast<double>(min_span), static_cast<double>(max_span));
    const double ratio = old_span > 0 ? static_cast<double>(anchor - t0) / old_span : 0.5;
    const auto new_t0 = static_cast<std::int64_t>(static_cast<double>(anchor) - ratio * new_span);
    t0 = new_t0;
    t1 = new_t0 + static_cast<std::int64_t>(new_span);
    follow = false;
}

void TimelineView::pan(std::int64_t dt) {
    const std::int64_t s = span();
    t0 = std::max(t0 + dt, -s / 2);
    t1 = t0 + s;
    follow = false;
}

void TimelineView::fit(std::int64_t begin, std::int64_t end) {
    if (end <= begin) end = begin + 1'000'000;  // an empty run still shows 1 ms
    const std::int64_t s = std::max<std::int64_t>(end - begin, min_span);
    t0 = begin;
    t1 = begin + s + s / 8;  // room for the marks and labels drawn at the very end
}

std::int64_t grid_step(double px_per_ns, float target_px) {
    if (px_per_ns <= 0) return 1'000'000'000;
    const double raw = static_cast<double>(target_px) / px_per_ns;
    double step = std::pow(10.0, std::floor(std::log10(std::max(raw, 1.0))));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (step * m >= raw) {
            step *= m;
            break;
        }
    }
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(step));
}

void format_time_label(std::int64_t t, std::int64_t step, char* out, int size) {
    if (t == 0) {
        std::snprintf(out, static_cast<std::size_t>(size), "0");
        return;
    }
    const double v = static_cast<double>(t);
    if (step >= 1'000'000'000 || std::llabs(t) >= 10'000'000'000LL)
        std::snprintf(out, static_cast<std::size_t>(size), step % 1'000'000'000 == 0 ? "%.0f s" : "%.1f s", v / 1e9);
    else if (step >= 1'000'000)
        std::snprintf(out, static_cast<std::size_t>(size), step % 1'000'000 == 0 ? "%.0f ms" : "%.1f ms", v / 1e6);
    else if (step >= 1'000)
        std::snprintf(out, static_cast<std::size_t>(size), step % 1'000 == 0 ? "%.0f us" : "%.1f us", v / 1e3);
    else
        std::snprintf(out, static_cast<std::size_t>(size), "%lld ns", static_cast<long long>(t));
}

void format_duration(std::int64_t ns, char* out, int size) {
    const double v = static_cast<double>(ns);
    const auto n = static_cast<std::size_t>(size);
    if (std::llabs(ns) >= 1'000'000'000) std::snprintf(out, n, "%.3f s", v / 1e9);
    else if (std::llabs(ns) >= 1'000'000) std::snprintf(out, n, "%.1f ms", v / 1e6);
    else if (std::llabs(ns) >= 1'000) std::snprintf(out, n, "%.1f us", v / 1e3);
    else std::snprintf(out, n, "%lld ns", static_cast<long long>(ns));
}

}  // namespace poolscope::gui
