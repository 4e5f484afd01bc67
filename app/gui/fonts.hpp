// fonts.hpp — DejaVu Sans (UI) and DejaVu Sans Mono (code) rasterised at the current UI scale.
// The atlas is rebuilt at the scaled pixel size whenever the scale changes, so text stays crisp at any
// size (FontGlobalScale would only stretch bitmaps). Falls back to ImGui's built-in font if DejaVu is missing.
#pragma once

struct ImFont;

namespace poolscope::gui {

struct Fonts {
    ImFont* ui = nullptr;
    ImFont* bold = nullptr;
    ImFont* mono = nullptr;
    float pixel_size = 0.0f;  // of `ui`, after scaling
    bool dejavu = false;      // false: ImGui's default font was used
};

/// Rebuilds ImGui's font atlas for `scale` (base size 17 px). With `has_gl_backend` the OpenGL3
/// backend's texture is recreated too; call it outside NewFrame()..Render().
void rebuild_fonts(float scale, bool has_gl_backend);
const Fonts& fonts();
/// Points fonts() at another context's atlas (the slide export's) and back again.
void set_fonts(const Fonts& f);

}  // namespace poolscope::gui
