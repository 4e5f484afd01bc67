// timeline_lanes.cpp — per-lane drawing for the timeline panel.
// Worker lane layout, top to bottom: queue-wait strip (how long the task that runs next here sat in the
// queue), task blocks, GIL strip. Queue-wait pieces are made disjoint ([max(submit_i, start_i-1),
// start_i]) so they can be culled and folded exactly like blocks, and each still ends at its block.
#include "panels/timeline_lanes.hpp"

#include <algorithm>
#include <cstdio>
#include <span>

#include "fonts.hpp"
#include "theme.hpp"

namespace poolscope::gui {

namespace {

constexpr float min_visible_px = 3.0f;  // Tracy's MinVisSize: narrower blocks are folded together

bool mouse_in(const LaneCanvas& c, float x0, float y0, float x1, float y1) {
    return c.hover_enabled && c.mouse.x >= x0 && c.mouse.x < x1 && c.mouse.y >= y0 && c.mouse.y < y1;
}

/// Text clipped to [x0, x1], vertically centred in [y0, y1]; skipped when there is no room for a glyph.
void label_in(ImDrawList* dl, float x0, float y0, float x1, float y1, ImU32 color, const char* text) {
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    if (x1 - x0 < size * 0.9f || y1 - y0 < size * 0.8f) return;
    const ImVec4 clip(x0 + 2, y0, x1 - 2, y1);
    dl->AddText(font, size, ImVec2(x0 + 4, (y0 + y1 - size) * 0.5f), color, text, nullptr, 0.0f, &clip);
}

/// Visits [begin, end) segments given as (x0, x1), sorted and not overlapping, and calls
/// emit(x0, x1, first_index, count) with runs of consecutive sub-3-px segments folded into one.
/// `skip_to(x, from)` returns the first index >= from whose segment ends at or after x: inside a fold,
/// everything ending within 3 px of the fold is jumped over by binary search (Tracy does the same), so a
/// lane costs O(pixels x log n), not O(n).
template <class SegmentAt, class SkipTo, class Emit>
void fold_segments(std::size_t begin, std::size_t end, SegmentAt segment_at, SkipTo skip_to, Emit emit) {
    std::size_t i = begin;
    while (i < end) {
        auto [x0, x1] = segment_at(i);
        if (x1 - x0 >= min_visible_px) {
            emit(x0, x1, i, 1);
            ++i;
            continue;
        }
        const std::size_t first = i;
        float fold_end = x1;
        ++i;
        while (i < end) {
            const std::size_t j = std::min(end, skip_to(fold_end + min_visible_px, i));
            if (j > i) {
                fold_end = std::max(fold_end, segment_at(j - 1).second);
                i = j;
                continue;
            }
            auto [nx0, nx1] = segment_at(i);
            if (nx1 - nx0 >= min_visible_px || nx0 - fold_end >= min_visible_px) break;
            fold_end = std::max(fold_end, nx1);
            ++i;
        }
        emit(x0, std::max(fold_end, x0 + 1.0f), first, static_cast<int>(i - first));
    }
}

}  // namespace

const char* wait_kind_label(std::int64_t kind) {
    switch (static_cast<WaitKind>(kind)) {
    case WaitKind::Result: return "result()";
    case WaitKind::Exception: return "exception()";
    case WaitKind::Map: return "map: next()";
    case WaitKind::AsCompleted: return "as_completed()";
    case WaitKind::Wait: return "wait()";
    case WaitKind::Join: return "shutdown(): join";
    case WaitKind::Gil: return "waiting for the GIL";
    }
    return "blocked";
}

void draw_worker_lane(LaneCanvas& c, const RunModel& model, const Lane& lane, float y0, float y1,
                      TimelineHover& hover) {
    const Palette& pal = palette();
    ImDrawList* dl = c.draw;
    const float h = y1 - y0;
    const float wait_y0 = y0 + 2, wait_y1 = y0 + std::max(3.0f, h * 0.22f);
    const float block_y0 = wait_y1 + 1, block_y1 = y1 - std::max(3.0f, h * 0.13f);
    const std::int64_t t0 = c.view->t0, t1 = c.view->t1;

    // The lane exists from spawn to exit: a slightly lighter band shows the thread's lifetime.
    if (lane.spawn_ns >= 0) {
        const std::int64_t end = lane.exit_ns >= 0 ? lane.exit_ns : std::max(c.now_ns, lane.spawn_ns);
        const float bx0 = std::max(c.x_of(lane.spawn_ns), c.left - 2), bx1 = std::min(c.x_of(end), c.right() + 2);
        if (bx1 > bx0) dl->AddRectFilled(ImVec2(bx0, y0 + 1), ImVec2(bx1, y1 - 1), with_alpha(pal.lane_bg_odd, c.alpha));
        if (lane.exit_ns >= 0 && bx1 < c.right())
            dl->AddLine(ImVec2(bx1, y0 + 2), ImVec2(bx1, y1 - 2), with_alpha(pal.text_dim, c.alpha), 2.0f);
        if (bx0 > c.left) dl->AddLine(ImVec2(bx0, y0 + 2), ImVec2(bx0, y1 - 2), with_alpha(pal.text_dim, c.alpha), 2.0f);
    }

    const auto& runs = lane.runs;
    if (runs.empty()) return;
    const auto& tasks = model.tasks();
    auto task_at = [&](std::uint64_t id) -> const TaskView* { return id >= 1 && id <= tasks.size() ? &tasks[id - 1] : nullptr; };
    auto run_end = [&](const TaskRun& r) { return r.end_ns >= 0 ? r.end_ns : std::max(c.now_ns, r.start_ns); };

    // Visible runs: first run ending after t0 .. first run starting after t1 (runs never overlap).
    auto first = std::lower_bound(runs.begin(), runs.end(), t0,
                                  [&](const TaskRun& r, std::int64_t t) { return run_end(r) < t; });
    auto last = std::upper_bound(first, runs.end(), t1, [](std::int64_t t, const TaskRun& r) { return t < r.start_ns; });
    const auto b = static_cast<std::size_t>(first - runs.begin());
    const auto e = static_cast<std::size_t>(last - runs.begin());

    // ---- Queue waits: piece i = [max(submit_i, start_{i-1}), start_i]; one more past the view ----
    const std::size_t wait_end = std::min(runs.size(), e + 1);
    auto wait_piece = [&](std::size_t i) -> std::pair<float, float> {
        const TaskView* t = task_at(runs[i].task);
        std::int64_t from = t && t->submit_ns >= 0 ? t->submit_ns : runs[i].start_ns;
        if (i > 0) from = std::max(from, runs[i - 1].start_ns);
        return {std::max(c.x_of(from), c.left - 2), std::min(c.x_of(runs[i].start_ns), c.right() + 2)};
    };
    auto t_at = [&](float x) { return c.view->t_of(x, c.left, c.width); };
    auto skip_pieces = [&](float x, std::size_t from) {  // a piece ends where its run starts
        const std::int64_t t = t_at(x);
        return static_cast<std::size_t>(std::lower_bound(runs.begin() + static_cast<std::ptrdiff_t>(from), runs.end(), t,
                                                         [](const TaskRun& r, std::int64_t v) { return r.start_ns < v; }) -
                                        runs.begin());
    };
    auto skip_runs = [&](float x, std::size_t from) {
        const std::int64_t t = t_at(x);
        return static_cast<std::size_t>(std::lower_bound(runs.begin() + static_cast<std::ptrdiff_t>(from), runs.end(), t,
                                                         [&](const TaskRun& r, std::int64_t v) { return run_end(r) < v; }) -
                                        runs.begin());
    };
    fold_segments(b, wait_end, wait_piece, skip_pieces, [&](float x0, float x1, std::size_t i, int count) {
        if (x1 <= x0) return;
        const ImU32 col = count == 1 ? task_color(runs[i].task, 0.55f * c.alpha) : with_alpha(pal.merged, 0.5f * c.alpha);
        dl->AddRectFilled(ImVec2(x0, wait_y0), ImVec2(x1, wait_y1), col);
        if (count == 1 && mouse_in(c, x0, wait_y0, x1, wait_y1)) {
            hover.what = TimelineHover::What::QueueWait;
            hover.task = runs[i].task;
        }
    });

    // ---- Task blocks ----
    fold_segments(b, e, [&](std::size_t i) -> std::pair<float, float> {
        return {std::max(c.x_of(runs[i].start_ns), c.left - 2), std::min(c.x_of(run_end(runs[i])), c.right() + 2)};
    }, skip_runs, [&](float x0, float x1, std::size_t i, int count) {
        const TaskRun& r = runs[i];
        if (count > 1) {
            ++c.folds_drawn;
            dl->AddRectFilled(ImVec2(x0, block_y0), ImVec2(std::max(x1, x0 + 3), block_y1), with_alpha(pal.merged, c.alpha));
            if (mouse_in(c, x0, block_y0, x1 + 1, block_y1)) {
                hover.what = TimelineHover::What::Folded;
                hover.folded_count = count;
                hover.t0 = r.start_ns;
                hover.t1 = run_end(runs[i + static_cast<std::size_t>(count) - 1]);
            }
            return;
        }
        ++c.blocks_drawn;
        const TaskView* t = task_at(r.task);
        const ImU32 fill = task_color(r.task, c.alpha);
        x1 = std::max(x1, x0 + 3);  // an instant task (virtual time) still shows as a sliver
        dl->AddRectFilled(ImVec2(x0, block_y0), ImVec2(x1, block_y1), fill, 2.0f);
        if (t && t->outcome == TaskState::Raised && r.end_ns >= 0)
            dl->AddRect(ImVec2(x0, block_y0), ImVec2(x1, block_y1), with_alpha(pal.raised, c.alpha), 2.0f, 0, 3.0f);
        if (r.task == c.highlight_task)
            dl->AddRect(ImVec2(x0 - 1, block_y0 - 1), ImVec2(x1 + 1, block_y1 + 1), pal.text, 2.0f, 0, 2.0f);
        if (r.end_ns < 0)  // still running: an open right edge
            dl->AddRectFilled(ImVec2(std::max(x0, x1 - 3), block_y0), ImVec2(x1, block_y1), with_alpha(pal.now_line, c.alpha));
        if (t && x1 - x0 > 12) {
            const char* text = t->name.c_str();
            char buf[160];
            if (t->outcome == TaskState::Raised && r.end_ns >= 0) {
                std::snprintf(buf, sizeof buf, "%s  raised", t->name.c_str());
                text = buf;
            }
            label_in(dl, x0, block_y0, x1, block_y1, with_alpha(text_on(fill), c.alpha > 0.9f ? 1.0f : 0.6f), text);
        }
        if (mouse_in(c, x0, block_y0, std::max(x1, x0 + 3), block_y1)) {
            hover.what = TimelineHover::What::Task;
            hover.task = r.task;
        }
    });

    // ---- GIL: time spent waiting for it dims the block; holding it shows as a strip under the block
    // (only lessons with the simulated GIL have these) ----
    const auto& gil_waits = lane.gil_waits;
    auto gw = std::lower_bound(gil_waits.begin(), gil_waits.end(), t0, [&](const LaneInterval& iv, std::int64_t t) {
        return (iv.end_ns >= 0 ? iv.end_ns : c.now_ns) < t;
    });
    for (auto it = gw; it != gil_waits.end() && it->begin_ns <= t1; ++it) {
        const float x0 = std::max(c.x_of(it->begin_ns), c.left), x1 = std::min(c.x_of(it->end_ns >= 0 ? it->end_ns : c.now_ns), c.right());
        if (x1 - x0 < 1) continue;
        dl->AddRectFilled(ImVec2(x0, block_y0), ImVec2(x1, block_y1), with_alpha(pal.canvas_bg, 0.55f * c.alpha));
    }
    const auto& holds = lane.gil_holds;
    auto hb = std::lower_bound(holds.begin(), holds.end(), t0, [&](const LaneInterval& iv, std::int64_t t) {
        return (iv.end_ns >= 0 ? iv.end_ns : c.now_ns) < t;
    });
    for (auto it = hb; it != holds.end() && it->begin_ns <= t1; ++it) {
        const float x0 = std::max(c.x_of(it->begin_ns), c.left), x1 = std::min(c.x_of(it->end_ns >= 0 ? it->end_ns : c.now_ns), c.right());
        if (x1 - x0 < 1) continue;
        dl->AddRectFilled(ImVec2(x0, block_y1 + 1), ImVec2(x1, y1 - 1), with_alpha(pal.gil, c.alpha));
    }
}

void draw_main_lane(LaneCanvas& c, const RunModel& model, const Lane& lane, float y0, float y1, TimelineHover& hover) {
    const Palette& pal = palette();
    ImDrawList* dl = c.draw;
    const float h = y1 - y0;
    const float mark_y0 = y0 + 2, mark_y1 = y0 + std::max(8.0f, h * 0.42f);
    const float bar_y0 = mark_y1 + 2, bar_y1 = y1 - 3;
    const std::int64_t t0 = c.view->t0, t1 = c.view->t1;

    // ---- Blocking waits: result(), map's next(), wait(), as_completed(), shutdown's join ----
    const auto& waits = lane.waits;
    auto wb = std::lower_bound(waits.begin(), waits.end(), t0, [&](const LaneInterval& iv, std::int64_t t) {
        return iv.begin_ns < t && (iv.end_ns >= 0 ? iv.end_ns : c.now_ns) < t;
    });
    float last_x1 = -1e9f;
    auto wait_end = [&](const LaneInterval& iv) { return iv.end_ns >= 0 ? iv.end_ns : std::max(c.now_ns, iv.begin_ns); };
    for (auto it = wb; it != waits.end() && it->begin_ns <= t1; ++it) {
        const std::int64_t end = wait_end(*it);
        float x0 = std::max(c.x_of(it->begin_ns), c.left - 2), x1 = std::min(c.x_of(end), c.right() + 2);
        if (x1 < c.left || x1 - last_x1 < 1.0f) {
            // Within a pixel of the last bar drawn: jump to the first wait ending a pixel further on.
            const std::int64_t t = c.view->t_of(std::max(last_x1, c.left) + 1.0f, c.left, c.width);
            auto next = std::lower_bound(it + 1, waits.end(), t, [&](const LaneInterval& iv, std::int64_t v) { return wait_end(iv) < v; });
            it = next - 1;
            continue;
        }
        x1 = std::max(x1, x0 + 2);
        last_x1 = x1;
        dl->AddRectFilled(ImVec2(x0, bar_y0), ImVec2(x1, bar_y1), with_alpha(pal.main_wait, c.alpha), 2.0f);
        if (it->task != 0 && x1 - x0 > 4)
            dl->AddRect(ImVec2(x0, bar_y0), ImVec2(x1, bar_y1), task_color(it->task, c.alpha), 2.0f, 0, 2.5f);
        char text[200];
        const TaskView* t = model.task(it->task);
        if (t) std::snprintf(text, sizeof text, "%s  %s", wait_kind_label(it->kind), t->name.c_str());
        else std::snprintf(text, sizeof text, "%s", wait_kind_label(it->kind));
        label_in(dl, x0, bar_y0, x1, bar_y1, with_alpha(pal.main_wait_text, c.alpha), text);
        if (it->flags & EventFlags::TimedOut)  // the wait gave up: TimeoutError at its right end
            dl->AddRectFilled(ImVec2(x1 - 4, bar_y0 - 2), ImVec2(x1, bar_y1 + 2), with_alpha(pal.raised, c.alpha));
        if (mouse_in(c, x0, bar_y0, x1, bar_y1)) {
            hover.what = TimelineHover::What::MainWait;
            hover.wait = &*it;
            hover.task = it->task;
        }
    }

    // ---- Point marks. Marks of one instant (virtual time often puts every submit at t=0) form a burst:
    // side by side in submission order, narrower the more there are, never wider than 3 marks; past
    // what fits, a "+N" counts the rest. A burst that would land on the previous one is pushed right by
    // at most 3 marks, else it folds into a grey strip (dense regions of big runs). ----
    const float mw = std::max(6.0f, (mark_y1 - mark_y0) * 0.8f);
    const float burst_w = mw * 3.0f + 2.0f;
    float next_x = -1e9f;
    float dense_x0 = 0, dense_x1 = -1e9f;
    auto flush_dense = [&]() {
        if (dense_x1 > dense_x0)
            dl->AddRectFilled(ImVec2(dense_x0, mark_y1 - 3), ImVec2(dense_x1, mark_y1), with_alpha(pal.merged, c.alpha));
        dense_x1 = -1e9f;
    };
    const std::span<const Mark> marks = model.marks_in(t0, t1 + 1);
    auto drawable = [](const Mark& m) {
        return m.kind == MarkKind::Submit || m.kind == MarkKind::MapYield || m.kind == MarkKind::ResultConsumed ||
               m.kind == MarkKind::Cancel;
    };
    auto first_from = [&](std::size_t from, std::int64_t t) {  // first mark at or after time t
        return static_cast<std::size_t>(std::lower_bound(marks.begin() + static_cast<std::ptrdiff_t>(from), marks.end(), t,
                                                         [](const Mark& mk, std::int64_t v) { return mk.time_ns < v; }) -
                                        marks.begin());
    };
    const float cy = (mark_y0 + mark_y1) * 0.5f;
    std::size_t k = 0;
    while (k < marks.size()) {
        const std::int64_t t = marks[k].time_ns;
        const std::size_t j = std::max(k + 1, first_from(k, t + 1));  // [k, j): one instant
        std::size_t n = 0;
        if (j - k <= 4096) {
            for (std::size_t q = k; q < j; ++q) n += drawable(marks[q]) ? 1 : 0;
        } else {
            n = j - k;  // huge bursts: close enough for "+N"
        }
        if (n == 0) {
            k = j;
            continue;
        }
        const float x = c.x_of(t);
        const float start = std::max(next_x, x - mw * 0.5f);
        if (start - (x - mw * 0.5f) > burst_w) {
            // No room: fold this and every burst up to where the strip stops growing.
            if (x - mw * 0.5f > dense_x1 + 2.0f) {
                flush_dense();
                dense_x0 = x - mw * 0.5f;
            }
            dense_x1 = x + mw * 0.5f;
            const float limit_x = std::min(dense_x1 + 2.0f, next_x + mw * 0.5f - burst_w);
            const std::size_t jump = std::max(j, first_from(j, c.view->t_of(limit_x, c.left, c.width)));
            if (jump > j) dense_x1 = std::max(dense_x1, c.x_of(marks[jump - 1].time_ns) + mw * 0.5f);
            k = jump;
            continue;
        }
        flush_dense();
        const float w = n <= 3 ? mw : std::max(3.0f, (burst_w - 2.0f) / static_cast<float>(n) - 1.0f);
        const float gap = n <= 3 ? 1.0f : 1.0f;
        const std::size_t fits = std::max<std::size_t>(1, static_cast<std::size_t>((burst_w + gap) / (w + gap)));
        float mx0 = start;
        std::size_t drawn = 0;
        for (std::size_t q = k; q < j && drawn < fits; ++q) {
            const Mark& m = marks[q];
            if (!drawable(m)) continue;
            ++drawn;
            const float cx = mx0 + w * 0.5f;
            const ImU32 col = task_color(m.task, c.alpha);
            const ImU32 outline = with_alpha(pal.text, c.alpha);
            switch (m.kind) {
            case MarkKind::Submit:  // a downward triangle: "handed to the pool here"
                dl->AddTriangleFilled(ImVec2(mx0, mark_y0), ImVec2(mx0 + w, mark_y0), ImVec2(cx, mark_y1), col);
                break;
            case MarkKind::MapYield:  // a diamond: map handed this result back
                dl->AddQuadFilled(ImVec2(cx, mark_y0), ImVec2(mx0 + w, cy), ImVec2(cx, mark_y1), ImVec2(mx0, cy), col);
                if (w >= mw) dl->AddQuad(ImVec2(cx, mark_y0), ImVec2(mx0 + w, cy), ImVec2(cx, mark_y1), ImVec2(mx0, cy), outline);
                break;
            case MarkKind::ResultConsumed:  // a dot: result() returned this value
                if (w >= mw) {
                    dl->AddCircleFilled(ImVec2(cx, cy), w * 0.5f, col);
                    dl->AddCircle(ImVec2(cx, cy), w * 0.5f, outline);
                } else {
                    dl->AddRectFilled(ImVec2(mx0, cy - mw * 0.5f), ImVec2(mx0 + w, cy + mw * 0.5f), col, w * 0.5f);
                }
                break;
            default:  // Cancel: a cross
                dl->AddLine(ImVec2(mx0, mark_y0), ImVec2(mx0 + w, mark_y1), col, 2.5f);
                dl->AddLine(ImVec2(mx0 + w, mark_y0), ImVec2(mx0, mark_y1), col, 2.5f);
                break;
            }
            if (m.task == c.highlight_task && m.task != 0)
                dl->AddRect(ImVec2(mx0 - 2, mark_y0 - 1), ImVec2(mx0 + w + 2, mark_y1 + 1), pal.text, 0, 0, 1.5f);
            if (mouse_in(c, mx0, mark_y0, mx0 + w + gap, mark_y1)) {
                hover.what = TimelineHover::What::Mark;
                hover.mark = &m;
                hover.task = m.task;
            }
            mx0 += w + gap;
        }
        if (start > x - mw * 0.5f + 1.0f)  // pushed right: a tick on the lane's edge keeps the real time
            dl->AddLine(ImVec2(x, y0), ImVec2(x, mark_y0 + 3), with_alpha(pal.text_dim, c.alpha), 2.0f);
        if (n > drawn) {
            char more[32];
            std::snprintf(more, sizeof more, "+%zu", n - drawn);
            const ImVec2 size = ImGui::CalcTextSize(more);
            const ImVec2 p(mx0 + 1, mark_y0 - 2);
            dl->AddRectFilled(p, ImVec2(p.x + size.x + 4, p.y + size.y), with_alpha(pal.canvas_bg, 0.85f * c.alpha), 3.0f);
            dl->AddText(ImVec2(p.x + 2, p.y), with_alpha(pal.text, c.alpha), more);
            mx0 = p.x + size.x + 6;  // later marks go after the label, not under it
        }
        next_x = mx0;
        k = j;
    }
    flush_dense();
    (void)lane;
}

}  // namespace poolscope::gui
