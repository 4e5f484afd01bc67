// theme.hpp — the app's two looks: the everyday dark theme and presentation mode's high-contrast light
// theme (large type, for projectors), plus the palette the timeline and cards draw with.
// Task colours come from a golden-ratio hue walk, so neighbouring task ids never look alike.
#pragma once

#include <cstdint>

#include <imgui.h>

namespace poolscope::gui {

struct Palette {
    ImU32 canvas_bg;
    ImU32 lane_bg_even;
    ImU32 lane_bg_odd;
    ImU32 lane_label;
    ImU32 grid;
    ImU32 grid_text;
    ImU32 now_line;
    ImU32 main_wait;       // the main thread blocked in result()/map/wait/shutdown
    ImU32 main_wait_text;
    ImU32 shutdown;
    ImU32 gil;             // a thread holding the simulated GIL
    ImU32 raised;          // outline of a task that raised
    ImU32 cancelled;
    ImU32 merged;          // several tasks folded into one block (< 3 px each)
    ImU32 card_bg;
    ImU32 text;
    ImU32 text_dim;
    ImU32 highlight_line;  // the code panel's current line
    bool light;
};

/// Applies ImGui's style for the theme, scaled; `presentation` = high-contrast light theme.
void apply_theme(bool presentation, float scale);
const Palette& palette();

/// The colour of task `task_id` (1-based); `alpha` in 0..1 fades it (the previous run).
ImU32 task_color(std::uint64_t task_id, float alpha = 1.0f);
/// Black or white, whichever reads better on `background`.
ImU32 text_on(ImU32 background);
ImU32 with_alpha(ImU32 color, float alpha);

}  // namespace poolscope::gui
