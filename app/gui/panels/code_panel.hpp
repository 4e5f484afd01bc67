// code_panel.hpp — the Code and output panel: the lesson's equivalent Python program with the main
// thread's current line highlighted (ProgramLine events), and what the program has printed so far.
// Implemented: follows "now", auto-scrolls to the current line. Missing: syntax colouring.
#pragma once

#include "poolscope/trace/run_model.hpp"
#include "view_state.hpp"

namespace poolscope::gui {

class CodePanel {
public:
    void draw(const RunModel& model, const ViewState& view);

private:
    std::int64_t m_last_line = -1;  // scroll only when the current line changes
};

}  // namespace poolscope::gui
