// app.hpp — the desktop app: owns the lesson, its live run (and the previous one, faded), the panels and
// the view state; builds one ImGui frame at a time. Each frame drains the run's recorder into its
// RunModel, then draws. Works with a window (run()) or headless (bench, tests: build_frame() only).
// Implemented: shortcuts, scale, presentation mode, screenshots, trace saving, state dumps, and time
// travel: a ReplayCursor over a recording (opened trace/bundle, or the live run once paused) feeds the
// panels a model of the run as it was at the view time (app_travel.cpp, app_files.cpp, app_menu.cpp).
#pragma once

#include <chrono>
#include <future>
#include <memory>
#include <variant>
#include <optional>
#include <string>
#include <vector>

#include "app_options.hpp"
#include "platform.hpp"
#include "lesson_settings.hpp"
#include "live_run.hpp"
#include "replay_cursor.hpp"
#include "panels/code_panel.hpp"
#include "panels/controls_panel.hpp"
#include "panels/futures_panel.hpp"
#include "panels/queue_panel.hpp"
#include "panels/stats_panel.hpp"
#include "panels/timeline_panel.hpp"
#include "poolscope/lesson/bundle.hpp"
#include "poolscope/lesson/lesson.hpp"
#include "poolscope/trace/run_model.hpp"
#include "view_state.hpp"

namespace poolscope::gui {

class App {
public:
    /// What reading a file gave: a bundle, a trace's record, or the error message.
    using OpenedFile = std::variant<Bundle, RunRecord, std::string>;

    /// `hold_until_shown`: keep the first run paused until run() has shown the first frame.
    explicit App(AppOptions options, bool hold_until_shown = false);
    ~App();

    /// Loads the lesson named in the options and starts it. Returns false (and error()) on failure.
    bool load_lesson(const std::string& name_or_path);
    /// Shows a finished record instead of a live lesson (bench, tests, opened traces), at its end.
    void show_record(const RunRecord& record);
    /// Shows a bundle's recording with its lesson and settings (changing a setting runs it live).
    void show_bundle(const Bundle& bundle);
    /// Opens a trace or bundle (told apart by content). On failure returns false and shows the error
    /// dialog (error_dialog() holds the TraceFormatError message).
    /// `announce`: say so in a toast (File menu); the command line opens silently, so scripted
    /// screenshots carry no toast.
    bool open_file(const std::string& path, bool bundle_only = false, bool announce = true);
    /// The same, off the UI thread (File > Open): the file is read and checked by a background task while
    /// frames go on ("Opening ..." is shown); update() shows the result, or the error dialog.
    void open_file_in_background(const std::string& path, bool bundle_only);
    bool opening_file() const { return m_opening.valid(); }
    const std::string& error() const { return m_error; }
    /// The last load_lesson() failed because the lesson (name or file) is bad, not because it could not run.
    bool lesson_error() const { return m_lesson_error; }
    const std::string& error_dialog() const { return m_dialog_error; }
    bool error_dialog_shown() const { return m_dialog_error_shown; }

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
    /// Save what is shown (the whole run, also while time travelling) to `path`; `message` says where
    /// it went or why not.
    bool save_trace_to(const std::string& path, std::string& message);
    bool save_bundle_to(const std::string& path, std::string& message);
    // Time travel (app_travel.cpp): a paused or finished live run, or any recording.
    void step_back();
    void seek(std::int64_t t_ns);
    bool time_travelling() const { return m_cursor != nullptr; }
    const ReplayCursor* cursor() const { return m_cursor.get(); }
    /// "poolscope-<lesson>-<what>-<timestamp>.<ext>" in the working directory.
    std::string output_name(const char* what, const char* ext) const;
    /// Exports the timeline alone at 2x with title, legend and axis (needs the GL context; run() only).
    void request_slide(std::string path) { m_slide_path = std::move(path); }

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
    void draw_menu_bar();     // app_menu.cpp: File menu, screenshot buttons, transport and time slider
    void draw_file_dialog();
    /// A press of `key` (GLFW code; ImGui's GLFW backend uses the same numbers) this frame: from the
    /// window's press list, which keeps taps whose press and release came in one batch, else ImGui's.
    bool key_tapped(int key) const;
    void draw_error_dialog();
    void draw_opening();  // app_files.cpp: the "Opening ..." notice while a file is read
    /// Takes a finished background open (update()); true when something changed on screen.
    bool finish_background_open();
    void show_opened(OpenedFile opened, const std::string& path, bool announce);
    void enter_time_travel();
    void leave_time_travel();
    bool update_cursor();
    void toggle_pause_travel();
    void step_travel();
    std::string slide_subtitle() const;
    bool export_slide(const std::string& path, std::string& error);  // app_menu.cpp
    void handle_control_actions(const ControlActions& actions);
    void start_run(bool keep_previous);
    /// Runs and cursors replaced mid-frame (a slider dragged, a file opened from the menu) are kept until
    /// the next update(): the frame being built still holds references into their models.
    void retire(std::unique_ptr<LiveRun>& run);
    void retire(std::unique_ptr<ReplayCursor>& cursor);
    void refresh_reference_run();

    AppOptions m_options;
    Platform* m_platform = nullptr;
    std::string m_error;
    bool m_lesson_error = false;
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
    std::unique_ptr<ReplayCursor> m_cursor;  // recordings and time travel; null = the live run is shown
    std::vector<std::unique_ptr<LiveRun>> m_retired_runs;
    std::vector<std::unique_ptr<ReplayCursor>> m_retired_cursors;
    std::chrono::steady_clock::time_point m_cursor_clock;  // last advance of a playing cursor
    std::string m_lesson_text;  // the lesson file's JSON, for bundles
    bool m_first_run_instant = false;  // --virtual-time / --at: the first run is recorded instantly
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
    std::string m_slide_path;        // a timeline export waiting for the end of the frame
    float m_menu_h = 0.0f;
    float m_time_slider_rect[4] = {0, 0, 0, 0};  // for scripted tests, like the max_workers slider
    const std::vector<KeyPress>* m_frame_keys = nullptr;  // this frame's presses (build_frame only)
    int m_file_dialog = 0;           // FileDialog in app_menu.cpp, 0 = closed
    bool m_file_dialog_opening = false;
    char m_file_path[1024] = "";
    std::future<OpenedFile> m_opening;  // a File > Open in progress (open_file_in_background)
    std::string m_opening_path;
    std::string m_dialog_error;      // shown in a modal until dismissed
    bool m_dialog_error_shown = false;
    std::string m_toast;
    std::chrono::steady_clock::time_point m_toast_until;
    long m_frame = 0;
};

}  // namespace poolscope::gui
