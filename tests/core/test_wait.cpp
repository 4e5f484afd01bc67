// test_wait.cpp — port of CPython Lib/test/test_concurrent_futures/test_wait.py (all 9 tests) and
// test_as_completed.py. CPython's sleeps become gates or VirtualClock sleeps so every split is exact.
// Contract items 31-38. wait() returns vectors in first-appearance order; the checks compare as sets.
#include <algorithm>
#include <set>

#include "test_support.hpp"

using namespace poolscope;
using namespace poolscope::test;

namespace {
using Set = std::set<const detail::FutureCore*>;

Set set_of(const std::vector<AnyFuture>& futures) {
    Set s;
    for (const AnyFuture& f : futures) s.insert(f.core().get());
    return s;
}
template <class... F>
Set set_of(const F&... futures) {
    return Set{futures.core().get()...};
}
std::vector<AnyFuture> list(std::initializer_list<AnyFuture> futures) { return futures; }

int mul(int x, int y) { return x * y; }

ThreadPoolExecutor::Options on_clock(Clock& clock, int workers) {
    ThreadPoolExecutor::Options options;
    options.max_workers = workers;
    options.clock = &clock;
    return options;
}
}  // namespace

// ---- wait() --------------------------------------------------------------------------------------

TEST_CASE("Wait.Duplicates [test_20369]") {
    ThreadPoolExecutor pool(5);
    auto future = pool.submit(mul, 2, 21);
    const auto result = wait(list({future, future}), bound, ALL_COMPLETED);
    CHECK(result.done.size() == 1);
    CHECK(set_of(result.done) == set_of(future));
    CHECK(result.not_done.empty());
}

TEST_CASE("Wait.FirstCompleted [test_first_completed]") {
    Canned c;
    ThreadPoolExecutor pool(5);
    Gate gate;
    auto future1 = pool.submit(mul, 21, 2);
    auto future2 = pool.submit([&] { return gate.wait(); });
    const auto result = wait(list({c.cancelled, future1, future2}), bound, FIRST_COMPLETED);
    CHECK(set_of(result.done) == set_of(future1));
    // CANCELLED but never notified counts as not done (item 37).
    CHECK(set_of(result.not_done) == set_of(c.cancelled, future2));
    gate.open();
}

TEST_CASE("Wait.FirstCompletedSomeAlreadyCompleted [test_first_completed_some_already_completed]") {
    Canned c;
    ThreadPoolExecutor pool(5);
    Gate gate;
    auto future1 = pool.submit([&] { return gate.wait(); });
    const auto result =
        wait(list({c.cancelled_and_notified, c.successful, future1}), bound, FIRST_COMPLETED);
    CHECK(set_of(result.done) == set_of(c.cancelled_and_notified, c.successful));
    CHECK(set_of(result.not_done) == set_of(future1));
    gate.open();
}

TEST_CASE("Wait.FirstException [test_first_exception]") {
    ThreadPoolExecutor pool(5);
    Gate gate;
    auto future1 = pool.submit(mul, 2, 21);
    auto future2 = pool.submit([&]() -> int {
        future1.result(bound);  // CPython: sleep 1.5 s, by which time future1 is done
        throw PythonError("Exception", "this is an exception");
    });
    auto future3 = pool.submit([&] { return gate.wait(); });
    const auto result = wait(list({future1, future2, future3}), bound, FIRST_EXCEPTION);
    CHECK(set_of(result.done) == set_of(future1, future2));
    CHECK(set_of(result.not_done) == set_of(future3));
    gate.open();
}

TEST_CASE("Wait.FirstExceptionSomeAlreadyComplete [test_first_exception_some_already_complete]") {
    Canned c;
    ThreadPoolExecutor pool(5);
    Gate gate;
    auto future1 = pool.submit([]() -> int { throw PythonError("ZeroDivisionError", "integer division by zero"); });
    auto future2 = pool.submit([&] { return gate.wait(); });
    const auto result = wait(list({c.successful, c.cancelled, c.cancelled_and_notified, future1, future2}), bound,
                             FIRST_EXCEPTION);
    CHECK(set_of(result.done) == set_of(c.successful, c.cancelled_and_notified, future1));
    CHECK(set_of(result.not_done) == set_of(c.cancelled, future2));
    gate.open();
}

TEST_CASE("Wait.FirstExceptionOneAlreadyFailed [test_first_exception_one_already_failed]") {
    Canned c;
    ThreadPoolExecutor pool(5);
    Gate gate;
    auto future1 = pool.submit([&] { return gate.wait(); });
    const auto result = wait(list({c.exception, future1}), bound, FIRST_EXCEPTION);
    CHECK(set_of(result.done) == set_of(c.exception));
    CHECK(set_of(result.not_done) == set_of(future1));
    gate.open();
}

TEST_CASE("Wait.AllCompleted [test_all_completed]") {
    Canned c;
    ThreadPoolExecutor pool(5);
    auto future1 = pool.submit([]() -> int { throw PythonError("ZeroDivisionError", "division by zero"); });
    auto future2 = pool.submit(mul, 2, 21);
    const auto result = wait(list({c.successful, c.cancelled_and_notified, c.exception, future1, future2}), bound,
                             ALL_COMPLETED);
    CHECK(set_of(result.done) == set_of(c.successful, c.cancelled_and_notified, c.exception, future1, future2));
    CHECK(result.not_done.empty());
}

TEST_CASE("Wait.Timeout [test_timeout]") {
    // On the virtual clock the 5 s timeout is exact and instant; future2 sleeps 6 s.
    VirtualClock clock;
    VirtualClock::Participation main(clock, "MainThread");
    Canned c(clock);
    ThreadPoolExecutor pool(on_clock(clock, 5));
    auto future1 = pool.submit(mul, 6, 7);
    auto future2 = pool.submit([&] { clock.sleep_for(6s); });
    const auto result = wait(list({c.cancelled_and_notified, c.exception, c.successful, future1, future2}), 5s,
                             ALL_COMPLETED);
    CHECK(clock.now() == ms(5000));
    CHECK(set_of(result.done) == set_of(c.cancelled_and_notified, c.exception, c.successful, future1));
    CHECK(set_of(result.not_done) == set_of(future2));
}

TEST_CASE("Wait.PendingCallsRace [test_pending_calls_race]") {
    // Issue #14406: many futures completing while wait(ALL_COMPLETED) installs its waiter.
    ThreadPoolExecutor pool(5);
    Gate event;
    std::vector<Future<bool>> futures;
    for (int i = 0; i < 100; ++i) futures.push_back(pool.submit([&] { return event.wait(); }));
    event.open();
    const auto result = wait(futures, bound, ALL_COMPLETED);
    CHECK(result.done.size() == 100);
    CHECK(result.not_done.empty());
}

TEST_CASE("Wait.CancelledCountsOnceNotified") {
    // Probe 02#8: a future cancelled while queued joins `done` only once a worker dequeues it.
    ThreadPoolExecutor pool(1);
    Gate gate;
    Counter started;
    auto blocker = pool.submit([&] {
        started.arrive();
        return gate.wait();
    });
    auto queued = pool.submit([] { return 1; });
    REQUIRE(started.wait_for(1));
    CHECK(queued.cancel());
    CHECK(queued.done());
    auto early = wait(list({queued}), 0s);
    CHECK(early.done.empty());
    gate.open();
    auto late = wait(list({queued}), bound);
    CHECK(set_of(late.done) == set_of(queued));
    CHECK(queued.state() == FutureState::CancelledAndNotified);
}

TEST_CASE("Wait.InputOrderKept") {
    Canned c;
    const auto result = wait(list({c.successful, c.pending, c.exception, c.successful, c.running}), 0s);
    REQUIRE(result.done.size() == 2);
    CHECK(result.done[0] == c.successful);
    CHECK(result.done[1] == c.exception);
    REQUIRE(result.not_done.size() == 2);
    CHECK(result.not_done[0] == c.pending);
    CHECK(result.not_done[1] == c.running);
}

// ---- as_completed() ------------------------------------------------------------------------------

TEST_CASE("AsCompleted.NoTimeout [test_no_timeout]") {
    Canned c;
    ThreadPoolExecutor pool(5);
    Gate gate;
    auto future1 = pool.submit([&] { return gate.wait() ? 42 : 0; });
    auto future2 = pool.submit([&] { return gate.wait() ? 42 : 0; });
    std::vector<AnyFuture> order;
    auto iterator = as_completed(list({c.cancelled_and_notified, c.exception, c.successful, future1, future2}));
    for (int i = 0; i < 3; ++i) order.push_back(*iterator.next());  // already complete: yielded first
    CHECK(set_of(order) == set_of(c.cancelled_and_notified, c.exception, c.successful));
    gate.open();
    while (auto f = iterator.next()) order.push_back(*f);
    CHECK(order.size() == 5);
    CHECK(set_of(order) == set_of(c.cancelled_and_notified, c.exception, c.successful, future1, future2));
}

TEST_CASE("AsCompleted.FutureTimesOut [test_future_times_out]") {
    for (auto timeout : {std::chrono::nanoseconds(0), std::chrono::nanoseconds(100ms)}) {
        CAPTURE(timeout.count());
        VirtualClock clock;
        VirtualClock::Participation main(clock, "MainThread");
        Canned c(clock);
        ThreadPoolExecutor pool(on_clock(clock, 5));
        auto future = pool.submit([&] { clock.sleep_for(1s); });
        std::vector<AnyFuture> completed;
        std::string message;
        try {
            for (const AnyFuture& f : as_completed(list({c.cancelled_and_notified, c.exception, c.successful, future}),
                                                    timeout))
                completed.push_back(f);
        } catch (const TimeoutError& e) {
            message = e.what();
        }
        CHECK(set_of(completed) == set_of(c.cancelled_and_notified, c.exception, c.successful));
        CHECK(message == "1 (of 4) futures unfinished");
        CHECK(clock.now() == timeout.count());
    }
}

TEST_CASE("AsCompleted.DuplicateFutures [test_duplicate_futures]") {
    ThreadPoolExecutor pool(5);
    auto future = pool.submit(mul, 2, 21);
    int count = 0;
    for (const auto& f : as_completed(std::vector{future, future, future})) {
        CHECK(f.result(bound) == 42);
        ++count;
    }
    CHECK(count == 1);
}

TEST_CASE("AsCompleted.TimeoutMessage [test_correct_timeout_exception_msg]") {
    Canned c;
    auto iterator = as_completed(list({c.pending, c.running, c.cancelled_and_notified, c.successful}), 0s);
    int yielded = 0;
    CHECK_THROWS_WITH_AS(
        [&] {
            while (iterator.next()) ++yielded;
        }(),
        "2 (of 4) futures unfinished", TimeoutError);
    CHECK(yielded == 2);
}

TEST_CASE("AsCompleted.TimeoutStartsAtFirstNext") {
    // Probe 02#4: as_completed is a generator, so its clock starts at the first next(), not the call.
    VirtualClock clock;
    VirtualClock::Participation main(clock, "MainThread");
    auto pending = Future<int>::make_pending(clock);
    auto iterator = as_completed(std::vector{pending}, 300ms);
    clock.sleep_for(500ms);
    CHECK_THROWS_WITH_AS(iterator.next(), "1 (of 1) futures unfinished", TimeoutError);
    CHECK(clock.now() == ms(800));
}

TEST_CASE("AsCompleted.CompletionOrder") {
    VirtualClock clock;
    VirtualClock::Participation main(clock, "MainThread");
    ThreadPoolExecutor pool(on_clock(clock, 3));
    std::vector<Future<int>> futures;
    for (int delay : {300, 100, 200})
        futures.push_back(pool.submit([&clock](int d) {
            clock.sleep_for(std::chrono::milliseconds(d));
            return d;
        }, delay));
    std::vector<int> order;
    for (const auto& f : as_completed(futures)) order.push_back(f.result());
    CHECK(order == std::vector<int>{100, 200, 300});
    CHECK(clock.now() == ms(300));
}

TEST_CASE("Wait.EmptyInput") {
    CHECK(wait(std::vector<AnyFuture>{}, 0s).done.empty());
    auto iterator = as_completed(std::vector<AnyFuture>{}, 0s);
    CHECK_FALSE(iterator.next().has_value());
}

TEST_CASE("Wait.SeesFuturesCancelledByShutdown") {
    // Deliberate difference (contract items 37, 53; probe 02#9): CPython never notifies futures
    // cancelled by shutdown(cancel_futures=True), so wait() gives done=0 and as_completed() times out.
    ThreadPoolExecutor pool(1);
    Gate gate;
    Counter started;
    auto blocker = pool.submit([&] {
        started.arrive();
        return gate.wait();
    });
    std::vector<Future<bool>> queued;
    for (int i = 0; i < 3; ++i) queued.push_back(pool.submit([] { return true; }));
    REQUIRE(started.wait_for(1));
    pool.shutdown(false, true);
    const auto result = wait(queued, bound);
    CHECK(result.done.size() == 3);
    int yielded = 0;
    for (const auto& f : as_completed(queued, bound)) {
        CHECK(f.cancelled());
        ++yielded;
    }
    CHECK(yielded == 3);
    gate.open();
    CHECK(blocker.result(bound));
}

TEST_CASE("AsCompleted.FinishedAfterTimeout") {
    // as_completed is a generator: once it raised TimeoutError it is finished, and next() is
    // StopIteration even if the future completes afterwards.
    auto late = Future<int>::make_pending();
    auto iterator = as_completed(std::vector{late}, 0s);
    CHECK_THROWS_AS(iterator.next(), TimeoutError);
    late.set_result(1);
    CHECK_FALSE(iterator.next().has_value());
}
