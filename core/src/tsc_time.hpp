// tsc_time.hpp — the steady clock read from the CPU's time-stamp counter. On the 2-vCPU VM poolscope
// is measured on, clock_gettime(CLOCK_MONOTONIC) costs 30-46 ns and `rdtscp` about half that; every
// recorded event reads the clock once (bench/README.md). Used only where the kernel itself keeps time
// with the TSC (its clocksource is "tsc": synchronised across CPUs, constant rate), scaled once per
// process against std::chrono::steady_clock. `rdtscp` waits for earlier instructions, so a read that
// follows an acquire in program order cannot see an earlier count than the releasing thread's read:
// what Clock::timestamps_order_causes promises.
#pragma once

#include <cstdint>

namespace poolscope::detail {

__extension__ typedef __int128 Int128;  // GCC/Clang: ticks x (ns per tick << 32) needs 128 bits
__extension__ typedef unsigned __int128 Uint128;

struct TscScale {
    bool usable = false;
    std::uint64_t tsc0 = 0;    // a count taken at calibration
    std::int64_t steady0 = 0;  // std::chrono::steady_clock's ns at that count
    std::uint64_t mult = 0;    // ns per tick, << 32

    std::int64_t steady_ns(std::uint64_t tsc) const noexcept {
        const auto delta = static_cast<Int128>(static_cast<std::int64_t>(tsc - tsc0));
        return steady0 + static_cast<std::int64_t>((delta * static_cast<Int128>(mult)) >> 32);
    }
};

/// Calibrated on first use (about 5 ms, once per process); `usable` is false off x86-64 or when the
/// kernel does not trust the TSC, and then the clock reads std::chrono::steady_clock.
const TscScale& tsc_scale() noexcept;
std::uint64_t read_tsc() noexcept;

}  // namespace poolscope::detail
