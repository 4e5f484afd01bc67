// timeline_panel.cpp — layout, input and overlays of the timeline; lanes are drawn by timeline_lanes.cpp.
// The canvas is one InvisibleButton (so ImGui routes wheel and drag to it) plus a clipped draw list;
// time stays in integer ns (TimelineView) and only becomes pixels at draw time.
#include "panels/timeline_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "panels/timeline_lanes.hpp"
#include "theme.hpp"

namespace poolscope::gui {

namespace {

void task_tooltip(const RunModel& model, std::uint64_t id, std::int64_t now_ns) {
    const TaskView* t = model.task(id);
    if (!t) return;
    char a[32], b[32];
    ImGui::BeginTooltip();
    ImGui::ColorButton("##c", ImGui::ColorConvertU32ToFloat4(task_color(id)), ImGuiColorEditFlags_NoTooltip,
                       ImVec2(ImGui::GetFontSize(), ImGui::GetFontSize()));
    ImGui::SameLine();
    ImGui::TextUnformatted(t->name.c_str());
    const TaskState state = t->state_at(now_ns);
    ImGui::Text("task %llu, %s", static_cast<unsigned long long>(id), std::string(task_state_name(state)).c_str());
    if (t->worker >= 0) {
        const int lane = model.lane_for_thread(t->worker);
        if (lane >= 0) ImGui::Text("ran on %s", model.lanes()[static_cast<std::size_t>(lane)].name.c_str());
    }
    auto row = [&](const char* label, std::int64_t ns) {
        if (ns < 0) return;
        format_duration(ns, a, sizeof a);
        ImGui::Text("%-10s t = %s", label, a);
    };
    row("submit", t->submit_ns);
    row("start", t->start_ns);
    row("end", t->end_ns);
    row("cancelled", t->cancel_ns);
    row("consumed", t->consumed_ns);
    if (t->queue_wait_ns() >= 0 || t->run_ns() >= 0) {
        ImGui::Separator();
        if (t->queue_wait_ns() >= 0) {
            format_duration(t->queue_wait_ns(), a, sizeof a);
            ImGui::Text("queue wait  %s", a);
        }
        if (t->run_ns() >= 0) {
            format_duration(t->run_ns(), b, sizeof b);
            ImGui::Text("run time    %s", b);
        }
    }
    if (!t->result.empty() && (state == TaskState::Returned || state == TaskState::Raised)) {
        ImGui::Separator();
        if (state == TaskState::Raised) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().raised), "raised %s", t->result.c_str());
        else ImGui::Text("returned %s", t->result.c_str());
    }
    ImGui::EndTooltip();
}

void hover_tooltip(const RunModel& model, const TimelineHover& hover, std::int64_t now_ns) {
    using W = TimelineHover::What;
    char a[32], b[32];
    switch (hover.what) {
    case W::None: return;
    case W::Task: task_tooltip(model, hover.task, now_ns); return;
    case W::QueueWait:
        ImGui::BeginTooltip();
        ImGui::Text("waiting in the queue:");
        ImGui::EndTooltip();
        task_tooltip(model, hover.task, now_ns);
        return;
    case W::Folded:
        format_duration(hover.t0, a, sizeof a);
        format_duration(hover.t1, b, sizeof b);
        ImGui::SetTooltip("%d tasks folded together (each under 3 px)\n%s .. %s\nzoom in (mouse wheel) to see them",
                          hover.folded_count, a, b);
        return;
    case W::MainWait: {
        const std::int64_t end = hover.wait->end_ns >= 0 ? hover.wait->end_ns : now_ns;
        format_duration(end - hover.wait->begin_ns, a, sizeof a);
        const TaskView* t = model.task(hover.wait->task);
        ImGui::SetTooltip("MainThread blocked in %s\n%s%sfor %s%s", wait_kind_label(hover.wait->kind),
                          t ? "waiting on " : "", t ? (t->name + "\n").c_str() : "", a,
                          hover.wait->end_ns < 0                            ? " (still waiting)"
                          : hover.wait->flags & EventFlags::TimedOut ? ", then timed out (TimeoutError)"
                                                                      : "");
        return;
    }
    case W::Mark: {
        const Mark& m = *hover.mark;
        const TaskView* t = model.task(m.task);
        const std::string name = t ? t->name : "?";
        format_duration(m.time_ns, a, sizeof a);
        switch (m.kind) {
        case MarkKind::Submit: ImGui::SetTooltip("submit(%s)\nat t = %s", name.c_str(), a); break;
        case MarkKind::MapYield: ImGui::SetTooltip("map yielded result #%lld: %s\nat t = %s", static_cast<long long>(m.value), name.c_str(), a); break;
        case MarkKind::ResultConsumed: ImGui::SetTooltip("result of %s consumed\nat t = %s", name.c_str(), a); break;
        default: ImGui::SetTooltip("cancel(%s)\nat t = %s", name.c_str(), a); break;
        }
        return;
    }
    }
}

void draw_axis(ImDrawList* dl, const TimelineView& view, float left, float width, float top, float axis_h, float bottom) {
    const Palette& pal = palette();
    // Labels grow with the font (large UI scales, the 2x slide): keep them from running into each other.
    const std::int64_t step = grid_step(view.px_per_ns(width), std::max(110.0f, ImGui::GetFontSize() * 6.5f));
    std::int64_t t = (view.t0 / step) * step;
    if (t < view.t0) t += step;
    char label[32];
    for (; t <= view.t1; t += step) {
        const float x = view.x_of(t, left, width);
        dl->AddLine(ImVec2(x, top + axis_h - 4), ImVec2(x, bottom), pal.grid);
        format_time_label(t, step, label, sizeof label);
        if (x + 3 + ImGui::CalcTextSize(label).x <= left + width) dl->AddText(ImVec2(x + 3, top + 1), pal.grid_text, label);
    }
    dl->AddLine(ImVec2(left, top + axis_h), ImVec2(left + width, top + axis_h), pal.grid);
}

/// A full-height line with its label on the right, or on the left when it would run off the canvas.
/// The label goes just below the lanes, on a background so it reads over anything.
void vertical_line(ImDrawList* dl, float x, float y0, float y1, ImU32 col, float thickness, const char* label, float left,
                   float right) {
    const float font = ImGui::GetFontSize();
    dl->AddLine(ImVec2(x, y0), ImVec2(x, y1 + font + 4), col, thickness);
    if (!label) return;
    const float w = ImGui::CalcTextSize(label).x;
    float lx = x + 4 + w > right ? x - 6 - w : x + 4;
    lx = std::max(lx, left + 2);  // a long label near both edges: keep its start readable
    dl->AddRectFilled(ImVec2(lx - 2, y1 + 2), ImVec2(lx + w + 2, y1 + font + 4), palette().canvas_bg, 3.0f);
    dl->AddText(ImVec2(lx, y1 + 3), col, label);
}

/// What the virtual clock found: every thread blocked, and on what. Real Python would hang here.
void deadlock_banner(ImDrawList* dl, const std::string& report, ImVec2 p, float right) {
    const Palette& pal = palette();
    const std::string text = "DEADLOCK (real Python would hang here)\n" +
                             (report.empty() ? std::string("every thread is blocked and nothing can wake them") : report);
    const float wrap = right - p.x - 16;
    const ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, wrap);
    dl->AddRectFilled(p, ImVec2(p.x + size.x + 16, p.y + size.y + 12), pal.canvas_bg, 4.0f);
    dl->AddRect(p, ImVec2(p.x + size.x + 16, p.y + size.y + 12), pal.raised, 4.0f, 0, 2.0f);
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(p.x + 8, p.y + 6), pal.text, text.c_str(), nullptr, wrap);
}

/// One line explaining the symbols, at the bottom of the canvas.
void draw_legend(ImDrawList* dl, ImVec2 p, bool gil) {
    const Palette& pal = palette();
    const float s = ImGui::GetFontSize() * 0.7f;
    const float cy = p.y + ImGui::GetFontSize() * 0.5f;
    const ImU32 col = pal.text_dim;
    auto text = [&](const char* t) {
        dl->AddText(ImVec2(p.x, p.y), col, t);
        p.x += ImGui::CalcTextSize(t).x + s * 1.5f;
    };
    dl->AddTriangleFilled(ImVec2(p.x, cy - s * 0.5f), ImVec2(p.x + s, cy - s * 0.5f), ImVec2(p.x + s * 0.5f, cy + s * 0.5f), col);
    p.x += s * 1.4f;
    text("submit()");
    dl->AddQuadFilled(ImVec2(p.x + s * 0.5f, cy - s * 0.5f), ImVec2(p.x + s, cy), ImVec2(p.x + s * 0.5f, cy + s * 0.5f), ImVec2(p.x, cy), col);
    p.x += s * 1.4f;
    text("map yields a result");
    dl->AddCircleFilled(ImVec2(p.x + s * 0.5f, cy), s * 0.5f, col);
    p.x += s * 1.4f;
    text("result() returns");
    if (gil) {
        dl->AddRectFilled(ImVec2(p.x, cy - s * 0.2f), ImVec2(p.x + s * 2, cy + s * 0.2f), pal.gil);
        p.x += s * 2.4f;
        text("holds the GIL (dimmed: waits for it)");
    }
    dl->AddRectFilled(ImVec2(p.x, cy - s * 0.5f), ImVec2(p.x + s * 2, cy - s * 0.1f), with_alpha(col, 0.6f));
    p.x += s * 2.4f;
    text("waiting in the queue");
    dl->AddRectFilled(ImVec2(p.x, cy - s * 0.5f), ImVec2(p.x + s * 2, cy + s * 0.5f), pal.main_wait);
    p.x += s * 2.4f;
    text("MainThread blocked");
    dl->AddRectFilled(ImVec2(p.x, cy - s * 0.5f), ImVec2(p.x + s * 2, cy + s * 0.5f), pal.merged);
    p.x += s * 2.4f;
    text("tasks folded (zoom in)");
}

}  // namespace

void TimelinePanel::draw(const RunModel& model, const RunModel* previous, ViewState& view) {
    const Palette& pal = palette();
    const float font = ImGui::GetFontSize();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImVec2 size = ImGui::GetContentRegionAvail();
    size.x = std::max(size.x, 100.0f);
    size.y = std::max(size.y, 80.0f);

    // ---- Layout: label column | time area; axis on top; current lanes, then the previous run ----
    const auto& lanes = model.lanes();
    const auto* prev_lanes = previous ? &previous->lanes() : nullptr;
    float label_w = ImGui::CalcTextSize("MainThread").x;
    for (const Lane& lane : lanes) label_w = std::max(label_w, ImGui::CalcTextSize(lane.name.c_str()).x);
    label_w += font * 1.2f;
    const float axis_h = font + 6;
    const std::size_t n_now = std::max<std::size_t>(lanes.size(), 1);
    const std::size_t n_prev = prev_lanes ? prev_lanes->size() : 0;
    const float prev_header = n_prev ? font + 8 : 0;
    const float labels_h = font + 8;  // under the lanes: shutdown/previous-run labels
    const float legend_h = m_show_legend ? font + 8 : 4.0f;
    const float viewport_top = origin.y + axis_h + 2;
    const float viewport_bottom = origin.y + size.y - legend_h;
    const float viewport_h = std::max(viewport_bottom - viewport_top, 10.0f);
    // Lanes share the height (previous-run lanes count 0.6: they are for comparison, not for reading) but
    // never get thinner than a readable label; then the lanes scroll (Shift+wheel, or wheel over names).
    const float weight = static_cast<float>(n_now) + 0.6f * static_cast<float>(n_prev);
    const float lane_h = std::clamp((viewport_h - labels_h - prev_header) / weight, font * 1.15f, font * 3.6f);
    const float prev_lane_h = lane_h * 0.6f;
    const float content_h = lane_h * static_cast<float>(n_now) + labels_h + prev_header + prev_lane_h * static_cast<float>(n_prev);
    const float max_scroll = std::max(0.0f, content_h - viewport_h);
    const float left = origin.x + label_w, width = size.x - label_w - 4;

    // ---- Input ----
    ImGui::InvisibleButton("##timeline", size, ImGuiButtonFlags_MouseButtonLeft);
    const bool hovered = ImGui::IsItemHovered();
    const ImGuiIO& io = ImGui::GetIO();
    TimelineView& tv = view.timeline;
    std::int64_t extent = std::max({model.end_time_ns(), view.now_ns, view.expected_end_ns});
    if (previous) extent = std::max(extent, previous->end_time_ns());
    if (hovered && io.MouseWheel != 0.0f) {
        if (io.KeyShift || io.MousePos.x < left) m_scroll_y -= io.MouseWheel * lane_h * 2.0f;
        else tv.zoom_at(tv.t_of(io.MousePos.x, left, width), std::pow(0.8, static_cast<double>(io.MouseWheel)));
    }
    m_scroll_y = std::clamp(m_scroll_y, 0.0f, max_scroll);
    if (hovered && io.MouseWheelH != 0.0f)
        tv.pan(static_cast<std::int64_t>(-io.MouseWheelH * 60.0f / static_cast<float>(tv.px_per_ns(width))));
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f) && io.MouseDelta.x != 0.0f)
        tv.pan(static_cast<std::int64_t>(-io.MouseDelta.x / tv.px_per_ns(width)));
    if (hovered && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) tv.follow = true;
    if (tv.follow) tv.fit(0, extent);

    // ---- Drawing ----
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 max(origin.x + size.x, origin.y + size.y);
    dl->PushClipRect(origin, max, true);
    dl->AddRectFilled(origin, max, pal.canvas_bg);
    draw_axis(dl, tv, left, width, origin.y, axis_h, max.y);

    LaneCanvas canvas;
    canvas.draw = dl;
    canvas.view = &tv;
    canvas.left = left;
    canvas.width = width;
    canvas.now_ns = view.now_ns;
    canvas.mouse = io.MousePos;
    canvas.hover_enabled = hovered && !ImGui::IsItemActive() && io.MousePos.y >= viewport_top && io.MousePos.y < viewport_bottom;
    canvas.highlight_task = view.hovered_task_prev_frame;
    TimelineHover hover;

    auto draw_lanes = [&](const RunModel& m, float y, float h, float alpha) {
        canvas.alpha = alpha;
        const auto& ls = m.lanes();
        for (std::size_t i = 0; i < ls.size(); ++i) {
            const float y0 = y + h * static_cast<float>(i), y1 = y0 + h;
            if (y1 < viewport_top || y0 > viewport_bottom) continue;  // scrolled out of view
            dl->AddRectFilled(ImVec2(origin.x, y0), ImVec2(max.x, y1), with_alpha(i % 2 ? pal.lane_bg_odd : pal.lane_bg_even, 0.6f));
            dl->PushClipRect(ImVec2(left, y0), ImVec2(left + width, y1), true);
            if (i == 0) draw_main_lane(canvas, m, ls[i], y0, y1, hover);
            else draw_worker_lane(canvas, m, ls[i], y0, y1, hover);
            dl->PopClipRect();
            if (h >= font * 0.9f) {
                const ImVec4 clip(origin.x, y0, left - 4, y1);
                dl->AddText(ImGui::GetFont(), font, ImVec2(origin.x + 6, y0 + (h - font) * 0.5f),
                            with_alpha(pal.lane_label, alpha > 0.9f ? 1.0f : 0.55f), ls[i].name.c_str(), nullptr, 0, &clip);
            }
        }
    };
    const float lanes_top = viewport_top - m_scroll_y;
    dl->PushClipRect(ImVec2(origin.x, viewport_top), ImVec2(max.x, viewport_bottom), true);
    draw_lanes(model, lanes_top, lane_h, 1.0f);
    const float lanes_bottom = lanes_top + lane_h * static_cast<float>(lanes.size());

    dl->PushClipRect(ImVec2(left, viewport_top), ImVec2(max.x, viewport_bottom), true);
    if (previous && n_prev) {
        const float py = lanes_bottom + font + 8;
        // The dashed line on the current lanes marks where the previous run ended; its time goes here.
        const std::int64_t prev_end = previous->end_time_ns();
        char text[128], d[32];
        format_duration(prev_end, d, sizeof d);
        std::snprintf(text, sizeof text, "previous run (max_workers = %d, done at %s), faded for comparison; dashed line: its end",
                      previous->max_workers(), d);
        dl->AddLine(ImVec2(origin.x, py), ImVec2(max.x, py), pal.grid, 1.0f);
        dl->PopClipRect();
        dl->AddText(ImVec2(origin.x + 6, py + 3), pal.text_dim, text);
        canvas.hover_enabled = false;  // tooltips describe the current run only
        draw_lanes(*previous, py + prev_header, prev_lane_h, 0.35f);
        dl->PushClipRect(ImVec2(left, viewport_top), ImVec2(max.x, viewport_bottom), true);
        if (prev_end > 0) {
            const float x = tv.x_of(prev_end, left, width);
            for (float y = lanes_top; y < lanes_bottom; y += 8) dl->AddLine(ImVec2(x, y), ImVec2(x, std::min(y + 4, lanes_bottom)), pal.text_dim, 1.5f);
        }
    }

    // ---- Overlays across the current lanes: shutdown, deadlock, now ----
    if (model.shutdown_begin_ns() >= 0) {
        const float x = tv.x_of(model.shutdown_begin_ns(), left, width);
        const std::uint8_t f = model.shutdown_flags();
        char label[96];
        std::snprintf(label, sizeof label, "shutdown(wait=%s%s)", f & EventFlags::ShutdownWait ? "True" : "False",
                      f & EventFlags::ShutdownCancelFutures ? ", cancel_futures=True" : "");
        vertical_line(dl, x, lanes_top, lanes_bottom, pal.shutdown, 2.0f, label, left, left + width);
    }
    if (model.deadlocked()) {
        const float x = tv.x_of(model.end_time_ns(), left, width);
        vertical_line(dl, x, lanes_top, lanes_bottom, pal.raised, 3.0f, nullptr, left, left + width);
        deadlock_banner(dl, view.deadlock_report, ImVec2(left + font, lanes_bottom + font + 10), max.x - font);
    }
    dl->PopClipRect();
    dl->PopClipRect();
    if (view.live) {
        const float x = tv.x_of(view.now_ns, left, width);
        if (x >= left && x <= left + width) {
            dl->AddLine(ImVec2(x, origin.y), ImVec2(x, std::min(lanes_bottom, viewport_bottom)), pal.now_line, 2.0f);
            dl->AddTriangleFilled(ImVec2(x - 6, origin.y), ImVec2(x + 6, origin.y), ImVec2(x, origin.y + 8), pal.now_line);
        }
    }
    if (max_scroll > 0) {  // where the visible lanes sit among all of them
        const float thumb = std::max(viewport_h * viewport_h / content_h, font);
        const float ty = viewport_top + (viewport_h - thumb) * (m_scroll_y / max_scroll);
        dl->AddRectFilled(ImVec2(max.x - 6, viewport_top), ImVec2(max.x - 1, viewport_bottom), with_alpha(pal.grid, 0.5f), 2.0f);
        dl->AddRectFilled(ImVec2(max.x - 6, ty), ImVec2(max.x - 1, ty + thumb), pal.text_dim, 2.0f);
    }
    const bool gil = std::any_of(lanes.begin(), lanes.end(), [](const Lane& l) { return !l.gil_holds.empty(); });
    if (m_show_legend) draw_legend(dl, ImVec2(origin.x + 6, max.y - font - 4), gil);
    dl->PopClipRect();

    // Block geometry as draw_worker_lane lays it out: the queue strip on top, then the block.
    m_block_samples.clear();
    for (std::size_t i = 1; i < lanes.size(); ++i) {
        if (lanes[i].runs.empty()) continue;
        const TaskRun& r = lanes[i].runs.front();
        const float y0 = lanes_top + lane_h * static_cast<float>(i), y1 = y0 + lane_h;
        const float block_y0 = y0 + std::max(3.0f, lane_h * 0.22f) + 1;
        const float x0 = tv.x_of(r.start_ns, left, width);
        const float x1 = tv.x_of(r.end_ns >= 0 ? r.end_ns : std::max(view.now_ns, r.start_ns), left, width);
        const float x = std::floor((x0 + x1) * 0.5f), y = std::floor(block_y0 + 3);
        if (x1 - x0 < 8 || x < left || x > left + width || y < viewport_top || y1 > viewport_bottom) continue;
        const ImU32 c = task_color(r.task);
        char buf[64];
        std::snprintf(buf, sizeof buf, "%d:%d:%02X%02X%02X", static_cast<int>(x), static_cast<int>(y), c & 0xFF,
                      (c >> 8) & 0xFF, (c >> 16) & 0xFF);
        m_block_samples.emplace_back(buf);
    }
    m_blocks_drawn = canvas.blocks_drawn;
    m_folds_drawn = canvas.folds_drawn;
    if (hover.task != 0) view.hovered_task = hover.task;
    if (hovered && !ImGui::IsItemActive()) hover_tooltip(model, hover, view.live ? view.now_ns : model.end_time_ns());
}

}  // namespace poolscope::gui
