// test_gil.cpp — the simulated GIL: CPU-bound work gains nothing from more workers, I/O-bound work does,
// the lock is handed over every switch interval in FIFO order, and it is never held by two threads.
#include "lesson_test_support.hpp"

using namespace poolscope;
using namespace poolscope::test;

namespace {

std::int64_t makespan(const std::string& id, int workers) {
    RunOptions options;
    options.max_workers = workers;
    const auto record = run_bounded(builtin(id), options);
    REQUIRE(record);
    return last_finish(*record);
}

}  // namespace

TEST_CASE("Gil.CpuBound.NoSpeedUpFromMoreWorkers") {
    const std::int64_t one = makespan("13-cpu-bound-gil", 1);
    const std::int64_t four = makespan("13-cpu-bound-gil", 4);
    CHECK(one == 400 * ms);
    CHECK(four == one);  // four CPU tasks of 100 ms share one GIL
}

TEST_CASE("Gil.IoBound.MoreWorkersOverlapTheWaiting") {
    CHECK(makespan("14-io-bound-threads", 1) == 400 * ms);
    CHECK(makespan("14-io-bound-threads", 2) == 200 * ms);
    CHECK(makespan("14-io-bound-threads", 4) == 100 * ms);
}

TEST_CASE("Gil.Off.CpuWorkRunsInParallel") {
    Lesson lesson = builtin("13-cpu-bound-gil");
    lesson.gil = false;
    const auto record = run_bounded(lesson);
    REQUIRE(record);
    CHECK(last_finish(*record) == 100 * ms);
    CHECK(events_of(*record, EventKind::GilAcquired).empty());
}

TEST_CASE("Gil.HandOver.EverySwitchIntervalNeverTwoHolders") {
    const auto record = run_bounded(builtin("13-cpu-bound-gil"));
    REQUIRE(record);
    std::int32_t holder = -100;
    std::int64_t acquired_at = 0;
    std::size_t hand_overs = 0;
    for (const Event& e : record->events) {
        if (e.kind == EventKind::GilAcquired) {
            CHECK(holder == -100);  // nobody holds it
            holder = e.thread;
            acquired_at = e.time_ns;
        } else if (e.kind == EventKind::GilReleased) {
            CHECK(holder == e.thread);
            CHECK(e.time_ns - acquired_at <= 5 * ms);  // held at most one switch interval while others wait
            holder = -100;
            ++hand_overs;
        }
    }
    CHECK(holder == -100);
    CHECK(hand_overs == 400 / 5);  // 400 ms of CPU work in 5 ms turns
}

TEST_CASE("Gil.Direct.FifoOrderOnVirtualClock") {
    VirtualClock clock;
    std::vector<int> order;
    std::mutex order_mutex;
    {
        VirtualClock::Participation main(clock, "MainThread");
        SimulatedGil gil(clock, detail::Instrument{nullptr, &clock, 0});
        gil.acquire(0);
        std::vector<std::thread> threads;
        for (int i = 0; i < 3; ++i) {
            const ThreadTicket ticket = clock.prepare_thread("t");
            threads.emplace_back([&, i, ticket] {
                clock.thread_started(ticket);
                clock.sleep_until(static_cast<Nanos>(i + 1) * ms);  // queue up in order 0, 1, 2
                gil.acquire(static_cast<std::uint64_t>(i + 1));
                {
                    std::lock_guard guard(order_mutex);
                    order.push_back(i);
                }
                clock.sleep_until(clock.now() + ms);
                gil.release(static_cast<std::uint64_t>(i + 1));
                clock.thread_exiting();
            });
        }
        clock.sleep_until(10 * ms);
        CHECK(gil.waiting() == 3);
        gil.release(0);
        clock.sleep_until(100 * ms);
        CHECK(clock.now() == 100 * ms);
        for (auto& t : threads) t.join();
    }
    CHECK(order == std::vector<int>{0, 1, 2});
}
