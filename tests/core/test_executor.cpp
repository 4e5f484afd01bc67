// Ported from CPython Lib/test/test_concurrent_futures/executor.py and test_thread_pool.py.
#include <doctest/doctest.h>

#include <poolscope/poolscope.hpp>

#include <vector>

using namespace poolscope;
using namespace std::chrono_literals;

TEST_CASE("Executor.Submit.ReturnsValue") {
    ThreadPoolExecutor pool(5);
    auto f = pool.submit([](int a, int b) { int r = 1; for (int i = 0; i < b; ++i) r *= a; return r; }, 2, 8);
    CHECK(f.result(5s) == 256);
}

TEST_CASE("Executor.Map.InputOrder") {
    ThreadPoolExecutor pool(5);
    std::vector<int> out;
    for (int r : pool.map([](int x) { return x * x; }, std::vector<int>{1, 2, 3, 4})) out.push_back(r);
    CHECK(out == std::vector<int>{1, 4, 9, 16});
}
