// clock.cpp — SteadyClock, ControllableClock and the shared deadline arithmetic.
#include "poolscope/clock.hpp"

#include "tsc_time.hpp"

#include <algorithm>
#include <climits>
#include <stdexcept>
#include <thread>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <ctime>
#endif

namespace poolscope {

Nanos Clock::deadline_after(const Timeout& timeout) const noexcept {
    if (!timeout) return forever;
    const Nanos span = std::max<Nanos>(0, timeout->count());
    const Nanos start = now();
    return span >= forever - start ? forever : start + span;
}

// ---- SteadyClock ---------------------------------------------------------------------------------

SteadyClock::SteadyClock() noexcept
    : m_tsc(detail::tsc_scale().usable ? &detail::tsc_scale() : nullptr), m_origin_ns(detail::ordered_ns()) {
    m_timestamps_order_causes = true;
}

Nanos SteadyClock::now() const noexcept { return detail::ordered_ns() - m_origin_ns; }

// ---- SteadyClock's waits: a condition variable on a futex ------------------------------------------
// glibc's condition variable re-takes the caller's mutex after a wake as "maybe contended", so the
// woken thread's next unlock is a futex syscall even when nobody waits: on the path from a worker's
// wake-up to its task's first instruction (an idle pool's submit-to-start latency). A sleeper here
// reads the generation under the caller's mutex, unlocks, sleeps until the generation changes and
// locks again normally. A notify bumps the generation and calls the kernel only when someone sleeps.
// Every state change a waiter's `ready` reads is made under that mutex, before the notify, so a
// notify that comes between the read and the sleep changes the generation and the sleep returns.

namespace {

#if defined(__linux__)
void futex_sleep(std::atomic<std::uint32_t>& word, std::uint32_t seen, Nanos timeout) noexcept {
    timespec relative{};
    if (timeout != forever) {
        relative.tv_sec = static_cast<time_t>(timeout / 1'000'000'000);
        relative.tv_nsec = static_cast<long>(timeout % 1'000'000'000);
    }
    syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAIT_PRIVATE, seen,
            timeout == forever ? nullptr : &relative, nullptr, 0);
}

void futex_wake(WaitPoint& point, int count) noexcept {
    point.generation.fetch_add(1, std::memory_order_seq_cst);
    if (point.sleepers.load(std::memory_order_seq_cst) > 0)
        syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&point.generation), FUTEX_WAKE_PRIVATE, count, nullptr,
                nullptr, 0);
}
#endif

}  // namespace

// The counter's scale agrees with std::chrono::steady_clock to about 10 ppm, and a sleep can end
// early: the loop waits out the remainder, so a timeout is never reported before now() has reached
// its deadline.
bool SteadyClock::wait_until(std::unique_lock<std::mutex>& lock, WaitPoint& point, Nanos deadline,
                             detail::FunctionRef<bool()> ready) {
#if defined(__linux__)
    static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t), "a futex word is 32 bits");
    while (!ready()) {
        Nanos timeout = forever;
        if (deadline != forever) {
            timeout = deadline - now();
            if (timeout <= 0) return ready();
        }
        const std::uint32_t seen = point.generation.load(std::memory_order_relaxed);
        point.sleepers.fetch_add(1, std::memory_order_seq_cst);
        lock.unlock();
        futex_sleep(point.generation, seen, timeout);
        lock.lock();
        point.sleepers.fetch_sub(1, std::memory_order_relaxed);
    }
    return true;
#else
    while (!ready()) {
        if (deadline == forever) {
            point.cv.wait(lock);
            continue;
        }
        const Nanos left = deadline - now();
        if (left <= 0) return ready();
        point.cv.wait_for(lock, std::chrono::nanoseconds(left));
    }
    return true;
#endif
}

#if defined(__linux__)
void SteadyClock::notify_all(WaitPoint& point) noexcept { futex_wake(point, INT_MAX); }
void SteadyClock::notify_one(WaitPoint& point) noexcept { futex_wake(point, 1); }
#else
void SteadyClock::notify_all(WaitPoint& point) noexcept { point.cv.notify_all(); }
void SteadyClock::notify_one(WaitPoint& point) noexcept { point.cv.notify_one(); }
#endif

void SteadyClock::sleep_until(Nanos deadline) {
    if (deadline == forever) throw std::invalid_argument("sleep_until(forever) would never return");
    for (Nanos left = deadline - now(); left > 0; left = deadline - now())
        std::this_thread::sleep_for(std::chrono::nanoseconds(left));
}

Clock& default_clock() noexcept {
    static SteadyClock clock;
    return clock;
}

// ---- ControllableClock ---------------------------------------------------------------------------

namespace {
void check_speed(double speed) {
    if (!(speed > 0.0) || speed > 1e6) throw std::invalid_argument("clock speed must be a positive factor");
}
}  // namespace

ControllableClock::ControllableClock(double speed) : m_anchor_real(std::chrono::steady_clock::now()), m_speed(speed) {
    check_speed(speed);
}

Nanos ControllableClock::now_locked(RealTime real) const noexcept {
    if (m_paused) return m_anchor_time;
    const double elapsed = std::chrono::duration<double, std::nano>(real - m_anchor_real).count();
    return m_anchor_time + static_cast<Nanos>(elapsed * m_speed);
}

void ControllableClock::reanchor_locked() {
    const RealTime real = std::chrono::steady_clock::now();
    m_anchor_time = now_locked(real);
    m_anchor_real = real;
}

Nanos ControllableClock::now() const noexcept {
    std::lock_guard guard(m_mutex);
    return now_locked(std::chrono::steady_clock::now());
}

// The caller's lock, not ours, guards `ready`, so a speed change cannot reach this waiter through our
// condition variable without a lock-order inversion. Timed waits therefore re-read the clock at least
// every `resolution`; untimed waits only depend on notifications.
bool ControllableClock::wait_until(std::unique_lock<std::mutex>& lock, WaitPoint& point, Nanos deadline,
                                   detail::FunctionRef<bool()> ready) {
    while (!ready()) {
        if (deadline == forever) {
            point.cv.wait(lock);
            continue;
        }
        Nanos remaining = deadline - now();
        if (remaining <= 0) return ready();
        std::chrono::nanoseconds slice = resolution;
        {
            std::lock_guard guard(m_mutex);
            if (!m_paused)
                slice = std::min<std::chrono::nanoseconds>(
                    slice, std::chrono::nanoseconds(static_cast<Nanos>(static_cast<double>(remaining) / m_speed) + 1));
        }
        point.cv.wait_for(lock, slice);
    }
    return true;
}

void ControllableClock::notify_all(WaitPoint& point) noexcept { point.cv.notify_all(); }
void ControllableClock::notify_one(WaitPoint& point) noexcept { point.cv.notify_one(); }

void ControllableClock::sleep_until(Nanos deadline) {
    if (deadline == forever) throw std::invalid_argument("sleep_until(forever) would never return");
    std::unique_lock lock(m_mutex);
    for (;;) {
        const RealTime real = std::chrono::steady_clock::now();
        const Nanos current = now_locked(real);
        if (current >= deadline) return;
        if (m_paused) {
            m_changed.wait(lock);
            continue;
        }
        const auto real_left = std::chrono::nanoseconds(static_cast<Nanos>(static_cast<double>(deadline - current) / m_speed) + 1);
        m_changed.wait_until(lock, real + real_left);
    }
}

void ControllableClock::pause() {
    std::lock_guard guard(m_mutex);
    if (m_paused) return;
    reanchor_locked();
    m_paused = true;
    m_changed.notify_all();
}

void ControllableClock::resume() {
    std::lock_guard guard(m_mutex);
    if (!m_paused) return;
    m_anchor_real = std::chrono::steady_clock::now();
    m_paused = false;
    m_changed.notify_all();
}

bool ControllableClock::paused() const {
    std::lock_guard guard(m_mutex);
    return m_paused;
}

void ControllableClock::set_speed(double speed) {
    check_speed(speed);
    std::lock_guard guard(m_mutex);
    reanchor_locked();
    m_speed = speed;
    m_changed.notify_all();
}

double ControllableClock::speed() const {
    std::lock_guard guard(m_mutex);
    return m_speed;
}

}  // namespace poolscope
