// test_map_buffersize.cpp — port of the 3.14 map(buffersize=) tests of CPython's executor.py
// (test_map_buffersize_*): validation, results for 1/2/n/2n, several and infinite inputs, how many
// inputs are pulled, and what ends the refill (executor gone, shutdown). Contract item 30.
#include <optional>
#include <ranges>
#include <tuple>

#include "test_support.hpp"

using namespace poolscope;
using namespace poolscope::test;

TEST_CASE("Executor.Map.BuffersizeValueValidation [test_map_buffersize_value_validation]") {
    ThreadPoolExecutor pool(2);
    CHECK_THROWS_WITH_AS(pool.map([](int x) { return x; }, std::vector{1, 2}, std::nullopt, std::size_t{0}),
                         "buffersize must be None or > 0", std::invalid_argument);
    CHECK(pool.thread_count() == 0);  // rejected before anything was submitted
}

TEST_CASE("Executor.Map.Buffersize [test_map_buffersize]") {
    ThreadPoolExecutor pool(2);
    for (std::size_t buffersize : {1u, 2u, 4u, 8u}) {
        CAPTURE(buffersize);
        std::vector<std::string> got;
        for (auto& s : pool.map([](int x) { return std::to_string(x); }, std::views::iota(0, 4), std::nullopt, buffersize))
            got.push_back(s);
        CHECK(got == std::vector<std::string>{"0", "1", "2", "3"});
    }
}

TEST_CASE("Executor.Map.BuffersizeMultipleIterables [test_map_buffersize_on_multiple_iterables]") {
    ThreadPoolExecutor pool(2);
    auto zipped = std::views::iota(0, 4) | std::views::transform([](int i) { return std::tuple{i, i}; });
    for (std::size_t buffersize : {1u, 2u, 4u, 8u}) {
        CAPTURE(buffersize);
        std::vector<int> got;
        for (int r : pool.map([](int a, int b) { return a + b; }, zipped, std::nullopt, buffersize)) got.push_back(r);
        CHECK(got == std::vector<int>{0, 2, 4, 6});
    }
}

TEST_CASE("Executor.Map.BuffersizeInfinite [test_map_buffersize_on_infinite_iterable]") {
    ThreadPoolExecutor pool(2);
    auto res = pool.map([](int x) { return std::to_string(x); }, std::views::iota(0), std::nullopt, std::size_t{2});
    CHECK(res.next() == "0");
    CHECK(res.next() == "1");
    CHECK(res.next() == "2");
    CHECK(res.outstanding() == 2);  // buffersize calls stay in flight
    auto zipped = std::views::iota(0) | std::views::transform([](int i) { return std::tuple{i, i}; });
    auto sums = pool.map([](int a, int b) { return a + b; }, zipped, std::nullopt, std::size_t{2});
    CHECK(sums.next() == 0);
    CHECK(sums.next() == 2);
    CHECK(sums.next() == 4);
}

TEST_CASE("Executor.Map.BuffersizeEmpty [test_map_buffersize_on_empty_iterable]") {
    ThreadPoolExecutor pool(2);
    auto res = pool.map([](int x) { return x; }, std::vector<int>{}, std::nullopt, std::size_t{2});
    CHECK_FALSE(res.next().has_value());
}

TEST_CASE("Executor.Map.BuffersizeWhenBufferIsFull [test_map_buffersize_when_buffer_is_full]") {
    ThreadPoolExecutor pool(2);
    int pulled = 0;  // only touched by this thread: map() and next() pull the input, workers never do
    auto counting = std::views::iota(0, 10) | std::views::transform([&pulled](int i) {
                        ++pulled;
                        return i;
                    });
    {
        auto res = pool.map([](int x) { return x * 10; }, counting, std::nullopt, std::size_t{2});
        CHECK(pulled == 2);  // only `buffersize` inputs before iteration
        CHECK(res.next() == 0);
        CHECK(pulled == 3);  // each next() pulls one more, then waits on the oldest
        CHECK(res.next() == 10);
        CHECK(pulled == 4);
    }
    pool.shutdown(true);
    CHECK(pulled == 4);
}

TEST_CASE("Executor.Map.BuffersizeExecutorGone") {
    // CPython keeps a weak reference: once the executor is gone, iteration ends after the buffer.
    std::optional<MapResult<int>> results;
    {
        ThreadPoolExecutor pool(2);
        results.emplace(pool.map([](int x) { return x * 2; }, std::views::iota(0), std::nullopt, std::size_t{2}));
    }
    CHECK(results->next() == 0);
    CHECK(results->next() == 2);
    CHECK_FALSE(results->next().has_value());
}

TEST_CASE("Executor.Map.BuffersizeRefillAfterShutdown") {
    // The refill submit() raises out of next(), and that ends the iteration: the buffered call that
    // has not started is cancelled (CPython's finally).
    ThreadPoolExecutor pool(1);
    Gate gate;
    Counter started;
    StringLog ran;
    auto results = pool.map(
        [&](int x) {
            started.arrive();
            ran.add(std::to_string(x));
            gate.wait();
            return x;
        },
        std::views::iota(0, 10), std::nullopt, std::size_t{2});
    REQUIRE(started.wait_for(1));  // call 0 runs, call 1 is queued
    pool.shutdown(false);
    CHECK_THROWS_WITH_AS(results.next(), "cannot schedule new futures after shutdown", std::runtime_error);
    CHECK_FALSE(results.next().has_value());
    gate.open();
    pool.shutdown(true);
    CHECK(ran.lines() == std::vector<std::string>{"0"});
}
