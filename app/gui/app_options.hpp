// app_options.hpp — the command line of the desktop app (`poolscope --help` prints it).
// Test-oriented flags (--frames, --state-dump, --screenshot, --bench-frames) let scripts drive the app
// headless or under Xvfb; parse errors name the flag and the bad value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace poolscope::gui {

/// Ranges of the options (the rest are in app_usage()): a window no screen shows, or a synthetic run
/// larger than a million tasks, costs gigabytes for nothing.
inline constexpr int min_width = 320, min_height = 240, max_width = 7680, max_height = 4320;
inline constexpr int max_synthetic_tasks = 1'000'000;

struct AppOptions {
    std::string lesson = "01-map-three-sites";  // a lesson name (assets/lessons/<name>.json) or a file path
    std::optional<int> max_workers;             // overrides the lesson's max_workers
    std::string trace;                          // --replay (or --trace): a saved trace or bundle instead of a lesson
    int synthetic = 0;                          // show a synthetic run of N map() tasks (tests, demos)
    std::optional<int> tasks;                   // overrides the lesson's number of tasks (when it can change)
    int frames = 0;                             // exit after this many frames (0 = run until closed)
    std::string state_dump;                     // write app state here every dump_every frames and on exit
    int dump_every = 10;
    std::string screenshot;                     // write a PNG of the last frame here before exiting
    std::string save;                           // on exit, save what is shown: *.poolscope.json bundle, else trace
    std::string slide;                          // also export the timeline alone (2x, for slides) here
    bool virtual_time = false;                  // record the first run instantly, show it paused (scripts)
    std::int64_t at_ns = -1;                    // --at: show the run at this time (implies virtual_time)
    int bench_frames = 0;                       // headless: time frame building for 1k/10k/100k tasks
    float scale = 1.0f;                         // UI scale (Ctrl+= / Ctrl+- change it live)
    bool presentation = false;                  // start in presentation mode (F11)
    bool paused = false;                        // start the lesson paused
    double speed = 1.0;                         // lesson playback speed, 0.1-10
    int width = 1600;
    int height = 900;
    bool help = false;
    bool version = false;
};

struct ParseResult {
    AppOptions options;
    std::string error;  // "" when parsing succeeded
};

ParseResult parse_app_options(const std::vector<std::string>& args);
const char* app_usage();
/// "250ms", "1.5s", "300us", "42ns"; a bare number is milliseconds. False if it is none of these.
bool parse_duration_ns(const std::string& text, std::int64_t& out);

}  // namespace poolscope::gui
