// main.cpp — entry point of the desktop app `poolscope`: parses the command line, then either runs the
// headless frame benchmark or opens the window on a lesson (01-map-three-sites by default) or on a
// recording (--replay). Exit codes: 0 ok, 1 no window or a failed run, 2 bad command line, bad lesson or
// unreadable file (docs/errors.md).
#include <cstdio>
#include <string>
#include <vector>

#include "app.hpp"
#include "app_options.hpp"
#include "bench_frames.hpp"
#include "poolscope/printable.hpp"
#include "poolscope/trace/chrome_trace.hpp"
#include "synthetic_run.hpp"

#ifndef POOLSCOPE_VERSION
#error "POOLSCOPE_VERSION (the project version) must be defined by app/gui/CMakeLists.txt"
#endif

int main(int argc, char** argv) {
    using namespace poolscope::gui;
    const ParseResult parsed = parse_app_options(std::vector<std::string>(argv + 1, argv + argc));
    if (!parsed.error.empty()) {
        std::fprintf(stderr, "poolscope: %s\n%s", poolscope::printable(parsed.error, false).c_str(), app_usage());
        return 2;
    }
    const AppOptions& options = parsed.options;
    if (options.help) {
        std::fputs(app_usage(), stdout);
        return 0;
    }
    if (options.version) {
        std::printf("poolscope %s\n", POOLSCOPE_VERSION);
        return 0;
    }
    if (options.bench_frames > 0) return run_bench_frames(options);

    App app(options, /*hold_until_shown=*/true);
    if (!options.trace.empty()) {
        if (!app.open_file(options.trace, false, /*announce=*/false)) return 2;  // open_file printed the message
    } else if (options.synthetic > 0) {
        app.show_record(make_synthetic_run(static_cast<std::size_t>(options.synthetic), 8, 7, 97));
    } else if (!app.load_lesson(options.lesson)) {
        // A bad lesson is bad input (2), as in poolscope-cli; one that cannot run is a failed run (1).
        std::fprintf(stderr, "poolscope: %s\n", poolscope::printable(app.error()).c_str());
        return app.lesson_error() ? 2 : 1;
    }
    return app.run();
}
