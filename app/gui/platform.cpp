// platform.cpp — GLFW + glad + ImGui backend setup, the order that works with Debian's prebuilt
// libimgui: make current -> gladLoadGL -> ImGui_ImplGlfw_InitForOpenGL -> ImGui_ImplOpenGL3_Init.
// glad must be included before GLFW. Screenshots read GL_BACK before the swap and flip rows on write.
#include "platform.hpp"

#include <glad/gl.h>
// glad first: it refuses to load after another GL header.
#include <GLFW/glfw3.h>

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <cstdio>
#include <vector>

namespace poolscope::gui {

namespace {

std::string g_last_glfw_error;
std::vector<KeyPress> g_key_presses;  // GLFW calls back on the GUI thread only
bool g_activity = false;              // any input or window event since the last take_activity()

void on_key(GLFWwindow*, int key, int, int action, int mods) {
    g_activity = true;
    if (action == GLFW_PRESS || action == GLFW_REPEAT) g_key_presses.push_back(KeyPress{key, mods, action == GLFW_REPEAT});
}
void on_char(GLFWwindow*, unsigned int) { g_activity = true; }
void on_mouse_button(GLFWwindow*, int, int, int) { g_activity = true; }
void on_scroll(GLFWwindow*, double, double) { g_activity = true; }
void on_focus(GLFWwindow*, int) { g_activity = true; }
void on_cursor_enter(GLFWwindow*, int) { g_activity = true; }
void on_cursor_pos(GLFWwindow*, double, double) { g_activity = true; }
void on_size(GLFWwindow*, int, int) { g_activity = true; }
void on_refresh(GLFWwindow*) { g_activity = true; }

void on_glfw_error(int code, const char* description) {
    g_last_glfw_error = "GLFW error " + std::to_string(code) + ": " + (description ? description : "");
    std::fprintf(stderr, "poolscope: %s\n", g_last_glfw_error.c_str());
}

}  // namespace

Platform::~Platform() {
    if (m_imgui_ready) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    if (m_window) glfwDestroyWindow(m_window);
    glfwTerminate();
}

bool Platform::open(const char* title, int width, int height) {
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) {
        m_error = g_last_glfw_error.empty() ? "glfwInit failed" : g_last_glfw_error;
        return false;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    // Hidden until the first frame is drawn, so nobody sees an empty window (ImGui hides new windows on
    // their first frame).
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    m_window = glfwCreateWindow(width, height, title, nullptr, nullptr);
    if (!m_window) {
        m_error = g_last_glfw_error.empty() ? "could not create a GL 3.3 core window" : g_last_glfw_error;
        return false;
    }
    glfwMakeContextCurrent(m_window);
    glfwSwapInterval(1);
    if (gladLoadGL(glfwGetProcAddress) == 0) {
        m_error = "gladLoadGL failed: no usable OpenGL 3.3 context";
        return false;
    }
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini: layouts and screenshots stay reproducible
    // Installed first: ImGui's backend chains to these, so both see every event. The key list keeps quick
    // taps; the activity flag lets an idle app sleep until something happens.
    glfwSetKeyCallback(m_window, on_key);
    glfwSetCharCallback(m_window, on_char);
    glfwSetMouseButtonCallback(m_window, on_mouse_button);
    glfwSetScrollCallback(m_window, on_scroll);
    glfwSetWindowFocusCallback(m_window, on_focus);
    glfwSetCursorEnterCallback(m_window, on_cursor_enter);
    glfwSetCursorPosCallback(m_window, on_cursor_pos);  // not used by ImGui's 1.86 backend
    glfwSetFramebufferSizeCallback(m_window, on_size);
    glfwSetWindowRefreshCallback(m_window, on_refresh);
    ImGui_ImplGlfw_InitForOpenGL(m_window, true);
    ImGui_ImplOpenGL3_Init("#version 330");
    m_imgui_ready = true;
    glfwGetWindowPos(m_window, &m_windowed_x, &m_windowed_y);
    m_windowed_w = width;
    m_windowed_h = height;
    return true;
}

std::vector<KeyPress> Platform::take_key_presses() {
    std::vector<KeyPress> out;
    out.swap(g_key_presses);
    return out;
}

bool Platform::take_activity() {
    const bool any = g_activity;
    g_activity = false;
    return any;
}

bool Platform::should_close() const { return glfwWindowShouldClose(m_window); }

void Platform::wait_events(double timeout_s) {
    if (timeout_s <= 0) glfwPollEvents();
    else glfwWaitEventsTimeout(timeout_s);
}

void Platform::begin_frame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
}

bool Platform::end_frame(const std::string& screenshot_path) {
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(m_window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(bg.x, bg.y, bg.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    bool ok = true;
    if (!screenshot_path.empty()) ok = write_framebuffer_png(screenshot_path, fb_w, fb_h);
    glfwSwapBuffers(m_window);
    if (++m_frames_rendered == 1) glfwShowWindow(m_window);
    return ok;
}

void Platform::set_fullscreen(bool on) {
    if (on == m_fullscreen) return;
    if (on) {
        glfwGetWindowPos(m_window, &m_windowed_x, &m_windowed_y);
        glfwGetWindowSize(m_window, &m_windowed_w, &m_windowed_h);
        GLFWmonitor* monitor = glfwGetPrimaryMonitor();
        const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
        if (!mode) return;
        glfwSetWindowMonitor(m_window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
    } else {
        glfwSetWindowMonitor(m_window, nullptr, m_windowed_x, m_windowed_y, m_windowed_w, m_windowed_h, 0);
    }
    m_fullscreen = on;
}

float Platform::content_scale() const {
    float x = 1.0f, y = 1.0f;
    glfwGetWindowContentScale(m_window, &x, &y);
    return x > 0 ? x : 1.0f;
}

bool write_framebuffer_png(const std::string& path, int width, int height) {
    if (width <= 0 || height <= 0) return false;
    std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;  // the back buffer's alpha is junk
    stbi_flip_vertically_on_write(1);  // GL's origin is bottom-left
    return stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4) != 0;
}

}  // namespace poolscope::gui
