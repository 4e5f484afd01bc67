// test_support.hpp — shared fixtures for the core suites (ports of CPython's test_concurrent_futures):
// canned futures in every state (util.py's PENDING_FUTURE ...), a Gate, a log capture, an event sink
// tests can wait on, and run_bounded() for calls that must not hang. Header-only; tests/core/ only.
#pragma once

#include <doctest/doctest.h>

#include <poolscope/poolscope.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace poolscope::test {

using namespace std::chrono_literals;

/// Every wait in the suites is bounded by this; a healthy run never gets near it.
inline constexpr auto bound = std::chrono::seconds(10);

/// A one-shot door tasks block on (std::latch has no timed wait). wait() returns false on timeout.
class Gate {
public:
    void open() {
        {
            std::lock_guard guard(m_mutex);
            m_open = true;
        }
        m_cv.notify_all();
    }
    bool wait(std::chrono::milliseconds timeout = std::chrono::duration_cast<std::chrono::milliseconds>(bound)) {
        std::unique_lock lock(m_mutex);
        return m_cv.wait_for(lock, timeout, [this] { return m_open; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_open = false;
};

/// Counts arrivals; wait_for(n) blocks (bounded) until n have arrived.
class Counter {
public:
    void arrive() {
        {
            std::lock_guard guard(m_mutex);
            ++m_count;
        }
        m_cv.notify_all();
    }
    bool wait_for(int n) {
        std::unique_lock lock(m_mutex);
        return m_cv.wait_for(lock, bound, [&] { return m_count >= n; });
    }
    int count() {
        std::lock_guard guard(m_mutex);
        return m_count;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    int m_count = 0;
};

/// A thread-safe list of strings (Python's `log = []` shared with tasks).
class StringLog {
public:
    void add(std::string line) {
        std::lock_guard guard(m_mutex);
        m_lines.push_back(std::move(line));
    }
    std::vector<std::string> lines() {
        std::lock_guard guard(m_mutex);
        return m_lines;
    }

private:
    std::mutex m_mutex;
    std::vector<std::string> m_lines;
};

/// Captures the "concurrent.futures" logger for the lifetime of the object (support.captured_stderr).
class LogCapture {
public:
    struct Line {
        LogLevel level;
        std::string logger;
        std::string message;
    };
    LogCapture() {
        m_previous = set_log_handler([this](LogLevel level, std::string_view logger, std::string_view message) {
            std::lock_guard guard(m_mutex);
            m_lines.push_back({level, std::string(logger), std::string(message)});
        });
    }
    ~LogCapture() { set_log_handler(std::move(m_previous)); }
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;

    std::vector<Line> lines() {
        std::lock_guard guard(m_mutex);
        return m_lines;
    }
    /// All messages joined by newlines, like the captured stderr text.
    std::string text() {
        std::string all;
        for (const Line& line : lines()) all += std::string(log_level_name(line.level)) + ":" + line.logger + ":" + line.message + "\n";
        return all;
    }

private:
    std::mutex m_mutex;
    std::vector<Line> m_lines;
    LogHandler m_previous;
};

/// An EventSink that keeps every event and lets a test wait until one matching a predicate arrives.
/// (A mutex in on_event is fine for a test; the Recorder is the production sink.)
class EventLog final : public EventSink {
public:
    void on_event(const Event& event) noexcept override {
        {
            std::lock_guard guard(m_mutex);
            m_events.push_back(event);
        }
        m_cv.notify_all();
    }
    std::vector<Event> events() {
        std::lock_guard guard(m_mutex);
        return m_events;
    }
    std::size_t count(EventKind kind) {
        std::lock_guard guard(m_mutex);
        return static_cast<std::size_t>(
            std::count_if(m_events.begin(), m_events.end(), [&](const Event& e) { return e.kind == kind; }));
    }
    /// Waits (bounded) until at least `n` events of `kind` were seen.
    bool wait_count(EventKind kind, std::size_t n) {
        std::unique_lock lock(m_mutex);
        return m_cv.wait_for(lock, bound, [&] {
            return static_cast<std::size_t>(std::count_if(m_events.begin(), m_events.end(),
                                                          [&](const Event& e) { return e.kind == kind; })) >= n;
        });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<Event> m_events;
};

/// The six canned futures of CPython's test util.py, built through the public transitions.
struct Canned {
    explicit Canned(Clock& clock = default_clock(), EventSink* sink = nullptr)
        : pending(Future<int>::make_pending(clock, sink)),
          running(Future<int>::make_pending(clock, sink)),
          cancelled(Future<int>::make_pending(clock, sink)),
          cancelled_and_notified(Future<int>::make_pending(clock, sink)),
          exception(Future<int>::make_pending(clock, sink)),
          successful(Future<int>::make_pending(clock, sink)) {
        REQUIRE(running.set_running_or_notify_cancel());
        REQUIRE(cancelled.cancel());
        REQUIRE(cancelled_and_notified.cancel());
        REQUIRE_FALSE(cancelled_and_notified.set_running_or_notify_cancel());
        exception.set_exception(std::make_exception_ptr(PythonError("OSError", "")));
        successful.set_result(42);
    }
    Future<int> pending, running, cancelled, cancelled_and_notified, exception, successful;
};

/// Runs `fn` on a helper thread and fails the whole run (instead of hanging CTest for minutes) if it
/// does not return within `timeout`. Exceptions from `fn` are rethrown here.
inline void run_bounded(const char* what, std::function<void()> fn, std::chrono::seconds timeout = bound) {
    std::packaged_task<void()> task(std::move(fn));
    std::future<void> done = task.get_future();
    std::thread runner(std::move(task));
    if (done.wait_for(timeout) != std::future_status::ready) {
        std::fprintf(stderr, "FATAL: %s did not return within %llds (hang)\n", what,
                     static_cast<long long>(timeout.count()));
        std::fflush(stderr);
        std::_Exit(3);
    }
    runner.join();
    done.get();
}

inline std::vector<Event> of_kind(const std::vector<Event>& events, EventKind kind) {
    std::vector<Event> out;
    for (const Event& e : events)
        if (e.kind == kind) out.push_back(e);
    return out;
}

inline std::vector<Event> drain_all(Recorder& recorder) {
    std::vector<Event> events;
    recorder.drain(events);
    return events;
}

constexpr std::int64_t ms(std::int64_t n) { return n * 1'000'000; }

}  // namespace poolscope::test
