// timeline_lanes.hpp — draws one lane of the timeline into a clipped draw list: worker lanes (task
// blocks, queue-wait strips, GIL strips) and the MainThread lane (waits, submit/yield/result marks).
// Culls with binary search and folds blocks narrower than 3 px (Tracy's MinVisSize); reports hover.
#pragma once

#include <cstdint>

#include <imgui.h>

#include "poolscope/trace/run_model.hpp"
#include "timeline_view.hpp"

namespace poolscope::gui {

/// What the mouse is over after drawing (the panel turns it into a tooltip).
struct TimelineHover {
    enum class What : std::uint8_t { None, Task, QueueWait, Folded, MainWait, Mark };
    What what = What::None;
    std::uint64_t task = 0;
    int folded_count = 0;
    const LaneInterval* wait = nullptr;
    const Mark* mark = nullptr;
    std::int64_t t0 = 0, t1 = 0;  // folded range
};

/// The frame's geometry and shared drawing state for all lanes.
struct LaneCanvas {
    ImDrawList* draw = nullptr;
    const TimelineView* view = nullptr;
    float left = 0, width = 0;  // time area in screen x
    std::int64_t now_ns = 0;    // open intervals end here
    float alpha = 1.0f;         // < 1 for the faded previous run
    ImVec2 mouse{-1e9f, -1e9f};
    bool hover_enabled = true;
    std::uint64_t highlight_task = 0;  // drawn with a bright outline
    std::size_t blocks_drawn = 0;      // statistics for tests and the bench
    std::size_t folds_drawn = 0;

    float x_of(std::int64_t t) const { return view->x_of(t, left, width); }
    float right() const { return left + width; }
};

void draw_worker_lane(LaneCanvas& canvas, const RunModel& model, const Lane& lane, float y0, float y1,
                      TimelineHover& hover);
void draw_main_lane(LaneCanvas& canvas, const RunModel& model, const Lane& lane, float y0, float y1,
                    TimelineHover& hover);
/// Python's spelling of what a thread was blocked in ("result()", "map: next()", "shutdown(wait=True)").
const char* wait_kind_label(std::int64_t kind);

}  // namespace poolscope::gui
