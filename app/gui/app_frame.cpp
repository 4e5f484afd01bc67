// app_frame.cpp — one frame of the app: keyboard shortcuts, the fixed panel layout, the shortcut
// overlay and toasts. Keys use ImGui 1.86's API: named keys via GetKeyIndex(ImGuiKey_*), the rest by
// GLFW key code (the 1.86 GLFW backend stores GLFW codes in io.KeysDown).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "app.hpp"
#include "theme.hpp"

namespace poolscope::gui {

namespace {

constexpr ImGuiWindowFlags panel_flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                         ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoBringToFrontOnFocus;

bool begin_panel(const char* name, ImVec2 pos, ImVec2 size, ImGuiWindowFlags extra = 0) {
    ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
    return ImGui::Begin(name, nullptr, panel_flags | extra);
}

/// Presses of this frame: the window's own list when there is one (it never loses a quick tap), else
/// ImGui's key state (headless tests). Modifiers are matched per press, so "Ctrl+S then F12" arriving in
/// one batch is two shortcuts, not one Ctrl chord.
struct Keys {
    const std::vector<KeyPress>* presses;
    bool pressed(int key, bool repeat, bool ctrl, bool shift = false) const {
        if (key < 0) return false;
        if (!presses) {
            const ImGuiIO& io = ImGui::GetIO();
            return ImGui::IsKeyPressed(key, repeat) && io.KeyCtrl == ctrl && (!shift || io.KeyShift);
        }
        for (const KeyPress& k : *presses) {
            const bool has_ctrl = (k.mods & GLFW_MOD_CONTROL) != 0;
            const bool has_shift = (k.mods & GLFW_MOD_SHIFT) != 0;
            if (k.key == key && (repeat || !k.repeat) && has_ctrl == ctrl && (!shift || has_shift)) return true;
        }
        return false;
    }
};

struct Shortcut {
    const char* keys;
    const char* action;
};
constexpr Shortcut shortcuts[] = {
    {"Space", "play / pause"},
    {"Right", "step forward one event (a running lesson: to the next moment something happens)"},
    {"Left", "step back one event (time travel: every panel shows that moment)"},
    {"Home", "back to the start of the run"},
    {"R", "restart the lesson (the current run stays, faded)"},
    {"1 ... 9", "set max_workers and restart"},
    {"Ctrl + =  /  Ctrl + -", "larger / smaller text"},
    {"Ctrl + 0", "default text size"},
    {"F11", "presentation mode: full screen, large type, light theme, no controls"},
    {"Ctrl + S", "save the run as a Chrome trace (Perfetto, chrome://tracing)"},
    {"Ctrl + O", "open a trace or bundle"},
    {"F12", "save a screenshot of the window (PNG)"},
    {"Shift + F12", "save the timeline alone at 2x with title and legend, for slides"},
    {"?  or  F1", "show / hide this list"},
    {"mouse wheel", "zoom the timeline around the pointer"},
    {"Shift + wheel", "scroll the lanes (or the wheel over the lane names)"},
    {"drag", "pan the timeline"},
    {"double-click", "fit the whole run and follow it again"},
};

}  // namespace

void App::handle_shortcuts(const std::vector<KeyPress>* presses) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
    const Keys keys{presses};
    auto ctrl = [&](int key, bool repeat = false) { return keys.pressed(key, repeat, true); };
    auto pressed = [&](int key, bool repeat = false) { return keys.pressed(key, repeat, false); };
    if (ctrl(GLFW_KEY_EQUAL, true) || ctrl(GLFW_KEY_KP_ADD, true)) set_scale(m_scale + 0.125f);
    if (ctrl(GLFW_KEY_MINUS, true) || ctrl(GLFW_KEY_KP_SUBTRACT, true)) set_scale(m_scale - 0.125f);
    if (ctrl(GLFW_KEY_0) || ctrl(GLFW_KEY_KP_0)) set_scale(1.0f);
    if (ctrl(GLFW_KEY_S)) {
        std::string path;
        if (save_trace(path)) toast("Trace saved to " + path);
        else toast(path.empty() ? "Nothing to save yet" : "Could not save the trace: " + path);
    }
    // Restarts first, so "1 then Space" within one frame pauses the new run rather than restarting twice.
    if (pressed(GLFW_KEY_R)) restart();
    for (int k = 1; k <= 9; ++k)
        if (pressed(GLFW_KEY_0 + k) || pressed(GLFW_KEY_KP_0 + k)) set_max_workers(k);
    if (pressed(ImGui::GetKeyIndex(ImGuiKey_Space))) toggle_pause();
    if (pressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow), true)) step();
    if (pressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow), true)) step_back();
    if (pressed(ImGui::GetKeyIndex(ImGuiKey_Home))) seek(0);
    if (ctrl(GLFW_KEY_O)) {
        m_file_dialog = 1;  // FileDialog::OpenAny
        m_file_dialog_opening = true;
        m_file_path[0] = '\0';
    }
    if (pressed(GLFW_KEY_F11)) toggle_presentation();
    // Shift+F12 is the slide export; a plain F12 press also matches with Shift held, so test it first.
    if (keys.pressed(GLFW_KEY_F12, false, false, true) && (presses || io.KeyShift)) {
        bool shift = !presses;
        if (presses)
            for (const KeyPress& k : *presses) shift |= k.key == GLFW_KEY_F12 && (k.mods & GLFW_MOD_SHIFT);
        if (shift) m_slide_path = output_name("timeline", "png");
        else m_screenshot_requested = true;
    } else if (pressed(GLFW_KEY_F12)) {
        m_screenshot_requested = true;
    }
    if (keys.pressed(GLFW_KEY_SLASH, false, false, true) || pressed(GLFW_KEY_F1)) m_show_help = !m_show_help;
    if (m_show_help && pressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) m_show_help = false;
}

bool App::key_tapped(int key) const {
    if (!m_frame_keys) return ImGui::IsKeyPressed(key, false);
    return std::any_of(m_frame_keys->begin(), m_frame_keys->end(), [&](const KeyPress& k) { return k.key == key && !k.repeat; });
}

void App::handle_control_actions(const ControlActions& a) {
    m_continuing_edit = a.editing && m_editing;
    m_editing = a.editing;
    if (a.settings_changed) start_run(true);
    m_continuing_edit = false;
    if (a.restart) restart();
    if (a.toggle_pause) toggle_pause();
    if (a.step) step();
    if (a.speed_changed) {
        if (m_run) m_run->set_speed(m_playback.speed);
        if (m_previous) m_previous->set_speed(m_playback.speed);
    }
    if (a.toggle_presentation) {
        // The checkbox already flipped the flag; toggle_presentation() flips it again, so undo first.
        m_playback.presentation = !m_playback.presentation;
        toggle_presentation();
    }
    if (a.show_help) m_show_help = !m_show_help;
    if (!a.open_lesson.empty() && a.open_lesson != m_lesson.id && !load_lesson(a.open_lesson)) toast(m_error);
}

void App::build_frame(const std::vector<KeyPress>* keys) {
    ImGui::NewFrame();
    m_view.hovered_task_prev_frame = m_view.hovered_task;
    m_view.hovered_task = 0;
    m_frame_keys = keys;
    handle_shortcuts(keys);
    draw_menu_bar();
    draw_panels();
    if (m_show_help) draw_help();
    draw_file_dialog();
    draw_error_dialog();
    draw_opening();
    draw_toast();
    ImGui::Render();
    m_frame_keys = nullptr;
}

void App::draw_panels() {
    const ImGuiIO& io = ImGui::GetIO();
    // Everything sits under the main menu bar (File, screenshots, transport and time slider).
    const float top = m_menu_h, W = io.DisplaySize.x, H = io.DisplaySize.y - m_menu_h;
    const float font = ImGui::GetFontSize();
    // Presentation mode gives the room to the timeline: no controls column (every action has a key).
    const bool show_controls = !m_playback.presentation;
    const float left_w = show_controls ? std::clamp(W * 0.2f, font * 17.0f, font * 24.0f) : 0.0f;
    const float right_w = std::clamp(W * 0.3f, font * 16.0f, font * 34.0f);
    const float mid_w = std::max(W - left_w - right_w, font * 20.0f);
    const float top_h = std::floor(H * 0.56f);
    const RunModel& m = model();
    char title[256];

    // ---- Controls (left column) ----
    std::snprintf(title, sizeof title, "Lesson and controls###controls");
    if (show_controls && begin_panel(title, ImVec2(0, top), ImVec2(left_w, H))) {
        if (m_have_lesson) {
            const ControlActions actions = m_controls.draw(m_lesson, m_settings, m_playback);
            if (!m_lesson.explanation.empty() && ImGui::CollapsingHeader("About this lesson", ImGuiTreeNodeFlags_DefaultOpen)) {
                ImGui::PushTextWrapPos(0.0f);
                ImGui::TextUnformatted(m_lesson.explanation.c_str());
                ImGui::PopTextWrapPos();
            }
            handle_control_actions(actions);
        } else {
            ImGui::TextWrapped("%s", m.title().c_str());
            ImGui::TextDisabled("a recorded run: nothing to control");
        }
        if (!m_error.empty()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().raised), "%s", m_error.c_str());
    }
    if (show_controls) ImGui::End();

    // ---- Timeline (top middle) ----
    const char* status = !m_view.live ? "finished" : m_playback.paused ? "paused" : "playing";
    char speed[32] = "";
    if (m_view.live) std::snprintf(speed, sizeof speed, " at %.2gx", m_playback.speed);
    std::snprintf(title, sizeof title, "Timeline: max_workers = %d, %zu tasks, %s%s%s###timeline", m.max_workers(),
                  m.task_count(), status, speed, show_controls ? "" : "   (F11 leaves presentation mode, ? lists keys)");
    if (begin_panel(title, ImVec2(left_w, top), ImVec2(mid_w, top_h), ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse))
        m_timeline.draw(m, previous_model(), m_view);
    ImGui::End();

    // ---- Queue and Futures (bottom middle) ----
    const float half = std::floor(mid_w * 0.5f);
    if (begin_panel("Queue###queue", ImVec2(left_w, top + top_h), ImVec2(half, H - top_h))) m_queue.draw(m, m_view);
    ImGui::End();
    if (begin_panel("Futures and map order###futures", ImVec2(left_w + half, top + top_h), ImVec2(mid_w - half, H - top_h)))
        m_futures.draw(m, m_view);
    ImGui::End();

    // ---- Code and output, Stats (right column) ----
    const float code_h = std::floor(H * 0.58f);
    if (begin_panel("Python program and output###code", ImVec2(W - right_w, top), ImVec2(right_w, code_h))) m_code.draw(m, m_view);
    ImGui::End();
    if (begin_panel("Stats###stats", ImVec2(W - right_w, top + code_h), ImVec2(right_w, H - code_h)))
        m_stats.draw(m, m_have_lesson ? m_one_worker : std::nullopt, m_view);
    ImGui::End();
}

void App::draw_help() {
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowFocus();
    if (ImGui::Begin("Keyboard shortcuts###help", &m_show_help,
                     ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                         ImGuiWindowFlags_NoMove)) {
        if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
            for (const Shortcut& s : shortcuts) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(s.keys);
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(s.action);
            }
            ImGui::EndTable();
        }
        ImGui::TextDisabled("press ? or Esc to close");
    }
    ImGui::End();
}

void App::draw_toast() {
    if (m_toast.empty() || std::chrono::steady_clock::now() >= m_toast_until) return;
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y - 20), ImGuiCond_Always, ImVec2(0.5f, 1.0f));
    ImGui::SetNextWindowBgAlpha(0.92f);
    if (ImGui::Begin("##toast", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoInputs |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav))
        ImGui::TextUnformatted(m_toast.c_str());
    ImGui::End();
}

}  // namespace poolscope::gui
