// sample_run.hpp — a small hand-built run shared by the trace tests, with exact timestamps (ms):
// 2 workers; T1 (0-100, w0), T2 (10-150, w1, raises), T3 queued 20-100 then runs 100-250 on w0,
// T4 submitted at 20, cancelled at 20, dropped from the queue at 150; map yields T1 then T2.
#pragma once

#include <cstdint>
#include <vector>

#include "poolscope/trace/run_record.hpp"

namespace poolscope::test {

constexpr std::int64_t ms_ns = 1'000'000;

class EventList {
public:
    // Appends one event; sequence numbers follow call order.
    EventList& add(std::int64_t ms, EventKind kind, std::int32_t thread, std::uint64_t task = 0, std::int64_t value = 0,
                   std::uint8_t flags = 0) {
        Event e{};
        e.time_ns = ms * ms_ns;
        e.sequence = m_events.size() + 1;
        e.task = task;
        e.value = value;
        e.executor = 1;
        e.thread = thread;
        e.kind = kind;
        e.flags = flags;
        m_events.push_back(e);
        return *this;
    }
    const std::vector<Event>& events() const { return m_events; }

private:
    std::vector<Event> m_events;
};

constexpr std::int32_t main_thread = -1;

inline std::vector<Event> sample_events() {
    using K = EventKind;
    const auto map = static_cast<std::int64_t>(WaitKind::Map);
    const auto join = static_cast<std::int64_t>(WaitKind::Join);
    EventList l;
    l.add(0, K::ExecutorCreated, main_thread, 0, 2).add(0, K::ProgramLine, main_thread, 0, 1);
    l.add(0, K::TaskSubmitted, main_thread, 1, 1).add(0, K::WorkerSpawned, main_thread, 0, 0);
    l.add(0, K::TaskStarted, 0, 1, 0).add(0, K::StepBegin, 0, 1, static_cast<std::int64_t>(StepKind::Io));
    l.add(10, K::TaskSubmitted, main_thread, 2, 1).add(10, K::WorkerSpawned, main_thread, 0, 1);
    l.add(10, K::TaskStarted, 1, 2, 0);
    l.add(20, K::TaskSubmitted, main_thread, 3, 1).add(20, K::TaskSubmitted, main_thread, 4, 2);
    l.add(20, K::TaskCancelled, main_thread, 4, 0).add(20, K::WaitBegin, main_thread, 1, map);
    l.add(90, K::StepEnd, 0, 1, static_cast<std::int64_t>(StepKind::Io));
    l.add(100, K::TaskFinished, 0, 1).add(100, K::TaskStarted, 0, 3, 1);
    l.add(100, K::WaitEnd, main_thread, 1, map).add(100, K::MapYielded, main_thread, 1, 0);
    l.add(100, K::Output, main_thread, 0, 0).add(100, K::WaitBegin, main_thread, 2, map);
    l.add(150, K::TaskFinished, 1, 2, 0, EventFlags::Raised).add(150, K::CancelNotified, 1, 4, 0);
    l.add(150, K::WorkerIdle, 1).add(150, K::WaitEnd, main_thread, 2, map);
    l.add(150, K::MapYielded, main_thread, 2, 1).add(150, K::ProgramLine, main_thread, 0, 3);
    l.add(250, K::TaskFinished, 0, 3).add(250, K::WorkerIdle, 0);
    l.add(260, K::ShutdownBegin, main_thread, 0, 0, EventFlags::ShutdownWait).add(260, K::WaitBegin, main_thread, 0, join);
    l.add(260, K::WorkerExited, 0).add(260, K::WorkerExited, 1);
    l.add(260, K::WaitEnd, main_thread, 0, join).add(260, K::ShutdownEnd, main_thread);
    return l.events();
}

inline RunRecord sample_record() {
    RunRecord r;
    r.lesson = "test-sample";
    r.title = "Sample \"run\"";
    r.max_workers = 2;
    r.thread_name_prefix = "ThreadPoolExecutor-0";
    r.task_names = {"fetch('a')", "fetch('b')", "fetch('c')", "fetch('d')"};
    r.task_results = {"'A'", "ValueError: boom", "'C'", ""};
    r.output = {"got A"};
    r.program = {"with ThreadPoolExecutor(2) as ex:", "    it = ex.map(fetch, urls)", "    print(next(it))"};
    r.events = sample_events();
    return r;
}

}  // namespace poolscope::test
