// futures_panel.hpp — the Futures panel: one chip per future with Python's state name at "now"
// (PENDING, RUNNING, FINISHED, CANCELLED, or FINISHED + raised), and for map() three aligned rows:
// submission order, completion order and yield order. Missing: clicking a chip to scrub to its events.
#pragma once

#include <cstdint>
#include <vector>

#include "poolscope/trace/run_model.hpp"
#include "view_state.hpp"

namespace poolscope::gui {

class FuturesPanel {
public:
    void draw(const RunModel& model, ViewState& view);
    /// Shows the yield row even before the first yield (the program calls map()).
    void set_program_uses_map(bool on) { m_program_uses_map = on; }

private:
    // Orders are recomputed only when the model changed (they sort every task).
    const RunModel* m_model = nullptr;
    std::int64_t m_key[3] = {-1, -1, -1};  // event count, end time, max_workers
    std::vector<std::uint64_t> m_submission, m_completion, m_yields;
    bool m_uses_map = false;
    bool m_program_uses_map = false;
};

/// Python's Future state name for a task state: PENDING (queued or not yet submitted), RUNNING,
/// FINISHED (returned or raised), CANCELLED.
const char* python_future_state(TaskState state);

}  // namespace poolscope::gui
