// platform.hpp — the GLFW window with a GL 3.3 core context (loaded by glad) and ImGui's GLFW+OpenGL3
// backends; presentation (fullscreen) switching and PNG screenshots of the back buffer.
// Only main.cpp and App's run loop use it; panels never see GLFW or GL.
#pragma once

#include <string>
#include <vector>

struct GLFWwindow;

namespace poolscope::gui {

/// A key press (or auto-repeat) as GLFW reported it; `mods` holds GLFW_MOD_* bits.
struct KeyPress {
    int key = 0;
    int mods = 0;
    bool repeat = false;
};

class Platform {
public:
    Platform() = default;
    ~Platform();
    Platform(const Platform&) = delete;
    Platform& operator=(const Platform&) = delete;

    /// Creates the window (hidden until the first frame is drawn) and the ImGui context. On failure
    /// returns false and `error()` says why (e.g. no DISPLAY).
    bool open(const char* title, int width, int height);
    const std::string& error() const { return m_error; }

    bool should_close() const;
    /// Blocks until an event arrives or `timeout_s` passes (Xvfb has no vsync: never spin).
    void wait_events(double timeout_s);
    void begin_frame();
    /// Renders ImGui's draw data; `screenshot_path` (if set) is written from the back buffer first.
    /// Returns false if the screenshot failed.
    bool end_frame(const std::string& screenshot_path);
    void set_fullscreen(bool on);
    bool fullscreen() const { return m_fullscreen; }
    /// Framebuffer pixels per window unit (HiDPI); 1 under Xvfb.
    float content_scale() const;
    /// Key presses since the last call. ImGui 1.86's GLFW backend only keeps "is down" per key, so a
    /// press and release arriving in one event batch (xdotool, fast typists) would be lost to it.
    std::vector<KeyPress> take_key_presses();
    /// True if any input or window event arrived since the last call.
    bool take_activity();
    /// True once the GL backend has created its device objects (fonts may then be rebuilt with GL).
    bool gl_ready() const { return m_frames_rendered > 0; }

private:
    GLFWwindow* m_window = nullptr;
    std::string m_error;
    bool m_fullscreen = false;
    int m_windowed_x = 0, m_windowed_y = 0, m_windowed_w = 0, m_windowed_h = 0;
    long m_frames_rendered = 0;
    bool m_imgui_ready = false;
};

/// Reads the current GL back buffer (width x height) and writes it, upright, to `path` as PNG.
bool write_framebuffer_png(const std::string& path, int width, int height);

}  // namespace poolscope::gui
