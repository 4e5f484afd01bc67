// Ported from CPython Lib/test/test_concurrent_futures/test_future.py.
#include <doctest/doctest.h>

#include <poolscope/poolscope.hpp>

using namespace poolscope;

TEST_CASE("Future.Cancel.Pending") {
    auto f = Future<int>::make_pending();
    CHECK(f.cancel());
    CHECK(f.state() == FutureState::Cancelled);
    CHECK(f.cancelled());
    CHECK(f.done());
    CHECK_THROWS_AS(f.result(std::chrono::nanoseconds(0)), CancelledError);
}

TEST_CASE("Future.Result.Success") {
    auto f = Future<int>::make_pending();
    f.set_result(42);
    CHECK(f.result() == 42);
    CHECK_THROWS_AS(f.set_result(1), InvalidStateError);
    CHECK(f.result() == 42);
}
