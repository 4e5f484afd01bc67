// synthetic_run.cpp — a FIFO pool simulation emitting the events ThreadPoolExecutor would: submits at
// t=0 from MainThread, one worker spawned per submit up to max_workers, each free worker takes the queue
// front, map() yields in input order, then shutdown(wait=True) joins the workers.
#include "synthetic_run.hpp"

#include <algorithm>
#include <queue>
#include <string>
#include <vector>

namespace poolscope::gui {

RunRecord make_synthetic_run(std::size_t tasks, int workers, std::uint64_t seed, std::size_t raise_every) {
    RunRecord rec;
    rec.lesson = "synthetic";
    rec.title = "synthetic map() over " + std::to_string(tasks) + " items";
    rec.max_workers = workers;
    rec.thread_name_prefix = "ThreadPoolExecutor-0";
    rec.program = {"from concurrent.futures import ThreadPoolExecutor", "",
                   "with ThreadPoolExecutor(max_workers=" + std::to_string(workers) + ") as pool:",
                   "    for result in pool.map(work, items):", "        print(result)"};
    std::uint64_t state = seed * 0x9E3779B97F4A7C15ull + 1;
    auto next_random = [&]() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    std::vector<Event> ev;
    ev.reserve(tasks * 7 + 64);
    std::uint64_t seq = 0;
    auto emit = [&](std::int64_t t, EventKind kind, std::int32_t thread, std::uint64_t task, std::int64_t value,
                    std::uint8_t flags = 0) {
        Event e{};
        e.time_ns = t;
        e.sequence = ++seq;
        e.task = task;
        e.value = value;
        e.executor = 1;
        e.thread = thread;
        e.kind = kind;
        e.flags = flags;
        ev.push_back(e);
    };
    emit(0, EventKind::ExecutorCreated, -1, 0, workers);
    emit(0, EventKind::ProgramLine, -1, 0, 4);
    const int spawned = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(workers), tasks));
    for (std::size_t i = 0; i < tasks; ++i) {
        rec.task_names.push_back("work(" + std::to_string(i) + ")");
        emit(0, EventKind::TaskSubmitted, -1, i + 1, static_cast<std::int64_t>(i + 1));
        if (static_cast<int>(i) < spawned) emit(0, EventKind::WorkerSpawned, -1, 0, static_cast<std::int64_t>(i));
    }
    // Worker timeline: a min-heap of (free time, worker).
    using Slot = std::pair<std::int64_t, int>;
    std::priority_queue<Slot, std::vector<Slot>, std::greater<>> free;
    for (int w = 0; w < spawned; ++w) free.push({0, w});
    std::vector<std::int64_t> end(tasks);
    std::vector<Event> worker_events;
    worker_events.reserve(tasks * 2);
    for (std::size_t i = 0; i < tasks; ++i) {
        auto [t, w] = free.top();
        free.pop();
        const std::int64_t dur = 1'000'000 + static_cast<std::int64_t>(next_random() % 9'000'000);
        const bool raises = raise_every && (i + 1) % raise_every == 0;
        Event s{};
        s.time_ns = t;
        s.task = i + 1;
        s.value = static_cast<std::int64_t>(tasks - i - 1);
        s.executor = 1;
        s.thread = w;
        s.kind = EventKind::TaskStarted;
        worker_events.push_back(s);
        Event f = s;
        f.time_ns = t + dur;
        f.kind = EventKind::TaskFinished;
        f.flags = raises ? EventFlags::Raised : 0;
        f.value = 0;
        worker_events.push_back(f);
        end[i] = t + dur;
        rec.task_results.push_back(raises ? "ValueError('bad item " + std::to_string(i) + "')" : std::to_string(i * i));
        free.push({t + dur, w});
    }
    // Main thread: map's next() waits on each result in input order, prints it.
    std::int64_t main_t = 0;
    std::vector<Event> main_events;
    for (std::size_t i = 0; i < tasks; ++i) {
        Event b{};
        b.executor = 1;
        b.thread = -1;
        b.task = i + 1;
        if (end[i] > main_t) {
            b.time_ns = main_t;
            b.kind = EventKind::WaitBegin;
            b.value = static_cast<std::int64_t>(WaitKind::Map);
            main_events.push_back(b);
            main_t = end[i];
            b.time_ns = main_t;
            b.kind = EventKind::WaitEnd;
            main_events.push_back(b);
        }
        b.time_ns = main_t;
        b.kind = EventKind::MapYielded;
        b.value = static_cast<std::int64_t>(i);
        main_events.push_back(b);
        if (i < 64) {
            rec.output.push_back(rec.task_results[i]);
            b.kind = EventKind::Output;
            b.task = 0;
            b.value = static_cast<std::int64_t>(rec.output.size() - 1);
            main_events.push_back(b);
        }
    }
    // Merge worker and main events by time (stable: starts before finishes at equal times is fine).
    std::vector<Event> rest;
    rest.reserve(worker_events.size() + main_events.size() + 32);
    std::merge(worker_events.begin(), worker_events.end(), main_events.begin(), main_events.end(), std::back_inserter(rest),
               [](const Event& a, const Event& b) { return a.time_ns < b.time_ns; });
    std::stable_sort(rest.begin(), rest.end(), [](const Event& a, const Event& b) { return a.time_ns < b.time_ns; });
    for (Event e : rest) {
        e.sequence = ++seq;
        ev.push_back(e);
    }
    const std::int64_t last = std::max(main_t, end.empty() ? 0 : *std::max_element(end.begin(), end.end()));
    emit(last, EventKind::ProgramLine, -1, 0, 3);
    emit(last, EventKind::ShutdownBegin, -1, 0, 0, EventFlags::ShutdownWait);
    for (int w = 0; w < spawned; ++w) emit(last, EventKind::WorkerExited, w, 0, 0);
    emit(last, EventKind::ShutdownEnd, -1, 0, 0);
    rec.events = std::move(ev);
    return rec;
}

}  // namespace poolscope::gui
