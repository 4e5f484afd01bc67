// queue_panel.hpp — the Queue panel: the executor's work queue at "now" as FIFO cards (front on the
// left; a future cancelled while queued is struck through until a worker drops it, as in CPython) and a
// small plot of queue length over the run. Implemented: hover highlight. Missing: scrubbing by clicking.
#pragma once

#include <imgui.h>

#include "poolscope/trace/run_model.hpp"
#include "view_state.hpp"

namespace poolscope::gui {

class QueuePanel {
public:
    void draw(const RunModel& model, ViewState& view);
};

/// A step plot of `samples` over [t0, t1] in the rect (pos, size): one max per pixel column, so 100 000
/// samples cost a few hundred binary searches. Draws a "now" marker at `now_ns` when >= 0.
void draw_counter_plot(const std::vector<CounterSample>& samples, std::int64_t t0, std::int64_t t1,
                       std::int64_t now_ns, std::int64_t peak, ImVec2 pos, ImVec2 size, ImU32 color);

}  // namespace poolscope::gui
