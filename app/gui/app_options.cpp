// app_options.cpp — parses the desktop app's command line into AppOptions.
// Every flag takes its value as the next argument or as --flag=value.
#include "app_options.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>

#include "poolscope/printable.hpp"

namespace poolscope::gui {

namespace {

bool parse_int(const std::string& text, int& out) {
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, out);
    return ec == std::errc() && ptr == end;
}

bool parse_double(const std::string& text, double& out) {
    if (text.empty()) return false;
    char* end = nullptr;
    out = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size();
}

}  // namespace

bool parse_duration_ns(const std::string& text, std::int64_t& out) {
    static const struct {
        const char* suffix;
        double ns;
    } units[] = {{"ns", 1.0}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}};
    double scale = 1e6;
    std::string number = text;
    for (const auto& u : units) {
        const std::string suf = u.suffix;
        if (text.size() > suf.size() && text.compare(text.size() - suf.size(), suf.size(), suf) == 0) {
            number = text.substr(0, text.size() - suf.size());
            scale = u.ns;
            break;
        }
    }
    double value = 0;
    if (!parse_double(number, value) || !(value >= 0) || value > 1e7) return false;
    out = static_cast<std::int64_t>(value * scale + 0.5);
    return true;
}

const char* app_usage() {
    return "usage: poolscope [options]\n"
           "  --lesson NAME|FILE     lesson to open (default 01-map-three-sites)\n"
           "  --replay FILE          open a saved trace (.json) or bundle (.poolscope.json) instead of a lesson\n"
           "                         (--trace is the same); a bad file: message on stderr, exit code 2\n"
           "  --synthetic N          show a synthetic run of N (1-1000000) map() calls on 8 workers (for tests)\n"
           "  --max-workers N        override the lesson's max_workers (1-64)\n"
           "  --tasks N              number of tasks, 1-1000 (lessons whose tasks do not wait on each other)\n"
           "  --speed X              playback speed 0.1-10 (default 1)\n"
           "  --paused               start paused (Space plays)\n"
           "  --scale X              UI scale 0.5-4 (default 1)\n"
           "  --presentation         start in presentation mode (F11)\n"
           "  --size WxH             window size, 320x240 to 7680x4320 (default 1600x900)\n"
           "  --frames N             exit after N frames\n"
           "  --state-dump FILE      write app state as JSON every --dump-every frames and on exit\n"
           "  --dump-every N         (default 10)\n"
           "  --screenshot FILE.png  save the window as PNG and exit: with --at/--virtual-time at once (the\n"
           "                         same picture every time), else when the lesson has finished\n"
           "  --at TIME              show the run at TIME (250ms, 1.5s, 300us; a bare number is ms); implies\n"
           "                         --virtual-time; with --replay, the recording at that time\n"
           "  --virtual-time         run the lesson instantly on the virtual clock and show it paused\n"
           "                         (Space plays it, arrows step through it)\n"
           "  --slide FILE.png       also save the timeline alone at 2x, with title and legend (Shift+F12)\n"
           "  --save FILE            on exit, save the run shown: a bundle if FILE ends in .poolscope.json,\n"
           "                         else a Chrome trace\n"
           "  --version              print the version\n"
           "  --bench-frames N       headless: CPU time to build N (1-10000) frames for 1k/10k/100k tasks\n";
}

ParseResult parse_app_options(const std::vector<std::string>& args) {
    ParseResult result;
    AppOptions& o = result.options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string flag = args[i];
        std::optional<std::string> inline_value;
        if (auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
            inline_value = flag.substr(eq + 1);
            flag = flag.substr(0, eq);
        }
        auto value = [&](std::string& out) -> bool {
            if (inline_value) {
                out = *inline_value;
            } else if (i + 1 >= args.size()) {
                result.error = flag + " needs a value";
                return false;
            } else {
                out = args[++i];
            }
            // An empty file or lesson name is never meant: `--screenshot ''` would wait for a picture
            // it cannot write.
            if (out.empty()) {
                result.error = flag + ": the value is empty";
                return false;
            }
            return true;
        };
        auto int_value = [&](int& out, int lo, int hi) -> bool {
            std::string text;
            if (!value(text)) return false;
            if (!parse_int(text, out) || out < lo || out > hi) {
                result.error = flag + ": expected an integer in " + std::to_string(lo) + ".." + std::to_string(hi) +
                               ", got '" + shortened(text, 100) + "'";
                return false;
            }
            return true;
        };
        auto double_value = [&](double& out, double lo, double hi) -> bool {
            std::string text;
            if (!value(text)) return false;
            if (!parse_double(text, out) || !(out >= lo && out <= hi)) {
                char range[64];
                std::snprintf(range, sizeof range, "%g..%g", lo, hi);
                result.error = flag + ": expected a number in " + range + ", got '" + shortened(text, 100) + "'";
                return false;
            }
            return true;
        };
        bool ok = true;
        if (flag == "--help" || flag == "-h") {
            o.help = true;
        } else if (flag == "--version" || flag == "-V") {
            o.version = true;
        } else if (flag == "--replay") {
            ok = value(o.trace);
        } else if (flag == "--virtual-time") {
            o.virtual_time = true;
        } else if (flag == "--at") {
            std::string text;
            ok = value(text);
            if (ok && !parse_duration_ns(text, o.at_ns)) {
                result.error = "--at: expected a time from 0 to 10000s like 250ms, 1.5s or 300us, got '" +
                               shortened(text, 100) + "'";
                ok = false;
            }
            o.virtual_time = true;
        } else if (flag == "--save") {
            ok = value(o.save);
        } else if (flag == "--slide") {
            ok = value(o.slide);
        } else if (flag == "--lesson") {
            ok = value(o.lesson);
        } else if (flag == "--max-workers") {
            int n = 0;
            ok = int_value(n, 1, 64);
            o.max_workers = n;
        } else if (flag == "--trace") {
            ok = value(o.trace);
        } else if (flag == "--synthetic") {
            ok = int_value(o.synthetic, 1, max_synthetic_tasks);
        } else if (flag == "--tasks") {
            int n = 0;
            ok = int_value(n, 1, 1000);
            o.tasks = n;
        } else if (flag == "--speed") {
            ok = double_value(o.speed, 0.1, 10.0);
        } else if (flag == "--paused") {
            o.paused = true;
        } else if (flag == "--scale") {
            double s = 1.0;
            ok = double_value(s, 0.5, 4.0);
            o.scale = static_cast<float>(s);
        } else if (flag == "--presentation") {
            o.presentation = true;
        } else if (flag == "--size") {
            std::string text;
            ok = value(text);
            const auto x = text.find('x');
            if (ok && (x == std::string::npos || !parse_int(text.substr(0, x), o.width) ||
                       !parse_int(text.substr(x + 1), o.height) || o.width < min_width || o.height < min_height ||
                       o.width > max_width || o.height > max_height)) {
                result.error = "--size: expected WxH from 320x240 to 7680x4320, got '" + shortened(text, 100) + "'";
                ok = false;
            }
        } else if (flag == "--frames") {
            ok = int_value(o.frames, 1, 100000000);
        } else if (flag == "--state-dump") {
            ok = value(o.state_dump);
        } else if (flag == "--dump-every") {
            ok = int_value(o.dump_every, 1, 1000000);
        } else if (flag == "--screenshot") {
            ok = value(o.screenshot);
        } else if (flag == "--bench-frames") {
            ok = int_value(o.bench_frames, 1, 10000);
        } else {
            result.error = "unknown option '" + shortened(args[i], 100) + "' (see --help)";
            ok = false;
        }
        if (!ok) return result;
    }
    if (!o.trace.empty() && o.synthetic > 0) result.error = "--replay and --synthetic: choose one";
    return result;
}

}  // namespace poolscope::gui
