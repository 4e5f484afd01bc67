// futures_panel.cpp — future chips and the three map-order rows.
// Order rows use the same cell width for every row so a reordering shows as a colour shift between rows.
#include "panels/futures_panel.hpp"

#include <algorithm>
#include <cstdio>

#include "theme.hpp"

namespace poolscope::gui {

namespace {

constexpr std::size_t max_chips = 96;
constexpr std::size_t max_order_cells = 48;

ImU32 state_color(TaskState s) {
    const bool light = palette().light;
    switch (s) {
    case TaskState::Pending:
    case TaskState::Queued: return light ? IM_COL32(200, 200, 210, 255) : IM_COL32(80, 84, 96, 255);
    case TaskState::Running: return light ? IM_COL32(60, 120, 230, 255) : IM_COL32(50, 110, 220, 255);
    case TaskState::Returned: return light ? IM_COL32(30, 150, 70, 255) : IM_COL32(40, 150, 80, 255);
    case TaskState::Raised: return light ? IM_COL32(215, 30, 30, 255) : IM_COL32(200, 50, 50, 255);
    case TaskState::Cancelled: return light ? IM_COL32(150, 150, 150, 255) : IM_COL32(110, 110, 118, 255);
    }
    return IM_COL32(128, 128, 128, 255);
}

/// One row of the map panel: a label and colour cells holding the input index of each task.
void order_row(const RunModel& model, ViewState& view, const char* label, const std::vector<std::uint64_t>& order,
               float label_w, float cell_w) {
    const Palette& pal = palette();
    const float font = ImGui::GetFontSize();
    const float h = font * 1.6f;
    ImGui::TextUnformatted(label);
    ImGui::SameLine(label_w);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool hovered_window = ImGui::IsWindowHovered();
    const std::size_t n = std::min(order.size(), max_order_cells);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t id = order[i];
        // Task ids are handed out at submit(), so id - 1 is the input position.
        const long input_index = static_cast<long>(id) - 1;
        const ImVec2 q(p.x + cell_w - 3, p.y + h);
        const ImU32 fill = task_color(id);
        dl->AddRectFilled(p, q, fill, 3.0f);
        if (id == view.hovered_task_prev_frame) dl->AddRect(ImVec2(p.x - 1, p.y - 1), ImVec2(q.x + 1, q.y + 1), pal.text, 3.0f, 0, 2.0f);
        char text[24];
        std::snprintf(text, sizeof text, "%ld", input_index);
        const ImVec2 ts = ImGui::CalcTextSize(text);
        dl->AddText(ImVec2(p.x + (cell_w - 3 - ts.x) * 0.5f, p.y + (h - font) * 0.5f), text_on(fill), text);
        if (hovered_window && mouse.x >= p.x && mouse.x < q.x && mouse.y >= p.y && mouse.y < q.y) {
            view.hovered_task = id;
            const TaskView* t = model.task(id);
            ImGui::SetTooltip("%s\ninput #%ld, position %zu in this row", t ? t->name.c_str() : "?", input_index, i);
        }
        p.x += cell_w;
    }
    if (order.size() > n) {
        char more[32];
        std::snprintf(more, sizeof more, "+%zu", order.size() - n);
        dl->AddText(ImVec2(p.x + 2, p.y + (h - font) * 0.5f), pal.text_dim, more);
    }
    if (order.empty()) dl->AddText(ImVec2(p.x, p.y + (h - font) * 0.5f), pal.text_dim, "(none yet)");
    ImGui::Dummy(ImVec2(1, h));
}

}  // namespace

const char* python_future_state(TaskState state) {
    switch (state) {
    case TaskState::Pending:
    case TaskState::Queued: return "PENDING";
    case TaskState::Running: return "RUNNING";
    case TaskState::Returned: return "FINISHED";
    case TaskState::Raised: return "FINISHED";
    case TaskState::Cancelled: return "CANCELLED";
    }
    return "?";
}

void FuturesPanel::draw(const RunModel& model, ViewState& view) {
    const Palette& pal = palette();
    const std::int64_t now = view.live ? view.now_ns : model.end_time_ns();
    const float font = ImGui::GetFontSize();
    const auto& tasks = model.tasks();

    // ---- Future chips ----
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    ImVec2 p = ImGui::GetCursorScreenPos();
    const float x_start = p.x, y_start = p.y;
    const float chip_h = font * 1.6f;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool hovered_window = ImGui::IsWindowHovered();
    const std::size_t shown = std::min(tasks.size(), max_chips);
    for (std::size_t i = 0; i < shown; ++i) {
        const TaskView& t = tasks[i];
        const TaskState s = t.state_at(now);
        if (s == TaskState::Pending && t.submit_ns < 0) continue;  // not submitted yet: no future exists
        char text[160];
        // State first: when the chip is clipped, the end of the name goes, not the state.
        std::snprintf(text, sizeof text, "%s%s  %s", python_future_state(s), s == TaskState::Raised ? " (raised)" : "", t.name.c_str());
        const float w = std::min(ImGui::CalcTextSize(text).x + chip_h * 1.5f, right - x_start);
        if (p.x + w > right && p.x > x_start) {
            p.x = x_start;
            p.y += chip_h + 4;
        }
        const ImVec2 q(p.x + w, p.y + chip_h);
        const ImU32 fill = state_color(s);
        dl->AddRectFilled(p, q, fill, chip_h * 0.5f);
        dl->AddCircleFilled(ImVec2(p.x + chip_h * 0.5f, p.y + chip_h * 0.5f), chip_h * 0.28f, task_color(t.id));
        const ImVec4 clip(p.x, p.y, q.x - chip_h * 0.3f, q.y);
        const ImVec2 tp(p.x + chip_h * 0.95f, p.y + (chip_h - font) * 0.5f);
        dl->AddText(ImGui::GetFont(), font, tp, text_on(fill), text, nullptr, 0, &clip);
        if (s == TaskState::Cancelled) dl->AddLine(ImVec2(tp.x, p.y + chip_h * 0.5f), ImVec2(q.x - 6, p.y + chip_h * 0.5f), text_on(fill), 2.0f);
        if (t.id == view.hovered_task_prev_frame) dl->AddRect(p, q, pal.text, chip_h * 0.5f, 0, 2.0f);
        if (hovered_window && mouse.x >= p.x && mouse.x < q.x && mouse.y >= p.y && mouse.y < q.y) {
            view.hovered_task = t.id;
            const bool done = s == TaskState::Returned || s == TaskState::Raised;
            ImGui::SetTooltip("%s\nstate %s%s%s", t.name.c_str(), python_future_state(s),
                              !done || t.result.empty() ? "" : s == TaskState::Raised ? "\nraised " : "\nreturned ",
                              done ? t.result.c_str() : "");
        }
        p.x = q.x + 6;
    }
    if (tasks.size() > shown) {
        char more[48];
        std::snprintf(more, sizeof more, "+%zu more futures", tasks.size() - shown);
        dl->AddText(ImVec2(p.x + 4, p.y + (chip_h - font) * 0.5f), pal.text_dim, more);
    }
    ImGui::Dummy(ImVec2(1, shown ? p.y + chip_h - y_start : font));

    // ---- Orders ----
    ImGui::Spacing();
    ImGui::Separator();
    const std::int64_t key[3] = {static_cast<std::int64_t>(model.event_count()), model.end_time_ns(), model.max_workers()};
    if (&model != m_model || !std::equal(key, key + 3, m_key)) {
        m_model = &model;
        std::copy(key, key + 3, m_key);
        m_submission = model.submission_order();
        m_completion = model.completion_order();
        m_yields = model.yield_order();
        m_uses_map = std::any_of(model.marks().begin(), model.marks().end(),
                                 [](const Mark& m) { return m.kind == MarkKind::MapYield; });
    }
    const auto& submission = m_submission;
    const float label_w = ImGui::CalcTextSize("completion order").x + font;
    const float avail = ImGui::GetContentRegionAvail().x - label_w;
    const std::size_t cells = std::max<std::size_t>(1, std::min(submission.size(), max_order_cells));
    const float cell_w = std::clamp(avail / static_cast<float>(cells), font * 0.8f, font * 3.0f);
    ImGui::TextDisabled("numbers are input positions (order of submission)");
    order_row(model, view, "submitted", submission, label_w, cell_w);
    order_row(model, view, "completed", m_completion, label_w, cell_w);
    if (m_uses_map || m_program_uses_map) {
        order_row(model, view, "map yielded", m_yields, label_w, cell_w);
    } else {
        ImGui::TextDisabled("map yielded   (this program does not use map())");
    }
}

}  // namespace poolscope::gui
