// poolscope/detail/instrument.hpp — how executor code emits events: one predictable branch when no
// sink is attached, everything else out of line.
#pragma once

#include <cstdint>

#include "poolscope/clock.hpp"
#include "poolscope/event.hpp"

namespace poolscope::detail {

/// Keeps the calling thread's next event-time read from starting before the loads that precede
/// this call have returned (an `lfence` on x86-64).
void order_after_acquire() noexcept;

struct Instrument {
    EventSink* sink = nullptr;
    Clock* clock = nullptr;
    std::uint32_t executor = 0;

    void emit(EventKind kind, std::uint64_t task, std::int64_t value = 0, std::uint8_t flags = 0) const noexcept {
        if (sink != nullptr) [[unlikely]]
            emit_slow(kind, task, value, flags);
    }
    void emit_slow(EventKind kind, std::uint64_t task, std::int64_t value, std::uint8_t flags) const noexcept;

    /// Call between acting on another thread's write that was read without a lock (an acquire load)
    /// and emitting about it, so the event's time is read after that write (SteadyClock::event_time).
    void order_after_acquire() const noexcept {
        if (sink != nullptr) [[unlikely]]
            detail::order_after_acquire();
    }
};

/// Marks the calling thread as worker `index` of executor `executor` (for Event::thread).
void set_current_worker(std::uint32_t executor, std::int32_t index) noexcept;
/// Event::thread for the calling thread as seen by `executor`.
std::int32_t current_thread_code(std::uint32_t executor) noexcept;
/// True when the calling thread is a worker of `executor`.
bool is_worker_of(std::uint32_t executor) noexcept;

}  // namespace poolscope::detail
