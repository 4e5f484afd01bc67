// tsc_time.cpp — TSC calibration against std::chrono::steady_clock, and the two readings (tsc_time.hpp).
#include "tsc_time.hpp"

#include "poolscope/detail/instrument.hpp"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

namespace poolscope::detail {

namespace {

using Steady = std::chrono::steady_clock;

#if defined(__x86_64__)
bool kernel_keeps_time_with_tsc() {
    std::ifstream in("/sys/devices/system/clocksource/clocksource0/current_clocksource");
    std::string source;
    return static_cast<bool>(in >> source) && source == "tsc";
}

bool cpu_is_intel() noexcept {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (__get_cpuid(0, &eax, &ebx, &ecx, &edx) == 0) return false;
    return ebx == 0x756e6547u && edx == 0x49656e69u && ecx == 0x6c65746eu;  // "Genu" "ineI" "ntel"
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
        const std::uint64_t before = fenced_tsc();
        const std::int64_t steady = system_steady_ns();
        const std::uint64_t after = fenced_tsc();
        if (after - before < best_width) {
            best_width = after - before;
            best = {before + (after - before) / 2, steady};
        }
    }
    return best;
}
#endif

TscScale calibrate() {
    TscScale scale;
#if defined(__x86_64__)
    try {
        if (!kernel_keeps_time_with_tsc()) return scale;
    } catch (...) {
        return scale;
    }
    const Pair start = sample();
    // 5 ms between the two samples: their brackets of a few tens of ns make the rate good to ~10 ppm.
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const Pair end = sample();
    if (end.tsc <= start.tsc || end.steady <= start.steady) return scale;
    const auto ns = static_cast<Uint128>(end.steady - start.steady);
    scale.mult = static_cast<std::uint64_t>((ns << 32) / (end.tsc - start.tsc));
    scale.tsc0 = end.tsc;
    scale.steady0 = end.steady;
    scale.usable = scale.mult != 0;
    scale.unfenced_events = cpu_is_intel();
#endif
    return scale;
}

}  // namespace

const TscScale& tsc_scale() noexcept {
    static const TscScale scale = calibrate();
    return scale;
}

std::int64_t system_steady_ns() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Steady::now().time_since_epoch()).count();
}

std::int64_t ordered_ns() noexcept {
#if defined(__x86_64__)
    const TscScale& scale = tsc_scale();
    if (scale.usable) return monotonic_ns(scale.steady_ns(fenced_tsc()));
#endif
    return system_steady_ns();
}

void order_after_acquire() noexcept {
#if defined(__x86_64__)
    _mm_lfence();
#endif
}

}  // namespace poolscope::detail
