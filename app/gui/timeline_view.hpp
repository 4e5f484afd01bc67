// timeline_view.hpp — the timeline's visible time window, kept in integer nanoseconds (as Tracy does),
// and the pure maths of zooming around a point, panning and fitting. No ImGui: unit-tested in tests/app.
// While `follow` is on, the window tracks the run as it grows; any manual zoom or pan turns it off.
#pragma once

#include <cstdint>

namespace poolscope::gui {

struct TimelineView {
    std::int64_t t0 = 0;          // left edge, ns
    std::int64_t t1 = 1'000'000;  // right edge, ns
    bool follow = true;           // fit [0, max(end, now)] every frame until the user zooms or pans

    static constexpr std::int64_t min_span = 1'000;                  // 1 us
    static constexpr std::int64_t max_span = 86'400'000'000'000;     // one day

    std::int64_t span() const { return t1 - t0; }
    double px_per_ns(float width) const { return static_cast<double>(width) / static_cast<double>(span()); }
    float x_of(std::int64_t t, float left, float width) const {
        return left + static_cast<float>(static_cast<double>(t - t0) * px_per_ns(width));
    }
    std::int64_t t_of(float x, float left, float width) const {
        return t0 + static_cast<std::int64_t>(static_cast<double>(x - left) / px_per_ns(width));
    }

    /// Zooms by `factor` (< 1 zooms in) keeping time `anchor` at the same screen position.
    void zoom_at(std::int64_t anchor, double factor);
    /// Moves the window by `dt` ns (positive: later). The left edge never goes below -span/2.
    void pan(std::int64_t dt);
    /// Shows [begin, end] with a small margin on the right.
    void fit(std::int64_t begin, std::int64_t end);
};

/// A "nice" grid step (1, 2 or 5 x 10^k ns) so that about `target_px` pixels separate grid lines.
std::int64_t grid_step(double px_per_ns, float target_px);
/// "0", "250 ms", "1.5 s", "12 us": a compact label for time `t` on a grid of `step`.
void format_time_label(std::int64_t t, std::int64_t step, char* out, int size);
/// "1.234 s", "12.0 ms", "350 us", "80 ns": a duration for tooltips and stats.
void format_duration(std::int64_t ns, char* out, int size);

}  // namespace poolscope::gui
