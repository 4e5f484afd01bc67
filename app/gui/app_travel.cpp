// app_travel.cpp — time travel. A recording (opened trace or bundle, --virtual-time run) is always
// shown through a ReplayCursor; a live run gets one when it is paused or finished and the user steps
// back or scrubs. Playing a cursor that travels over a paused live run catches up with it and then
// hands back to the live run, so the lesson simply continues from where it was paused.
#include "app.hpp"

#include <algorithm>

namespace poolscope::gui {

void App::enter_time_travel() {
    if (m_cursor || !m_run)
        return;
    if (!m_run->finished()) {
        m_playback.paused = true;
        m_run->set_paused(true);
    }
    m_run->pump();
    const std::int64_t now = m_run->now_ns();
    m_cursor = std::make_unique<ReplayCursor>(m_run->record());
    m_cursor->seek(now);
    m_cursor_clock = std::chrono::steady_clock::now();
}

void App::leave_time_travel() {
    retire(m_cursor);
    if (m_run)
        m_run->set_paused(m_playback.paused);
}

bool App::update_cursor() {
    const auto now = std::chrono::steady_clock::now();
    const double dt = std::chrono::duration<double>(now - m_cursor_clock).count();
    m_cursor_clock = now;
    bool changed = false;
    if (!m_playback.paused)
        changed = m_cursor->advance(std::min(dt, 0.25), m_playback.speed);
    // Caught up with a live run that was paused for the trip: it goes on from here.
    if (m_cursor->at_end() && m_run && !m_run->finished() && !m_playback.paused) {
        leave_time_travel();
        m_view.now_ns = m_run->now_ns();
        m_view.live = true;
        m_playback.finished = false;
        return true;
    }
    changed |= m_view.now_ns != m_cursor->time_ns();
    m_view.now_ns = m_cursor->time_ns();
    // Mid-run, the panels draw the prefix exactly like a live run at that moment (open blocks end at
    // the now line); at the end they draw a finished run.
    m_view.live = !m_cursor->at_end() || (m_run && !m_run->finished());
    m_view.paused = m_playback.paused;
    m_playback.finished = m_cursor->at_end() && (!m_run || m_run->finished());
    m_view.expected_end_ns = std::max(m_view.expected_end_ns, m_cursor->end_ns());
    return changed;
}

void App::toggle_pause_travel() {
    if (m_cursor->at_end()) {
        if (m_run && m_run->finished() && m_have_lesson) {
            restart(); // as without time travel: Space on a finished lesson runs it again
            return;
        }
        if (m_run) { // back at the live run's edge: play it on
            m_playback.paused = false;
            leave_time_travel();
            return;
        }
        m_cursor->seek(0); // a recording: play it again from the start
        m_playback.paused = false;
        m_cursor_clock = std::chrono::steady_clock::now();
        return;
    }
    m_playback.paused = !m_playback.paused;
    m_cursor_clock = std::chrono::steady_clock::now();
}

void App::step_travel() {
    m_playback.paused = true;
    if (m_cursor->step_forward())
        return;
    if (m_run && !m_run->finished()) { // past the recorded edge: the live run takes one step
        leave_time_travel();
        m_run->step();
    }
}

void App::step_back() {
    enter_time_travel();
    if (!m_cursor)
        return;
    m_playback.paused = true;
    m_cursor->step_back();
}

void App::seek(std::int64_t t_ns) {
    enter_time_travel();
    if (!m_cursor)
        return;
    m_cursor->seek(t_ns);
    m_cursor_clock = std::chrono::steady_clock::now();
}

} // namespace poolscope::gui
