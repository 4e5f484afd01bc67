// app_menu.cpp — the main menu bar: File (open/save traces and bundles, screenshots), the screenshot
// buttons, and the transport: back to start, step back, play/pause, step, speed, and the time slider
// that scrubs every panel (recordings always; a live run once it is paused or finished). File names
// are typed into a small modal (no native file dialogs here); errors open a modal with the message.
#include <algorithm>
#include <cstdio>

#define GLFW_INCLUDE_NONE
#include "app.hpp"
#include "slide_frame.hpp"
#include "theme.hpp"

#include <GLFW/glfw3.h>

namespace poolscope::gui {

namespace {

enum FileDialog : int { None = 0, OpenAny, OpenBundle, SaveTrace, SaveBundle };

const char* dialog_title(int kind) {
    switch (kind) {
        case OpenAny:
            return "Open a trace or bundle###file";
        case OpenBundle:
            return "Open a bundle###file";
        case SaveTrace:
            return "Save the run as a Chrome trace###file";
        case SaveBundle:
            return "Save a bundle (lesson, settings and run)###file";
    }
    return "###file";
}

} // namespace

std::string App::slide_subtitle() const {
    const RunModel& m = model();
    char at[32], end[32], buf[512];
    format_duration(m_view.now_ns, at, sizeof at);
    format_duration(std::max(m_view.expected_end_ns, m.end_time_ns()), end, sizeof end);
    const std::string who = m_have_lesson ? m_lesson.id : "recorded run";
    std::string settings;
    if (m_have_lesson) {
        if (m_settings.program != ProgramKind::AsWritten)
            settings = std::string(", ") + program_kind_labels[static_cast<int>(m_settings.program)];
        if (!m_settings.shutdown_wait)
            settings += ", shutdown(wait=False)";
        if (m_settings.cancel_futures)
            settings += ", cancel_futures=True";
        settings += m_settings.gil ? ", simulated GIL" : ", no GIL";
    }
    const bool whole = !m_cursor || m_cursor->at_end();
    std::snprintf(buf, sizeof buf, "%s   max_workers = %d, %zu tasks%s   %s%s%s%s", who.c_str(),
                  m.max_workers(), m.task_count(), settings.c_str(),
                  whole ? "the whole run, " : "at t = ", whole ? end : at, whole ? "" : " of ",
                  whole ? "" : end);
    return buf;
}

bool App::export_slide(const std::string& path, std::string& error) {
    SlideContent c;
    c.title = model().title().empty() ? (m_have_lesson ? m_lesson.title : std::string("poolscope run"))
                                      : model().title();
    c.subtitle = slide_subtitle();
    c.model = &model();
    c.view = m_view;
    c.view.hovered_task = c.view.hovered_task_prev_frame = 0;
    return render_slide_png(path, c, m_playback.presentation, error);
}

void App::draw_menu_bar() {
    if (!ImGui::BeginMainMenuBar())
        return;
    m_menu_h = ImGui::GetWindowSize().y;
    const bool have_record = model().event_count() > 0;
    auto open_dialog = [&](int kind, std::string initial) {
        m_file_dialog = kind;
        m_file_dialog_opening = true;
        std::snprintf(m_file_path, sizeof m_file_path, "%s", initial.c_str());
    };
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Open trace or bundle...", "Ctrl+O", false, !opening_file()))
            open_dialog(OpenAny, "");
        if (ImGui::MenuItem("Open bundle...", nullptr, false, !opening_file()))
            open_dialog(OpenBundle, "");
        ImGui::Separator();
        if (ImGui::MenuItem("Save trace...", nullptr, false, have_record))
            open_dialog(SaveTrace, output_name("", "json"));
        if (ImGui::MenuItem("Save trace now", "Ctrl+S", false, have_record)) {
            std::string path;
            if (save_trace(path))
                toast("Trace saved to " + path);
            else
                toast(path.empty() ? "Nothing to save yet" : "Could not save the trace: " + path);
        }
        if (ImGui::MenuItem("Save bundle...", nullptr, false, have_record && m_have_lesson))
            open_dialog(SaveBundle, output_name("", "poolscope.json"));
        ImGui::Separator();
        if (ImGui::MenuItem("Screenshot of the window", "F12"))
            m_screenshot_requested = true;
        if (ImGui::MenuItem("Timeline for slides (2x PNG)", "Shift+F12"))
            m_slide_path = output_name("timeline", "png");
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("Keyboard shortcuts", "?"))
            m_show_help = true;
        ImGui::EndMenu();
    }
    ImGui::TextDisabled("|");
    if (ImGui::Button("Screenshot"))
        m_screenshot_requested = true;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Save the whole window as PNG (F12)");
    if (ImGui::Button("Timeline PNG"))
        m_slide_path = output_name("timeline", "png");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Save the timeline alone at 2x with title and legend, for slides (Shift+F12)");
    ImGui::TextDisabled("|");

    // ---- Transport ----
    const bool live_moving = !m_cursor && moving();
    if (ImGui::Button("|<"))
        seek(0);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Back to the start (Home)");
    if (ImGui::Button("<"))
        step_back();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Step back one event (Left)");
    if (ImGui::Button(moving() ? "Pause" : "Play "))
        toggle_pause();
    if (ImGui::Button(">"))
        step();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Step forward one event (Right)");
    const float font = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(font * 5.5f);
    float speed = static_cast<float>(m_playback.speed);
    if (ImGui::SliderFloat("##speed", &speed, 0.1f, 10.0f, "%.2gx", ImGuiSliderFlags_Logarithmic)) {
        m_playback.speed = std::clamp(static_cast<double>(speed), 0.1, 10.0);
        if (m_run)
            m_run->set_speed(m_playback.speed);
        if (m_previous)
            m_previous->set_speed(m_playback.speed);
    }
    const double end_ms =
        static_cast<double>(std::max({m_view.expected_end_ns, model().end_time_ns(),
                                      m_cursor ? m_cursor->end_ns() : 0, std::int64_t{1}})) /
        1e6;
    double t_ms = static_cast<double>(m_view.now_ns) / 1e6;
    char status[96];
    if (m_cursor)
        std::snprintf(status, sizeof status, "%s  event %zu/%zu", m_run ? "time travel" : "recording",
                      m_cursor->applied(), m_cursor->event_total());
    else
        std::snprintf(status, sizeof status, "%s",
                      live_moving           ? "live"
                      : m_playback.finished ? "finished"
                                            : "live, paused");
    const float status_w = ImGui::CalcTextSize(status).x + font;
    ImGui::SetNextItemWidth(std::max(font * 8.0f, ImGui::GetContentRegionAvail().x - status_w));
    // Scrubbing a live run pauses it first; while it plays, the slider only shows where it is.
    ImGui::BeginDisabled(live_moving);
    const double zero = 0.0;
    if (ImGui::SliderScalar("##time", ImGuiDataType_Double, &t_ms, &zero, &end_ms, "t = %.1f ms"))
        seek(static_cast<std::int64_t>(t_ms * 1e6 + 0.5));
    const ImVec2 r0 = ImGui::GetItemRectMin(), r1 = ImGui::GetItemRectMax();
    m_time_slider_rect[0] = r0.x;
    m_time_slider_rect[1] = r0.y;
    m_time_slider_rect[2] = r1.x;
    m_time_slider_rect[3] = r1.y;
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip(live_moving ? "Pause (Space) to travel back in time"
                                      : "Drag to see every panel at that moment");
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(m_cursor ? palette().now_line : palette().text_dim),
                       "%s", status);
    ImGui::EndMainMenuBar();
}

void App::draw_file_dialog() {
    if (m_file_dialog_opening) {
        ImGui::OpenPopup("###file");
        m_file_dialog_opening = false;
    }
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.4f), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(dialog_title(m_file_dialog), nullptr,
                                ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings))
        return;
    const bool saving = m_file_dialog == SaveTrace || m_file_dialog == SaveBundle;
    ImGui::TextUnformatted(saving ? "File to write (relative to the working directory):"
                                  : "File to open: a trace (.json) or a bundle (.poolscope.json)");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 42.0f);
    if (ImGui::IsWindowAppearing())
        ImGui::SetKeyboardFocusHere();
    // Enter comes from the window's press list too: xdotool's (or a fast typist's) tap can be gone from
    // ImGui's key state before the next frame.
    ImGui::InputText("##path", m_file_path, sizeof m_file_path);
    const bool enter = !ImGui::IsWindowAppearing() &&
                       (key_tapped(ImGui::GetKeyIndex(ImGuiKey_Enter)) || key_tapped(GLFW_KEY_KP_ENTER));
    const bool go = ImGui::Button(saving ? "Save" : "Open") || enter;
    ImGui::SameLine();
    const bool cancel = ImGui::Button("Cancel") || key_tapped(ImGui::GetKeyIndex(ImGuiKey_Escape));
    if (go && m_file_path[0] != '\0') {
        const std::string path = m_file_path;
        const int kind = m_file_dialog;
        m_file_dialog = None;
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        std::string message;
        if (kind == OpenAny || kind == OpenBundle) {
            open_file_in_background(path, kind == OpenBundle);
        } else if ((kind == SaveTrace ? save_trace_to(path, message) : save_bundle_to(path, message))) {
            toast(message);
        } else {
            m_dialog_error =
                "Could not save " + path + ":\n" + (message.empty() ? "nothing recorded yet" : message);
            m_dialog_error_shown = false;
        }
        return;
    }
    if (cancel) {
        m_file_dialog = None;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

void App::draw_error_dialog() {
    if (m_dialog_error.empty())
        return;
    if (!ImGui::IsPopupOpen("###error"))
        ImGui::OpenPopup("###error");
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.4f), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal("That file cannot be used###error", nullptr,
                                ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings))
        return;
    m_dialog_error_shown = true;
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().raised), "%s", m_dialog_error.c_str());
    ImGui::PopTextWrapPos();
    ImGui::TextDisabled("Nothing was changed: the run on screen stays as it was.");
    // Not on its first frame: the Enter that submitted the file name must not dismiss the error too.
    const bool key = !ImGui::IsWindowAppearing() && (key_tapped(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
                                                     key_tapped(ImGui::GetKeyIndex(ImGuiKey_Escape)));
    if (ImGui::Button("OK") || key) {
        m_dialog_error.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

} // namespace poolscope::gui
