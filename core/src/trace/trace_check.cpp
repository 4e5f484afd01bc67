// trace_check.cpp — the consistency rules of a recorded run (trace_check.hpp).
#include "trace_check.hpp"

#include <vector>

#include "poolscope/printable.hpp"
#include "poolscope/trace/chrome_trace.hpp"

namespace poolscope::trace_detail {

namespace {

class Checker {
public:
    Checker(const RunRecord& record, const std::string& source) : r(record), m_source(source) {}

    void run() {
        const bool complete = r.dropped_events == 0;
        const int workers = r.max_workers > 0 ? r.max_workers : max_workers_limit;
        // Task ids are dense from 1: a record names each (task_names), or at least each has an event.
        const std::uint64_t task_limit = r.task_names.empty() ? r.events.size() : r.task_names.size();
        m_submitted.assign(static_cast<std::size_t>(task_limit) + 1, false);
        m_started.assign(m_submitted.size(), false);
        m_finished.assign(m_submitted.size(), false);
        m_spawned.assign(static_cast<std::size_t>(workers), false);
        for (m_index = 0; m_index < r.events.size(); ++m_index) {
            const Event& e = r.events[m_index];
            if (m_index > 0) {
                const Event& before = r.events[m_index - 1];
                if (e.sequence <= before.sequence)
                    fail("sequence", std::to_string(e.sequence) + ", expected more than the previous event's " +
                                         std::to_string(before.sequence) + " (each event once, in sequence order)");
                if (e.time_ns < before.time_ns)
                    fail("time_ns", std::to_string(e.time_ns) + ", earlier than the previous event's " +
                                        std::to_string(before.time_ns) + " (time never goes back in sequence order)");
            }
            if (e.thread >= workers)
                fail("thread", std::to_string(e.thread) + ", expected a worker index below max_workers " +
                                   std::to_string(workers) + ", or a negative id for another thread");
            if (e.thread < 0) {
                // Other threads are numbered -1, -2, ... in order of appearance (MainThread is -1).
                const std::int64_t next = -1 - static_cast<std::int64_t>(m_other_threads);
                if (e.thread < next)
                    fail("thread", std::to_string(e.thread) + ", expected " + std::to_string(next) +
                                       " or above (threads other than workers are -1, -2, ... in order of appearance)");
                if (e.thread == next) ++m_other_threads;
            }
            if (e.task > task_limit)
                fail("task", std::to_string(e.task) + ", expected a task id from 0 to " + std::to_string(task_limit) +
                                 (r.task_names.empty() ? " (the number of events)" : " (the tasks in task_names)"));
            check_value(e, workers);
            if (complete) check_causes(e);
        }
    }

private:
    [[noreturn]] void fail(const char* field, const std::string& got_and_expected) const {
        throw TraceFormatError(printable(m_source + ": poolscope.events[" + std::to_string(m_index) + "]." + field +
                                             ": got " + got_and_expected,
                                         false));
    }

    void check_range(const char* what, std::int64_t value, std::int64_t lo, std::int64_t hi) const {
        if (value < lo || value > hi)
            fail("value", std::to_string(value) + ", expected " + what + " from " + std::to_string(lo) + " to " +
                              std::to_string(hi));
    }

    void check_value(const Event& e, int workers) const {
        switch (e.kind) {
            case EventKind::WorkerSpawned: check_range("a worker index", e.value, 0, workers - 1); break;
            case EventKind::Output:
                check_range("an index into output", e.value, 0, static_cast<std::int64_t>(r.output.size()) - 1);
                break;
            case EventKind::ProgramLine:
                check_range("a line of program", e.value, 1, static_cast<std::int64_t>(r.program.size()));
                break;
            case EventKind::WaitBegin:
            case EventKind::WaitEnd:
            case EventKind::ResultTaken:
                check_range("a wait kind", e.value, 0, static_cast<std::int64_t>(WaitKind::Gil));
                break;
            case EventKind::StepBegin: check_range("a step kind", e.value, 0, static_cast<std::int64_t>(StepKind::Cpu)); break;
            default: break;
        }
    }

    void check_causes(const Event& e) {
        const auto id = static_cast<std::size_t>(e.task);
        if (e.thread >= 0 && !m_spawned[static_cast<std::size_t>(e.thread)])
            fail("thread", std::to_string(e.thread) + ", a worker no earlier worker_spawned event started");
        switch (e.kind) {
            case EventKind::WorkerSpawned: {
                const auto index = static_cast<std::size_t>(e.value);
                if (m_spawned[index]) fail("value", std::to_string(e.value) + ", a worker index spawned before");
                m_spawned[index] = true;
                return;
            }
            case EventKind::TaskSubmitted:
                if (id == 0) fail("task", "0, expected the id of the submitted task");
                if (m_submitted[id]) fail("task", std::to_string(id) + ", a task submitted before (each task once)");
                m_submitted[id] = true;
                return;
            default: break;
        }
        if (id == 0) return;
        if (!m_submitted[id])
            fail("task", std::to_string(id) + ", a task no earlier task_submitted event submitted");
        if (e.kind == EventKind::TaskStarted) {
            if (m_started[id]) fail("task", std::to_string(id) + ", a task started before (each task once)");
            m_started[id] = true;
        } else if (e.kind == EventKind::TaskFinished) {
            if (m_finished[id]) fail("task", std::to_string(id) + ", a task finished before (each task once)");
            m_finished[id] = true;
        }
    }

    const RunRecord& r;
    const std::string& m_source;
    std::size_t m_index = 0;
    std::size_t m_other_threads = 0;
    std::vector<bool> m_submitted, m_started, m_finished, m_spawned;
};

}  // namespace

void check_record(const RunRecord& record, const std::string& source) { Checker(record, source).run(); }

}  // namespace poolscope::trace_detail
