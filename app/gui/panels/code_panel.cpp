// code_panel.cpp — program text with a highlighted current line, and the printed output below it.
// Uses the monospace font; the program takes the upper 60 % of the panel, the output the rest.
#include "panels/code_panel.hpp"

#include <algorithm>

#include "fonts.hpp"
#include "theme.hpp"

namespace poolscope::gui {

void CodePanel::draw(const RunModel& model, const ViewState& view) {
    const Palette& pal = palette();
    const std::int64_t now = view.live ? view.now_ns : std::max(view.now_ns, model.end_time_ns());
    const auto& program = model.program();
    const std::int64_t line = model.program_line_at(now);
    const float avail_h = ImGui::GetContentRegionAvail().y;
    const float out_h = std::max(ImGui::GetFontSize() * 4.0f, avail_h * 0.38f);

    if (fonts().mono) ImGui::PushFont(fonts().mono);
    ImGui::BeginChild("##program", ImVec2(0, avail_h - out_h - ImGui::GetFrameHeightWithSpacing()), true,
                      ImGuiWindowFlags_HorizontalScrollbar);
    if (program.empty()) ImGui::TextDisabled("(no program text for this run)");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t i = 0; i < program.size(); ++i) {
        const bool current = static_cast<std::int64_t>(i + 1) == line;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        if (current) {
            const float w = ImGui::GetContentRegionAvail().x;
            dl->AddRectFilled(ImVec2(p.x - 4, p.y), ImVec2(p.x + w, p.y + ImGui::GetTextLineHeightWithSpacing()),
                              pal.highlight_line, 2.0f);
            if (line != m_last_line) ImGui::SetScrollHereY(0.4f);
        }
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(current ? pal.text : pal.text_dim), "%2zu", i + 1);
        ImGui::SameLine();
        ImGui::TextUnformatted(program[i].c_str());
    }
    m_last_line = line;
    ImGui::EndChild();
    if (fonts().mono) ImGui::PopFont();

    ImGui::TextDisabled("output");
    if (fonts().mono) ImGui::PushFont(fonts().mono);
    ImGui::BeginChild("##output", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
    const std::size_t count = std::min(model.output_count_at(now), model.printed_lines().size());
    const auto& output = model.output();
    for (std::size_t k = 0; k < count; ++k) {
        const std::int64_t index = model.printed_lines()[k];
        if (index >= 0 && static_cast<std::size_t>(index) < output.size()) ImGui::TextUnformatted(output[static_cast<std::size_t>(index)].c_str());
    }
    if (view.live && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 2) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
    if (fonts().mono) ImGui::PopFont();
}

}  // namespace poolscope::gui
