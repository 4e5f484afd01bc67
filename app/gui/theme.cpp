// theme.cpp — dark and presentation (light, high-contrast) styles and the drawing palette.
// The presentation theme thickens borders and darkens text because projectors wash out greys.
#include "theme.hpp"

#include <cmath>

namespace poolscope::gui {

namespace {

Palette g_palette{};
bool g_light = false;

Palette dark_palette() {
    Palette p{};
    p.canvas_bg = IM_COL32(24, 26, 31, 255);
    p.lane_bg_even = IM_COL32(32, 35, 42, 255);
    p.lane_bg_odd = IM_COL32(38, 41, 49, 255);
    p.lane_label = IM_COL32(225, 228, 235, 255);
    p.grid = IM_COL32(70, 75, 88, 255);
    p.grid_text = IM_COL32(160, 165, 178, 255);
    p.now_line = IM_COL32(255, 80, 80, 255);
    p.main_wait = IM_COL32(90, 96, 112, 255);
    p.main_wait_text = IM_COL32(230, 232, 238, 255);
    p.shutdown = IM_COL32(255, 190, 60, 255);
    p.gil = IM_COL32(250, 210, 90, 255);
    p.raised = IM_COL32(255, 60, 60, 255);
    p.cancelled = IM_COL32(130, 130, 140, 255);
    p.merged = IM_COL32(150, 155, 170, 255);
    p.card_bg = IM_COL32(44, 48, 58, 255);
    p.text = IM_COL32(235, 237, 242, 255);
    p.text_dim = IM_COL32(150, 155, 168, 255);
    p.highlight_line = IM_COL32(70, 110, 190, 160);
    p.light = false;
    return p;
}

Palette light_palette() {
    Palette p{};
    p.canvas_bg = IM_COL32(255, 255, 255, 255);
    p.lane_bg_even = IM_COL32(246, 247, 250, 255);
    p.lane_bg_odd = IM_COL32(234, 237, 243, 255);
    p.lane_label = IM_COL32(0, 0, 0, 255);
    p.grid = IM_COL32(170, 175, 185, 255);
    p.grid_text = IM_COL32(40, 40, 48, 255);
    p.now_line = IM_COL32(210, 0, 0, 255);
    p.main_wait = IM_COL32(120, 126, 140, 255);
    p.main_wait_text = IM_COL32(255, 255, 255, 255);
    p.shutdown = IM_COL32(200, 110, 0, 255);
    p.gil = IM_COL32(200, 150, 0, 255);
    p.raised = IM_COL32(210, 0, 0, 255);
    p.cancelled = IM_COL32(120, 120, 128, 255);
    p.merged = IM_COL32(110, 115, 130, 255);
    p.card_bg = IM_COL32(236, 239, 245, 255);
    p.text = IM_COL32(0, 0, 0, 255);
    p.text_dim = IM_COL32(70, 72, 80, 255);
    p.highlight_line = IM_COL32(255, 220, 90, 255);
    p.light = true;
    return p;
}

}  // namespace

void apply_theme(bool presentation, float scale) {
    ImGuiStyle style;
    g_light = presentation;
    if (presentation) {
        ImGui::StyleColorsLight(&style);
        ImVec4* c = style.Colors;
        c[ImGuiCol_Text] = ImVec4(0, 0, 0, 1);
        c[ImGuiCol_TextDisabled] = ImVec4(0.25f, 0.25f, 0.3f, 1);
        c[ImGuiCol_WindowBg] = ImVec4(1, 1, 1, 1);
        c[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 1);
        c[ImGuiCol_Border] = ImVec4(0.2f, 0.2f, 0.25f, 1);
        c[ImGuiCol_TitleBg] = ImVec4(0.85f, 0.87f, 0.92f, 1);
        c[ImGuiCol_TitleBgActive] = ImVec4(0.78f, 0.82f, 0.92f, 1);
        c[ImGuiCol_FrameBg] = ImVec4(0.90f, 0.91f, 0.94f, 1);
        c[ImGuiCol_SliderGrab] = ImVec4(0.1f, 0.3f, 0.8f, 1);
        c[ImGuiCol_CheckMark] = ImVec4(0.05f, 0.25f, 0.75f, 1);
        style.WindowBorderSize = 2.0f;
        style.FrameBorderSize = 1.0f;
        g_palette = light_palette();
    } else {
        ImGui::StyleColorsDark(&style);
        style.Colors[ImGuiCol_WindowBg] = ImVec4(0.11f, 0.12f, 0.14f, 1);
        style.Colors[ImGuiCol_TitleBg] = ImVec4(0.16f, 0.18f, 0.22f, 1);
        style.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.20f, 0.25f, 0.35f, 1);
        g_palette = dark_palette();
    }
    style.WindowRounding = 0.0f;
    style.FrameRounding = 3.0f;
    style.GrabMinSize = 12.0f;
    style.WindowPadding = ImVec2(8, 6);
    style.ItemSpacing = ImVec2(8, 5);
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
}

const Palette& palette() { return g_palette; }

ImU32 task_color(std::uint64_t task_id, float alpha) {
    // Golden-ratio hue steps spread consecutive ids around the wheel.
    const double hue = std::fmod(0.58 + 0.618033988749895 * static_cast<double>(task_id), 1.0);
    const float sat = g_light ? 0.75f : 0.55f;
    const float val = g_light ? 0.80f : 0.85f;
    float r = 0, g = 0, b = 0;
    ImGui::ColorConvertHSVtoRGB(static_cast<float>(hue), sat, val, r, g, b);
    return ImGui::ColorConvertFloat4ToU32(ImVec4(r, g, b, alpha));
}

ImU32 text_on(ImU32 background) {
    const ImVec4 c = ImGui::ColorConvertU32ToFloat4(background);
    const float luminance = 0.299f * c.x + 0.587f * c.y + 0.114f * c.z;
    return luminance > 0.55f ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255);
}

ImU32 with_alpha(ImU32 color, float alpha) {
    const auto a = static_cast<ImU32>(static_cast<float>((color >> IM_COL32_A_SHIFT) & 0xFF) * alpha);
    return (color & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

}  // namespace poolscope::gui
