// timeline_panel.hpp — the Timeline panel: MainThread lane + one lane per worker (CPython thread names),
// task blocks in task colours, queue waits, marks, shutdown and "now" lines, and the previous run faded
// below for comparison. Wheel zooms around the cursor, drag pans, double-click fits and follows again.
// Implemented: culling, folding (< 3 px), hover tooltips, lane scrolling. Missing: range selection.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "poolscope/trace/run_model.hpp"
#include "view_state.hpp"

namespace poolscope::gui {

class TimelinePanel {
public:
    /// Draws into the current ImGui window's remaining content region. `previous` may be null.
    void draw(const RunModel& model, const RunModel* previous, ViewState& view);

    /// The symbol line at the bottom (the slide export draws its own, wrapped, legend instead).
    void set_show_legend(bool on) { m_show_legend = on; }
    std::size_t blocks_drawn() const { return m_blocks_drawn; }
    std::size_t folds_drawn() const { return m_folds_drawn; }
    /// For scripted checks of screenshots: one point inside the first block of each worker lane (above
    /// its label) and the task colour drawn there, as "x:y:RRGGBB" in screen pixels.
    const std::vector<std::string>& block_samples() const { return m_block_samples; }

private:
    float m_scroll_y = 0.0f;  // vertical offset of the lanes when they do not all fit
    std::size_t m_blocks_drawn = 0;
    std::size_t m_folds_drawn = 0;
    std::vector<std::string> m_block_samples;
    bool m_show_legend = true;
};

}  // namespace poolscope::gui
