// test_virtual_clock.cpp — the executor on the VirtualClock: exact event timestamps, identical runs,
// deadlock detection (DeadlockError instead of a hang) and pacing (pause/step). No CPython
// counterpart: these are the guarantees the lessons, traces and the GUI's replays rely on.
#include <map>
#include <sstream>

#include "test_support.hpp"

using namespace poolscope;
using namespace poolscope::test;

namespace {
ThreadPoolExecutor::Options on_clock(Clock& clock, int workers, EventSink* sink = nullptr, std::string prefix = "") {
    ThreadPoolExecutor::Options options;
    options.max_workers = workers;
    options.clock = &clock;
    options.sink = sink;
    options.thread_name_prefix = std::move(prefix);
    return options;
}

struct MapRun {
    std::vector<int> results;
    std::vector<Event> events;
};

/// map over tasks sleeping 300/100/200 ms on the clock; returns the results and the recorded events.
MapRun run_sleepy_map(int workers) {
    Recorder recorder;
    MapRun run;
    {
        VirtualClock clock;
        VirtualClock::Participation main(clock, "MainThread");
        ThreadPoolExecutor pool(on_clock(clock, workers, &recorder));
        for (int r : pool.map(
                 [&clock](int delay) {
                     clock.sleep_for(std::chrono::milliseconds(delay));
                     return delay;
                 },
                 std::vector{300, 100, 200}))
            run.results.push_back(r);
    }
    recorder.drain(run.events);
    CHECK(recorder.dropped() == 0);
    return run;
}

/// time of the `kind` event of `task`
std::int64_t time_of(const std::vector<Event>& events, EventKind kind, std::uint64_t task) {
    for (const Event& e : events)
        if (e.kind == kind && e.task == task) return e.time_ns;
    FAIL("no " << event_kind_name(kind) << " for task " << task);
    return -1;
}

std::string describe(const std::vector<Event>& events) {
    std::ostringstream out;
    for (const Event& e : events)
        out << event_kind_name(e.kind) << " t=" << e.time_ns << " task=" << e.task << " thread=" << e.thread
            << " value=" << e.value << " flags=" << int(e.flags) << "\n";
    return out.str();
}
}  // namespace

TEST_CASE("VirtualClock.Map.ExactTimestamps8Workers") {
    const MapRun run = run_sleepy_map(8);
    CHECK(run.results == std::vector<int>{300, 100, 200});
    const auto& ev = run.events;
    for (std::uint64_t task : {1u, 2u, 3u}) CHECK(time_of(ev, EventKind::TaskStarted, task) == 0);
    CHECK(time_of(ev, EventKind::TaskFinished, 1) == ms(300));
    CHECK(time_of(ev, EventKind::TaskFinished, 2) == ms(100));
    CHECK(time_of(ev, EventKind::TaskFinished, 3) == ms(200));
    const auto yields = of_kind(ev, EventKind::MapYielded);
    REQUIRE(yields.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(yields[i].time_ns == ms(300));  // the head (300 ms) holds the others back
        CHECK(yields[i].value == static_cast<std::int64_t>(i));
        CHECK(yields[i].task == i + 1);
    }
    CHECK(of_kind(ev, EventKind::WorkerSpawned).size() == 3);  // one thread per submit, max 8
}

TEST_CASE("VirtualClock.Map.ExactTimestamps1Worker") {
    const MapRun run = run_sleepy_map(1);
    CHECK(run.results == std::vector<int>{300, 100, 200});
    const auto& ev = run.events;
    CHECK(time_of(ev, EventKind::TaskStarted, 1) == 0);
    CHECK(time_of(ev, EventKind::TaskStarted, 2) == ms(300));
    CHECK(time_of(ev, EventKind::TaskStarted, 3) == ms(400));
    CHECK(time_of(ev, EventKind::TaskFinished, 3) == ms(600));
    const auto yields = of_kind(ev, EventKind::MapYielded);
    REQUIRE(yields.size() == 3);
    CHECK(yields[0].time_ns == ms(300));
    CHECK(yields[1].time_ns == ms(400));
    CHECK(yields[2].time_ns == ms(600));
    const auto spawned = of_kind(ev, EventKind::WorkerSpawned);
    REQUIRE(spawned.size() == 1);
    for (const Event& e : of_kind(ev, EventKind::TaskStarted)) CHECK(e.thread == 0);
}

TEST_CASE("VirtualClock.Determinism.IdenticalRuns") {
    // A busier program: several workers, sleeps with ties, an error, a cancel and wait().
    auto program = [] {
        Recorder recorder;
        {
            VirtualClock clock;
            VirtualClock::Participation main(clock, "MainThread");
            ThreadPoolExecutor pool(on_clock(clock, 3, &recorder));
            std::vector<Future<int>> futures;
            for (int i = 0; i < 8; ++i)
                futures.push_back(pool.submit([&clock](int n) {
                    clock.sleep_for(std::chrono::milliseconds(50 * (n % 3)));
                    if (n == 5) throw PythonError("ValueError", "five");
                    return n;
                }, i));
            futures[7].cancel();
            (void)wait(futures, 75ms, FIRST_EXCEPTION);
            for (int r : pool.map([](int x) { return x + 1; }, std::vector{1, 2, 3})) (void)r;
            pool.shutdown(true);
        }
        std::vector<Event> events;
        recorder.drain(events);
        return events;
    };
    const auto first = program();
    const auto second = program();
    REQUIRE(first.size() == second.size());
    REQUIRE(first.size() > 40);
    auto key = [](const Event& e) { return std::tuple{e.kind, e.time_ns, e.task, e.thread, e.value, e.flags}; };
    bool same = true;
    for (std::size_t i = 0; i < first.size(); ++i) same = same && key(first[i]) == key(second[i]);
    CHECK_MESSAGE(same, "first run:\n" << describe(first) << "second run:\n" << describe(second));
}

TEST_CASE("VirtualClock.Deadlock.SelfSubmitWithOneWorker") {
    // The docs' deadlock: max_workers=1 and a task that waits on a task submitted to its own pool.
    // CPython hangs; the virtual clock raises DeadlockError in every blocked thread instead.
    VirtualClock clock;
    VirtualClock::Participation main(clock, "MainThread");
    ThreadPoolExecutor pool(on_clock(clock, 1, nullptr, "Deadlock"));
    auto outer = pool.submit([&pool] { return pool.submit([] { return 1; }).result() + 1; });
    std::string report;
    try {
        (void)outer.result();
        FAIL("expected DeadlockError");
    } catch (const DeadlockError& e) {
        report = e.what();
    }
    CHECK(clock.deadlocked());
    CHECK(report == clock.deadlock_report());
    CHECK(report.find("deadlock") == 0);
    CHECK(report.find("MainThread: waiting for the result of task 1") != std::string::npos);
    CHECK(report.find("Deadlock_0: waiting for the result of task 2") != std::string::npos);
    // The worker got the error too, so its task finished with it and the pool still shuts down.
    CHECK_THROWS_AS(outer.result(), DeadlockError);
    pool.shutdown(true);
}

TEST_CASE("VirtualClock.Deadlock.TwoTasksWaitOnEachOther") {
    // The docs' other deadlock (wait_on_b / wait_on_a with max_workers=2).
    VirtualClock clock;
    VirtualClock::Participation main(clock, "MainThread");
    ThreadPoolExecutor pool(on_clock(clock, 2, nullptr, "Pair"));
    Future<int> a;
    Future<int> b;
    a = pool.submit([&] {
        clock.sleep_for(5s);
        return b.result() + 5;
    });
    b = pool.submit([&] {
        clock.sleep_for(5s);
        return a.result() + 6;
    });
    CHECK_THROWS_AS(a.result(), DeadlockError);
    CHECK(clock.now() == ms(5000));  // time ran until the sleeps ended, then nothing could move
    const std::string report = clock.deadlock_report();
    CHECK(report.find("Pair_0: waiting for the result of task 2") != std::string::npos);
    CHECK(report.find("Pair_1: waiting for the result of task 1") != std::string::npos);
    CHECK(report.find("MainThread: waiting for the result of task 1") != std::string::npos);
    pool.shutdown(true);
    CHECK_THROWS_AS(b.result(), DeadlockError);
}

TEST_CASE("VirtualClock.Deadlock.WaitOnNeverCompletingFuture") {
    Recorder recorder;
    VirtualClock clock;
    VirtualClock::Participation main(clock, "MainThread");
    auto never = Future<int>::make_pending(clock, &recorder);
    CHECK_THROWS_AS(wait(std::vector{never}), DeadlockError);
    CHECK(clock.deadlock_report().find("MainThread: waiting for futures (wait/as_completed)") != std::string::npos);
    auto iterator = as_completed(std::vector{never});
    CHECK_THROWS_AS(iterator.next(), DeadlockError);
    CHECK_FALSE(iterator.next().has_value());  // a generator that raised is finished
    CHECK_THROWS_AS(never.result(), DeadlockError);
    // Every wait interval is closed, flagged Raised, so a trace never shows a wait without an end.
    const auto events = drain_all(recorder);
    const auto begins = of_kind(events, EventKind::WaitBegin);
    const auto ends = of_kind(events, EventKind::WaitEnd);
    REQUIRE(begins.size() == 3);
    REQUIRE(ends.size() == 3);
    const WaitKind kinds[] = {WaitKind::Wait, WaitKind::AsCompleted, WaitKind::Result};
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(ends[i].value == static_cast<std::int64_t>(kinds[i]));
        CHECK((ends[i].flags & EventFlags::Raised) != 0);
        CHECK(ends[i].sequence > begins[i].sequence);
    }
}

TEST_CASE("VirtualClock.Deadlock.InDestructorJoin") {
    // The scope end (Python's `with` exit) joins a worker stuck on a future nothing will complete.
    // The deadlock must surface in the task, not as an exception escaping the destructor.
    Recorder recorder;
    VirtualClock clock;
    VirtualClock::Participation main(clock, "MainThread");
    auto never = Future<int>::make_pending(clock);
    Future<int> stuck;
    {
        ThreadPoolExecutor pool(on_clock(clock, 1, &recorder));
        stuck = pool.submit([&] { return never.result(); });
    }
    CHECK(clock.deadlocked());
    CHECK(clock.deadlock_report().find("joining the workers in shutdown()") != std::string::npos);
    CHECK_THROWS_AS(stuck.result(), DeadlockError);
    const auto events = drain_all(recorder);
    CHECK(of_kind(events, EventKind::WaitBegin).size() == of_kind(events, EventKind::WaitEnd).size());
    CHECK(of_kind(events, EventKind::WorkerExited).size() == 1);
}

TEST_CASE("VirtualClock.Deadlock.TimedWaitIsNoDeadlock") {
    // With a timeout the run is not stuck: time jumps to the deadline and result() raises TimeoutError.
    VirtualClock clock;
    VirtualClock::Participation main(clock, "MainThread");
    ThreadPoolExecutor pool(on_clock(clock, 1));
    auto outer = pool.submit([&pool] { return pool.submit([] { return 1; }).result(2s) + 1; });
    CHECK_THROWS_AS(outer.result(), TimeoutError);  // probe 04#13
    CHECK(clock.now() == ms(2000));
    CHECK_FALSE(clock.deadlocked());
}

TEST_CASE("VirtualClock.Pacing.PauseAndStep") {
    VirtualClock clock;
    clock.set_pacing(true);
    clock.set_paused(true);
    auto reached = Future<int>::make_pending();  // on the real clock: the controller waits on it
    std::thread controller([&] {
        clock.step();  // allow the first jump (to 100 ms)
        CHECK(reached.result(bound) == 100);
        // Paused: the second jump (to 200 ms) waits for another step.
        CHECK(clock.now() == ms(100));
        CHECK(clock.paused());
        clock.step();
    });
    {
        VirtualClock::Participation main(clock, "MainThread");
        ThreadPoolExecutor pool(on_clock(clock, 1));
        auto future = pool.submit([&] {
            clock.sleep_for(100ms);
            reached.set_result(static_cast<int>(clock.now() / 1'000'000));
            clock.sleep_for(100ms);
            return clock.now();
        });
        CHECK(future.result() == ms(200));
    }
    controller.join();
}

TEST_CASE("VirtualClock.Pacing.Speed") {
    // Paced at 1000x, 2 s of virtual sleep takes about 2 ms of real time: it must end, at exactly 2 s.
    VirtualClock clock;
    clock.set_pacing(true);
    clock.set_speed(1000.0);
    VirtualClock::Participation main(clock, "MainThread");
    const auto real_start = std::chrono::steady_clock::now();
    clock.sleep_for(2s);
    CHECK(clock.now() == ms(2000));
    CHECK(std::chrono::steady_clock::now() - real_start >= 2ms);
    CHECK_THROWS_AS(clock.set_speed(0.0), std::invalid_argument);
}

TEST_CASE("VirtualClock.NonParticipantCannotBlock") {
    VirtualClock clock;
    auto future = Future<int>::make_pending(clock);
    CHECK_THROWS_AS(future.result(), std::logic_error);
    CHECK_THROWS_AS(clock.sleep_for(1ms), std::logic_error);
}

TEST_CASE("VirtualClock.Events.ResultTakenOnlyWhenResultDidNotBlock") {
    // The GUI marks the moment each result reaches the caller: a blocking result() by its WaitEnd, one
    // that finds the future already done by ResultTaken. Map iteration has MapYielded instead.
    Recorder recorder;
    VirtualClock clock;
    VirtualClock::Participation main(clock, "MainThread");
    {
        ThreadPoolExecutor pool(
            {.max_workers = 2, .thread_name_prefix = {}, .initializer = {}, .clock = &clock, .sink = &recorder, .pool_number = 0});
        auto slow = pool.submit([&] { clock.sleep_for(std::chrono::milliseconds(300)); return 1; });
        auto fast = pool.submit([&] { clock.sleep_for(std::chrono::milliseconds(100)); return 2; });
        CHECK(slow.result() == 1);  // blocks until 300 ms
        CHECK(fast.result() == 2);  // done since 100 ms: does not block
        for (int r : pool.map([](int x) { return x; }, std::vector<int>{7})) CHECK(r == 7);
    }
    const auto events = drain_all(recorder);
    const auto taken = of_kind(events, EventKind::ResultTaken);
    REQUIRE(taken.size() == 1);
    CHECK(taken[0].task == 2);
    CHECK(taken[0].time_ns == 300'000'000);
    CHECK(taken[0].value == static_cast<std::int64_t>(WaitKind::Result));
    const auto ends = of_kind(events, EventKind::WaitEnd);
    CHECK(std::count_if(ends.begin(), ends.end(), [](const Event& e) { return e.task == 1; }) == 1);
}
