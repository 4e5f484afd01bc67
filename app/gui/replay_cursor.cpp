// replay_cursor.cpp — prefix models for time travel. Going forwards applies only the new events;
// going backwards rebuilds from the metadata (RunModel is a reducer and cannot un-apply), which for
// lesson-sized runs (hundreds of events) costs microseconds.
#include "replay_cursor.hpp"

#include <algorithm>
#include <span>

namespace poolscope::gui {

ReplayCursor::ReplayCursor(RunRecord record) : m_record(std::move(record)) {
    m_metadata = m_record;
    m_metadata.events.clear();
    for (const Event& e : m_record.events)
        m_end_ns = std::max(m_end_ns, e.time_ns);
    m_model.set_metadata(m_metadata);
    apply_until(m_record.events.size());
    m_time_ns = m_end_ns;
}

void ReplayCursor::apply_until(std::size_t n) {
    n = std::min(n, m_record.events.size());
    if (n < m_applied) {
        m_model = RunModel();
        m_model.set_metadata(m_metadata);
        m_applied = 0;
    }
    if (n > m_applied) {
        m_model.apply(std::span<const Event>(m_record.events.data() + m_applied, n - m_applied));
        m_applied = n;
    }
}

void ReplayCursor::seek(std::int64_t t_ns) {
    t_ns = std::clamp<std::int64_t>(t_ns, 0, m_end_ns);
    const auto& ev = m_record.events;
    // Events are in sequence order, which is time order for one recorded run.
    const auto it = std::upper_bound(ev.begin(), ev.end(), t_ns,
                                     [](std::int64_t t, const Event& e) { return t < e.time_ns; });
    apply_until(static_cast<std::size_t>(it - ev.begin()));
    m_time_ns = t_ns;
    m_carry_ns = 0.0;
}

bool ReplayCursor::step_forward() {
    if (m_applied >= m_record.events.size())
        return false;
    apply_until(m_applied + 1);
    m_time_ns = std::max(m_time_ns, m_record.events[m_applied - 1].time_ns);
    m_carry_ns = 0.0;
    return true;
}

bool ReplayCursor::step_back() {
    if (m_applied == 0)
        return false;
    apply_until(m_applied - 1);
    m_time_ns = m_applied > 0 ? m_record.events[m_applied - 1].time_ns : 0;
    m_carry_ns = 0.0;
    return true;
}

bool ReplayCursor::advance(double real_seconds, double speed) {
    if (at_end() || real_seconds <= 0.0)
        return false;
    m_carry_ns += real_seconds * speed * 1e9;
    const auto whole = static_cast<std::int64_t>(m_carry_ns);
    if (whole <= 0)
        return false;
    m_carry_ns -= static_cast<double>(whole);
    const double carry = m_carry_ns;
    seek(std::min(m_end_ns, m_time_ns + whole));
    m_carry_ns = carry;
    return true;
}

} // namespace poolscope::gui
