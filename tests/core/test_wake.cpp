// test_wake.cpp — how an idle pool is woken. On real clocks at most one notify is in flight and each
// woken worker that finds more work wakes the next; on the virtual clock every submit wakes a worker
// (CPython's SimpleQueue.put). These tests fail by timing out if a wake is ever lost.
#include <latch>

#include "test_support.hpp"

using namespace poolscope;

namespace {
constexpr auto limit = std::chrono::seconds(30);

ThreadPoolExecutor::Options workers(int n) {
    ThreadPoolExecutor::Options options;
    options.max_workers = n;
    return options;
}
}  // namespace

TEST_CASE("Wake.Burst.ReachesEveryIdleWorker") {
    // Every task of a round waits until all eight are running at once: that only finishes if the burst
    // of submits woke all eight idle workers, though at most one wake was ever in flight.
    constexpr int size = 8;
    ThreadPoolExecutor pool(workers(size));
    for (int round = 0; round < 50; ++round) {
        std::latch all_running(size);
        std::vector<Future<int>> futures;
        for (int i = 0; i < size; ++i)
            futures.push_back(pool.submit([&all_running, i] {
                all_running.arrive_and_wait();
                return i;
            }));
        for (int i = 0; i < size; ++i) REQUIRE(futures[static_cast<std::size_t>(i)].result(limit) == i);
        REQUIRE(pool.thread_names().size() == static_cast<std::size_t>(size));  // idle ones were reused
    }
}

TEST_CASE("Wake.Trickle.NeverStrandsQueuedWork") {
    // Submits that arrive one at a time, in small bursts, and while workers are going idle: every task
    // runs (a stranded item would time out its result()).
    ThreadPoolExecutor pool(workers(4));
    std::atomic<int> ran{0};
    for (int round = 0; round < 300; ++round) {
        const int burst = 1 + round % 7;
        std::vector<Future<void>> futures;
        for (int i = 0; i < burst; ++i) futures.push_back(pool.submit([&ran] { ran.fetch_add(1); }));
        for (auto& f : futures) REQUIRE_NOTHROW(f.result(limit));
        if (round % 50 == 0) std::this_thread::yield();
    }
    CHECK(ran.load() == [] { int n = 0; for (int r = 0; r < 300; ++r) n += 1 + r % 7; return n; }());
}
