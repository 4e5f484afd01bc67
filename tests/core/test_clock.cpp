// test_clock.cpp — the real-time clocks under the executor: Python-style timeout arithmetic, and the
// ControllableClock the live lessons use (pause freezes time and every timed wait, speed scales it).
// Negative checks ("still waiting while paused") observe a bounded window; nothing sleeps to sync.
#include <atomic>
#include <cmath>
#include <future>
#include <thread>

#include "poolscope/detail/instrument.hpp"
#include "poolscope/recorder.hpp"
#include "test_support.hpp"

using namespace poolscope;
using namespace poolscope::test;

TEST_CASE("Clock.DeadlineAfter.PythonTimeouts") {
    SteadyClock clock;
    CHECK(clock.deadline_after(std::nullopt) == forever);                          // None: wait forever
    const Nanos before = clock.now();
    const Nanos zero = clock.deadline_after(0s);
    CHECK(zero >= before);
    CHECK(zero <= clock.now());
    const Nanos negative = clock.deadline_after(-5s);
    CHECK(negative <= clock.now());                                                // negative: already due
    CHECK(clock.deadline_after(std::chrono::nanoseconds::max()) == forever);       // no overflow
    CHECK(clock.deadline_after(1s) >= before + ms(1000));
}

TEST_CASE("Clock.Steady.SleepForeverRejected") {
    SteadyClock clock;
    CHECK_THROWS_AS(clock.sleep_until(forever), std::invalid_argument);
    ControllableClock controllable;
    CHECK_THROWS_AS(controllable.sleep_until(forever), std::invalid_argument);
}

TEST_CASE("Clock.Controllable.SpeedValidation") {
    CHECK_THROWS_AS(ControllableClock(0.0), std::invalid_argument);
    CHECK_THROWS_AS(ControllableClock(-1.0), std::invalid_argument);
    ControllableClock clock(2.0);
    CHECK(clock.speed() == 2.0);
    CHECK_THROWS_AS(clock.set_speed(0.0), std::invalid_argument);
    CHECK(clock.speed() == 2.0);
    clock.set_speed(0.1);
    CHECK(clock.speed() == 0.1);
}

TEST_CASE("Clock.Controllable.PauseFreezesTime") {
    ControllableClock clock;
    clock.pause();
    CHECK(clock.paused());
    const Nanos frozen = clock.now();
    std::thread([] {}).join();  // real time passes
    CHECK(clock.now() == frozen);
    clock.resume();
    CHECK_FALSE(clock.paused());
    CHECK(clock.now() >= frozen);
}

TEST_CASE("Clock.Controllable.SleeperWaitsForResume") {
    ControllableClock clock(10.0);
    clock.pause();
    const Nanos deadline = clock.now() + ms(10);
    auto sleeper = std::async(std::launch::async, [&] {
        clock.sleep_until(deadline);
        return clock.now();
    });
    // 10 ms of clock time is 1 ms of real time at 10x, but the clock is paused.
    CHECK(sleeper.wait_for(50ms) == std::future_status::timeout);
    clock.resume();
    REQUIRE(sleeper.wait_for(bound) == std::future_status::ready);
    CHECK(sleeper.get() >= deadline);  // never early
}

TEST_CASE("Clock.Controllable.TimedResultWaitsWhilePaused") {
    ControllableClock clock(10.0);
    auto future = Future<int>::make_pending(clock);
    clock.pause();
    auto waiter = std::async(std::launch::async, [&] {
        try {
            return future.result(10ms);
        } catch (const TimeoutError&) {
            return -1;
        }
    });
    CHECK(waiter.wait_for(50ms) == std::future_status::timeout);  // a paused clock never times out
    clock.resume();
    REQUIRE(waiter.wait_for(bound) == std::future_status::ready);
    CHECK(waiter.get() == -1);
}

TEST_CASE("Clock.Controllable.ExecutorRunsOnIt") {
    ControllableClock clock(50.0);
    ThreadPoolExecutor::Options options;
    options.max_workers = 2;
    options.clock = &clock;
    ThreadPoolExecutor pool(options);
    auto future = pool.submit([&] {
        const Nanos start = clock.now();
        clock.sleep_for(100ms);  // 2 ms of real time at 50x
        return clock.now() - start;
    });
    CHECK(future.result(std::chrono::seconds(500)) >= ms(100));  // timeouts are clock time too
}

TEST_CASE("Clock.Steady.TracksTheSystemSteadyClock") {
    // SteadyClock counts std::chrono::steady_clock's nanoseconds from its construction (a cheaper time
    // source would have to keep this). Each clock reading is bracketed by two system readings, so a
    // preemption between them widens the bracket instead of failing the test.
    using Steady = std::chrono::steady_clock;
    const auto ns = [](Steady::duration d) { return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count(); };
    SteadyClock clock;
    const auto before_start = Steady::now();
    const Nanos start = clock.now();
    const auto after_start = Steady::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const auto before_end = Steady::now();
    const Nanos end = clock.now();
    const auto after_end = Steady::now();
    const Nanos shortest = ns(before_end - after_start), longest = ns(after_end - before_start);
    const Nanos slack = 1'000 + longest / 1000;  // 1 us + 0.1%
    CHECK(end - start >= shortest - slack);
    CHECK(end - start <= longest + slack);
}

TEST_CASE("Clock.Steady.AHandOffNeverGoesBackInTime") {
    // What Clock::timestamps_order_causes promises: a time read after acquiring what another thread
    // released after its own read is never earlier than that read, on whichever CPUs they run.
    SteadyClock clock;
    std::atomic<Nanos> published{-1};
    std::atomic<bool> stop{false};
    int backwards = 0;
    std::thread writer([&] {
        while (!stop.load(std::memory_order_relaxed)) published.store(clock.now(), std::memory_order_release);
    });
    for (int i = 0; i < 200'000; ++i) {
        const Nanos seen = published.load(std::memory_order_acquire);
        const Nanos mine = clock.now();
        if (seen >= 0 && mine < seen) ++backwards;
    }
    stop.store(true);
    writer.join();
    CHECK(backwards == 0);
}

namespace {
// Two threads take turns: each reads an event time, then hands the turn over; the other takes it and
// reads its own. `through_lock`: the turn passes through a mutex (a locked instruction, as every
// executor hand-off but one), else through an acquire load followed by order_after_acquire() (the
// one that is not: result() on a done future). Counts readings earlier than the one they follow.
int event_times_going_back(bool through_lock) {
    SteadyClock clock;
    detail::Instrument instrument;
    Recorder recorder;
    instrument.sink = &recorder;  // order_after_acquire() only fences when events are recorded
    constexpr int turns = 100'000;
    std::mutex mutex;
    std::atomic<int> turn{0};
    int locked_turn = 0;
    Nanos last = -1;  // the previous turn's reading: written before the hand-off, read after it
    int backwards = 0;
    auto player = [&](int me) {
        for (int k = me; k < turns; k += 2) {
            if (through_lock) {
                for (;;) {
                    {
                        std::lock_guard guard(mutex);
                        if (locked_turn == k) break;
                    }
                    std::this_thread::yield();  // the other player may share this core
                }
            } else {
                while (turn.load(std::memory_order_acquire) != k) std::this_thread::yield();
                instrument.order_after_acquire();
            }
            const Nanos mine = clock.event_time();
            if (mine < last) ++backwards;
            last = mine;
            if (through_lock) {
                std::lock_guard guard(mutex);
                locked_turn = k + 1;
            } else {
                turn.store(k + 1, std::memory_order_release);
            }
        }
    };
    std::thread other(player, 1);
    player(0);
    other.join();
    return backwards;
}
}  // namespace

TEST_CASE("Clock.Steady.EventTimesFollowAHandOffThroughALock") { CHECK(event_times_going_back(true) == 0); }

TEST_CASE("Clock.Steady.EventTimesFollowALockFreeHandOff") { CHECK(event_times_going_back(false) == 0); }

TEST_CASE("Clock.Steady.EventTimesTrackNow") {
    // Events and now() read one scale: an event stamped between two now() readings lies between them.
    SteadyClock clock;
    for (int i = 0; i < 1000; ++i) {
        const Nanos before = clock.now();
        const Nanos event = clock.event_time();
        const Nanos after = clock.now();
        CHECK(before <= event);
        CHECK(event <= after);
    }
}

TEST_CASE("Clock.Steady.NoNotifyIsLost") {
    // Two threads hand a token back and forth 20,000 times through one mutex and two wait points,
    // notifying after unlocking (the window between a sleeper's check and its sleep). A lost notify
    // would leave a thread asleep until its 10 s deadline: the wait would return false.
    SteadyClock clock;
    std::mutex mutex;
    WaitPoint ping, pong;
    int turn = 0;
    constexpr int rounds = 20'000;
    std::atomic<int> timeouts{0};
    auto player = [&](int me, WaitPoint& mine, WaitPoint& theirs) {
        for (int k = 0; k < rounds; ++k) {
            std::unique_lock lock(mutex);
            if (!clock.wait_until(lock, mine, clock.now() + 10'000'000'000, [&] { return turn % 2 == me; })) {
                ++timeouts;
                return;
            }
            ++turn;
            lock.unlock();
            if (k % 2 == 0) clock.notify_one(theirs);
            else clock.notify_all(theirs);
        }
    };
    std::thread other(player, 1, std::ref(pong), std::ref(ping));
    player(0, ping, pong);
    other.join();
    CHECK(timeouts == 0);
    CHECK(turn == 2 * rounds);
}

TEST_CASE("Clock.Steady.TimedWaitNeverEndsBeforeItsDeadline") {
    SteadyClock clock;
    std::mutex mutex;
    WaitPoint point;
    std::unique_lock lock(mutex);
    for (int i = 0; i < 20; ++i) {
        const Nanos deadline = clock.now() + 2'000'000;
        CHECK_FALSE(clock.wait_until(lock, point, deadline, [] { return false; }));
        CHECK(clock.now() >= deadline);
        const Nanos wake = clock.now() + 1'000'000;
        clock.sleep_until(wake);
        CHECK(clock.now() >= wake);
    }
}
