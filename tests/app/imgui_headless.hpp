// imgui_headless.hpp — what the app tests need to build real frames without a window or GL: an ImGui
// context sized like the app's window, and `frames(app, n)` running the app's per-frame work n times.
#pragma once

#include <imgui.h>

#include "app.hpp"

namespace poolscope::gui::testing {

struct ImGuiHeadless {
    ImGuiHeadless() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1600, 900);
        io.DeltaTime = 1.0f / 60.0f;
        io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // as the OpenGL3 backend does
    }
    ~ImGuiHeadless() { ImGui::DestroyContext(); }
    ImGuiHeadless(const ImGuiHeadless&) = delete;
    ImGuiHeadless& operator=(const ImGuiHeadless&) = delete;
};

inline void frames(App& app, int n) {
    for (int i = 0; i < n; ++i) {
        app.update();
        app.apply_pending_style(false);
        app.build_frame();
    }
}

}  // namespace poolscope::gui::testing
