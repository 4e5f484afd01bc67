// queue_panel.cpp — FIFO cards for the queue at "now" and the queue-length plot.
// Cards wrap onto new rows; beyond max_cards a "+N more" card keeps the frame cheap for huge runs.
#include "panels/queue_panel.hpp"

#include <algorithm>
#include <cstdio>

#include "theme.hpp"
#include "timeline_view.hpp"

namespace poolscope::gui {

namespace {
constexpr std::size_t max_cards = 120;
}

void draw_counter_plot(const std::vector<CounterSample>& samples, std::int64_t t0, std::int64_t t1,
                       std::int64_t now_ns, std::int64_t peak, ImVec2 pos, ImVec2 size, ImU32 color) {
    const Palette& pal = palette();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 max(pos.x + size.x, pos.y + size.y);
    dl->AddRectFilled(pos, max, pal.canvas_bg);
    dl->AddRect(pos, max, pal.grid);
    if (t1 <= t0 || size.x < 4) return;
    const int columns = static_cast<int>(size.x);
    peak = std::max<std::int64_t>(peak, 1);
    const double ns_per_px = static_cast<double>(t1 - t0) / size.x;
    auto at_time = [&](std::int64_t t) { return RunModel::sample_at(samples, t); };
    float prev_y = max.y;
    for (int col = 0; col < columns; ++col) {
        const auto c0 = t0 + static_cast<std::int64_t>(col * ns_per_px);
        const auto c1 = t0 + static_cast<std::int64_t>((col + 1) * ns_per_px);
        if (now_ns >= 0 && c0 > now_ns) break;
        // Max over the column: the value entering it and every sample inside it.
        std::int64_t v = at_time(c0);
        auto it = std::upper_bound(samples.begin(), samples.end(), c0,
                                   [](std::int64_t t, const CounterSample& s) { return t < s.time_ns; });
        for (int guard = 0; it != samples.end() && it->time_ns < c1 && guard < 64; ++it, ++guard) v = std::max(v, it->value);
        const float y = max.y - 1 - (size.y - 4) * static_cast<float>(v) / static_cast<float>(peak);
        const float x = pos.x + static_cast<float>(col);
        if (v > 0) dl->AddRectFilled(ImVec2(x, y), ImVec2(x + 1, max.y - 1), with_alpha(color, 0.45f));
        dl->AddLine(ImVec2(x, prev_y), ImVec2(x, y), color);
        dl->AddLine(ImVec2(x, y), ImVec2(x + 1, y), color);
        prev_y = y;
    }
    char label[48];
    std::snprintf(label, sizeof label, "peak %lld", static_cast<long long>(peak));
    dl->AddText(ImVec2(max.x - ImGui::CalcTextSize(label).x - 4, pos.y + 2), pal.text_dim, label);
    if (now_ns >= t0 && now_ns <= t1) {
        const float x = pos.x + static_cast<float>(static_cast<double>(now_ns - t0) / ns_per_px);
        dl->AddLine(ImVec2(x, pos.y), ImVec2(x, max.y), pal.now_line, 1.5f);
    }
}

void QueuePanel::draw(const RunModel& model, ViewState& view) {
    const Palette& pal = palette();
    const std::int64_t now = view.live ? view.now_ns : model.end_time_ns();
    const std::vector<std::uint64_t> queue = model.queue_at(now);
    ImGui::Text("%zu waiting in the queue", queue.size());
    ImGui::SameLine();
    ImGui::TextDisabled("(front on the left: workers take from the front, FIFO)");

    const float font = ImGui::GetFontSize();
    const ImVec2 area0 = ImGui::GetContentRegionAvail();
    const float plot_h = std::max({font * 3.0f, 40.0f, area0.y * 0.4f});
    const ImVec2 area = ImGui::GetContentRegionAvail();
    const float cards_h = std::max(font * 2.0f, area.y - plot_h - ImGui::GetFrameHeightWithSpacing());
    ImGui::BeginChild("##queue_cards", ImVec2(0, cards_h), false);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float card_h = font * 1.9f;
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    ImVec2 p = ImGui::GetCursorScreenPos();
    const float x_start = p.x;
    const std::size_t shown = std::min(queue.size(), max_cards);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool child_hovered = ImGui::IsWindowHovered();
    for (std::size_t i = 0; i < shown; ++i) {
        const TaskView* t = model.task(queue[i]);
        if (!t) continue;
        const bool cancelled = t->state_at(now) == TaskState::Cancelled;
        char label[160];
        std::snprintf(label, sizeof label, "%zu. %s", i + 1, t->name.c_str());
        const float w = std::min(ImGui::CalcTextSize(label).x + font * 1.4f, right - x_start);
        if (p.x + w > right && p.x > x_start) {
            p.x = x_start;
            p.y += card_h + 4;
        }
        const ImVec2 q(p.x + w, p.y + card_h);
        dl->AddRectFilled(p, q, pal.card_bg, 4.0f);
        dl->AddRectFilled(p, ImVec2(p.x + font * 0.45f, q.y), task_color(t->id, cancelled ? 0.35f : 1.0f), 4.0f,
                          ImDrawFlags_RoundCornersLeft);
        const ImU32 text_col = cancelled ? pal.text_dim : pal.text;
        const ImVec2 tp(p.x + font * 0.8f, p.y + (card_h - font) * 0.5f);
        const ImVec4 clip(p.x, p.y, q.x - 2, q.y);
        dl->AddText(ImGui::GetFont(), font, tp, text_col, label, nullptr, 0, &clip);
        if (cancelled) dl->AddLine(ImVec2(tp.x, p.y + card_h * 0.5f), ImVec2(q.x - 4, p.y + card_h * 0.5f), pal.raised, 2.0f);
        if (t->id == view.hovered_task_prev_frame) dl->AddRect(p, q, pal.text, 4.0f, 0, 2.0f);
        if (child_hovered && mouse.x >= p.x && mouse.x < q.x && mouse.y >= p.y && mouse.y < q.y) {
            view.hovered_task = t->id;
            char waited[32];
            format_duration(now - t->submit_ns, waited, sizeof waited);
            ImGui::SetTooltip("%s\n%s, in the queue for %s", t->name.c_str(), cancelled ? "cancelled (still queued)" : "queued", waited);
        }
        p.x = q.x + 6;
    }
    if (queue.size() > shown) {
        char more[48];
        std::snprintf(more, sizeof more, "+%zu more", queue.size() - shown);
        dl->AddText(ImVec2(p.x + 4, p.y + (card_h - font) * 0.5f), pal.text_dim, more);
    }
    if (queue.empty()) ImGui::TextDisabled(model.task_count() ? "the queue is empty" : "nothing submitted yet");
    else ImGui::Dummy(ImVec2(1, p.y + card_h - ImGui::GetCursorScreenPos().y));
    ImGui::EndChild();

    ImGui::TextDisabled("queue length over the run");
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 size(ImGui::GetContentRegionAvail().x, std::max(ImGui::GetContentRegionAvail().y - 2, 20.0f));
    const std::int64_t end = std::max({model.end_time_ns(), view.now_ns, view.expected_end_ns, std::int64_t{1}});
    draw_counter_plot(model.queue_length_samples(), 0, end, view.live ? view.now_ns : -1,
                       model.peak_queue_length(), pos, size, pal.text_dim);
    ImGui::Dummy(size);
}

}  // namespace poolscope::gui
