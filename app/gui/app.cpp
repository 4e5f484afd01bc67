// app.cpp — App's lifecycle: loading a lesson, (re)starting runs, the window loop, actions, state dumps.
// Restarting keeps the run that was on screen as the faded "previous run", except in the middle of a
// slider drag (which restarts on every step): there the comparison stays with where the drag began.
#include "app.hpp"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>

#include <cfloat>

#include "fonts.hpp"
#include "lesson_run.hpp"
#include "platform.hpp"
#include "poolscope/lesson/library.hpp"
#include "poolscope/printable.hpp"
#include "poolscope/trace/chrome_trace.hpp"
#include "theme.hpp"

namespace poolscope::gui {

namespace {

std::string json_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) continue;
        out += c;
    }
    return out;
}

}  // namespace

App::App(AppOptions options, bool hold_until_shown)
    : m_options(std::move(options)), m_holding(hold_until_shown), m_scale(m_options.scale) {
    m_playback.speed = m_options.speed;
    m_playback.paused = m_options.paused;
    m_playback.presentation = m_options.presentation;
}

App::~App() = default;

bool App::load_lesson(const std::string& name_or_path) {
    try {
        // Read once: the text parsed is the text a bundle of this lesson keeps.
        const std::filesystem::path path = resolve_lesson(name_or_path);
        std::string text = read_lesson_text(path);
        m_lesson = parse_lesson(text, path.string(), path.stem().string());
        m_lesson_text = std::move(text);
    } catch (const std::exception& e) {
        m_error = e.what();
        m_lesson_error = true;
        return false;
    }
    m_lesson_error = false;
    m_have_lesson = true;
    retire(m_cursor);
    // --virtual-time / --at: the first run is recorded instantly and shown at that time, so scripted
    // screenshots see the same picture every time.
    m_first_run_instant = m_run_count == 0 && (m_options.virtual_time || m_options.at_ns >= 0);
    m_settings = settings_from_lesson(m_lesson);
    if (m_options.max_workers) m_settings.max_workers = *m_options.max_workers;
    if (m_options.tasks && task_count_adjustable(m_lesson)) {
        m_settings.task_count = *m_options.tasks;
        fit_durations(m_settings, m_lesson);
    }
    retire(m_previous);
    start_run(false);
    return m_error.empty();
}

void App::show_record(const RunRecord& record) {
    retire(m_run);
    retire(m_previous);
    m_have_lesson = false;
    retire(m_cursor);
    m_cursor = std::make_unique<ReplayCursor>(record);
    m_view.expected_end_ns = m_cursor->end_ns();
    m_view.deadlock_report = record.deadlock_report;
    m_view.timeline.follow = true;
    m_playback.paused = true;  // the whole run is on screen; Space plays it from the start
    if (m_options.at_ns >= 0) m_cursor->seek(m_options.at_ns);
}

void App::refresh_reference_run() {
    // The speed-up reference: the same settings with one worker. Only max_workers changes are free.
    LessonSettings one = m_settings;
    one.max_workers = 1;
    if (m_one_worker && one == m_reference_settings) return;
    m_reference_settings = one;
    m_one_worker.reset();
    try {
        const RunModel model(run_lesson_instantly(lesson_variant(m_lesson, one)));
        const RunStats st = model.stats();
        m_one_worker = StatsPanel::Reference{st.makespan_ns, st.returned, st.raised, st.cancelled};
    } catch (const std::exception&) {
        // No speed-up figure for this variant; the stats panel says n/a.
    }
}

void App::start_run(bool keep_previous) {
    if (!m_have_lesson) return;
    retire(m_cursor);
    if (m_run) {
        m_run->finish_fast();
        if (keep_previous && (!m_continuing_edit || !m_previous)) {
            // The old run completes instantly in the background; it is drained as the previous run.
            retire(m_previous);
            m_previous = std::move(m_run);
        }
        retire(m_run);
    }
    const Lesson variant = lesson_variant(m_lesson, m_settings);
    RunRecord metadata;
    RunRecord instant_record;
    try {
        RunRecord instant = run_lesson_instantly(variant);
        // Virtual runs are repeatable, so the instant run says where the live one will end: the timeline
        // can use its final scale from the start and let the "now" line sweep across.
        m_view.expected_end_ns = 0;
        for (const Event& e : instant.events) m_view.expected_end_ns = std::max(m_view.expected_end_ns, e.time_ns);
        metadata = metadata_of(instant);
        m_view.deadlock_report = instant.deadlock_report;
        instant_record = std::move(instant);
    } catch (const std::exception& e) {
        m_error = std::string("cannot run this lesson: ") + e.what();
        toast(m_error);
        return;
    }
    m_error.clear();
    refresh_reference_run();
    if (m_first_run_instant) {
        m_first_run_instant = false;
        ++m_run_count;
        m_cursor = std::make_unique<ReplayCursor>(instant_record);
        if (m_options.at_ns >= 0) m_cursor->seek(m_options.at_ns);
        m_playback.paused = true;
        m_view.timeline.follow = true;
        m_futures.set_program_uses_map(std::any_of(variant.main.begin(), variant.main.end(),
                                                   [](const Statement& s) { return s.type == StatementType::Map; }));
        return;
    }
    // A restart plays: the user just asked to see something new. Only the first run honours --paused.
    if (m_run_count++ > 0) m_playback.paused = false;
    LiveRun::Options options;
    options.paced = true;
    options.speed = m_playback.speed;
    // Until the window shows its first frame the run waits, so nobody misses its beginning.
    options.paused = m_playback.paused || m_holding;
    m_run = start_live_lesson(variant, std::move(metadata), options);
    m_view.timeline.follow = true;
    m_view.previous_max_workers = m_previous ? m_previous->model().max_workers() : 0;
    m_futures.set_program_uses_map(std::any_of(variant.main.begin(), variant.main.end(),
                                               [](const Statement& s) { return s.type == StatementType::Map; }));
}

void App::retire(std::unique_ptr<LiveRun>& run) {
    if (!run) return;
    run->finish_fast();
    m_retired_runs.push_back(std::move(run));
}

void App::retire(std::unique_ptr<ReplayCursor>& cursor) {
    if (cursor) m_retired_cursors.push_back(std::move(cursor));
}

bool App::update() {
    // No frame is being built: what the last one retired can go (a LiveRun joins its finished thread).
    m_retired_runs.clear();
    m_retired_cursors.clear();
    bool changed = finish_background_open();
    if (m_previous) changed |= m_previous->pump();
    if (m_run) changed |= m_run->pump();
    if (m_cursor) {
        changed |= update_cursor();
    } else if (m_run) {
        const std::int64_t now = m_run->now_ns();
        changed |= now != m_view.now_ns;
        m_view.now_ns = now;
        m_view.live = !m_run->finished();
        m_playback.finished = m_run->finished();
        m_view.paused = m_playback.paused;
    }
    return changed;
}

bool App::moving() const {
    if (m_cursor) return !m_playback.paused && !m_cursor->at_end();
    return m_run && !m_run->finished() && !m_playback.paused;
}

const RunModel& App::model() const {
    if (m_cursor) return m_cursor->model();
    if (m_run) return m_run->model();
    return m_empty;
}

const RunModel* App::previous_model() const { return m_previous ? &m_previous->model() : nullptr; }

void App::set_max_workers(int n) {
    n = std::clamp(n, 1, 64);
    if (n == m_settings.max_workers) return;
    m_settings.max_workers = n;
    start_run(true);
}

void App::restart() { start_run(true); }

void App::toggle_pause() {
    if (m_cursor) {
        toggle_pause_travel();
        return;
    }
    if (m_run && m_run->finished()) {
        restart();
        return;
    }
    m_playback.paused = !m_playback.paused;
    if (m_run) m_run->set_paused(m_playback.paused);
}

void App::step() {
    if (m_cursor) {
        step_travel();
        return;
    }
    if (!m_run || m_run->finished()) return;
    if (!m_playback.paused) {
        m_playback.paused = true;
        m_run->set_paused(true);
    }
    m_run->step();
}

void App::set_scale(float scale) {
    scale = std::clamp(scale, 0.5f, 4.0f);
    if (scale == m_scale) return;
    m_scale = scale;
    m_style_dirty = true;
}

void App::toggle_presentation() {
    m_playback.presentation = !m_playback.presentation;
    m_style_dirty = true;
    if (m_platform) m_platform->set_fullscreen(m_playback.presentation);
}

void App::apply_pending_style(bool has_gl_backend) {
    if (!m_style_dirty) return;
    m_style_dirty = false;
    // Presentation mode: large type for the back row.
    const float effective = m_scale * (m_playback.presentation ? 1.5f : 1.0f);
    rebuild_fonts(effective, has_gl_backend);
    apply_theme(m_playback.presentation, effective);
}

std::string App::state_json() const {
    const RunModel& m = model();
    std::size_t finished = 0;
    for (const TaskView& t : m.tasks()) finished += t.end_ns >= 0 ? 1 : 0;
    const std::size_t worker_lanes = m.lanes().empty() ? 0 : m.lanes().size() - 1;
    const RunModel* prev = previous_model();
    char buf[1024];
    std::snprintf(buf, sizeof buf,
                  "{\"frame\": %ld, \"lesson\": \"%s\", \"title\": \"%s\", \"max_workers\": %d, "
                  "\"run_max_workers\": %d, \"lanes\": %zu, \"worker_lanes\": %zu, \"tasks\": %zu, "
                  "\"tasks_finished\": %zu, \"events\": %zu, \"now_ns\": %lld, \"end_ns\": %lld, "
                  "\"paused\": %s, \"finished\": %s, \"speed\": %.3f, \"scale\": %.2f, \"presentation\": %s, "
                  "\"previous_worker_lanes\": %zu, \"blocks_drawn\": %zu, \"shutdown\": %s, "
                  "\"max_workers_slider\": [%.0f, %.0f, %.0f, %.0f], \"error\": \"%s\"}\n",
                  m_frame, json_escape(m_lesson.id).c_str(), json_escape(m.title()).c_str(), m_settings.max_workers,
                  m.max_workers(), m.lanes().size(), worker_lanes, m.task_count(), finished, m.event_count(),
                  static_cast<long long>(m_view.now_ns), static_cast<long long>(m.end_time_ns()),
                  m_playback.paused ? "true" : "false", m_playback.finished ? "true" : "false", m_playback.speed,
                  m_scale, m_playback.presentation ? "true" : "false",
                  prev && !prev->lanes().empty() ? prev->lanes().size() - 1 : 0, m_timeline.blocks_drawn(),
                  m.shut_down() ? "true" : "false", m_controls.max_workers_rect()[0], m_controls.max_workers_rect()[1],
                  m_controls.max_workers_rect()[2], m_controls.max_workers_rect()[3], json_escape(m_error).c_str());
    return buf;
}

bool App::write_state_dump(const std::string& path) const {
    // Write then rename, so a script polling the file never reads half of it.
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        if (!out) return false;
        std::string json = state_json();
        // Time travel, dialogs and screenshot samples (kept out of the fixed-size line above).
        std::string extra = ", \"cursor_events\": " + std::to_string(m_cursor ? m_cursor->applied() : 0) +
                            ", \"recording_events\": " + std::to_string(m_cursor ? m_cursor->event_total() : 0) +
                            ", \"time_travel\": " + (m_cursor ? "true" : "false") + ", \"error_dialog\": \"" +
                            json_escape(m_dialog_error) + "\", \"time_slider\": [" +
                            std::to_string(static_cast<int>(m_time_slider_rect[0])) + ", " +
                            std::to_string(static_cast<int>(m_time_slider_rect[1])) + ", " +
                            std::to_string(static_cast<int>(m_time_slider_rect[2])) + ", " +
                            std::to_string(static_cast<int>(m_time_slider_rect[3])) + "], \"block_samples\": [";
        for (std::size_t i = 0; i < m_timeline.block_samples().size(); ++i)
            extra += (i ? ", \"" : "\"") + m_timeline.block_samples()[i] + "\"";
        extra += "]}";
        json.replace(json.rfind('}'), std::string::npos, extra + "\n");
        out << json;
        if (!out) return false;
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    return !ec;
}

int App::run() {
    Platform platform;
    const std::string title = "poolscope";
    if (!platform.open(title.c_str(), m_options.width, m_options.height)) {
        std::fprintf(stderr, "poolscope: cannot open a window: %s\n", platform.error().c_str());
        return 1;
    }
    m_platform = &platform;
    // HiDPI screens: start with text at the same physical size as on a 96 dpi screen.
    if (const float cs = platform.content_scale(); cs > 1.01f) set_scale(m_scale * cs);
    if (m_playback.presentation) platform.set_fullscreen(true);
    const bool shot_at_end = !m_options.screenshot.empty();
    int settle_frames = -1;  // --screenshot without --frames: a few frames after the run finished
    int exit_code = 0;
    // Scripted runs (--frames, --screenshot) draw every wake-up; interactive ones only when something
    // changed, plus a few frames after it so ImGui can settle hover and appearing windows.
    const bool scripted = m_options.frames > 0 || shot_at_end;
    int settle_after_input = 3;
    while (!platform.should_close()) {
        const bool busy = moving() || m_frame < 3 || std::chrono::steady_clock::now() < m_toast_until ||
                          settle_after_input > 0 || settle_frames > 0;
        platform.wait_events(busy ? 1.0 / 60.0 : 0.5);
        const bool input = platform.take_activity();
        const bool changed = update();
        if (input || changed) settle_after_input = 3;
        if (!(busy || input || changed || scripted || m_style_dirty)) continue;  // idle: nothing to redraw
        if (settle_after_input > 0) --settle_after_input;
        apply_pending_style(platform.gl_ready());
        platform.begin_frame();
        // A scripted picture must not depend on where Xvfb's pointer happens to be (hover tooltips).
        if (shot_at_end && m_options.frames == 0) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        const std::vector<KeyPress> keys = platform.take_key_presses();
        build_frame(&keys);
        ++m_frame;
        const bool last_by_count = m_options.frames > 0 && m_frame >= m_options.frames;
        // A --virtual-time/--at picture is ready at once (paused on a recording); a live one at its end.
        const bool ready = m_playback.finished || (m_options.virtual_time && !moving());
        if (shot_at_end && m_options.frames == 0 && ready && settle_frames < 0) settle_frames = 3;
        const bool last_by_settle = settle_frames == 0;
        if (settle_frames > 0) --settle_frames;
        const bool last = last_by_count || last_by_settle;
        std::string shot;
        if (last && shot_at_end) shot = m_options.screenshot;
        if (m_screenshot_requested) shot = output_name("window", "png");
        if (!platform.end_frame(shot)) {
            std::fprintf(stderr, "poolscope: could not write screenshot %s\n", printable(shot).c_str());
            if (last) exit_code = 1;
        } else if (m_screenshot_requested) {
            toast("Screenshot saved to " + shot);
        }
        m_screenshot_requested = false;
        if (last && !m_options.slide.empty()) m_slide_path = m_options.slide;
        if (!m_slide_path.empty()) {
            std::string error;
            const std::string path = std::filesystem::absolute(m_slide_path).string();
            if (export_slide(path, error)) toast("Timeline for slides saved to " + path);
            else {
                toast("Could not save the timeline: " + error);
                if (last) exit_code = 1;
            }
            m_slide_path.clear();
        }
        if (m_holding) {
            m_holding = false;
            if (m_run && !m_playback.paused) m_run->set_paused(false);
        }
        if (!m_options.state_dump.empty() && m_frame % m_options.dump_every == 0) write_state_dump(m_options.state_dump);
        if (last) break;
    }
    if (!m_options.state_dump.empty()) write_state_dump(m_options.state_dump);
    if (!m_options.save.empty()) {
        std::string message;
        const bool ok = has_bundle_extension(m_options.save) ? save_bundle_to(m_options.save, message)
                                                             : save_trace_to(m_options.save, message);
        std::fprintf(stderr, "poolscope: %s\n", printable(message).c_str());
        if (!ok) exit_code = 1;
    }
    m_platform = nullptr;
    return exit_code;
}

void App::toast(std::string text) {
    std::fprintf(stderr, "poolscope: %s\n", printable(text).c_str());
    m_toast = std::move(text);
    m_toast_until = std::chrono::steady_clock::now() + std::chrono::seconds(4);
}

}  // namespace poolscope::gui
