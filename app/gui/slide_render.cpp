// slide_render.cpp — renders the slide offscreen: its own ImGui context (fonts rasterised at 2x, not
// stretched), its own OpenGL3 backend instance, a framebuffer object of the slide's size. Two frames
// are built because ImGui hides a new window on its first frame; then the pixels are read back.
#include "fonts.hpp"
#include "slide_frame.hpp"
#include "theme.hpp"

#include <backends/imgui_impl_opengl3.h>
#include <glad/gl.h>
#include <stb_image_write.h>

#include <cfloat>
#include <vector>

namespace poolscope::gui {

bool render_slide_png(const std::string& path, const SlideContent& content, bool presentation,
                      std::string& error) {
    constexpr float scale = 2.0f;
    ImGuiContext* main = ImGui::GetCurrentContext();
    const Fonts main_fonts = fonts();
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGui::SetCurrentContext(ctx);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    rebuild_fonts(scale, false);
    apply_theme(true, scale); // slides get the light high-contrast theme, whatever the app shows
    ImGui_ImplOpenGL3_Init("#version 330");
    const ImVec2 size = slide_size(*content.model, fonts().pixel_size);
    const int w = static_cast<int>(size.x), h = static_cast<int>(size.y);
    io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
    io.DeltaTime = 1.0f / 60.0f;
    for (int frame = 0; frame < 2; ++frame) {
        ImGui_ImplOpenGL3_NewFrame();
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        ImGui::NewFrame();
        draw_slide(content);
        ImGui::Render();
    }

    GLint previous_fbo = 0;
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous_fbo);
    GLuint fbo = 0, tex = 0;
    glGenFramebuffers(1, &fbo);
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
    bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    if (!ok)
        error = "offscreen framebuffer incomplete";
    if (ok) {
        glViewport(0, 0, w, h);
        const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
        glClearColor(bg.x, bg.y, bg.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadBuffer(GL_COLOR_ATTACHMENT0);
        glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
        for (std::size_t i = 3; i < pixels.size(); i += 4)
            pixels[i] = 255;
        stbi_flip_vertically_on_write(1); // GL's origin is bottom-left
        ok = stbi_write_png(path.c_str(), w, h, 4, pixels.data(), w * 4) != 0;
        if (!ok)
            error = "cannot write " + path;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous_fbo));
    glDeleteFramebuffers(1, &fbo);
    glDeleteTextures(1, &tex);

    ImGui_ImplOpenGL3_Shutdown();
    apply_theme(presentation, scale); // the palette is global: the app's again (this style is discarded)
    ImGui::DestroyContext(ctx);
    ImGui::SetCurrentContext(main);
    set_fonts(main_fonts);
    return ok;
}

} // namespace poolscope::gui
