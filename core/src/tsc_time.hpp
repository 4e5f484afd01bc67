// tsc_time.hpp — SteadyClock's time source where the kernel itself keeps time with the CPU's
// time-stamp counter (clocksource "tsc": synchronised across CPUs, constant rate). The count is scaled
// to std::chrono::steady_clock's nanoseconds once per process.
//
// Why: every recorded event reads the clock. On the 2-vCPU VM poolscope is measured on,
// clock_gettime(CLOCK_MONOTONIC) costs 40-47 ns, a fenced `lfence; rdtsc` 35-44 ns and a plain `rdtsc`
// about 23 ns (bench/README.md). Two readings are offered:
//  - ordered_ns(): `lfence; rdtsc`, which cannot run before earlier instructions have finished, so it
//    follows whatever the thread observed before it (SteadyClock::now(), deadlines);
//  - event_ns(): plain `rdtsc`, which the CPU may start early, before an earlier load has returned.
//    Events take it. A thread's own readings are kept monotonic here. Across threads, an event must
//    read the counter after the hand-off it follows: through a plain acquire load it does not (a
//    ping-pong measured a few hundred readings earlier than their cause per 5 million hand-offs), so
//    the executor's one lock-free hand-off (result() on a done future) fences first
//    (Instrument::order_after_acquire). Every other one passes through a mutex, whose locked
//    instruction held the read back in every trial here (0 in 15 million, an Intel Xeon): Intel
//    documents that for loads and stores, not for rdtsc, so events read unfenced only on Intel CPUs
//    (elsewhere `lfence; rdtsc`), and tests/core/test_clock.cpp checks it on the machine it runs on.
#pragma once

#include <cstdint>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace poolscope::detail {

__extension__ typedef __int128 Int128;  // GCC/Clang: ticks x (ns per tick << 32) needs 128 bits
__extension__ typedef unsigned __int128 Uint128;

struct TscScale {
    bool usable = false;
    // Events may read the counter unfenced: only on Intel CPUs, where a locked instruction was measured
    // to hold a later rdtsc back (see above); elsewhere they pay the fence.
    bool unfenced_events = false;
    std::uint64_t tsc0 = 0;    // a count taken at calibration
    std::int64_t steady0 = 0;  // std::chrono::steady_clock's ns at that count
    std::uint64_t mult = 0;    // ns per tick, << 32

    std::int64_t steady_ns(std::uint64_t tsc) const noexcept {
        const auto delta = static_cast<Int128>(static_cast<std::int64_t>(tsc - tsc0));
        return steady0 + static_cast<std::int64_t>((delta * static_cast<Int128>(mult)) >> 32);
    }
};

/// Calibrated on first use (about 5 ms, once per process); `usable` is false off x86-64 or when the
/// kernel does not keep time with the TSC, and SteadyClock then reads std::chrono::steady_clock.
const TscScale& tsc_scale() noexcept;

/// The calling thread's latest reading (absolute steady ns): a thread's readings never go backwards,
/// whatever order the CPU ran two unfenced reads in.
inline thread_local std::int64_t t_latest_ns = 0;

std::int64_t system_steady_ns() noexcept;

inline std::int64_t monotonic_ns(std::int64_t ns) noexcept {
    if (ns < t_latest_ns) return t_latest_ns;
    t_latest_ns = ns;
    return ns;
}

/// std::chrono::steady_clock's nanoseconds now, never earlier than this thread's previous reading.
std::int64_t ordered_ns() noexcept;

#if defined(__x86_64__)
/// `lfence; rdtsc`: the count once every earlier instruction has finished.
inline std::uint64_t fenced_tsc() noexcept {
    _mm_lfence();
    return __rdtsc();
}
#endif

/// The same, read without waiting for earlier instructions where that is safe (see above), from a
/// usable scale. Inline: it is per event.
inline std::int64_t event_ns(const TscScale& scale) noexcept {
#if defined(__x86_64__)
    return monotonic_ns(scale.steady_ns(scale.unfenced_events ? __rdtsc() : fenced_tsc()));
#else
    (void)scale;
    return system_steady_ns();
#endif
}

}  // namespace poolscope::detail
