// gil.cpp — SimulatedGil: FIFO hand-over on the clock, so virtual-time runs stay deterministic.
#include "poolscope/lesson/gil.hpp"

#include <algorithm>
#include <stdexcept>

namespace poolscope {

SimulatedGil::SimulatedGil(Clock& clock, detail::Instrument instrument, std::chrono::nanoseconds switch_interval)
    : m_clock(clock), m_instrument(instrument), m_interval(switch_interval.count()) {
    if (m_interval <= 0) throw std::invalid_argument("the GIL switch interval must be positive");
    m_point.kind = BlockKind::Lock;
}

void SimulatedGil::acquire(std::uint64_t task) {
    std::unique_lock lock(m_mutex);
    m_instrument.emit(EventKind::GilRequested, task);
    if (!m_held && m_queue.empty()) {
        m_held = true;
        m_instrument.emit(EventKind::GilAcquired, task);
        return;
    }
    const std::uint64_t ticket = ++m_next_ticket;
    m_queue.push_back(ticket);
    try {
        m_clock.wait_until(lock, m_point, forever, [&] { return !m_held && m_queue.front() == ticket; });
    } catch (...) {
        // A deadlock report woke us: leave the line so the others are not stuck behind a ghost.
        m_queue.erase(std::find(m_queue.begin(), m_queue.end(), ticket));
        m_clock.notify_all(m_point);
        throw;
    }
    m_queue.pop_front();
    m_held = true;
    m_instrument.emit(EventKind::GilAcquired, task);
}

void SimulatedGil::release(std::uint64_t task) {
    std::lock_guard guard(m_mutex);
    if (!m_held) throw std::logic_error("SimulatedGil::release without holding the GIL");
    m_held = false;
    m_instrument.emit(EventKind::GilReleased, task);
    if (!m_queue.empty()) m_clock.notify_all(m_point);
}

void SimulatedGil::run_cpu(Nanos duration, std::uint64_t task) {
    acquire(task);
    bool holding = true;
    Nanos left = duration;
    try {
        while (left > 0) {
            const Nanos slice = std::min(left, m_interval);
            m_clock.sleep_until(m_clock.now() + slice);
            left -= slice;
            if (left > 0 && waiting() > 0) {  // the switch interval expired and someone asked: drop it
                release(task);
                holding = false;
                acquire(task);
                holding = true;
            }
        }
    } catch (...) {
        if (holding) release(task);
        throw;
    }
    release(task);
}

bool SimulatedGil::held() const {
    std::lock_guard guard(m_mutex);
    return m_held;
}

std::size_t SimulatedGil::waiting() const {
    std::lock_guard guard(m_mutex);
    return m_queue.size();
}

}  // namespace poolscope
