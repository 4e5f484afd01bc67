// replay_cursor.hpp — time travel over a recorded run: a RunModel of the first N events, moved by
// playing (0.1x-10x), stepping one event forwards or backwards, or seeking to a time. Panels draw that
// prefix model exactly as they drew the live run when it had reached the same event.
#pragma once

#include "poolscope/trace/run_model.hpp"
#include "poolscope/trace/run_record.hpp"

#include <cstddef>
#include <cstdint>

namespace poolscope::gui {

class ReplayCursor {
public:
    /// Starts at the end of `record` (the whole run applied).
    explicit ReplayCursor(RunRecord record);

    const RunModel& model() const { return m_model; }
    const RunRecord& record() const { return m_record; }
    /// Events applied so far (0..event_total()).
    std::size_t applied() const { return m_applied; }
    std::size_t event_total() const { return m_record.events.size(); }
    /// The view time: where the "now" line is. Between events while playing.
    std::int64_t time_ns() const { return m_time_ns; }
    std::int64_t end_ns() const { return m_end_ns; }
    bool at_end() const { return m_applied == event_total() && m_time_ns >= m_end_ns; }

    /// Every event with time <= t applied; the view time becomes t (clamped to 0..end).
    void seek(std::int64_t t_ns);
    /// One more event applied; the view time becomes its time. False at the end.
    bool step_forward();
    /// The last applied event taken back; the view time becomes the time of the one before it.
    bool step_back();
    /// Moves the view time on by `real_seconds * speed` virtual seconds. Returns true if it moved.
    bool advance(double real_seconds, double speed);

private:
    void apply_until(std::size_t n); // forwards: incremental; backwards: rebuilt from the metadata

    RunRecord m_record;
    RunRecord m_metadata; // m_record without events
    RunModel m_model;
    std::size_t m_applied = 0;
    std::int64_t m_time_ns = 0;
    std::int64_t m_end_ns = 0;
    double m_carry_ns = 0.0; // sub-nanosecond remainder of advance()
};

} // namespace poolscope::gui
