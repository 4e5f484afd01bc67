// poolscope/event.hpp — the one fixed-size record every state change of an executor produces.
// Producers: ThreadPoolExecutor, Future, MapResult, wait/as_completed, and the lesson runner (GIL, output).
// Consumers implement EventSink; Recorder is the one that buffers them for the GUI, traces and the CLI.
#pragma once

#include <cstdint>
#include <string_view>
#include <type_traits>

namespace poolscope {

enum class EventKind : std::uint8_t {
    ExecutorCreated,   // value: max_workers
    WorkerSpawned,     // emitted by the spawning thread; value: the new worker's index
    TaskSubmitted,     // value: queue length after the enqueue
    TaskStarted,       // emitted by the worker; value: queue length after the dequeue
    TaskFinished,      // emitted by the worker; flags: EventFlags::Raised when the call threw
    TaskCancelled,     // emitted by the thread that cancelled; the item stays queued until CancelNotified
    CancelNotified,    // a worker dequeued a cancelled item (CANCELLED -> CANCELLED_AND_NOTIFIED); value: queue length
    WaitBegin,         // a thread starts blocking; value: WaitKind; task: the future waited on (0 = several)
    WaitEnd,           // the wait ended; value: WaitKind; flags: TimedOut
    MapYielded,        // map handed result `value` (its input index) back; task: that call's task
    ShutdownBegin,     // flags: ShutdownWait, ShutdownCancelFutures
    ShutdownEnd,
    WorkerIdle,        // a worker found the queue empty and is about to wait for work
    WorkerExited,
    // Emitted by lesson runs, not by the executor itself.
    StepBegin,         // value: StepKind; a task's I/O or CPU step starts on this thread
    StepEnd,
    GilRequested,
    GilAcquired,
    GilReleased,
    Output,            // the program printed line number `value` (texts live beside the trace)
    ProgramLine,       // the main thread reached line `value` of the equivalent Python program
    Deadlock,          // the virtual clock found every thread blocked for good
    ResultTaken,       // result()/exception() returned a done future's outcome without blocking; value: WaitKind
    Count_
};

enum class WaitKind : std::int64_t { Result, Exception, Map, AsCompleted, Wait, Join, Gil };

enum class StepKind : std::int64_t { Io, Cpu };

namespace EventFlags {
inline constexpr std::uint8_t Raised = 1u << 0;
inline constexpr std::uint8_t TimedOut = 1u << 1;
inline constexpr std::uint8_t ShutdownWait = 1u << 2;
inline constexpr std::uint8_t ShutdownCancelFutures = 1u << 3;
inline constexpr std::uint8_t Cancelled = 1u << 4;  // WaitEnd/TaskFinished: the future was cancelled
}  // namespace EventFlags

/// One state change. `thread` is the worker index (>= 0) when a worker of this executor emitted it,
/// otherwise -1 - n for the n-th other thread of the process (the thread that created the executor
/// is its "MainThread"; see ExecutorCreated).
struct Event {
    std::int64_t time_ns;     // the executor's clock, ns since the clock started
    std::uint64_t sequence;   // breaks ties in time; see event_before() and Recorder::drain()
    std::uint64_t task;       // task id, 1-based per executor; 0 = none
    std::int64_t value;       // kind-specific, see EventKind
    std::uint32_t executor;   // executor id, 1-based per process
    std::int32_t thread;
    EventKind kind;
    std::uint8_t flags;
    std::uint16_t reserved;
};
static_assert(sizeof(Event) <= 48, "events must stay small: a recorder holds a million of them");
static_assert(std::is_trivially_copyable_v<Event>);

/// Receives every event. Called on the thread that caused the change, sometimes under the executor's
/// lock: must not block, throw, or call back into the executor.
class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void on_event(const Event& event) noexcept = 0;
};

std::string_view event_kind_name(EventKind kind) noexcept;
/// Inverse of event_kind_name; returns false for an unknown name.
bool event_kind_from_name(std::string_view name, EventKind& kind) noexcept;

constexpr bool is_worker_thread(std::int32_t thread) noexcept { return thread >= 0; }

/// The order of events: by time, then by sequence. As emitted, `sequence` counts process-wide under
/// clocks whose time can stand still (virtual, paused) and per thread under the steady clock, whose
/// timestamps already order causes before effects (Clock::timestamps_order_causes); either way this
/// order puts every cause before its effects. Recorder::drain renumbers the events it delivers 1, 2,
/// ... in this order, so sequence order is time order downstream.
constexpr bool event_before(const Event& a, const Event& b) noexcept {
    return a.time_ns != b.time_ns ? a.time_ns < b.time_ns : a.sequence < b.sequence;
}

}  // namespace poolscope
