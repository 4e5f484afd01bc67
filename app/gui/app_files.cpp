// app_files.cpp — App's files: saving what is shown as a Chrome trace or a bundle, opening either
// (told apart by content, not by name), and the names of saved files. Errors never throw out of here:
// a bad file becomes the error dialog's text (the TraceFormatError message names file, path and value).
#include "app.hpp"
#include "poolscope/printable.hpp"
#include "poolscope/trace/chrome_trace.hpp"

#include <ctime>
#include <filesystem>
#include <fstream>

namespace poolscope::gui {

namespace {

std::string timestamp() {
    char buf[32];
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    return buf;
}

/// Reads and checks `path` (a bundle or a trace, told apart by content: a bundle has "poolscope_bundle"
/// written first, a plain trace never has it). Safe on any thread: it touches nothing of the App.
App::OpenedFile read_opened_file(const std::string& path, bool bundle_only) {
    try {
        const std::string text = read_trace_text(path);
        const bool bundle = bundle_only || has_bundle_extension(path) ||
                            text.substr(0, 64).find("\"poolscope_bundle\"") != std::string::npos;
        if (bundle)
            return read_bundle_string(text, path);
        return read_chrome_trace_string(text, path);
    } catch (const std::exception& e) {
        // TraceFormatError for bad files; bad_alloc and the like read the same, never a crash.
        return std::string(e.what());
    }
}

} // namespace

std::string App::output_name(const char* what, const char* ext) const {
    std::string name = "poolscope-" + (m_lesson.id.empty() ? std::string("run") : m_lesson.id);
    if (what && *what)
        name += std::string("-") + what;
    name += "-" + timestamp() + "." + ext;
    return std::filesystem::absolute(name).string();
}

bool App::save_trace(std::string& path_out) {
    std::string message;
    const std::string path = output_name("", "json");
    const bool ok = save_trace_to(path, message);
    path_out = ok ? path : message;
    return ok;
}

bool App::save_trace_to(const std::string& path, std::string& message) {
    const RunRecord record = m_cursor ? m_cursor->record() : m_run ? m_run->record() : RunRecord{};
    if (record.events.empty()) {
        message = "";
        return false;
    }
    try {
        write_chrome_trace_file(record, path);
    } catch (const std::exception& e) {
        message = e.what();
        return false;
    }
    message = "Trace saved to " + std::filesystem::absolute(path).string();
    return true;
}

bool App::save_bundle_to(const std::string& path, std::string& message) {
    if (!m_have_lesson || m_lesson_text.empty()) {
        message = "a bundle needs a lesson: this is a recorded trace (save it as a trace instead)";
        return false;
    }
    Bundle b;
    b.lesson_id = m_lesson.id;
    b.lesson_source = std::filesystem::path(m_lesson.source).filename().string();
    b.lesson_text = m_lesson_text;
    b.settings.max_workers = m_settings.max_workers;
    b.settings.variant = lesson_variant_of(m_settings);
    b.record = m_cursor ? m_cursor->record() : m_run ? m_run->record() : RunRecord{};
    if (m_cursor && !m_cursor->at_end())
        b.settings.view_time_ns = m_cursor->time_ns();
    try {
        save_bundle(path, b);
    } catch (const std::exception& e) {
        message = e.what();
        return false;
    }
    message = "Bundle saved to " + std::filesystem::absolute(path).string();
    return true;
}

void App::show_bundle(const Bundle& bundle) {
    Lesson lesson = bundle_lesson(bundle); // load_bundle already parsed it once: this does not throw
    retire(m_run);
    retire(m_previous);
    m_lesson = std::move(lesson);
    m_lesson_text = bundle.lesson_text;
    m_have_lesson = true;
    m_settings = settings_from_variant(m_lesson, bundle.settings.variant, bundle.settings.max_workers);
    m_error.clear();
    refresh_reference_run();
    retire(m_cursor);
    m_cursor = std::make_unique<ReplayCursor>(bundle.record);
    m_view.expected_end_ns = m_cursor->end_ns();
    m_view.deadlock_report = bundle.record.deadlock_report;
    m_view.timeline.follow = true;
    m_playback.paused = true;
    if (bundle.settings.view_time_ns)
        m_cursor->seek(*bundle.settings.view_time_ns);
    if (m_options.at_ns >= 0)
        m_cursor->seek(m_options.at_ns);
    m_futures.set_program_uses_map(
        std::any_of(m_lesson.main.begin(), m_lesson.main.end(),
                    [](const Statement& s) { return s.type == StatementType::Map; }));
}

void App::show_opened(OpenedFile opened, const std::string& path, bool announce) {
    if (auto* error = std::get_if<std::string>(&opened)) {
        m_dialog_error = *error;
        m_dialog_error_shown = false;
        std::fprintf(stderr, "poolscope: %s\n", printable(m_dialog_error).c_str());
        return;
    }
    try {
        if (auto* bundle = std::get_if<Bundle>(&opened))
            show_bundle(*bundle);
        else
            show_record(std::get<RunRecord>(opened));
    } catch (const std::exception& e) {
        m_dialog_error = e.what(); // a lesson in a bundle that no longer runs
        m_dialog_error_shown = false;
        std::fprintf(stderr, "poolscope: %s\n", printable(m_dialog_error).c_str());
        return;
    }
    if (announce)
        toast("Opened " + path);
}

bool App::open_file(const std::string& path, bool bundle_only, bool announce) {
    show_opened(read_opened_file(path, bundle_only), path, announce);
    return m_dialog_error.empty();
}

void App::open_file_in_background(const std::string& path, bool bundle_only) {
    if (m_opening.valid())
        return; // one at a time: the menu item is disabled meanwhile
    m_opening_path = path;
    m_opening = std::async(std::launch::async, [path, bundle_only] { return read_opened_file(path, bundle_only); });
}

bool App::finish_background_open() {
    if (!m_opening.valid() || m_opening.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return false;
    OpenedFile opened = m_opening.get();
    show_opened(std::move(opened), m_opening_path, /*announce=*/true);
    return true;
}

void App::draw_opening() {
    if (!m_opening.valid())
        return;
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.4f), ImGuiCond_Always,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowBgAlpha(0.9f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoNav;
    if (ImGui::Begin("##opening", nullptr, flags)) {
        static constexpr const char* spinner = "|/-\\";
        ImGui::Text("Opening %s ... %c", printable(shortened(m_opening_path, 120), false).c_str(),
                    spinner[(m_frame / 8) % 4]);
        ImGui::TextDisabled("The run on screen stays until the file has been read and checked.");
    }
    ImGui::End();
}

} // namespace poolscope::gui
