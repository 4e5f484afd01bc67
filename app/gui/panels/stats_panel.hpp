// stats_panel.hpp — the Stats panel: makespan, speed-up over one worker (the same lesson re-run with
// max_workers=1 in virtual time), utilisation per worker, mean queue wait vs mean run time, peak queue.
// RunModel::stats() walks every task, so the panel recomputes it only when the model changed.
#pragma once

#include <optional>

#include "poolscope/trace/run_model.hpp"
#include "view_state.hpp"

namespace poolscope::gui {

class StatsPanel {
public:
    /// The same program re-run with one worker, for the speed-up figure.
    struct Reference {
        std::int64_t makespan_ns = 0;
        std::size_t returned = 0, raised = 0, cancelled = 0;
    };
    void draw(const RunModel& model, std::optional<Reference> one_worker, const ViewState& view);

private:
    const RunModel* m_model = nullptr;
    std::int64_t m_key[2] = {-1, -1};
    RunStats m_stats;
};

}  // namespace poolscope::gui
