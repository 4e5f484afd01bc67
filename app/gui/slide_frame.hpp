// slide_frame.hpp — the timeline alone, laid out for a slide: title (lesson and settings), the lanes
// with their time axis, and legends of task colours and task states. Drawn by a separate ImGui context
// at 2x (slide_render.cpp) so the app's own windows, fonts and input state are untouched.
#pragma once

#include "poolscope/trace/run_model.hpp"
#include "view_state.hpp"

#include <imgui.h>

#include <string>

namespace poolscope::gui {

struct SlideContent {
    std::string title;    // the lesson's title
    std::string subtitle; // lesson id and settings, and the time shown
    const RunModel* model = nullptr;
    ViewState view; // a copy: the slide must not move the app's timeline
};

/// Slide size in pixels for a font of `font_px`: 16:9 (1920x1080 at 2x), taller when many lanes need it.
ImVec2 slide_size(const RunModel& model, float font_px);
/// Between NewFrame() and Render(): one undecorated window filling io.DisplaySize.
void draw_slide(const SlideContent& content);
/// Needs a current GL context: renders `content` at 2x into an offscreen framebuffer in its own ImGui
/// context and writes it as PNG, always in the light theme; `presentation` is the app's theme, restored
/// after. False + `error` on failure.
bool render_slide_png(const std::string& path, const SlideContent& content, bool presentation,
                      std::string& error);

} // namespace poolscope::gui
