// poolscope/clock.hpp — the time source and the only way executor code blocks.
// Every blocking point (a worker waiting for work, result(), map iteration, wait, as_completed, the
// shutdown join, a task sleeping on the clock) goes through Clock::wait_until, so a clock can pace or
// simulate time: SteadyClock (real time), ControllableClock (real threads, pausable, 0.1x-10x) and
// VirtualClock (poolscope/virtual_clock.hpp: deterministic, instant, detects deadlocks).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <limits>
#include <mutex>
#include <optional>

#include "poolscope/detail/function_ref.hpp"

namespace poolscope {

namespace detail {
struct TscScale;
}

/// Clock time in nanoseconds since the clock started.
using Nanos = std::int64_t;
inline constexpr Nanos forever = std::numeric_limits<Nanos>::max();

/// A timeout in the Python sense: std::nullopt is None (wait forever).
using Timeout = std::optional<std::chrono::nanoseconds>;

/// What a blocked thread is waiting for; the virtual clock names it in deadlock reports.
enum class BlockKind : std::uint8_t {
    Idle,        // a worker waiting for work: never the cause of a deadlock
    Sleep,       // sleeping on the clock until a deadline
    Future,      // result(), exception(), map iteration
    Futures,     // wait(), as_completed()
    Join,        // shutdown(wait=True) joining the workers
    Lock,        // a lesson's simulated GIL or another clock-aware lock
};

/// A place threads block on. The ControllableClock uses its condition variable, the SteadyClock its
/// futex words (Linux; elsewhere the condition variable too), the virtual clock only its identity.
/// `task` says which task it belongs to, for reports.
struct WaitPoint {
    std::condition_variable cv;
    std::atomic<std::uint32_t> generation{0};  // bumped by every notify: what a sleeper waits to change
    std::atomic<std::uint32_t> sleepers{0};    // threads between reading `generation` and waking
    BlockKind kind = BlockKind::Future;
    std::uint64_t task = 0;
};

/// Opaque ticket a spawning thread hands to the thread it starts (see Clock::prepare_thread).
struct ThreadTicket {
    void* participant = nullptr;
};

class Clock {
public:
    virtual ~Clock() = default;

    /// Current clock time. Safe from any thread.
    virtual Nanos now() const noexcept = 0;

    /// With `lock` held, blocks until `ready()` returns true or the clock reaches `deadline`
    /// (`forever` for none); `ready` is evaluated with `lock` held. Returns the final `ready()`.
    /// The virtual clock throws DeadlockError when nothing can ever wake the caller (except for
    /// BlockKind::Idle waits, which just keep waiting).
    virtual bool wait_until(std::unique_lock<std::mutex>& lock, WaitPoint& point, Nanos deadline,
                            detail::FunctionRef<bool()> ready) = 0;

    /// Wakes every thread blocked on `point`; call it after changing what their `ready` reads.
    virtual void notify_all(WaitPoint& point) noexcept = 0;
    /// Wakes one thread blocked on `point` (the one that blocked first, under the virtual clock).
    virtual void notify_one(WaitPoint& point) noexcept = 0;

    /// Sleeps until clock time `deadline` (a task's I/O step, or its CPU step under virtual time).
    virtual void sleep_until(Nanos deadline) = 0;
    void sleep_for(std::chrono::nanoseconds d) { sleep_until(now() + d.count()); }

    /// Thread lifecycle hooks, used by the virtual clock to know every participant. The spawning
    /// thread calls prepare_thread() before starting a thread, which then calls thread_started()
    /// first thing and thread_exiting() last. Real-time clocks ignore them.
    virtual ThreadTicket prepare_thread(const char* name) { (void)name; return {}; }
    virtual void thread_started(ThreadTicket ticket) { (void)ticket; }
    virtual void thread_exiting() noexcept {}

    /// Deadline for a Python-style timeout measured from now.
    Nanos deadline_after(const Timeout& timeout) const noexcept;

    /// True for a real, never-paused clock with nanosecond resolution: an event's causes always carry
    /// earlier timestamps (a cross-thread hand-off takes far longer than a nanosecond, and the event's
    /// time is read after the hand-off: SteadyClock::event_time()), so events are ordered by (time,
    /// per-thread sequence) and need no process-wide counter, which two threads emitting at once
    /// would fight over. Paused and virtual time stand still, so those clocks keep the counter.
    bool timestamps_order_causes() const noexcept { return m_timestamps_order_causes; }

    /// True when thread scheduling is part of the clock's result (the virtual clock): which worker
    /// a notify wakes is then visible in every run, so executors wake exactly as CPython does.
    bool deterministic() const noexcept { return m_deterministic; }

private:
    friend class SteadyClock;   // the only clock whose timestamps order causes (Instrument relies on it)
    friend class VirtualClock;  // the only deterministic one
    bool m_timestamps_order_causes = false;
    bool m_deterministic = false;
};

/// Real time: std::chrono::steady_clock's nanoseconds, counted from the clock's construction. Where
/// the kernel keeps that time with the CPU's time-stamp counter, the clock reads the counter itself,
/// scaled once per process (core/src/tsc_time.hpp): cheaper than clock_gettime on every event.
class SteadyClock final : public Clock {
public:
    SteadyClock() noexcept;
    Nanos now() const noexcept override;
    /// now() for an event stamp: a thread's stamps never go backwards, and on Intel CPUs the read may
    /// start before earlier loads have returned, so it follows another thread's event only through a
    /// locked instruction (any mutex acquisition) or, after a lock-free acquire load,
    /// detail::order_after_acquire(); every emission point in the executor has one of the two
    /// (tests/core/test_clock.cpp).
    Nanos event_time() const noexcept;
    bool wait_until(std::unique_lock<std::mutex>& lock, WaitPoint& point, Nanos deadline,
                    detail::FunctionRef<bool()> ready) override;
    void notify_all(WaitPoint& point) noexcept override;
    void notify_one(WaitPoint& point) noexcept override;
    void sleep_until(Nanos deadline) override;

private:
    const detail::TscScale* m_tsc = nullptr;  // the counter's scale, when the clock reads it
    std::int64_t m_origin_ns = 0;             // std::chrono::steady_clock's ns at construction
};

/// The process-wide SteadyClock executors use when given no clock.
Clock& default_clock() noexcept;

/// Real threads and real waiting, but time is real elapsed time scaled by `speed` and frozen while
/// paused, so a live lesson can run at 0.1x or be stopped mid-step. Speed changes reach sleepers
/// within `resolution` of real time.
class ControllableClock final : public Clock {
public:
    explicit ControllableClock(double speed = 1.0);
    Nanos now() const noexcept override;
    bool wait_until(std::unique_lock<std::mutex>& lock, WaitPoint& point, Nanos deadline,
                    detail::FunctionRef<bool()> ready) override;
    void notify_all(WaitPoint& point) noexcept override;
    void notify_one(WaitPoint& point) noexcept override;
    void sleep_until(Nanos deadline) override;

    void pause();
    void resume();
    bool paused() const;
    /// 0.1 to 10 in the app; any positive factor is accepted. Throws std::invalid_argument otherwise.
    void set_speed(double speed);
    double speed() const;

    static constexpr std::chrono::milliseconds resolution{5};

private:
    using RealTime = std::chrono::steady_clock::time_point;
    Nanos now_locked(RealTime real) const noexcept;
    void reanchor_locked();

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    RealTime m_anchor_real;
    Nanos m_anchor_time = 0;
    double m_speed;
    bool m_paused = false;
};

}  // namespace poolscope
