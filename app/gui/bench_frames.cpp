// bench_frames.cpp — headless frame-building benchmark on synthetic RunRecords.
// Measures thread CPU time (CLOCK_THREAD_CPUTIME_ID) so other engineers' builds on the shared machine
// do not count against us. The mouse hovers the timeline so hit-testing and tooltips are included.
#include "bench_frames.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "synthetic_run.hpp"

namespace poolscope::gui {

namespace {

double thread_cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

void report(std::size_t tasks, const char* what, std::vector<double>& times, double target_ms, const App& app,
            int& status, int frames) {
    std::sort(times.begin(), times.end());
    double sum = 0;
    for (double t : times) sum += t;
    const double mean = sum / static_cast<double>(times.size());
    const double p95 = times[std::min(times.size() - 1, times.size() * 95 / 100)];
    const bool ok = mean < target_ms;
    status |= ok ? 0 : 1;
    std::printf("bench-frames: %6zu tasks, %s: mean %.3f ms, median %.3f ms, p95 %.3f ms, max %.3f ms over %d frames "
                "(target < %.0f ms: %s); blocks drawn %zu, folded groups %zu\n",
                tasks, what, mean, times[times.size() / 2], p95, times.back(), frames, target_ms, ok ? "ok" : "MISSED",
                app.timeline().blocks_drawn(), app.timeline().folds_drawn());
    std::fflush(stdout);
}

}  // namespace

int run_bench_frames(const AppOptions& options) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(static_cast<float>(options.width), static_cast<float>(options.height));
    io.DeltaTime = 1.0f / 60.0f;
    // As the OpenGL3 backend does: lets ImGui split draw lists past 64k vertices (16-bit indices).
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    int status = 0;
    struct Size {
        std::size_t tasks;
        double target_ms;
    };
    for (const Size size : {Size{1'000, 2.0}, Size{10'000, 4.0}, Size{100'000, 16.0}}) {
        App app(options);
        app.show_record(make_synthetic_run(size.tasks, 8, 7, 97));
        app.update();
        app.apply_pending_style(false);
        io.MousePos = ImVec2(io.DisplaySize.x * 0.45f, io.DisplaySize.y * 0.3f);
        for (int i = 0; i < 3; ++i) app.build_frame();  // windows appear on their second frame
        std::vector<double> times;
        for (int i = 0; i < options.bench_frames; ++i) {
            const double t0 = thread_cpu_ms();
            app.update();
            app.build_frame();
            times.push_back(thread_cpu_ms() - t0);
        }
        report(size.tasks, "whole run fitted", times, size.target_ms, app, status, options.bench_frames);
        // Zoomed in around the middle (1/50 of the run): blocks get labels, fewer fold.
        io.MousePos = ImVec2(io.DisplaySize.x * 0.45f, io.DisplaySize.y * 0.3f);
        for (int i = 0; i < 12; ++i) {
            io.MouseWheel = 1.5f;
            app.build_frame();
        }
        io.MouseWheel = 0.0f;
        times.clear();
        for (int i = 0; i < options.bench_frames; ++i) {
            const double t0 = thread_cpu_ms();
            app.update();
            app.build_frame();
            times.push_back(thread_cpu_ms() - t0);
        }
        report(size.tasks, "zoomed in x50  ", times, size.target_ms, app, status, options.bench_frames);
    }
    ImGui::DestroyContext();
    return status;
}

}  // namespace poolscope::gui
