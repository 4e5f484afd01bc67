// slide_frame.cpp — the slide's layout; usable headless (tests build it without GL). The timeline is
// the same TimelinePanel the app draws (a fresh instance), so the slide shows exactly what the app does.
#include "slide_frame.hpp"

#include "fonts.hpp"
#include "panels/timeline_panel.hpp"
#include "theme.hpp"

#include <algorithm>
#include <cstdio>

namespace poolscope::gui {

namespace {

/// A swatch and a label; wraps to the next row when the row is full. Returns the new x.
void legend_item(ImDrawList* dl, ImVec2& p, float left, float right, float row_h, const char* label,
                 void (*swatch)(ImDrawList*, ImVec2, float, ImU32), ImU32 color) {
    const float font = ImGui::GetFontSize();
    const float w = font * 1.6f + ImGui::CalcTextSize(label).x + font * 1.2f;
    if (p.x + w > right && p.x > left) {
        p.x = left;
        p.y += row_h;
    }
    swatch(dl, ImVec2(p.x, p.y + font * 0.15f), font * 0.8f, color);
    dl->AddText(ImVec2(p.x + font * 1.4f, p.y), palette().text, label);
    p.x += w;
}

void box(ImDrawList* dl, ImVec2 p, float s, ImU32 c) {
    dl->AddRectFilled(p, ImVec2(p.x + s * 1.2f, p.y + s), c, 2.0f);
}
void strip(ImDrawList* dl, ImVec2 p, float s, ImU32 c) {
    dl->AddRectFilled(p, ImVec2(p.x + s * 1.2f, p.y + s * 0.3f), c);
}
void running(ImDrawList* dl, ImVec2 p, float s, ImU32 c) {
    dl->AddRectFilled(p, ImVec2(p.x + s * 1.2f, p.y + s), c, 2.0f);
    dl->AddRectFilled(ImVec2(p.x + s * 1.2f - 3, p.y), ImVec2(p.x + s * 1.2f, p.y + s), palette().now_line);
}
void raised(ImDrawList* dl, ImVec2 p, float s, ImU32 c) {
    dl->AddRectFilled(p, ImVec2(p.x + s * 1.2f, p.y + s), c, 2.0f);
    dl->AddRect(p, ImVec2(p.x + s * 1.2f, p.y + s), palette().raised, 2.0f, 0, 3.0f);
}
void triangle(ImDrawList* dl, ImVec2 p, float s, ImU32 c) {
    dl->AddTriangleFilled(p, ImVec2(p.x + s, p.y), ImVec2(p.x + s * 0.5f, p.y + s), c);
}
void diamond(ImDrawList* dl, ImVec2 p, float s, ImU32 c) {
    const float h = s * 0.5f;
    dl->AddQuadFilled(ImVec2(p.x + h, p.y), ImVec2(p.x + s, p.y + h), ImVec2(p.x + h, p.y + s),
                      ImVec2(p.x, p.y + h), c);
}
void dot(ImDrawList* dl, ImVec2 p, float s, ImU32 c) {
    dl->AddCircleFilled(ImVec2(p.x + s * 0.5f, p.y + s * 0.5f), s * 0.5f, c);
}
void cross(ImDrawList* dl, ImVec2 p, float s, ImU32 c) {
    dl->AddLine(p, ImVec2(p.x + s, p.y + s), c, 2.5f);
    dl->AddLine(ImVec2(p.x + s, p.y), ImVec2(p.x, p.y + s), c, 2.5f);
}

} // namespace

ImVec2 slide_size(const RunModel& model, float font_px) {
    const float unit = font_px / 17.0f; // 1 at 1x, 2 at 2x
    const float w = 960.0f * unit, base_h = 540.0f * unit;
    // Title, subtitle, axis, legends: about 12 lines; each lane wants 2.2 lines to stay readable.
    const float lanes = static_cast<float>(std::max<std::size_t>(model.lanes().size(), 1));
    const float rows = static_cast<float>((model.task_count() + 5) / 6);
    // Title, subtitle, axis, shutdown label and 3 legend rows take about 10 lines; lanes at most 3.6
    // lines each (the timeline's own cap). Short runs get a shorter slide rather than empty space.
    const float need = font_px * (10.5f + 3.6f * lanes + 1.4f * rows);
    return ImVec2(
        w, std::clamp(need, base_h * 0.5f, std::max(base_h, font_px * (10.5f + 1.2f * lanes + 1.4f * rows))));
}

void draw_slide(const SlideContent& c) {
    const ImGuiIO& io = ImGui::GetIO();
    const Palette& pal = palette();
    const float font = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
    ImGui::SetNextWindowSize(io.DisplaySize, ImGuiCond_Always);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(font * 1.2f, font * 0.9f));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::Begin("##slide", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoInputs);
    ImGui::PopStyleVar(2);
    ImDrawList* dl = ImGui::GetWindowDrawList();

    // ---- Title: bold and a third larger; the subtitle says what was run and when this is ----
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImFont* bold = fonts().bold ? fonts().bold : ImGui::GetFont();
    const float title_px = font * 1.35f;
    dl->AddText(bold, title_px, p, pal.text, c.title.c_str());
    ImGui::Dummy(ImVec2(10, title_px + 2));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.text_dim), "%s", c.subtitle.c_str());
    ImGui::Spacing();

    // ---- Legends (measured first, drawn under the timeline) ----
    const RunModel& m = *c.model;
    const float left = ImGui::GetCursorScreenPos().x;
    const float right = left + ImGui::GetContentRegionAvail().x;
    const float row_h = font * 1.4f;
    const std::size_t shown = std::min<std::size_t>(m.task_count(), 30);
    // Rows the task legend will take: simulate the wrapping with the same widths.
    float x = left;
    int rows = 1;
    for (std::size_t i = 0; i < shown; ++i) {
        const float w = font * 2.8f + ImGui::CalcTextSize(m.tasks()[i].name.c_str()).x;
        if (x + w > right && x > left) {
            x = left;
            ++rows;
        }
        x += w;
    }
    const float legend_h = row_h * static_cast<float>(rows + 2) + font * 0.6f;

    // ---- The timeline, its axis and symbol line ----
    SlideContent copy = c;
    TimelinePanel timeline;
    ImGui::BeginChild("##slide_timeline", ImVec2(0, ImGui::GetContentRegionAvail().y - legend_h), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse |
                          ImGuiWindowFlags_NoInputs);
    timeline.set_show_legend(false);
    timeline.draw(m, nullptr, copy.view);
    ImGui::EndChild();

    ImVec2 q = ImGui::GetCursorScreenPos();
    q.y += font * 0.3f;
    for (std::size_t i = 0; i < shown; ++i)
        legend_item(dl, q, left, right, row_h, m.tasks()[i].name.c_str(), box, task_color(i + 1));
    if (m.task_count() > shown) {
        char more[48];
        std::snprintf(more, sizeof more, "+%zu more tasks", m.task_count() - shown);
        dl->AddText(ImVec2(q.x, q.y), pal.text_dim, more);
    }
    q.x = left;
    q.y += row_h;
    const ImU32 sample = task_color(1);
    legend_item(dl, q, left, right, row_h, "queued (strip above its block)", strip,
                with_alpha(sample, 0.55f));
    legend_item(dl, q, left, right, row_h, "running", running, sample);
    legend_item(dl, q, left, right, row_h, "returned", box, sample);
    legend_item(dl, q, left, right, row_h, "raised", raised, sample);
    legend_item(dl, q, left, right, row_h, "cancelled", cross, sample);
    q.x = left;
    q.y += row_h;
    const ImU32 ink = pal.text_dim;
    legend_item(dl, q, left, right, row_h, "submit()", triangle, ink);
    legend_item(dl, q, left, right, row_h, "map yields a result", diamond, ink);
    legend_item(dl, q, left, right, row_h, "result() returns", dot, ink);
    legend_item(dl, q, left, right, row_h, "MainThread blocked", box, pal.main_wait);
    const bool gil =
        std::any_of(m.lanes().begin(), m.lanes().end(), [](const Lane& l) { return !l.gil_holds.empty(); });
    if (gil)
        legend_item(dl, q, left, right, row_h, "holds the GIL", strip, pal.gil);
    ImGui::End();
}

} // namespace poolscope::gui
