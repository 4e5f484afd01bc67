// poolscope/lesson/gil.hpp — SimulatedGil: a clock-aware stand-in for CPython's global interpreter lock.
// A lesson's CPU step must hold it; the holder hands it to the longest waiter every switch interval
// (5 ms, sys.getswitchinterval()) when someone waits, and I/O steps never hold it. That is why
// CPU-bound lessons show no speed-up from more workers and I/O-bound ones do.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>

#include "poolscope/clock.hpp"
#include "poolscope/detail/instrument.hpp"

namespace poolscope {

class SimulatedGil {
public:
    static constexpr std::chrono::milliseconds default_switch_interval{5};

    /// Blocking goes through `clock` (BlockKind::Lock), so the virtual clock can schedule and report it.
    /// GilRequested/GilAcquired/GilReleased go to `instrument` (its sink may be null).
    SimulatedGil(Clock& clock, detail::Instrument instrument,
                 std::chrono::nanoseconds switch_interval = default_switch_interval);
    SimulatedGil(const SimulatedGil&) = delete;
    SimulatedGil& operator=(const SimulatedGil&) = delete;

    /// Waits for the GIL in FIFO order. `task` is the task id put on the events (0 = main thread).
    void acquire(std::uint64_t task);
    /// Releases it and wakes the longest waiter. Only the holder may call it.
    void release(std::uint64_t task);
    /// A CPU step: holds the GIL for `duration` of clock time, handing it over at every switch
    /// interval while others wait (then queueing again behind them).
    void run_cpu(Nanos duration, std::uint64_t task);

    bool held() const;
    std::size_t waiting() const;

private:
    Clock& m_clock;
    detail::Instrument m_instrument;
    Nanos m_interval;
    mutable std::mutex m_mutex;
    WaitPoint m_point;
    bool m_held = false;
    std::deque<std::uint64_t> m_queue;  // tickets of the waiters, longest waiter first
    std::uint64_t m_next_ticket = 0;
};

}  // namespace poolscope
