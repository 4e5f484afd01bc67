// run_model.cpp — RunModel's reducer: apply() folds one event into tasks, lanes, marks and counters.
// Events of one drain arrive in sequence order, but a later drain may still carry an event that happened
// earlier (another thread's ring), so every sorted vector inserts in place when an event comes late.
#include "poolscope/trace/run_model.hpp"

#include <algorithm>
#include <tuple>

namespace poolscope {

namespace {

// Appends `item` keeping `items` sorted by `key`; the common in-order case is a plain push_back.
template <class T, class KeyFn>
void insert_sorted(std::vector<T>& items, T item, KeyFn key) {
    if (items.empty() || !(key(item) < key(items.back()))) {
        items.push_back(std::move(item));
        return;
    }
    auto at = std::upper_bound(items.begin(), items.end(), item,
                               [&](const T& a, const T& b) { return key(a) < key(b); });
    items.insert(at, std::move(item));
}

constexpr std::uint64_t max_task_id_jump = std::uint64_t{1} << 20;
constexpr std::int32_t max_worker_index = 1 << 16;

auto mark_key(const Mark& m) { return std::make_tuple(m.time_ns, m.sequence); }
auto interval_key(const LaneInterval& i) { return i.begin_ns; }

// Closes the latest open interval matching `match` (searching from the back: the open one is recent).
template <class Match>
LaneInterval* close_open(std::vector<LaneInterval>& intervals, std::int64_t end_ns, Match match) {
    for (auto it = intervals.rbegin(); it != intervals.rend(); ++it) {
        if (it->end_ns == no_time && match(*it)) {
            it->end_ns = std::max(end_ns, it->begin_ns);
            return &*it;
        }
    }
    return nullptr;
}

}  // namespace

std::string_view task_state_name(TaskState state) noexcept {
    switch (state) {
    case TaskState::Pending: return "pending";
    case TaskState::Queued: return "queued";
    case TaskState::Running: return "running";
    case TaskState::Returned: return "returned";
    case TaskState::Raised: return "raised";
    case TaskState::Cancelled: return "cancelled";
    }
    return "unknown";
}

std::string_view mark_kind_name(MarkKind kind) noexcept {
    switch (kind) {
    case MarkKind::Submit: return "submit";
    case MarkKind::MapYield: return "map_yield";
    case MarkKind::Cancel: return "cancel";
    case MarkKind::ResultConsumed: return "result";
    case MarkKind::ShutdownBegin: return "shutdown_begin";
    case MarkKind::ShutdownEnd: return "shutdown_end";
    case MarkKind::Output: return "output";
    case MarkKind::ProgramLine: return "program_line";
    case MarkKind::Deadlock: return "deadlock";
    }
    return "unknown";
}

TaskState TaskView::state_at(std::int64_t t) const noexcept {
    if (cancel_ns >= 0 && t >= cancel_ns) return TaskState::Cancelled;
    if (end_ns >= 0 && t >= end_ns) return outcome == TaskState::Raised ? TaskState::Raised : TaskState::Returned;
    if (start_ns >= 0 && t >= start_ns) return TaskState::Running;
    if (submit_ns >= 0 && t >= submit_ns) return TaskState::Queued;
    return TaskState::Pending;
}

RunModel::RunModel() {
    Lane main;
    main.name = "MainThread";
    main.thread = -1;
    m_lanes.push_back(std::move(main));
}

RunModel::RunModel(const RunRecord& record) : RunModel() {
    set_metadata(record);
    apply(std::span<const Event>(record.events));
}

void RunModel::set_metadata(const RunRecord& record) {
    m_title = record.title;
    if (!record.thread_name_prefix.empty()) m_prefix = record.thread_name_prefix;
    if (record.max_workers > 0) m_max_workers = record.max_workers;
    m_names = record.task_names;
    m_results = record.task_results;
    m_output = record.output;
    m_program = record.program;
    // Tasks named in the record exist from the start, Pending until their events arrive.
    if (m_tasks.size() < m_names.size()) task_for(m_names.size());
    for (TaskView& task : m_tasks) refresh_task_texts(task);
    for (std::size_t i = 1; i < m_lanes.size(); ++i) m_lanes[i].name = worker_name(static_cast<std::int32_t>(i - 1));
}

void RunModel::refresh_task_texts(TaskView& task) const {
    const std::size_t index = task.id - 1;
    task.name = index < m_names.size() && !m_names[index].empty() ? m_names[index] : "task " + std::to_string(task.id);
    task.result = index < m_results.size() ? m_results[index] : std::string();
}

std::string RunModel::worker_name(std::int32_t index) const { return m_prefix + "_" + std::to_string(index); }

TaskView& RunModel::task_for(std::uint64_t id) {
    while (m_tasks.size() < id) {
        TaskView task;
        task.id = m_tasks.size() + 1;
        refresh_task_texts(task);
        m_tasks.push_back(std::move(task));
    }
    return m_tasks[id - 1];
}

Lane& RunModel::lane_for_worker(std::int32_t index) {
    while (m_lanes.size() < static_cast<std::size_t>(index) + 2) {
        Lane lane;
        lane.thread = static_cast<std::int32_t>(m_lanes.size() - 1);
        lane.name = worker_name(lane.thread);
        m_lanes.push_back(std::move(lane));
    }
    return m_lanes[static_cast<std::size_t>(index) + 1];
}

Lane& RunModel::lane_for_event(const Event& event) {
    return is_worker_thread(event.thread) ? lane_for_worker(event.thread) : m_lanes[0];
}

void RunModel::add_mark(const Event& event, MarkKind kind, std::int64_t value) {
    Mark mark{event.time_ns, event.sequence, kind, event.task, value, event.flags, event.thread};
    insert_sorted(m_marks, mark, mark_key);
    if (kind == MarkKind::ProgramLine) insert_sorted(m_program_marks, mark, mark_key);
    if (kind == MarkKind::Output) {
        // m_printed mirrors m_output_marks, so a late Output lands at the same position in both.
        auto at = std::upper_bound(m_output_marks.begin(), m_output_marks.end(), mark,
                                   [](const Mark& a, const Mark& b) { return mark_key(a) < mark_key(b); });
        const auto pos = at - m_output_marks.begin();
        m_output_marks.insert(at, mark);
        m_printed.insert(m_printed.begin() + pos, value);
    }
}

void RunModel::add_queue_sample(const Event& event) {
    insert_sorted(m_queue_samples, CounterSample{event.time_ns, event.value, event.sequence},
                  [](const CounterSample& s) { return std::make_tuple(s.time_ns, s.sequence); });
    m_peak_queue = std::max(m_peak_queue, event.value);
}

void RunModel::add_busy_delta(const Event& event, int delta) {
    const auto key = [](const CounterSample& s) { return std::make_tuple(s.time_ns, s.sequence); };
    CounterSample sample{event.time_ns, 0, event.sequence};
    auto at = std::upper_bound(m_busy_samples.begin(), m_busy_samples.end(), sample,
                               [&](const CounterSample& a, const CounterSample& b) { return key(a) < key(b); });
    auto pos = static_cast<std::size_t>(at - m_busy_samples.begin());
    m_busy_samples.insert(at, sample);
    m_busy_deltas.insert(m_busy_deltas.begin() + static_cast<std::ptrdiff_t>(pos), delta);
    // Samples are prefix sums of the deltas; a late delta only shifts the (short) suffix after it.
    std::int64_t running = pos == 0 ? 0 : m_busy_samples[pos - 1].value;
    for (std::size_t i = pos; i < m_busy_samples.size(); ++i) {
        running += m_busy_deltas[i];
        m_busy_samples[i].value = running;
    }
}

void RunModel::apply(std::span<const Event> batch) {
    const bool sorted = std::is_sorted(batch.begin(), batch.end(), event_before);
    if (sorted) {
        for (const Event& event : batch) apply_one(event);
        return;
    }
    std::vector<Event> copy(batch.begin(), batch.end());
    std::stable_sort(copy.begin(), copy.end(), event_before);
    for (const Event& event : copy) apply_one(event);
}

void RunModel::apply(const Event& event) { apply_one(event); }

void RunModel::apply_one(const Event& event) {
    if (event.kind >= EventKind::Count_) return;
    if (event.kind == EventKind::ExecutorCreated && m_executor == 0) m_executor = event.executor;
    if (m_executor != 0 && event.executor != 0 && event.executor != m_executor) return;
    // Ids index dense tables: a task id far beyond the tasks seen so far, or an absurd worker index, can
    // only come from a corrupt file, and would make the model allocate without bound. Drop such events.
    if (event.task > m_tasks.size() + max_task_id_jump) return;
    if (event.thread >= max_worker_index) return;
    if (event.kind == EventKind::WorkerSpawned && (event.value < 0 || event.value >= max_worker_index)) return;

    ++m_event_count;
    if (!m_any_event) {
        m_begin_ns = m_end_ns = event.time_ns;
        m_any_event = true;
    }
    m_begin_ns = std::min(m_begin_ns, event.time_ns);
    m_end_ns = std::max(m_end_ns, event.time_ns);

    const std::int64_t t = event.time_ns;
    const bool on_worker = is_worker_thread(event.thread);
    // Events about a task carry its id; 0 means "none" (e.g. a Join wait) and never creates a task.
    TaskView* task = event.task != 0 ? &task_for(event.task) : nullptr;

    switch (event.kind) {
    case EventKind::ExecutorCreated:
        if (m_max_workers == 0) m_max_workers = static_cast<int>(event.value);
        if (m_lanes[0].spawn_ns == no_time) m_lanes[0].spawn_ns = t;
        break;
    case EventKind::WorkerSpawned:
        lane_for_worker(static_cast<std::int32_t>(event.value)).spawn_ns = t;
        break;
    case EventKind::WorkerExited:
        if (on_worker) lane_for_worker(event.thread).exit_ns = t;
        break;
    case EventKind::WorkerIdle:
        if (on_worker) lane_for_worker(event.thread);
        break;
    case EventKind::TaskSubmitted:
        add_queue_sample(event);
        if (task == nullptr) break;
        task->submit_ns = t;
        if (task->outcome == TaskState::Pending) task->outcome = TaskState::Queued;
        insert_sorted(m_submit_order, OrderEntry{t, event.sequence, event.task},
                      [](const OrderEntry& e) { return std::make_tuple(e.time_ns, e.sequence); });
        m_queue_cache_stale = true;
        add_mark(event, MarkKind::Submit, event.value);
        break;
    case EventKind::TaskStarted:
        add_queue_sample(event);
        if (task == nullptr) break;
        task->start_ns = t;
        task->dequeue_ns = t;
        m_queue_cache_stale = true;
        if (task->outcome == TaskState::Pending || task->outcome == TaskState::Queued) task->outcome = TaskState::Running;
        if (on_worker) {
            task->worker = event.thread;
            insert_sorted(lane_for_worker(event.thread).runs, TaskRun{t, no_time, event.task},
                          [](const TaskRun& r) { return r.start_ns; });
            add_busy_delta(event, +1);
        }
        break;
    case EventKind::TaskFinished:
        if (task == nullptr) break;
        task->end_ns = t;
        if (task->dequeue_ns == no_time) {
            // Finished without being dequeued by a worker: a broken pool failing its queued work.
            task->dequeue_ns = t;
            m_queue_cache_stale = true;
        }
        if ((event.flags & EventFlags::Cancelled) != 0) {
            task->outcome = TaskState::Cancelled;
            if (task->cancel_ns == no_time) task->cancel_ns = t;
        } else {
            task->outcome = (event.flags & EventFlags::Raised) != 0 ? TaskState::Raised : TaskState::Returned;
        }
        insert_sorted(m_finish_order, OrderEntry{t, event.sequence, event.task},
                      [](const OrderEntry& e) { return std::make_tuple(e.time_ns, e.sequence); });
        if (on_worker) {
            auto& runs = lane_for_worker(event.thread).runs;
            for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
                if (it->task == event.task && it->end_ns == no_time) {
                    it->end_ns = std::max(t, it->start_ns);
                    add_busy_delta(event, -1);
                    break;
                }
            }
        }
        break;
    case EventKind::TaskCancelled:
        if (task == nullptr) break;
        task->cancel_ns = t;
        task->outcome = TaskState::Cancelled;
        add_mark(event, MarkKind::Cancel, event.value);
        break;
    case EventKind::CancelNotified:
        add_queue_sample(event);
        if (task == nullptr) break;
        task->dequeue_ns = t;
        m_queue_cache_stale = true;
        break;
    case EventKind::WaitBegin:
        insert_sorted(lane_for_event(event).waits, LaneInterval{t, no_time, event.value, event.task, 0},
                      interval_key);
        break;
    case EventKind::WaitEnd: {
        LaneInterval* wait = close_open(lane_for_event(event).waits, t, [&](const LaneInterval& w) {
            return w.kind == event.value && w.task == event.task;
        });
        if (wait != nullptr) wait->flags = event.flags;
        const auto kind = static_cast<WaitKind>(event.value);
        const bool delivered = (event.flags & (EventFlags::TimedOut | EventFlags::Raised)) == 0;
        if (task != nullptr && !on_worker && delivered && (kind == WaitKind::Result || kind == WaitKind::Exception)) {
            if (task->consumed_ns == no_time) task->consumed_ns = t;
            add_mark(event, MarkKind::ResultConsumed, event.value);
        }
        break;
    }
    case EventKind::ResultTaken:
        if (task != nullptr && !on_worker) {
            if (task->consumed_ns == no_time) task->consumed_ns = t;
            add_mark(event, MarkKind::ResultConsumed, event.value);
        }
        break;
    case EventKind::MapYielded:
        add_mark(event, MarkKind::MapYield, event.value);
        if (task == nullptr) break;
        task->yield_index = event.value;
        if (task->consumed_ns == no_time) task->consumed_ns = t;
        insert_sorted(m_yield_order, OrderEntry{t, event.sequence, event.task},
                      [](const OrderEntry& e) { return std::make_tuple(e.time_ns, e.sequence); });
        break;
    case EventKind::ShutdownBegin:
        if (m_shutdown_begin_ns == no_time) {
            m_shutdown_begin_ns = t;
            m_shutdown_flags = event.flags;
        }
        add_mark(event, MarkKind::ShutdownBegin, event.value);
        break;
    case EventKind::ShutdownEnd:
        if (m_shutdown_end_ns == no_time) m_shutdown_end_ns = t;
        add_mark(event, MarkKind::ShutdownEnd, event.value);
        break;
    case EventKind::StepBegin:
        insert_sorted(lane_for_event(event).steps, LaneInterval{t, no_time, event.value, event.task, 0}, interval_key);
        break;
    case EventKind::StepEnd:
        close_open(lane_for_event(event).steps, t, [](const LaneInterval&) { return true; });
        break;
    case EventKind::GilRequested:
        insert_sorted(lane_for_event(event).gil_waits, LaneInterval{t, no_time, 0, event.task, 0}, interval_key);
        break;
    case EventKind::GilAcquired: {
        Lane& lane = lane_for_event(event);
        close_open(lane.gil_waits, t, [](const LaneInterval&) { return true; });
        insert_sorted(lane.gil_holds, LaneInterval{t, no_time, 0, event.task, 0}, interval_key);
        break;
    }
    case EventKind::GilReleased:
        close_open(lane_for_event(event).gil_holds, t, [](const LaneInterval&) { return true; });
        break;
    case EventKind::Output:
        add_mark(event, MarkKind::Output, event.value);
        break;
    case EventKind::ProgramLine:
        add_mark(event, MarkKind::ProgramLine, event.value);
        break;
    case EventKind::Deadlock:
        m_deadlocked = true;
        add_mark(event, MarkKind::Deadlock, event.value);
        break;
    case EventKind::Count_:
        break;
    }
}

}  // namespace poolscope
