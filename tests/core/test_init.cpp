// test_init.cpp — port of CPython Lib/test/test_concurrent_futures/test_init.py: the initializer runs
// once in each worker before its first task; a failing one logs CRITICAL, breaks the pool
// (BrokenThreadPool from result() or submit()) and fails every queued item. Contract items 45-47.
#include "test_support.hpp"

using namespace poolscope;
using namespace poolscope::test;

namespace {
thread_local std::string initializer_status = "uninitialized";
}

TEST_CASE("Init.Initializer [InitializerMixin.test_initializer]") {
    Counter calls;
    ThreadPoolExecutor pool(2, "", [&] {
        initializer_status = "initialized";
        calls.arrive();
    });
    // Both tasks must run at once, so each worker runs its initializer before its first task.
    Counter both;
    std::vector<Future<std::string>> futures;
    for (int i = 0; i < 2; ++i)
        futures.push_back(pool.submit([&] {
            both.arrive();
            return both.wait_for(2) ? initializer_status : "the two tasks never ran together";
        }));
    for (auto& f : futures) CHECK(f.result(bound) == "initialized");
    CHECK(pool.thread_count() == 2);
    pool.shutdown();
    CHECK(calls.count() == 2);  // once per worker, not per task
}

TEST_CASE("Init.FailingInitializer [FailingInitializerMixin.test_initializer]") {
    LogCapture log;
    ThreadPoolExecutor pool(2, "", [] { throw PythonError("ValueError", "error in initializer"); });
    try {
        auto future = pool.submit([] { return initializer_status; });
        CHECK_THROWS_WITH_AS(future.result(bound), broken_thread_pool_message, BrokenExecutor);
    } catch (const BrokenExecutor&) {
        // The executor may already be broken; CPython accepts both.
    }
    // result() raising BrokenThreadPool means the pool was marked broken first, so from here on
    // submit() is guaranteed to fail.
    CHECK_THROWS_WITH_AS(pool.submit([] { return 0; }), broken_thread_pool_message, BrokenThreadPool);
    CHECK_THROWS_AS(pool.submit([] { return 0; }), BrokenExecutor);
    pool.shutdown();
    bool logged = false;
    for (const auto& line : log.lines())
        if (line.level == LogLevel::Critical && line.message == "Exception in initializer:\nValueError: error in initializer")
            logged = true;
    CHECK(logged);
}

TEST_CASE("Init.FailingInitializerDrainsQueue") {
    // Every item still queued when the initializer fails gets BrokenThreadPool; an item cancelled
    // before that is notified instead (CPython stops draining there: contract item 47).
    LogCapture log;
    Gate start;
    ThreadPoolExecutor pool(1, "", [&] {
        start.wait();
        throw PythonError("ValueError", "error in initializer");
    });
    auto first = pool.submit([] { return 1; });
    auto second = pool.submit([] { return 2; });
    auto third = pool.submit([] { return 3; });
    CHECK(second.cancel());
    start.open();
    CHECK_THROWS_AS(first.result(bound), BrokenThreadPool);
    CHECK_THROWS_AS(third.result(bound), BrokenThreadPool);
    CHECK(second.state() == FutureState::CancelledAndNotified);
}

TEST_CASE("Init.FailingInitializerWhileSubmitting") {
    // However submits interleave with the breaking workers, every accepted future ends with
    // BrokenThreadPool and nothing stays pending.
    LogCapture log;
    ThreadPoolExecutor pool(4, "", [] { throw PythonError("ValueError", "error in initializer"); });
    std::vector<Future<int>> accepted;
    int refused = 0;
    for (int i = 0; i < 200; ++i) {
        try {
            accepted.push_back(pool.submit([] { return 0; }));
        } catch (const BrokenThreadPool&) {
            ++refused;
        }
    }
    pool.shutdown(true);
    for (auto& f : accepted) CHECK_THROWS_AS(f.result(0s), BrokenThreadPool);
    CHECK(static_cast<int>(accepted.size()) + refused == 200);
    CHECK(accepted.size() >= 1);
    CHECK(pool.thread_count() <= 4);
}
