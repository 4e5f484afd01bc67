// test_events.cpp — the event stream as a property: random programs (seeded std::mt19937) of submit,
// map, cancel, result and shutdown run on real threads (SteadyClock) and on the VirtualClock, and the
// recorded events must follow the Future state machine for every task, lose nothing and account for
// every worker. Plus the Recorder itself: overflow counting and draining while writers write.
#include <algorithm>
#include <atomic>
#include <map>
#include <numeric>
#include <random>
#include <sstream>
#include <thread>

#include "test_support.hpp"

using namespace poolscope;
using namespace poolscope::test;

namespace {

enum class Mode { Steady, Virtual };

/// A task's input: negative raises, otherwise "work" of that size (clock sleep in ms, or a spin).
int task_body(Clock* clock, Mode mode, int code) {
    if (code < 0) throw PythonError("ValueError", "random failure");
    if (mode == Mode::Virtual) {
        clock->sleep_for(std::chrono::milliseconds(code));
    } else {
        volatile int sink = 0;
        for (int i = 0; i < code * 50; ++i) sink = sink + i;
    }
    return code;
}

struct Expectations {
    // The clock and the sink must outlive the futures checked afterwards.
    std::unique_ptr<VirtualClock> virtual_clock;
    std::unique_ptr<Recorder> recorder = std::make_unique<Recorder>();
    int max_workers = 0;
    std::size_t submitted = 0;                  // calls accepted by submit() and map()
    std::vector<AnyFuture> futures;             // the submit() futures, in task-id order among them
    std::vector<bool> cancel_succeeded;         // per entry of `futures`
    std::vector<std::string> thread_names;
};

std::string dump(const std::vector<Event>& events) {
    std::ostringstream out;
    for (const Event& e : events)
        out << e.sequence << ' ' << event_kind_name(e.kind) << " t=" << e.time_ns << " task=" << e.task
            << " thread=" << e.thread << " value=" << e.value << " flags=" << int(e.flags) << '\n';
    return out.str();
}

/// Runs one random program and returns what it expects of the event stream in `expect`.
std::vector<Event> run_program(std::uint32_t seed, Mode mode, Expectations& expect) {
    std::mt19937 rng(seed);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    auto random_code = [&] { return pick(0, 9) == 0 ? -1 : pick(0, mode == Mode::Virtual ? 40 : 20); };

    Recorder& recorder = *expect.recorder;
    std::unique_ptr<VirtualClock>& virtual_clock = expect.virtual_clock;
    if (mode == Mode::Virtual) virtual_clock = std::make_unique<VirtualClock>();
    Clock* clock = virtual_clock ? static_cast<Clock*>(virtual_clock.get()) : &default_clock();
    {
        std::optional<VirtualClock::Participation> main;
        if (virtual_clock) main.emplace(*virtual_clock, "MainThread");
        expect.max_workers = pick(1, 4);
        ThreadPoolExecutor::Options options;
        options.max_workers = expect.max_workers;
        options.clock = clock;
        options.sink = &recorder;
        ThreadPoolExecutor pool(options);
        auto fn = [clock, mode](int code) { return task_body(clock, mode, code); };
        bool shut = false;
        const int ops = pick(1, 30);
        for (int op = 0; op < ops; ++op) {
            const int choice = pick(0, 11);
            if (choice <= 4) {  // submit
                try {
                    auto future = pool.submit(fn, random_code());
                    CHECK_FALSE(shut);
                    expect.futures.emplace_back(future);
                    expect.cancel_succeeded.push_back(false);
                    ++expect.submitted;
                } catch (const std::runtime_error& e) {
                    CHECK(shut);
                    CHECK(std::string(e.what()) == "cannot schedule new futures after shutdown");
                }
            } else if (choice <= 6) {  // map, consumed fully, partly, not at all, or with a timeout
                std::vector<int> items(static_cast<std::size_t>(pick(1, 5)));
                for (int& item : items) item = random_code();
                const int consume = pick(0, 3);
                try {
                    Timeout timeout;
                    if (consume == 3) timeout = std::chrono::milliseconds(pick(0, 20));
                    auto results = pool.map(fn, items, timeout);
                    CHECK_FALSE(shut);
                    expect.submitted += items.size();
                    if (consume == 1) {
                        try {
                            (void)results.next();
                        } catch (const std::exception&) {
                        }
                    } else if (consume != 2) {
                        try {
                            while (results.next()) {
                            }
                        } catch (const std::exception&) {
                            CHECK_FALSE(results.next().has_value());  // 3.8-3.14: finished after an error
                        }
                    }
                } catch (const std::runtime_error& e) {
                    if (std::string(e.what()) != "random failure") CHECK(shut);
                }
            } else if (choice <= 8) {  // cancel an earlier future
                if (!expect.futures.empty()) {
                    const auto index = static_cast<std::size_t>(pick(0, static_cast<int>(expect.futures.size()) - 1));
                    const FutureState before = expect.futures[index].state();
                    const bool ok = expect.futures[index].cancel();
                    if (ok && before == FutureState::Pending) expect.cancel_succeeded[index] = true;
                }
            } else if (choice <= 10) {  // result() with a short timeout
                if (!expect.futures.empty()) {
                    const auto index = static_cast<std::size_t>(pick(0, static_cast<int>(expect.futures.size()) - 1));
                    try {
                        (void)expect.futures[index].exception(std::chrono::milliseconds(pick(0, 10)));
                    } catch (const Error&) {  // TimeoutError, CancelledError
                    }
                }
            } else {  // shutdown in the middle
                pool.shutdown(pick(0, 1) == 1, pick(0, 1) == 1);
                shut = true;
            }
        }
        pool.shutdown(true, pick(0, 1) == 1);
        expect.thread_names = pool.thread_names();
    }
    CHECK(recorder.dropped() == 0);
    std::vector<Event> events;
    recorder.drain(events);
    return events;
}

/// The per-task state machine: Submitted -> Started -> Finished [-> MapYielded], or
/// Submitted -> Cancelled -> CancelNotified. Returns "" or what went wrong.
std::string check_task(const std::vector<Event>& events) {
    enum { None, Queued, Running, Finished, Cancelled, Notified } state = None;
    int yields = 0;
    std::int32_t worker = 0;
    for (const Event& e : events) {
        switch (e.kind) {
            case EventKind::TaskSubmitted:
                if (state != None) return "second Submitted";
                state = Queued;
                break;
            case EventKind::TaskStarted:
                if (state != Queued) return "Started when not queued (after Cancelled?)";
                if (!is_worker_thread(e.thread)) return "Started outside a worker";
                worker = e.thread;
                state = Running;
                break;
            case EventKind::TaskFinished:
                if (state != Running) return "Finished when not running";
                if (e.thread != worker) return "Finished on another thread than Started";
                state = Finished;
                break;
            case EventKind::TaskCancelled:
                if (state != Queued) return "Cancelled when not queued";
                state = Cancelled;
                break;
            case EventKind::CancelNotified:
                if (state != Cancelled) return "CancelNotified when not cancelled";
                state = Notified;
                break;
            case EventKind::MapYielded:
                if (state != Finished) return "MapYielded before Finished";
                if (++yields > 1) return "MapYielded twice";
                break;
            default: break;
        }
    }
    if (state != Finished && state != Notified) return "no terminal event (Finished or CancelNotified)";
    return "";
}

/// Event counts over all programs of a test case, so the property test proves it covered each path.
using Coverage = std::map<EventKind, std::size_t>;

void check_program(std::uint32_t seed, Mode mode, Coverage& coverage) {
    CAPTURE(seed);
    Expectations expect;
    const std::vector<Event> events = run_program(seed, mode, expect);
    for (const Event& e : events) {
        ++coverage[e.kind];
        if (e.kind == EventKind::TaskFinished && (e.flags & EventFlags::Raised)) ++coverage[EventKind::Count_];
    }
    INFO("events:\n" << dump(events));

    std::map<std::uint64_t, std::vector<Event>> by_task;
    std::map<std::int32_t, int> open_waits;
    std::size_t submitted = 0;
    std::int64_t last_time = 0;
    for (const Event& e : events) {
        if (e.task != 0) by_task[e.task].push_back(e);
        if (e.kind == EventKind::TaskSubmitted) ++submitted;
        if (e.kind == EventKind::WaitBegin && ++open_waits[e.thread] != 1) FAIL("nested WaitBegin on one thread");
        if (e.kind == EventKind::WaitEnd && --open_waits[e.thread] != 0) FAIL("WaitEnd without WaitBegin");
        if (mode == Mode::Virtual) {  // one thread runs at a time: emission order is time order
            CHECK(e.time_ns >= last_time);
            last_time = e.time_ns;
        }
    }
    CHECK(submitted == expect.submitted);  // one Submitted per future, nothing lost
    for (const auto& [task, task_events] : by_task) {
        CAPTURE(task);
        CHECK(check_task(task_events) == "");
    }
    for (std::size_t i = 0; i < expect.futures.size(); ++i) {
        const AnyFuture& f = expect.futures[i];
        CAPTURE(f.task_id());
        const auto& task_events = by_task[f.task_id()];
        const bool cancelled_event = !of_kind(task_events, EventKind::TaskCancelled).empty();
        if (expect.cancel_succeeded[i]) CHECK(cancelled_event);
        if (cancelled_event) {
            CHECK(f.state() == FutureState::CancelledAndNotified);
        } else {
            CHECK(f.state() == FutureState::Finished);
            const auto finished = of_kind(task_events, EventKind::TaskFinished);
            REQUIRE(finished.size() == 1);
            CHECK(((finished[0].flags & EventFlags::Raised) != 0) == (f.exception(0s) != nullptr));
        }
    }
    const auto spawned = of_kind(events, EventKind::WorkerSpawned);
    CHECK(spawned.size() == expect.thread_names.size());
    CHECK(spawned.size() <= static_cast<std::size_t>(expect.max_workers));
    CHECK(of_kind(events, EventKind::WorkerExited).size() == spawned.size());
    for (std::size_t i = 0; i < spawned.size(); ++i) CHECK(spawned[i].value == static_cast<std::int64_t>(i));
    const auto created = of_kind(events, EventKind::ExecutorCreated);
    REQUIRE(created.size() == 1);
    CHECK(created[0].value == expect.max_workers);
    CHECK(events.front().kind == EventKind::ExecutorCreated);
    CHECK(events.back().kind == EventKind::ShutdownEnd);
}

}  // namespace

namespace {
void check_programs(Mode mode, std::uint32_t count) {
    Coverage coverage;
    for (std::uint32_t seed = 1; seed <= count; ++seed) check_program(seed, mode, coverage);
    std::ostringstream summary;
    for (const auto& [kind, n] : coverage)
        summary << (kind == EventKind::Count_ ? std::string_view("raised") : event_kind_name(kind)) << '=' << n << ' ';
    MESSAGE(summary.str());
    // Every path of the state machine was taken somewhere.
    for (EventKind kind : {EventKind::TaskStarted, EventKind::TaskCancelled, EventKind::CancelNotified,
                           EventKind::MapYielded, EventKind::WaitBegin, EventKind::Count_})
        CHECK(coverage[kind] > 0);
}
}  // namespace

TEST_CASE("Events.Property.RandomProgramsVirtualClock") { check_programs(Mode::Virtual, 100); }

TEST_CASE("Events.Property.RandomProgramsSteadyClock") { check_programs(Mode::Steady, 100); }

namespace {
// Many small tasks through a real pool on the steady clock, recorded: every hand-off between threads
// (queue to worker, worker to the thread taking the result) shows as a strictly later time, even
// though event times are read without a fence (SteadyClock::event_time).
void check_hand_off_times(bool use_map) {
    SteadyClock clock;
    Recorder recorder(1 << 18);
    constexpr int tasks = 20'000;
    {
        ThreadPoolExecutor::Options options;
        options.max_workers = 2;
        options.clock = &clock;
        options.sink = &recorder;
        ThreadPoolExecutor pool(options);
        std::vector<int> items(tasks);
        std::iota(items.begin(), items.end(), 0);
        if (use_map) {
            for (int r : pool.map([](int x) { return x; }, items)) (void)r;
        } else {
            std::vector<Future<int>> futures;
            futures.reserve(items.size());
            for (int x : items) futures.push_back(pool.submit([x] { return x; }));
            for (auto& f : futures) (void)f.result();
        }
    }
    std::vector<Event> events;
    recorder.drain(events);
    REQUIRE(recorder.dropped() == 0);
    struct Times {
        Event submitted{}, started{}, finished{}, taken{};
    };
    std::map<std::uint64_t, Times> by_task;
    for (const Event& e : events) {
        Times& t = by_task[e.task];
        if (e.kind == EventKind::TaskSubmitted) t.submitted = e;
        if (e.kind == EventKind::TaskStarted) t.started = e;
        if (e.kind == EventKind::TaskFinished) t.finished = e;
        if (e.kind == EventKind::ResultTaken || e.kind == EventKind::MapYielded ||
            (e.kind == EventKind::WaitEnd && e.task != 0))
            t.taken = e;
    }
    int backwards = 0, complete = 0;
    // A cause and its effect on different threads: the effect strictly later; on one thread: not earlier.
    auto follows = [](const Event& cause, const Event& effect) {
        return cause.thread == effect.thread ? effect.time_ns >= cause.time_ns : effect.time_ns > cause.time_ns;
    };
    for (const auto& [task, t] : by_task) {
        if (task == 0) continue;
        if (t.submitted.kind != EventKind::TaskSubmitted || t.started.kind != EventKind::TaskStarted ||
            t.finished.kind != EventKind::TaskFinished || t.taken.sequence == 0)
            continue;
        ++complete;
        if (!follows(t.submitted, t.started) || !follows(t.started, t.finished) || !follows(t.finished, t.taken))
            ++backwards;
    }
    CHECK(complete == tasks);
    CHECK(backwards == 0);
}
}  // namespace

TEST_CASE("Events.SteadyClock.HandOffsAreLaterInTime.Submit") { check_hand_off_times(false); }

TEST_CASE("Events.SteadyClock.HandOffsAreLaterInTime.Map") { check_hand_off_times(true); }

// ---- Recorder ------------------------------------------------------------------------------------

TEST_CASE("Events.Recorder.OverflowCountsDropped") {
    Recorder recorder(4);
    Event event{};
    for (std::uint64_t i = 1; i <= 10; ++i) {
        event.sequence = i;
        event.value = static_cast<std::int64_t>(i);
        recorder.on_event(event);
    }
    CHECK(recorder.dropped() == 6);
    std::vector<Event> out;
    CHECK(recorder.drain(out) == 4);
    REQUIRE(out.size() == 4);
    for (std::uint64_t i = 0; i < 4; ++i) CHECK(out[i].value == static_cast<std::int64_t>(i + 1));  // a full ring drops the newest
    event.sequence = 11;
    event.value = 11;
    recorder.on_event(event);  // room again after the drain
    CHECK(recorder.drain(out) == 1);
    CHECK(out.back().value == 11);
    CHECK(out.back().sequence == 5);  // delivered events are numbered in delivery order
    CHECK(recorder.dropped() == 6);
}

TEST_CASE("Events.Recorder.DrainMergesThreadsIntoOneOrder") {
    // Four threads' interleaved times come out as one event_before order, every event once; the
    // second drain sees only what came after the first.
    Recorder recorder(1 << 10);
    auto write = [&](std::int32_t thread, std::int64_t from) {
        std::thread([&recorder, thread, from] {
            Event e{};
            e.thread = thread;
            for (std::int64_t k = 0; k < 100; ++k) {
                e.time_ns = from + 4 * k + thread;
                e.sequence = static_cast<std::uint64_t>(k + 1);
                recorder.on_event(e);
            }
        }).join();
    };
    for (std::int32_t t = 0; t < 4; ++t) write(t, 0);
    std::vector<Event> out;
    REQUIRE(recorder.drain(out) == 400);
    for (std::size_t i = 0; i < out.size(); ++i) {
        CHECK(out[i].time_ns == static_cast<std::int64_t>(i));
        CHECK(out[i].sequence == i + 1);  // renumbered in delivery order
    }
    for (std::int32_t t = 0; t < 4; ++t) write(t, 1000);
    std::vector<Event> more;
    REQUIRE(recorder.drain(more) == 400);
    CHECK(more.front().time_ns == 1000);
    CHECK(more.front().sequence == 401);
    CHECK(std::is_sorted(more.begin(), more.end(), event_before));
}

TEST_CASE("Events.Recorder.DrainOrdersAHandBuiltStreamToo") {
    // A thread's own events arrive in order; events a test builds by hand need not, and still come out sorted.
    Recorder recorder(64);
    Event e{};
    for (std::int64_t t = 10; t >= 1; --t) {
        e.time_ns = t;
        e.sequence = static_cast<std::uint64_t>(11 - t);
        recorder.on_event(e);
    }
    std::vector<Event> out;
    REQUIRE(recorder.drain(out) == 10);
    for (std::size_t i = 0; i < out.size(); ++i) CHECK(out[i].time_ns == static_cast<std::int64_t>(i + 1));
}

TEST_CASE("Events.Recorder.DrainWhileWriting") {
    constexpr int writers = 4;
    constexpr std::uint64_t per_writer = 20000;
    Recorder recorder(1024);
    std::atomic<std::uint64_t> sequence{1};
    std::atomic<int> running{writers};
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w)
        threads.emplace_back([&, w] {
            Event event{};
            event.thread = w;
            for (std::uint64_t k = 0; k < per_writer; ++k) {
                event.value = static_cast<std::int64_t>(k);
                event.sequence = sequence.fetch_add(1);
                recorder.on_event(event);
            }
            running.fetch_sub(1);
        });
    std::vector<Event> received;
    std::size_t batches = 0;
    bool batch_sorted = true;
    for (;;) {
        const bool last = running.load() == 0;  // read before draining: nothing is written after it
        const std::size_t first = received.size();
        recorder.drain(received);
        ++batches;
        for (std::size_t i = first; i < received.size(); ++i)  // renumbered 1, 2, ... across batches
            batch_sorted = batch_sorted && received[i].sequence == i + 1;
        if (last) break;
        std::this_thread::yield();
    }
    for (auto& t : threads) t.join();
    CHECK(batch_sorted);
    CHECK(received.size() + recorder.dropped() == writers * per_writer);
    std::vector<std::int64_t> last_value(writers, -1);
    bool in_order = true;
    for (const Event& e : received) {
        in_order = in_order && e.value > last_value[static_cast<std::size_t>(e.thread)];
        last_value[static_cast<std::size_t>(e.thread)] = e.value;
    }
    CHECK(in_order);  // each writer's events arrive once, in its own order
    MESSAGE("drained " << received.size() << " events in " << batches << " batches, dropped " << recorder.dropped());
}

TEST_CASE("Events.Recorder.OneRingPerThreadWithManyRecorders") {
    // A thread that writes to more recorders than its ring cache holds must still get one bounded
    // ring per recorder (else every cache miss would allocate a fresh ring: unbounded memory).
    constexpr int recorders = 6;
    std::vector<std::unique_ptr<Recorder>> all;
    for (int r = 0; r < recorders; ++r) all.push_back(std::make_unique<Recorder>(4));
    Event event{};
    for (std::uint64_t round = 1; round <= 10; ++round)
        for (auto& recorder : all) {
            event.sequence = round;
            recorder->on_event(event);
        }
    for (auto& recorder : all) {
        std::vector<Event> out;
        CHECK(recorder->drain(out) == 4);
        CHECK(recorder->dropped() == 6);
    }
}

namespace {
// Writer A records cause k, then writer B records effect k. A drain racing with them must never return
// an effect in a batch before the one holding its cause (rings are popped one by one, so a naive drain
// can read A's ring just before the cause and B's just after the effect). `timestamps`: numbered as
// under the steady clock (real time, per-thread sequence), else as under a clock that stands still
// (one time, one process-wide counter).
void check_drain_is_causal(bool timestamps) {
    int violations = 0;
    std::size_t delivered = 0;
    for (int round = 0; round < 5; ++round) {
        Recorder recorder(1 << 12);
        SteadyClock clock;
        std::atomic<std::uint64_t> sequence{1};  // like the process-wide event counter
        std::atomic<int> turn{0};
        std::atomic<bool> done{false};
        constexpr int pairs = 1000;
        auto writer = [&](std::int32_t id) {
            Event e{};
            e.thread = id;
            std::uint64_t own_sequence = 0;
            for (int k = 0; k < pairs; ++k) {
                while (turn.load(std::memory_order_acquire) != 2 * k + id) std::this_thread::yield();
                e.value = k;
                e.time_ns = timestamps ? clock.now() : 0;
                e.sequence = timestamps ? ++own_sequence : sequence.fetch_add(1);
                recorder.on_event(e);
                turn.store(2 * k + id + 1, std::memory_order_release);
            }
            if (id == 1) done.store(true);
        };
        std::thread cause(writer, 0);
        std::thread effect(writer, 1);
        std::vector<bool> cause_seen(pairs, false);
        for (;;) {
            const bool last = done.load();
            std::vector<Event> batch;
            recorder.drain(batch);
            delivered += batch.size();
            for (const Event& e : batch) {
                if (e.thread == 0) cause_seen[static_cast<std::size_t>(e.value)] = true;
                if (e.thread == 1 && !cause_seen[static_cast<std::size_t>(e.value)]) ++violations;
            }
            if (last) break;
        }
        cause.join();
        effect.join();
    }
    CHECK(violations == 0);
    CHECK(delivered == 5u * 2 * 1000);  // and the last drain after the writers stopped got the rest
}
}  // namespace

TEST_CASE("Events.Recorder.DrainIsCausal.ProcessWideSequence") { check_drain_is_causal(false); }

TEST_CASE("Events.Recorder.DrainIsCausal.SteadyTimestamps") { check_drain_is_causal(true); }
