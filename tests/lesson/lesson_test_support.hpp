// lesson_test_support.hpp — helpers for the lesson suites: load a built-in lesson from the source tree,
// run a lesson with a bound (a hang fails the test instead of stalling the suite), pick events.
#pragma once

#include <doctest/doctest.h>

#include <poolscope/lesson/lesson.hpp>
#include <poolscope/lesson/runner.hpp>
#include <poolscope/virtual_clock.hpp>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace poolscope::test {

inline constexpr std::int64_t ms = 1'000'000;  // ns per ms

inline Lesson builtin(const std::string& id) {
    return load_lesson(std::string(POOLSCOPE_TEST_LESSONS_DIR) + "/" + id + ".json");
}

/// Runs the lesson on its own thread and waits at most `bound`; nullopt (and a failed check) on a hang.
/// A hung run's thread is left behind: the suite fails either way, and the process ends with it.
inline std::optional<RunRecord> run_bounded(const Lesson& lesson, RunOptions options = {},
                                            std::chrono::seconds bound = std::chrono::seconds(20)) {
    struct Shared {
        std::mutex mutex;
        std::condition_variable done_cv;
        std::optional<RunRecord> record;
        std::string error;
        bool done = false;
    };
    auto shared = std::make_shared<Shared>();
    std::thread([shared, lesson, options] {
        std::optional<RunRecord> record;
        std::string error;
        try {
            record = run_lesson(lesson, options);
        } catch (const std::exception& e) {
            error = e.what();
        }
        std::lock_guard guard(shared->mutex);
        shared->record = std::move(record);
        shared->error = error;
        shared->done = true;
        shared->done_cv.notify_all();
    }).detach();
    std::unique_lock lock(shared->mutex);
    if (!shared->done_cv.wait_for(lock, bound, [&] { return shared->done; })) {
        FAIL_CHECK("run_lesson did not return within the bound");
        return std::nullopt;
    }
    if (!shared->error.empty()) FAIL_CHECK("run_lesson threw: " << shared->error);
    return std::move(shared->record);
}

inline std::vector<Event> events_of(const RunRecord& record, EventKind kind) {
    std::vector<Event> out;
    for (const Event& e : record.events)
        if (e.kind == kind) out.push_back(e);
    return out;
}

/// Time of the first event of `kind` for `task` (-1 if none).
inline std::int64_t time_of(const RunRecord& record, EventKind kind, std::uint64_t task) {
    for (const Event& e : record.events)
        if (e.kind == kind && e.task == task) return e.time_ns;
    return -1;
}

/// The last TaskFinished time: when the pool's work was done.
inline std::int64_t last_finish(const RunRecord& record) {
    std::int64_t last = -1;
    for (const Event& e : record.events)
        if (e.kind == EventKind::TaskFinished) last = std::max(last, e.time_ns);
    return last;
}

}  // namespace poolscope::test
