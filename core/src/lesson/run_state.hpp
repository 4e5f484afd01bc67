// run_state.hpp — the shared state of one lesson run: the recording sink, the pool, the futures by task,
// the GIL and the pre-drawn durations. Private to core/src/lesson; runner.cpp runs tasks and assembles
// the record, main_program.cpp runs the main thread's statements.
#pragma once

#include <atomic>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "poolscope/executor.hpp"
#include "poolscope/lesson/gil.hpp"
#include "poolscope/lesson/lesson.hpp"
#include "poolscope/lesson/program.hpp"
#include "poolscope/recorder.hpp"

namespace poolscope::lesson_detail {

/// Records every event, forwards it to the caller's sink, and learns which lesson task each task id is:
/// a thread about to submit pushes the lesson task indices onto its label queue, and the TaskSubmitted
/// event (emitted on that thread, under the executor's lock, before any worker can start the task)
/// takes the next label. That also covers map(), whose futures the runner never sees.
class RunSink final : public EventSink {
public:
    RunSink(Recorder& recorder, EventSink* tee) : m_recorder(recorder), m_tee(tee) {}
    void on_event(const Event& event) noexcept override;

    /// Lesson task indices of the submits this thread is about to make, in order.
    static std::deque<std::size_t>& labels() noexcept;
    /// The task id the calling worker is running (set by its TaskStarted event).
    static std::uint64_t current_task() noexcept;

    std::optional<std::size_t> index_of(std::uint64_t id) const;
    std::uint64_t max_task_id() const;

private:
    Recorder& m_recorder;
    EventSink* m_tee;
    mutable std::mutex m_mutex;
    std::vector<std::optional<std::size_t>> m_index_by_id;  // [id - 1]
};

struct RunState {
    RunState(const Lesson& lesson_, Clock& clock_, RunSink& sink_) : lesson(lesson_), clock(clock_), sink(sink_) {}

    const Lesson& lesson;
    Clock& clock;
    RunSink& sink;
    ThreadPoolExecutor* pool = nullptr;
    detail::Instrument instrument;
    std::optional<SimulatedGil> gil;
    PythonProgram program;
    std::vector<std::vector<Nanos>> task_durations;  // [task][step], drawn before the run
    std::vector<Nanos> main_durations;               // [statement]
    std::vector<std::string> output;                 // main thread only

    /// Any thread: submits lesson task `index` and publishes its future.
    Future<std::string> submit(std::size_t index);
    /// Any participant: the future of task `index`, waiting (on the clock) until it has been submitted.
    Future<std::string> future_of(std::size_t index);
    /// The body every task runs on a worker.
    std::string run_task(std::size_t index);
    /// Records the first deadlock (report + Deadlock event); later ones only refresh the report.
    void note_deadlock(const std::string& report);
    std::string outcome(std::size_t index) const;
    std::string deadlock_report() const;

    void emit(EventKind kind, std::uint64_t task, std::int64_t value = 0) const { instrument.emit(kind, task, value); }
    void step(StepKind kind, Nanos duration, std::uint64_t task);

private:
    mutable std::mutex m_mutex;
    WaitPoint m_published;
    std::vector<Future<std::string>> m_futures;  // [task index]
    std::vector<std::string> m_outcomes;         // [task index]: returns, "Type: message", or ""
    std::string m_deadlock_report;
    bool m_deadlocked = false;
};

/// Runs the main thread's statements and the end of the program (the `with` exit or interpreter exit).
void run_main_program(RunState& state);

/// Python's repr() of a raised exception: "ValueError('boom')", "TimeoutError()".
std::string python_error_repr(const std::exception_ptr& error);
/// The last line of Python's traceback: "ValueError: boom", "TimeoutError".
std::string python_error_line(const std::exception_ptr& error);

}  // namespace poolscope::lesson_detail
