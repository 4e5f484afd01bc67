// stats_panel.cpp — numbers about the run, as bars where a comparison is the point.
#include "panels/stats_panel.hpp"

#include <algorithm>
#include <cstdio>

#include "theme.hpp"
#include "timeline_view.hpp"

namespace poolscope::gui {

void StatsPanel::draw(const RunModel& model, std::optional<Reference> one_worker, const ViewState& view) {
    const std::int64_t key[2] = {static_cast<std::int64_t>(model.event_count()), model.end_time_ns()};
    if (&model != m_model || key[0] != m_key[0] || key[1] != m_key[1]) {
        m_model = &model;
        m_key[0] = key[0];
        m_key[1] = key[1];
        m_stats = model.stats();
    }
    const RunStats& s = m_stats;
    char a[32], b[32];
    format_duration(s.makespan_ns, a, sizeof a);
    ImGui::Text("makespan  %s%s", a, view.live ? "  (so far)" : "");
    if (one_worker && one_worker->makespan_ns > 0 && s.makespan_ns > 0 && !view.live) {
        format_duration(one_worker->makespan_ns, b, sizeof b);
        ImGui::Text("speed-up  %.2fx over one worker (%s)",
                    static_cast<double>(one_worker->makespan_ns) / static_cast<double>(s.makespan_ns), b);
        if (one_worker->returned != s.returned || one_worker->raised != s.raised || one_worker->cancelled != s.cancelled)
        {
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]);
            ImGui::TextWrapped("not the same work: with one worker %zu returned, %zu raised, %zu cancelled",
                               one_worker->returned, one_worker->raised, one_worker->cancelled);
            ImGui::PopStyleColor();
        }
    } else {
        ImGui::TextDisabled("speed-up  %s", view.live ? "when the run ends" : "n/a");
    }
    ImGui::Text("tasks     %zu submitted, %zu returned", s.submitted, s.returned);
    if (s.raised || s.cancelled) ImGui::Text("          %zu raised, %zu cancelled", s.raised, s.cancelled);
    ImGui::Text("peak queue %lld", static_cast<long long>(s.peak_queue_length));

    // Queue wait vs run time: the two bars share one scale so the bigger one is obvious.
    const double wait = s.mean_queue_wait_ns, run = s.mean_run_ns;
    const double scale = std::max({wait, run, 1.0});
    format_duration(static_cast<std::int64_t>(wait), a, sizeof a);
    format_duration(static_cast<std::int64_t>(run), b, sizeof b);
    const float bar_w = ImGui::GetContentRegionAvail().x * 0.55f;
    ImGui::ProgressBar(static_cast<float>(wait / scale), ImVec2(bar_w, 0), a);
    ImGui::SameLine();
    ImGui::TextUnformatted("mean queue wait");
    ImGui::ProgressBar(static_cast<float>(run / scale), ImVec2(bar_w, 0), b);
    ImGui::SameLine();
    ImGui::TextUnformatted("mean run time");

    ImGui::Separator();
    ImGui::TextDisabled("utilisation per worker (busy / makespan)");
    const auto& lanes = model.lanes();
    float name_w = 0;
    for (std::size_t i = 1; i < lanes.size(); ++i) name_w = std::max(name_w, ImGui::CalcTextSize(lanes[i].name.c_str()).x);
    name_w += ImGui::GetStyle().WindowPadding.x + ImGui::GetStyle().ItemSpacing.x;
    const std::size_t n = std::min(s.workers.size(), lanes.size() > 0 ? lanes.size() - 1 : 0);
    for (std::size_t w = 0; w < n && w < 64; ++w) {
        char pct[16];
        std::snprintf(pct, sizeof pct, "%.0f %%", s.workers[w].utilisation * 100.0);
        // Name first, bar in what is left: CPython's thread names are long.
        ImGui::TextUnformatted(lanes[w + 1].name.c_str());
        ImGui::SameLine(name_w);
        ImGui::ProgressBar(static_cast<float>(std::clamp(s.workers[w].utilisation, 0.0, 1.0)), ImVec2(-1, 0), pct);
    }
    if (n == 0) ImGui::TextDisabled("no worker started yet");
}

}  // namespace poolscope::gui
