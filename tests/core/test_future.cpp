// test_future.cpp — port of CPython Lib/test/test_concurrent_futures/test_future.py: the Future state
// machine on canned futures in every state, timeouts, cross-thread wake-ups, done callbacks (incl. the
// logged raising callback), InvalidStateError texts and repr. Contract items 13-22.
#include <regex>
#include <thread>

#include "test_support.hpp"

using namespace poolscope;
using namespace poolscope::test;

namespace {
bool matches(const std::string& text, const char* pattern) { return std::regex_match(text, std::regex(pattern)); }

template <class Fn>
std::string message_of(Fn&& fn) {
    try {
        fn();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "<no exception>";
}
}  // namespace

TEST_CASE("Future.Cancel.AllStates [test_cancel]") {
    Canned c;
    CHECK(c.pending.cancel());
    CHECK(c.pending.state() == FutureState::Cancelled);
    CHECK_FALSE(c.running.cancel());
    CHECK(c.running.state() == FutureState::Running);
    CHECK(c.cancelled.cancel());
    CHECK(c.cancelled.state() == FutureState::Cancelled);
    CHECK(c.cancelled_and_notified.cancel());
    CHECK(c.cancelled_and_notified.state() == FutureState::CancelledAndNotified);
    CHECK_FALSE(c.exception.cancel());
    CHECK(c.exception.state() == FutureState::Finished);
    CHECK_FALSE(c.successful.cancel());
    CHECK(c.successful.state() == FutureState::Finished);
}

TEST_CASE("Future.Predicates.Done [test_done]") {
    Canned c;
    CHECK_FALSE(c.pending.done());
    CHECK_FALSE(c.running.done());
    CHECK(c.cancelled.done());
    CHECK(c.cancelled_and_notified.done());
    CHECK(c.exception.done());
    CHECK(c.successful.done());
}

TEST_CASE("Future.Predicates.Cancelled [test_cancelled]") {
    Canned c;
    CHECK_FALSE(c.pending.cancelled());
    CHECK_FALSE(c.running.cancelled());
    CHECK(c.cancelled.cancelled());
    CHECK(c.cancelled_and_notified.cancelled());
    CHECK_FALSE(c.exception.cancelled());
    CHECK_FALSE(c.successful.cancelled());
}

TEST_CASE("Future.Predicates.Running [test_running]") {
    Canned c;
    CHECK_FALSE(c.pending.running());
    CHECK(c.running.running());
    CHECK_FALSE(c.cancelled.running());
    CHECK_FALSE(c.cancelled_and_notified.running());
    CHECK_FALSE(c.exception.running());
    CHECK_FALSE(c.successful.running());
}

TEST_CASE("Future.Result.Timeout0 [test_result_with_timeout]") {
    Canned c;
    CHECK_THROWS_AS(c.pending.result(0s), TimeoutError);
    CHECK_THROWS_AS(c.running.result(0s), TimeoutError);
    CHECK_THROWS_AS(c.cancelled.result(0s), CancelledError);
    CHECK_THROWS_AS(c.cancelled_and_notified.result(0s), CancelledError);
    CHECK_THROWS_AS(c.exception.result(0s), PythonError);
    CHECK(c.successful.result(0s) == 42);
    // TimeoutError and CancelledError carry empty messages, as in CPython.
    CHECK(message_of([&] { (void)c.pending.result(0s); }) == "");
    CHECK(message_of([&] { (void)c.cancelled.result(0s); }) == "");
    try {
        (void)c.exception.result(0s);
    } catch (const PythonError& e) {
        CHECK(e.type() == "OSError");
    }
}

TEST_CASE("Future.Exception.Timeout0 [test_exception_with_timeout]") {
    Canned c;
    CHECK_THROWS_AS(c.pending.exception(0s), TimeoutError);
    CHECK_THROWS_AS(c.running.exception(0s), TimeoutError);
    CHECK_THROWS_AS(c.cancelled.exception(0s), CancelledError);
    CHECK_THROWS_AS(c.cancelled_and_notified.exception(0s), CancelledError);
    const std::exception_ptr error = c.exception.exception(0s);
    REQUIRE(error);
    CHECK(exception_type_name(error) == "OSError");
    CHECK(c.exception.exception(0s) == error);  // the same object every time (03#10)
    CHECK(c.successful.exception(0s) == nullptr);
}

// CPython sleeps 1 s before setting the result; here the setter waits for the WaitBegin event, so the
// main thread is provably blocked in result() when the result arrives.
TEST_CASE("Future.Result.SetFromOtherThread [test_result_with_success]") {
    EventLog events;
    auto f = Future<int>::make_pending(default_clock(), &events);
    std::thread setter([&] {
        REQUIRE(events.wait_count(EventKind::WaitBegin, 1));
        f.set_result(42);
    });
    CHECK(f.result(bound) == 42);
    setter.join();
    CHECK(events.count(EventKind::WaitEnd) == 1);
}

TEST_CASE("Future.Result.CancelFromOtherThread [test_result_with_cancel]") {
    EventLog events;
    auto f = Future<int>::make_pending(default_clock(), &events);
    std::thread canceller([&] {
        REQUIRE(events.wait_count(EventKind::WaitBegin, 1));
        CHECK(f.cancel());
    });
    CHECK_THROWS_AS(f.result(bound), CancelledError);
    canceller.join();
}

TEST_CASE("Future.Exception.SetFromOtherThread [test_exception_with_success]") {
    EventLog events;
    auto f = Future<int>::make_pending(default_clock(), &events);
    const auto error = std::make_exception_ptr(PythonError("OSError", ""));
    std::thread setter([&] {
        REQUIRE(events.wait_count(EventKind::WaitBegin, 1));
        f.set_exception(error);
    });
    CHECK(f.exception(bound) == error);
    setter.join();
}

// ---- Done callbacks ------------------------------------------------------------------------------

TEST_CASE("Future.DoneCallback.WithResult [test_done_callback_with_result]") {
    int seen = 0;
    auto f = Future<int>::make_pending();
    f.add_done_callback([&](const Future<int>& done) { seen = done.result(); });
    CHECK(seen == 0);
    f.set_result(5);
    CHECK(seen == 5);
}

TEST_CASE("Future.DoneCallback.WithException [test_done_callback_with_exception]") {
    std::string seen;
    auto f = Future<int>::make_pending();
    f.add_done_callback([&](const Future<int>& done) { seen = exception_message(done.exception()); });
    f.set_exception(std::make_exception_ptr(PythonError("Exception", "test")));
    CHECK(seen == "test");
}

TEST_CASE("Future.DoneCallback.WithCancel [test_done_callback_with_cancel]") {
    int calls = 0;
    bool was_cancelled = false;
    auto f = Future<int>::make_pending();
    f.add_done_callback([&](const Future<int>& done) {
        ++calls;
        was_cancelled = done.cancelled();
    });
    CHECK(f.cancel());
    CHECK(was_cancelled);
    CHECK(f.cancel());
    CHECK(calls == 1);  // a second cancel() does not re-run callbacks (03#4)
}

TEST_CASE("Future.DoneCallback.Raises [test_done_callback_raises]") {
    LogCapture log;
    bool raising_was_called = false;
    bool fn_was_called = false;
    auto f = Future<int>::make_pending();
    f.add_done_callback([&](const Future<int>&) {
        raising_was_called = true;
        throw PythonError("Exception", "doh!");
    });
    f.add_done_callback([&](const Future<int>&) { fn_was_called = true; });
    CHECK_NOTHROW(f.set_result(5));
    CHECK(raising_was_called);
    CHECK(fn_was_called);
    const auto lines = log.lines();
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].level == LogLevel::Error);
    CHECK(lines[0].logger == "concurrent.futures");
    CHECK(matches(lines[0].message,
                  R"(exception calling callback for <Future at 0x[0-9a-f]+ state=finished returned int>\n)"
                  R"(Exception: doh!)"));
}

TEST_CASE("Future.DoneCallback.AlreadySuccessful [test_done_callback_already_successful]") {
    int seen = 0;
    auto f = Future<int>::make_pending();
    f.set_result(5);
    f.add_done_callback([&](const Future<int>& done) { seen = done.result(); });
    CHECK(seen == 5);  // ran synchronously inside add_done_callback
}

TEST_CASE("Future.DoneCallback.AlreadyFailed [test_done_callback_already_failed]") {
    std::string seen;
    auto f = Future<int>::make_pending();
    f.set_exception(std::make_exception_ptr(PythonError("Exception", "test")));
    f.add_done_callback([&](const Future<int>& done) { seen = exception_message(done.exception()); });
    CHECK(seen == "test");
}

TEST_CASE("Future.DoneCallback.AlreadyCancelled [test_done_callback_already_cancelled]") {
    bool was_cancelled = false;
    auto f = Future<int>::make_pending();
    CHECK(f.cancel());
    f.add_done_callback([&](const Future<int>& done) { was_cancelled = done.cancelled(); });
    CHECK(was_cancelled);
}

TEST_CASE("Future.DoneCallback.RaisesAlreadySucceeded [test_done_callback_raises_already_succeeded]") {
    LogCapture log;
    auto f = Future<int>::make_pending();
    f.set_result(5);
    CHECK_NOTHROW(f.add_done_callback([](const Future<int>&) { throw PythonError("Exception", "doh!"); }));
    const std::string text = log.text();
    CHECK(text.find("ERROR:concurrent.futures:exception calling callback for") != std::string::npos);
    CHECK(text.find("doh!") != std::string::npos);
}

TEST_CASE("Future.DoneCallback.RunsInCompletingThread") {
    auto f = Future<int>::make_pending();
    std::thread::id ran_in;
    f.add_done_callback([&](const Future<int>&) { ran_in = std::this_thread::get_id(); });
    std::thread setter([&] { f.set_result(1); });
    const std::thread::id setter_id = setter.get_id();
    setter.join();
    CHECK(ran_in == setter_id);
}

// ---- Invalid transitions -------------------------------------------------------------------------

TEST_CASE("Future.SetResult.Twice [test_multiple_set_result]") {
    auto f = Future<int>::make_pending();
    f.set_result(1);
    CHECK_THROWS_AS(f.set_result(2), InvalidStateError);
    CHECK(matches(message_of([&] { f.set_result(2); }),
                  R"(FINISHED: <Future at 0x[0-9a-f]+ state=finished returned int>)"));
    CHECK(f.done());
    CHECK(f.result() == 1);
}

TEST_CASE("Future.SetException.Twice [test_multiple_set_exception]") {
    auto f = Future<int>::make_pending();
    const auto error = std::make_exception_ptr(PythonError("ValueError", ""));
    f.set_exception(error);
    CHECK(matches(message_of([&] { f.set_exception(std::make_exception_ptr(PythonError("Exception", ""))); }),
                  R"(FINISHED: <Future at 0x[0-9a-f]+ state=finished raised ValueError>)"));
    CHECK(f.exception() == error);
}

TEST_CASE("Future.SetResult.AfterCancel") {
    auto f = Future<int>::make_pending();
    CHECK(f.cancel());
    CHECK(matches(message_of([&] { f.set_result(1); }), R"(CANCELLED: <Future at 0x[0-9a-f]+ state=cancelled>)"));
    REQUIRE_FALSE(f.set_running_or_notify_cancel());
    CHECK(matches(message_of([&] { f.set_exception(std::make_exception_ptr(PythonError("E", ""))); }),
                  R"(CANCELLED_AND_NOTIFIED: <Future at 0x[0-9a-f]+ state=cancelled>)"));
}

TEST_CASE("Future.SetRunning.UnexpectedState") {
    LogCapture log;
    auto f = Future<int>::make_pending();
    CHECK(f.set_running_or_notify_cancel());
    CHECK(message_of([&] { f.set_running_or_notify_cancel(); }) == "Future in unexpected state");
    const auto lines = log.lines();
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].level == LogLevel::Critical);
    CHECK(matches(lines[0].message, R"(Future <Future at 0x[0-9a-f]+ state=running> in unexpected state: RUNNING)"));
}

TEST_CASE("Future.Repr.AllStates [test_repr]") {
    Canned c;
    CHECK(matches(c.pending.repr(), R"(<Future at 0x[0-9a-f]+ state=pending>)"));
    CHECK(matches(c.running.repr(), R"(<Future at 0x[0-9a-f]+ state=running>)"));
    CHECK(matches(c.cancelled.repr(), R"(<Future at 0x[0-9a-f]+ state=cancelled>)"));
    CHECK(matches(c.cancelled_and_notified.repr(), R"(<Future at 0x[0-9a-f]+ state=cancelled>)"));
    CHECK(matches(c.exception.repr(), R"(<Future at 0x[0-9a-f]+ state=finished raised OSError>)"));
    CHECK(matches(c.successful.repr(), R"(<Future at 0x[0-9a-f]+ state=finished returned int>)"));
    auto none = Future<void>::make_pending();
    none.set_result();
    CHECK(matches(none.repr(), R"(<Future at 0x[0-9a-f]+ state=finished returned NoneType>)"));
    auto text = Future<std::string>::make_pending();
    text.set_result("x");
    CHECK(matches(text.repr(), R"(<Future at 0x[0-9a-f]+ state=finished returned str>)"));
}

TEST_CASE("Future.Cancel.RacesWithAWorkerStartingIt") {
    // cancel() and a worker's set_running_or_notify_cancel() race on a PENDING future (the worker takes
    // no lock for it): exactly one wins. A call whose cancel() returned true never runs and ends
    // CANCELLED_AND_NOTIFIED; every other call runs exactly once and ends FINISHED.
    constexpr int calls = 4000;
    std::vector<std::atomic<int>> runs(calls);
    std::vector<Future<void>> futures;
    std::vector<bool> cancelled(calls, false);
    {
        ThreadPoolExecutor pool(2);
        futures.reserve(calls);
        for (int i = 0; i < calls; ++i)
            futures.push_back(pool.submit([&runs, i] { runs[static_cast<std::size_t>(i)].fetch_add(1); }));
        // The workers take calls from the front of the queue while this thread cancels from the front.
        for (int i = 0; i < calls; ++i) cancelled[static_cast<std::size_t>(i)] = futures[static_cast<std::size_t>(i)].cancel();
    }
    int won_by_cancel = 0, won_by_worker = 0;
    for (int i = 0; i < calls; ++i) {
        const auto k = static_cast<std::size_t>(i);
        CAPTURE(i);
        if (cancelled[k]) {
            ++won_by_cancel;
            CHECK(runs[k].load() == 0);
            CHECK(futures[k].state() == FutureState::CancelledAndNotified);
        } else {
            ++won_by_worker;
            CHECK(runs[k].load() == 1);
            CHECK(futures[k].state() == FutureState::Finished);
        }
    }
    MESSAGE("cancel won " << won_by_cancel << ", the worker won " << won_by_worker);
    CHECK(won_by_cancel + won_by_worker == calls);
}
