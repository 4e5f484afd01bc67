// controls_panel.cpp — playback buttons and lesson settings.
// Sliders report a change on every value step so max_workers restarts "at once"; while one drag goes on,
// App keeps the run from before the drag as the faded comparison (see App::start_run).
#include "panels/controls_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "poolscope/executor.hpp"
#include "theme.hpp"

namespace poolscope::gui {

namespace {

/// A tick under the last item at `value` of a [lo, hi] slider, with a caption.
void mark_under_slider(int value, int lo, int hi, const char* caption) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const float grab = ImGui::GetStyle().GrabMinSize;
    const float t = static_cast<float>(value - lo) / static_cast<float>(std::max(1, hi - lo));
    const float x = a.x + grab * 0.5f + 2 + t * (b.x - a.x - grab - 4);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 col = palette().shutdown;
    dl->AddTriangleFilled(ImVec2(x, b.y + 1), ImVec2(x - 5, b.y + 8), ImVec2(x + 5, b.y + 8), col);
    ImGui::Dummy(ImVec2(1, 6));
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(col), "%s", caption);
}

}  // namespace

ControlActions ControlsPanel::draw(const Lesson& base, LessonSettings& s, PlaybackState& play) {
    ControlActions act;
    const float font = ImGui::GetFontSize();
    const float w = ImGui::GetContentRegionAvail().x;

    // ---- Lesson picker ----
    if (!m_lessons_loaded) {
        m_lessons = list_lessons();
        m_lessons_loaded = true;
    }
    std::string current = base.id + ": " + base.title;
    ImGui::SetNextItemWidth(w);
    if (ImGui::BeginCombo("##lesson", current.c_str())) {
        for (const std::string& entry : m_lessons) {
            const bool selected = entry.rfind(base.id + ":", 0) == 0;
            if (ImGui::Selectable(entry.c_str(), selected)) act.open_lesson = entry.substr(0, entry.find(':'));
        }
        ImGui::EndCombo();
    }

    // ---- Playback ----
    const char* play_label = play.finished ? "Restart" : play.paused ? "Play" : "Pause";
    if (ImGui::Button(play_label, ImVec2(font * 5, 0))) {
        if (play.finished) act.restart = true;
        else act.toggle_pause = true;
    }
    ImGui::SameLine();
    ImGui::BeginDisabled(play.finished);
    if (ImGui::Button("Step")) act.step = true;
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("advance to the next moment something happens (Right arrow)");
    ImGui::SameLine();
    if (!play.finished && ImGui::Button("Restart")) act.restart = true;
    ImGui::SameLine();
    if (ImGui::Button("?")) act.show_help = true;
    float speed = static_cast<float>(play.speed);
    ImGui::SetNextItemWidth(w - ImGui::CalcTextSize("speed").x - font);
    if (ImGui::SliderFloat("speed", &speed, 0.1f, 10.0f, "%.2fx", ImGuiSliderFlags_Logarithmic)) {
        play.speed = std::clamp(static_cast<double>(speed), 0.1, 10.0);
        act.speed_changed = true;
    }
    ImGui::Separator();

    // ---- The pool ----
    const int python_default = default_max_workers();
    ImGui::SetNextItemWidth(w - ImGui::CalcTextSize("max_workers").x - font);
    if (ImGui::SliderInt("max_workers", &s.max_workers, 1, 64)) act.settings_changed = true;
    {
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        const float rect[4] = {a.x, a.y, b.x, b.y};
        std::copy(rect, rect + 4, m_max_workers_rect);
    }
    char caption[96];
    std::snprintf(caption, sizeof caption, "Python's default here: %d", python_default);
    mark_under_slider(python_default, 1, 64, caption);

    const bool resizable = task_count_adjustable(base);
    ImGui::BeginDisabled(!resizable);
    ImGui::SetNextItemWidth(w - ImGui::CalcTextSize("tasks").x - font);
    if (ImGui::SliderInt("tasks", &s.task_count, 1, 100)) act.settings_changed = true;
    ImGui::EndDisabled();
    if (!resizable && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("this lesson's tasks submit or wait on each other, so their number is fixed");
    fit_durations(s, base);

    ImGui::TextUnformatted("task durations");
    if (ImGui::SmallButton("all equal")) {
        apply_duration_preset(s, DurationPreset::AllEqual, 0);
        act.settings_changed = true;
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("random")) {
        apply_duration_preset(s, DurationPreset::Random, ++m_random_seed);
        act.settings_changed = true;
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("one slow first")) {
        apply_duration_preset(s, DurationPreset::OneSlowFirst, 0);
        act.settings_changed = true;
    }
    const float list_h = std::min(static_cast<float>(s.durations_ms.size()) * ImGui::GetFrameHeightWithSpacing() + 6, font * 9.0f);
    ImGui::BeginChild("##durations", ImVec2(0, list_h), false);
    for (std::size_t i = 0; i < s.durations_ms.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + font * 0.5f, p.y + ImGui::GetFrameHeight()), task_color(i + 1));
        ImGui::Dummy(ImVec2(font * 0.5f, ImGui::GetFrameHeight()));
        ImGui::SameLine();
        float ms = static_cast<float>(s.durations_ms[i]);
        ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
        const std::string name = i < base.tasks.size() ? base.tasks[i].name : "task " + std::to_string(i + 1);
        char fmt[160];
        std::snprintf(fmt, sizeof fmt, "%s: %%.0f ms", name.c_str());
        if (ImGui::SliderFloat("##d", &ms, 1.0f, 5000.0f, fmt, ImGuiSliderFlags_Logarithmic)) {
            s.durations_ms[i] = std::round(ms);
            act.settings_changed = true;
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
    ImGui::Separator();

    // ---- Program ----
    ImGui::TextUnformatted("program");
    for (int k = 0; k < 5; ++k) {
        const auto kind = static_cast<ProgramKind>(k);
        ImGui::BeginDisabled(!program_kind_available(base, kind));
        if (ImGui::RadioButton(program_kind_labels[k], s.program == kind)) {
            s.program = kind;
            act.settings_changed = true;
        }
        ImGui::EndDisabled();
    }
    ImGui::Separator();
    ImGui::TextUnformatted("pool.shutdown(...)");
    if (ImGui::Checkbox("wait=True", &s.shutdown_wait)) act.settings_changed = true;
    ImGui::SameLine();
    if (ImGui::Checkbox("cancel_futures=True", &s.cancel_futures)) act.settings_changed = true;
    if (ImGui::Checkbox("simulated GIL", &s.gil)) act.settings_changed = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("CPU steps hold the GIL (switching every 5 ms); I/O steps release it");
    ImGui::Separator();
    if (ImGui::Checkbox("presentation mode (F11)", &play.presentation)) act.toggle_presentation = true;
    act.editing = ImGui::IsAnyItemActive();
    return act;
}

}  // namespace poolscope::gui
