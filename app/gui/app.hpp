// app.hpp — the desktop app: owns the lesson, its live run (and the previous one, faded), the panels and
// the view state; builds one ImGui frame at a time. Each frame drains the run's recorder into its
// RunModel, then draws. Works with a window (run()) or headless (bench, tests: build_frame() only).
// Implemented: shortcuts, scale, presentation mode, screenshots, trace saving, state dumps.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "app_options.hpp"
#include "platform.hpp"
#include "lesson_settings.hpp"
#include "live_run.hpp"
#include "panels/code_panel.hpp"
#include "panels/controls_panel.hpp"
#include "panels/futures_panel.hpp"
#include "panels/queue_panel.hpp"
#include "panels/stats_panel.hpp"
#include "panels/timeline_panel.hpp"
#include "poolscope/lesson/lesson.hpp"
#include "poolscope/trace/run_model.hpp"
#include "view_state.hpp"

namespace poolscope::gui {

class App {
public:
    /// `hold_until_shown`: keep the first run paused until run() has shown the first frame.
    explicit App(AppOptions options, bool hold_until_shown = false);
    ~App();

    /// Loads the lesson named in the options and starts it. Returns false (and error()) on failure.
    bool load_lesson(const std::string& name_or_path);
    /// Shows a finished record instead of a live lesson (bench, tests).
    void show_record(const RunRecord& record);
    const std::string& error() const { return m_error; }

    /// Interactive loop with a real window; returns the process exit code.
    int run();

    // ---- Frame building, usable headless (needs an ImGui context with a built font atlas) ----
    /// Drains the live run; returns true if anything changed.
    bool update();
    /// ImGui::NewFrame() .. ImGui::Render(): every panel, shortcuts, overlays. `keys`: presses reported
    /// by the window since the last frame; without a window, shortcuts come from ImGui's key state.
    void build_frame(const std::vector<KeyPress>* keys = nullptr);
    /// Applies pending font/theme changes (call outside NewFrame..Render).
    void apply_pending_style(bool has_gl_backend);

    // ---- Actions (shortcuts, controls, tests) ----
    void set_max_workers(int n);
    void restart();
    void toggle_pause();
    void step();
    void set_scale(float scale);
    void toggle_presentation();
    bool save_trace(std::string& path_out);

    const RunModel& model() const;
    const RunModel* previous_model() const;
    const LessonSettings& settings() const { return m_settings; }
    const ViewState& view() const { return m_view; }
    bool moving() const;  // the run advances on its own: redraw at the refresh rate
    /// Small JSON object describing the state (lanes, max_workers, tasks, ...), for --state-dump.
    std::string state_json() const;
    bool write_state_dump(const std::string& path) const;
    long frame() const { return m_frame; }
    const TimelinePanel& timeline() const { return m_timeline; }

private:
    void handle_shortcuts(const std::vector<KeyPress>* keys);
    void draw_panels();
    void draw_help();
    void draw_toast();
    void toast(std::string text);
    void handle_control_actions(const ControlActions& actions);
    void start_run(bool keep_previous);
    void refresh_reference_run();

    AppOptions m_options;
    Platform* m_platform = nullptr;
    std::string m_error;
    bool m_holding = false;
    bool m_editing = false;          // a Controls slider was active last frame
    bool m_continuing_edit = false;  // this restart continues that drag
    int m_run_count = 0;

    Lesson m_lesson;
    bool m_have_lesson = false;
    LessonSettings m_settings;
    LessonSettings m_reference_settings;  // what m_one_worker was computed for
    std::optional<StatsPanel::Reference> m_one_worker;
    std::unique_ptr<LiveRun> m_run;
    std::unique_ptr<LiveRun> m_previous;
    std::unique_ptr<RunModel> m_static;  // show_record()
    RunModel m_empty;

    PlaybackState m_playback;
    ViewState m_view;
    TimelinePanel m_timeline;
    QueuePanel m_queue;
    FuturesPanel m_futures;
    ControlsPanel m_controls;
    CodePanel m_code;
    StatsPanel m_stats;

    float m_scale = 1.0f;
    bool m_style_dirty = true;
    bool m_show_help = false;
    bool m_screenshot_requested = false;
    std::string m_toast;
    std::chrono::steady_clock::time_point m_toast_until;
    long m_frame = 0;
};

}  // namespace poolscope::gui
