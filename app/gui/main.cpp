// main.cpp — entry point of the desktop app `poolscope`: parses the command line, then either runs the
// headless frame benchmark or opens the window on a lesson (01-map-three-sites by default).
#include <cstdio>
#include <string>
#include <vector>

#include "app.hpp"
#include "app_options.hpp"
#include "bench_frames.hpp"

int main(int argc, char** argv) {
    using namespace poolscope::gui;
    const ParseResult parsed = parse_app_options(std::vector<std::string>(argv + 1, argv + argc));
    if (!parsed.error.empty()) {
        std::fprintf(stderr, "poolscope: %s\n%s", parsed.error.c_str(), app_usage());
        return 2;
    }
    const AppOptions& options = parsed.options;
    if (options.help) {
        std::fputs(app_usage(), stdout);
        return 0;
    }
    if (options.bench_frames > 0) return run_bench_frames(options);

    App app(options, /*hold_until_shown=*/true);
    if (!app.load_lesson(options.lesson)) {
        std::fprintf(stderr, "poolscope: %s\n", app.error().c_str());
        return 1;
    }
    return app.run();
}
