// view_state.hpp — what the panels share besides the model: the timeline window, "now", hover and
// selection. Owned by App, passed to each panel's draw(); panels hold no threads and no executor.
#pragma once

#include <cstdint>
#include <string>

#include "timeline_view.hpp"

namespace poolscope::gui {

struct ViewState {
    TimelineView timeline;
    std::int64_t now_ns = 0;         // the live "now" line (display time of the running lesson)
    bool live = false;               // the run is still moving (not finished)
    bool paused = false;
    std::uint64_t hovered_task = 0;  // set by any panel while the mouse is over a task, 0 = none
    std::uint64_t hovered_task_prev_frame = 0;  // what panels highlight this frame
    int previous_max_workers = 0;
    std::int64_t expected_end_ns = 0;
    std::string deadlock_report;       // the virtual clock's report when the run deadlocked  // where the run will end (known from an instant virtual run)    // of the faded comparison run, 0 = none
};

}  // namespace poolscope::gui
