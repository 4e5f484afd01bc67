// fonts.cpp — builds the font atlas from the system's DejaVu fonts at the scaled pixel size.
// Debian's fonts-dejavu-core puts them in /usr/share/fonts/truetype/dejavu/.
#include "fonts.hpp"

#include <cmath>
#include <filesystem>

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

namespace poolscope::gui {

namespace {

Fonts g_fonts;
constexpr const char* dejavu_dir = "/usr/share/fonts/truetype/dejavu/";
constexpr float base_pixel_size = 17.0f;

ImFont* add_font(const char* file, float size, bool& found) {
    const std::string path = std::string(dejavu_dir) + file;
    ImGuiIO& io = ImGui::GetIO();
    if (std::filesystem::exists(path)) {
        ImFontConfig config;
        config.OversampleH = 2;  // crisp at fractional positions without a bigger atlas
        config.OversampleV = 1;
        static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2013, 0x2026, 0x2190, 0x21FF, 0x2500, 0x25FF, 0};
        if (ImFont* font = io.Fonts->AddFontFromFileTTF(path.c_str(), size, &config, ranges)) return font;
    }
    found = false;
    ImFontConfig config;
    config.SizePixels = size;
    return io.Fonts->AddFontDefault(&config);
}

}  // namespace

void rebuild_fonts(float scale, bool has_gl_backend) {
    ImGuiIO& io = ImGui::GetIO();
    const float size = std::round(base_pixel_size * scale);
    io.Fonts->Clear();
    bool found = true;
    g_fonts.ui = add_font("DejaVuSans.ttf", size, found);
    g_fonts.bold = add_font("DejaVuSans-Bold.ttf", size, found);
    g_fonts.mono = add_font("DejaVuSansMono.ttf", std::round(size * 0.95f), found);
    g_fonts.pixel_size = size;
    g_fonts.dejavu = found;
    io.FontDefault = g_fonts.ui;
    io.Fonts->Build();
    if (has_gl_backend) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
}

const Fonts& fonts() { return g_fonts; }

void set_fonts(const Fonts& f) { g_fonts = f; }

}  // namespace poolscope::gui
