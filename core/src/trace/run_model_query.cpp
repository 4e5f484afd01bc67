// run_model_query.cpp — RunModel's read side: scrubbing (state at t), culling by time range, the queue at
// t, orders and stats. Everything the GUI asks per frame is a binary search or linear in what it returns,
// except states_at/stats, which are linear in the number of tasks.
#include <algorithm>
#include <limits>

#include "poolscope/trace/run_model.hpp"

namespace poolscope {

namespace {
constexpr std::int64_t forever = std::numeric_limits<std::int64_t>::max();
}

const TaskView* RunModel::task(std::uint64_t id) const noexcept {
    return id >= 1 && id <= m_tasks.size() ? &m_tasks[id - 1] : nullptr;
}

int RunModel::lane_for_thread(std::int32_t thread) const noexcept {
    if (!is_worker_thread(thread)) return 0;
    const auto lane = static_cast<std::size_t>(thread) + 1;
    return lane < m_lanes.size() ? static_cast<int>(lane) : -1;
}

std::span<const TaskRun> RunModel::runs_in(std::size_t lane, std::int64_t t0, std::int64_t t1) const {
    if (lane >= m_lanes.size()) return {};
    const auto& runs = m_lanes[lane].runs;
    // Runs of one lane never overlap, so their ends are sorted like their starts (an open run is last).
    auto first = std::partition_point(runs.begin(), runs.end(),
                                      [&](const TaskRun& r) { return r.end_ns != no_time && r.end_ns < t0; });
    auto last = std::partition_point(first, runs.end(), [&](const TaskRun& r) { return r.start_ns < t1; });
    return {first, last};
}

std::span<const Mark> RunModel::marks_in(std::int64_t t0, std::int64_t t1) const {
    auto first = std::partition_point(m_marks.begin(), m_marks.end(), [&](const Mark& m) { return m.time_ns < t0; });
    auto last = std::partition_point(first, m_marks.end(), [&](const Mark& m) { return m.time_ns < t1; });
    return {first, last};
}

std::vector<std::uint64_t> RunModel::queue_at(std::int64_t t) const {
    const auto leave_of = [&](const OrderEntry& e) {
        const std::int64_t leave = m_tasks[e.task - 1].dequeue_ns;
        return leave == no_time ? forever : leave;
    };
    if (m_queue_cache_stale) {
        m_leave_prefix_max.resize(m_submit_order.size());
        std::int64_t running = std::numeric_limits<std::int64_t>::min();
        for (std::size_t i = 0; i < m_submit_order.size(); ++i) {
            running = std::max(running, leave_of(m_submit_order[i]));
            m_leave_prefix_max[i] = running;
        }
        m_queue_cache_stale = false;
    }
    // Everything before `first` has left by t (the running max of their leave times is <= t); everything
    // from `last` on was submitted after t. In FIFO order almost all of [first, last) is still queued.
    const auto first = static_cast<std::size_t>(
        std::partition_point(m_leave_prefix_max.begin(), m_leave_prefix_max.end(),
                             [&](std::int64_t leave) { return leave <= t; }) -
        m_leave_prefix_max.begin());
    const auto last = static_cast<std::size_t>(
        std::partition_point(m_submit_order.begin(), m_submit_order.end(),
                             [&](const OrderEntry& e) { return e.time_ns <= t; }) -
        m_submit_order.begin());
    std::vector<std::uint64_t> queued;
    for (std::size_t i = first; i < last; ++i) {
        if (leave_of(m_submit_order[i]) > t) queued.push_back(m_submit_order[i].task);
    }
    return queued;
}

std::int64_t RunModel::sample_at(const std::vector<CounterSample>& samples, std::int64_t t) noexcept {
    auto it = std::partition_point(samples.begin(), samples.end(), [&](const CounterSample& s) { return s.time_ns <= t; });
    return it == samples.begin() ? 0 : std::prev(it)->value;
}

namespace {
std::vector<std::uint64_t> ids_of(const auto& entries) {
    std::vector<std::uint64_t> ids;
    ids.reserve(entries.size());
    for (const auto& e : entries) ids.push_back(e.task);
    return ids;
}
}  // namespace

std::vector<std::uint64_t> RunModel::submission_order() const { return ids_of(m_submit_order); }

std::vector<std::uint64_t> RunModel::completion_order() const {
    std::vector<std::uint64_t> ids;
    ids.reserve(m_finish_order.size());
    for (const auto& e : m_finish_order) {
        const TaskState s = m_tasks[e.task - 1].outcome;
        if (s == TaskState::Returned || s == TaskState::Raised) ids.push_back(e.task);
    }
    return ids;
}

std::vector<std::uint64_t> RunModel::yield_order() const { return ids_of(m_yield_order); }

TaskState RunModel::task_state_at(std::uint64_t id, std::int64_t t) const noexcept {
    const TaskView* view = task(id);
    return view == nullptr ? TaskState::Pending : view->state_at(t);
}

std::vector<TaskState> RunModel::states_at(std::int64_t t) const {
    std::vector<TaskState> states;
    states.reserve(m_tasks.size());
    for (const TaskView& view : m_tasks) states.push_back(view.state_at(t));
    return states;
}

std::size_t RunModel::output_count_at(std::int64_t t) const noexcept {
    auto it = std::partition_point(m_output_marks.begin(), m_output_marks.end(), [&](const Mark& m) { return m.time_ns <= t; });
    return static_cast<std::size_t>(it - m_output_marks.begin());
}

std::int64_t RunModel::program_line_at(std::int64_t t) const noexcept {
    auto it = std::partition_point(m_program_marks.begin(), m_program_marks.end(), [&](const Mark& m) { return m.time_ns <= t; });
    return it == m_program_marks.begin() ? 0 : std::prev(it)->value;
}

RunStats RunModel::stats() const {
    RunStats stats;
    stats.peak_queue_length = m_peak_queue;
    double wait_sum = 0, run_sum = 0;
    std::size_t waits = 0, runs = 0;
    for (const TaskView& view : m_tasks) {
        if (view.submit_ns >= 0) {
            ++stats.submitted;
            if (stats.first_submit_ns == no_time || view.submit_ns < stats.first_submit_ns) stats.first_submit_ns = view.submit_ns;
        }
        switch (view.outcome) {
        case TaskState::Returned: ++stats.returned; break;
        case TaskState::Raised: ++stats.raised; break;
        case TaskState::Cancelled: ++stats.cancelled; break;
        default:
            if (view.submit_ns >= 0) ++stats.unfinished;
            break;
        }
        if (view.queue_wait_ns() >= 0) {
            wait_sum += static_cast<double>(view.queue_wait_ns());
            ++waits;
        }
        if (view.run_ns() >= 0) {
            run_sum += static_cast<double>(view.run_ns());
            ++runs;
        }
        // The run is over when the last task is: finished, cancelled, or (cut off) still running now.
        std::int64_t done = std::max(view.end_ns, view.cancel_ns);
        if (view.submit_ns >= 0 && done == no_time) done = m_end_ns;
        stats.last_end_ns = std::max(stats.last_end_ns, done);
    }
    if (stats.last_end_ns == no_time) stats.last_end_ns = m_shutdown_end_ns;
    if (stats.first_submit_ns != no_time && stats.last_end_ns != no_time)
        stats.makespan_ns = std::max<std::int64_t>(0, stats.last_end_ns - stats.first_submit_ns);
    stats.mean_queue_wait_ns = waits == 0 ? 0.0 : wait_sum / static_cast<double>(waits);
    stats.mean_run_ns = runs == 0 ? 0.0 : run_sum / static_cast<double>(runs);

    const std::size_t worker_lanes = m_lanes.size() - 1;
    stats.workers.resize(worker_lanes);
    for (std::size_t k = 0; k < worker_lanes; ++k) {
        std::int64_t busy = 0;
        for (const TaskRun& run : m_lanes[k + 1].runs) busy += (run.end_ns == no_time ? m_end_ns : run.end_ns) - run.start_ns;
        stats.workers[k].busy_ns = busy;
        stats.workers[k].utilisation =
            stats.makespan_ns > 0 ? static_cast<double>(busy) / static_cast<double>(stats.makespan_ns) : 0.0;
    }
    return stats;
}

std::optional<double> speedup_over_one_worker(const RunModel& one_worker, const RunModel& run) {
    const std::int64_t base = one_worker.stats().makespan_ns;
    const std::int64_t now = run.stats().makespan_ns;
    if (base <= 0 || now <= 0) return std::nullopt;
    return static_cast<double>(base) / static_cast<double>(now);
}

}  // namespace poolscope
