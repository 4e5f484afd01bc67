// tsc_time.cpp — TSC calibration against std::chrono::steady_clock (see tsc_time.hpp).
#include "tsc_time.hpp"

#include <chrono>
#include <fstream>
#include <string>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace poolscope::detail {

namespace {

using Steady = std::chrono::steady_clock;

std::int64_t steady_ns(Steady::time_point t) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

bool kernel_keeps_time_with_tsc() {
    std::ifstream in("/sys/devices/system/clocksource/clocksource0/current_clocksource");
    std::string source;
    return static_cast<bool>(in >> source) && source == "tsc";
}

struct Pair {
    std::uint64_t tsc = 0;
    std::int64_t steady = 0;
};

// A steady-clock reading and the count at the same moment: the tightest bracket of a few tries.
Pair sample() {
    Pair best;
    std::uint64_t best_width = ~std::uint64_t{0};
    for (int i = 0; i < 9; ++i) {
        const std::uint64_t before = read_tsc();
        const std::int64_t steady = steady_ns(Steady::now());
        const std::uint64_t after = read_tsc();
        if (after - before < best_width) {
            best_width = after - before;
            best = {before + (after - before) / 2, steady};
        }
    }
    return best;
}

TscScale calibrate() {
    TscScale scale;
#if defined(__x86_64__)
    if (!kernel_keeps_time_with_tsc()) return scale;
    const Pair start = sample();
    // 5 ms between the two samples: their +-20 ns brackets make the rate good to about 10 ppm.
    const auto until = Steady::now() + std::chrono::milliseconds(5);
    while (Steady::now() < until) {
    }
    const Pair end = sample();
    if (end.tsc <= start.tsc || end.steady <= start.steady) return scale;
    const auto ns = static_cast<Uint128>(end.steady - start.steady);
    scale.mult = static_cast<std::uint64_t>((ns << 32) / (end.tsc - start.tsc));
    scale.tsc0 = end.tsc;
    scale.steady0 = end.steady;
    scale.usable = scale.mult != 0;
#endif
    return scale;
}

}  // namespace

std::uint64_t read_tsc() noexcept {
#if defined(__x86_64__)
    unsigned int cpu = 0;
    return __rdtscp(&cpu);
#else
    return 0;
#endif
}

const TscScale& tsc_scale() noexcept {
    static const TscScale scale = calibrate();
    return scale;
}

}  // namespace poolscope::detail
