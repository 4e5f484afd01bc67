// poolscope/trace/run_model.hpp — RunModel: a pure reducer from events to what the GUI and CLI show
// (tasks, lanes, marks, queue, orders, stats), in the style of Tracy's Worker::Process. Fed live (the GUI
// calls apply() on each drained batch) or from a whole RunRecord. Single-threaded: one owner touches it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "poolscope/event.hpp"
#include "poolscope/trace/run_record.hpp"

namespace poolscope {

/// A task's state at some time, or its final outcome. Pending: not submitted (yet) at that time.
/// Queued: submitted, not started. Cancelled wins over Queued from the cancel time on.
enum class TaskState : std::uint8_t { Pending, Queued, Running, Returned, Raised, Cancelled };
std::string_view task_state_name(TaskState state) noexcept;  // "pending", "queued", ...

inline constexpr std::int64_t no_time = -1;  // every *_ns field below: -1 = has not happened (yet)

struct TaskView {
    std::uint64_t id = 0;            // 1-based
    std::string name;                // RunRecord::task_names[id - 1], else "task <id>"
    std::string result;              // RunRecord::task_results[id - 1], else ""
    std::int64_t submit_ns = no_time;
    std::int64_t start_ns = no_time;
    std::int64_t end_ns = no_time;       // TaskFinished
    std::int64_t cancel_ns = no_time;    // TaskCancelled
    std::int64_t dequeue_ns = no_time;   // left the queue: TaskStarted or CancelNotified
    std::int64_t consumed_ns = no_time;  // MapYielded, or a non-worker's result()/exception() WaitEnd
    std::int64_t yield_index = -1;       // MapYielded's value (the input index)
    std::int32_t worker = -1;            // worker index that ran it
    TaskState outcome = TaskState::Pending;  // state after every event applied so far

    std::int64_t queue_wait_ns() const noexcept { return submit_ns >= 0 && start_ns >= 0 ? start_ns - submit_ns : -1; }
    std::int64_t run_ns() const noexcept { return start_ns >= 0 && end_ns >= 0 ? end_ns - start_ns : -1; }
    /// State at time t, from the timestamps above (O(1)).
    TaskState state_at(std::int64_t t) const noexcept;
};

/// One task execution on a worker lane. end_ns == -1 while it is still running (or the run was cut).
struct TaskRun {
    std::int64_t start_ns = 0;
    std::int64_t end_ns = no_time;
    std::uint64_t task = 0;
};

/// A step (kind = StepKind), GIL wait (GilRequested -> GilAcquired), GIL hold (GilAcquired ->
/// GilReleased) or blocking wait (kind = WaitKind) on one lane. end_ns == -1 while open.
struct LaneInterval {
    std::int64_t begin_ns = 0;
    std::int64_t end_ns = no_time;
    std::int64_t kind = 0;
    std::uint64_t task = 0;   // task being run (steps, GIL) or waited on (waits; 0 = several)
    std::uint8_t flags = 0;   // WaitEnd's flags (TimedOut, Raised, Cancelled)
};

struct Lane {
    std::string name;        // "MainThread" or "<prefix>_<index>" (CPython's worker thread names)
    std::int32_t thread = -1;  // Event::thread: -1 for MainThread, else the worker index
    std::int64_t spawn_ns = no_time;  // WorkerSpawned (MainThread: ExecutorCreated)
    std::int64_t exit_ns = no_time;   // WorkerExited
    std::vector<TaskRun> runs;              // sorted by start_ns; never overlapping
    std::vector<LaneInterval> steps;        // sorted by begin_ns
    std::vector<LaneInterval> gil_waits;    // sorted by begin_ns
    std::vector<LaneInterval> gil_holds;    // sorted by begin_ns
    std::vector<LaneInterval> waits;        // sorted by begin_ns
};

enum class MarkKind : std::uint8_t {
    Submit,          // task
    MapYield,        // task, value = input index
    Cancel,          // task
    ResultConsumed,  // task (a result()/exception() wait ended with the result available)
    ShutdownBegin,   // flags: ShutdownWait, ShutdownCancelFutures
    ShutdownEnd,
    Output,          // value = index into RunRecord::output
    ProgramLine,     // value = 1-based line of RunRecord::program
    Deadlock,
};
std::string_view mark_kind_name(MarkKind kind) noexcept;  // "submit", "map_yield", ...

/// A point event shown on the main lane (whichever non-worker thread emitted it).
struct Mark {
    std::int64_t time_ns = 0;
    std::uint64_t sequence = 0;
    MarkKind kind = MarkKind::Submit;
    std::uint64_t task = 0;
    std::int64_t value = 0;
    std::uint8_t flags = 0;
    std::int32_t thread = -1;  // Event::thread of the emitter (a worker may submit or cancel too)
};

struct CounterSample {
    std::int64_t time_ns = 0;
    std::int64_t value = 0;
    std::uint64_t sequence = 0;  // of the event that set it; orders samples at equal times
};

struct WorkerStats {
    std::int64_t busy_ns = 0;     // sum of task run times (open runs count up to end_time_ns())
    double utilisation = 0.0;     // busy_ns / makespan_ns, 0 when the makespan is 0
};

struct RunStats {
    std::int64_t first_submit_ns = no_time;
    // When the last task finished or was cancelled (a task still running counts as ending at
    // end_time_ns(), so a cut-off run measures up to now); the shutdown end only when no task ended.
    // Not the shutdown end in general: a program that idles before its `with` block ends would
    // otherwise look slower, and speed-up compares the pool's work, not the program's tail.
    std::int64_t last_end_ns = no_time;
    std::int64_t makespan_ns = 0;        // last_end_ns - first_submit_ns
    std::vector<WorkerStats> workers;    // [worker index]
    double mean_queue_wait_ns = 0.0;     // over started tasks
    double mean_run_ns = 0.0;            // over finished tasks
    std::int64_t peak_queue_length = 0;
    std::size_t submitted = 0, returned = 0, raised = 0, cancelled = 0, unfinished = 0;
};

class RunModel {
public:
    RunModel();
    /// The whole run: metadata + every event of `record`.
    explicit RunModel(const RunRecord& record);

    /// Names, results, output and program texts, max_workers, prefix, title (not the events). Call again
    /// whenever the texts grow; existing tasks pick up their names.
    void set_metadata(const RunRecord& record);
    /// One event. Ignored: events of other executors than the first ExecutorCreated's, unknown kinds, and
    /// (corrupt input) task ids more than 2^20 beyond the highest seen or worker indexes >= 2^16.
    void apply(const Event& event);
    /// A drained batch: applied in event_before order (copied and sorted if it is not).
    void apply(std::span<const Event> batch);

    // ---- Run-level facts ----
    const std::string& title() const noexcept { return m_title; }
    int max_workers() const noexcept { return m_max_workers; }
    const std::string& thread_name_prefix() const noexcept { return m_prefix; }
    std::size_t event_count() const noexcept { return m_event_count; }
    std::int64_t begin_time_ns() const noexcept { return m_begin_ns; }  // first event's time (0 if none)
    std::int64_t end_time_ns() const noexcept { return m_end_ns; }      // latest event time seen
    bool deadlocked() const noexcept { return m_deadlocked; }
    bool shut_down() const noexcept { return m_shutdown_end_ns >= 0; }

    // ---- Tasks ----
    std::size_t task_count() const noexcept { return m_tasks.size(); }
    /// Indexed by id - 1; ids never seen in an event but named in the metadata are included (Pending).
    const std::vector<TaskView>& tasks() const noexcept { return m_tasks; }
    const TaskView* task(std::uint64_t id) const noexcept;

    // ---- Lanes: [0] is MainThread, [1 + k] is worker k ----
    const std::vector<Lane>& lanes() const noexcept { return m_lanes; }
    /// Lane index for an Event::thread (negative -> 0), -1 if that worker has no lane yet.
    int lane_for_thread(std::int32_t thread) const noexcept;
    /// Runs of a lane overlapping [t0, t1) (open runs extend to +inf), by binary search.
    std::span<const TaskRun> runs_in(std::size_t lane, std::int64_t t0, std::int64_t t1) const;

    // ---- Main-thread marks, sorted by (time, sequence) ----
    const std::vector<Mark>& marks() const noexcept { return m_marks; }
    /// Marks with t0 <= time < t1.
    std::span<const Mark> marks_in(std::int64_t t0, std::int64_t t1) const;
    std::int64_t shutdown_begin_ns() const noexcept { return m_shutdown_begin_ns; }
    std::int64_t shutdown_end_ns() const noexcept { return m_shutdown_end_ns; }
    std::uint8_t shutdown_flags() const noexcept { return m_shutdown_flags; }

    // ---- Queue ----
    /// Ids in the queue at time t, front first (FIFO = submission order). A future cancelled while queued
    /// stays in the queue until a worker or shutdown drops it (CancelNotified), as in CPython.
    std::vector<std::uint64_t> queue_at(std::int64_t t) const;
    const std::vector<CounterSample>& queue_length_samples() const noexcept { return m_queue_samples; }
    const std::vector<CounterSample>& busy_worker_samples() const noexcept { return m_busy_samples; }
    /// Value of a sample series at time t (the last sample at or before t; 0 before the first).
    static std::int64_t sample_at(const std::vector<CounterSample>& samples, std::int64_t t) noexcept;
    std::int64_t peak_queue_length() const noexcept { return m_peak_queue; }

    // ---- Orders for the map panel (task ids) ----
    std::vector<std::uint64_t> submission_order() const;  // by submit time
    std::vector<std::uint64_t> completion_order() const;  // finished (returned/raised) by end time
    std::vector<std::uint64_t> yield_order() const;       // by MapYielded time

    // ---- Scrubbing ----
    TaskState task_state_at(std::uint64_t id, std::int64_t t) const noexcept;
    /// [id - 1] -> state at t, for every task.
    std::vector<TaskState> states_at(std::int64_t t) const;
    /// How many output lines were printed by time t (inclusive); their texts are output()[0..n).
    std::size_t output_count_at(std::int64_t t) const noexcept;
    /// Output events so far, as indexes into output(), in print order.
    const std::vector<std::int64_t>& printed_lines() const noexcept { return m_printed; }
    const std::vector<std::string>& output() const noexcept { return m_output; }
    /// 1-based program line reached by time t, 0 before the first ProgramLine event.
    std::int64_t program_line_at(std::int64_t t) const noexcept;
    const std::vector<std::string>& program() const noexcept { return m_program; }

    // ---- Stats ----
    RunStats stats() const;

private:
    struct OrderEntry {
        std::int64_t time_ns;
        std::uint64_t sequence;
        std::uint64_t task;
    };
    void apply_one(const Event& event);
    TaskView& task_for(std::uint64_t id);
    Lane& lane_for_worker(std::int32_t index);
    Lane& lane_for_event(const Event& event);
    void add_mark(const Event& event, MarkKind kind, std::int64_t value);
    void add_queue_sample(const Event& event);
    void add_busy_delta(const Event& event, int delta);
    void refresh_task_texts(TaskView& task) const;
    std::string worker_name(std::int32_t index) const;

    std::string m_title;
    std::string m_prefix = "ThreadPoolExecutor-0";
    int m_max_workers = 0;
    std::uint32_t m_executor = 0;  // 0 until ExecutorCreated
    std::vector<std::string> m_names, m_results, m_output, m_program;

    std::vector<TaskView> m_tasks;
    std::vector<Lane> m_lanes;
    std::vector<Mark> m_marks;
    std::vector<Mark> m_program_marks;  // ProgramLine marks only, for program_line_at
    std::vector<Mark> m_output_marks;   // Output marks only, for output_count_at
    std::vector<std::int64_t> m_printed;
    std::vector<CounterSample> m_queue_samples, m_busy_samples;
    std::vector<int> m_busy_deltas;  // parallel to m_busy_samples; samples are their prefix sums
    std::vector<OrderEntry> m_submit_order, m_finish_order, m_yield_order;
    // queue_at's cache: running max of the dequeue times along m_submit_order (rebuilt when stale).
    mutable std::vector<std::int64_t> m_leave_prefix_max;
    mutable bool m_queue_cache_stale = true;

    std::int64_t m_peak_queue = 0;
    std::size_t m_event_count = 0;
    std::int64_t m_begin_ns = 0, m_end_ns = 0;
    bool m_any_event = false;
    bool m_deadlocked = false;
    std::int64_t m_shutdown_begin_ns = no_time, m_shutdown_end_ns = no_time;
    std::uint8_t m_shutdown_flags = 0;
};

/// Speed-up of `run` over `one_worker` (the same program with max_workers = 1): ratio of makespans.
/// nullopt when either makespan is 0.
std::optional<double> speedup_over_one_worker(const RunModel& one_worker, const RunModel& run);

}  // namespace poolscope
