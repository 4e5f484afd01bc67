// bench_frames.hpp — `poolscope --bench-frames N`: CPU time to build a frame (ImGui NewFrame..Render,
// every panel, no GL, no present) for synthetic runs of 1 000, 10 000 and 100 000 tasks.
// Targets: < 2 ms, < 4 ms, < 16 ms per frame with the whole run fitted in the timeline.
#pragma once

#include "app_options.hpp"

namespace poolscope::gui {

/// Prints one line per size to stdout; returns 0, or 1 if a target was missed.
int run_bench_frames(const AppOptions& options);

}  // namespace poolscope::gui
