// poolscope/lesson/runner.hpp — run_lesson(): plays a lesson on the real ThreadPoolExecutor and records it.
// The main thread runs the lesson's program (submit, map, result, ...), workers run its tasks' steps on
// the chosen clock, and every event lands in the returned RunRecord (and, live, in an optional sink).
// Under the virtual clock a run is instant and byte-for-byte repeatable, and deadlocks end with a report.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "poolscope/clock.hpp"
#include "poolscope/event.hpp"
#include "poolscope/lesson/gil.hpp"
#include "poolscope/lesson/lesson.hpp"
#include "poolscope/trace/run_record.hpp"

namespace poolscope {

enum class LessonClock : std::uint8_t {
    Virtual,       // deterministic simulated time (instant, or paced with RunOptions::pace)
    Controllable,  // real threads and real waiting, scaled by RunOptions::speed
    Steady,        // plain real time
};

/// "virtual", "controllable", "steady" (RunRecord::clock).
const char* lesson_clock_name(LessonClock clock) noexcept;

struct RunOptions {
    /// Overrides the lesson's max_workers.
    std::optional<int> max_workers;
    LessonClock clock = LessonClock::Virtual;
    /// Controllable: its speed factor. Virtual with `pace`: how fast simulated time follows real time.
    double speed = 1.0;
    /// Virtual only: play time jumps in (speed-scaled) real time instead of instantly. Ignored with an
    /// external_clock, whose own settings apply.
    bool pace = false;
    /// Also receives every event as it happens (the GUI's live view). Events reach it as emitted; the
    /// RunRecord's copies are renumbered (see run_lesson). Must not block.
    EventSink* sink = nullptr;
    /// Used instead of a fresh clock of kind `clock` (the GUI's paced VirtualClock or ControllableClock).
    /// It must not be used by another run at the same time; a VirtualClock must be fresh (time 0).
    Clock* external_clock = nullptr;
    std::chrono::nanoseconds gil_switch_interval = SimulatedGil::default_switch_interval;
};

/// Runs `lesson` on the calling thread (its "MainThread") and returns the record. The executor is
/// named like a fresh interpreter's (ThreadPoolExecutor-0_k). Lessons that can deadlock (a task waits on
/// another's future) always run on a VirtualClock — paced at `speed` when a real-time clock was asked
/// for — because only it can detect the deadlock and end the run; RunRecord::clock says which ran.
///
/// The record's events are this run's only, renumbered for repeatability: sequence 1..N, executor 1,
/// and non-worker threads -1, -2, ... in order of appearance (so MainThread is -1).
///
/// Throws std::invalid_argument for bad options (max_workers <= 0, speed <= 0), and LessonError for a
/// Lesson edited after parsing into something that cannot run (an index out of range, a future waited on
/// but never submitted). A task's or the main program's Python exception is part of the lesson (output,
/// task_results), not a C++ exception.
RunRecord run_lesson(const Lesson& lesson, const RunOptions& options = {});

}  // namespace poolscope
