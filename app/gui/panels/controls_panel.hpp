// controls_panel.hpp — the Controls panel: playback (Play/Pause, Step, Restart, speed 0.1x-10x) and the
// lesson's knobs (max_workers 1..64 with Python's default for this machine marked, number of tasks,
// per-task durations with presets, program, shutdown options, GIL). It edits LessonSettings and reports
// what the user asked for; App decides to restart. Missing: editing task steps (I/O vs CPU split).
#pragma once

#include <string>
#include <vector>

#include "lesson_settings.hpp"

namespace poolscope::gui {

struct PlaybackState {
    bool paused = false;
    bool finished = false;
    double speed = 1.0;
    bool presentation = false;
};

struct ControlActions {
    bool settings_changed = false;  // restart with the new settings now
    bool editing = false;           // a slider is being dragged (restarts continue one gesture)
    bool toggle_pause = false;
    bool step = false;
    bool restart = false;
    bool speed_changed = false;
    bool toggle_presentation = false;
    bool show_help = false;
    std::string open_lesson;  // a lesson name picked from the list
};

class ControlsPanel {
public:
    /// `base` is the lesson as loaded (for what can be changed); `settings` is edited in place.
    ControlActions draw(const Lesson& base, LessonSettings& settings, PlaybackState& playback);
    /// Screen rectangle (x0, y0, x1, y1) of the max_workers slider as last drawn, for scripted tests.
    const float* max_workers_rect() const { return m_max_workers_rect; }

private:
    std::uint64_t m_random_seed = 1;
    float m_max_workers_rect[4] = {0, 0, 0, 0};
    std::vector<std::string> m_lessons;  // "id: title", read once
    bool m_lessons_loaded = false;
};

}  // namespace poolscope::gui
