// cli.cpp — poolscope-cli's argument parsing and its commands: run, replay, lessons, show (sweep is in
// cli_sweep.cpp). Output is plain ASCII; errors go to stderr as "poolscope-cli: <message>".
#include "cli.hpp"

#include <cstdlib>
#include <filesystem>
#include <iomanip>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <stdexcept>

#ifndef POOLSCOPE_VERSION
#error "POOLSCOPE_VERSION (the project version) must be defined by app/cli/CMakeLists.txt"
#endif

#include "poolscope/lesson/bundle.hpp"
#include "poolscope/lesson/library.hpp"
#include "poolscope/lesson/program.hpp"
#include "poolscope/lesson/runner.hpp"
#include "poolscope/printable.hpp"
#include "poolscope/trace/chrome_trace.hpp"
#include "poolscope/trace/run_model.hpp"
#include "poolscope/trace/text_report.hpp"

namespace poolscope::cli {

namespace {

constexpr const char* exit_codes_help =
    "Exit codes:\n"
    "  0  the lesson ran (deadlocks and exceptions a lesson demonstrates are part of its output)\n"
    "  1  the run failed or its results could not be written (e.g. the --trace file)\n"
    "  2  bad usage, unknown lesson, invalid lesson file, or a trace/bundle file that cannot be read\n";

constexpr const char* main_help =
    "Usage: poolscope-cli <command> [options]\n"
    "\n"
    "Runs poolscope lessons without a display: a Python ThreadPoolExecutor program, played on a real\n"
    "thread pool and shown as text.\n"
    "\n"
    "Commands:\n"
    "  run LESSON      run a lesson: its printed output, a text timeline and a summary\n"
    "  replay FILE     the same for a recorded run (a --trace file or a .poolscope.json bundle),\n"
    "                  without running anything\n"
    "  lessons         list the built-in lessons\n"
    "  show LESSON     print a lesson's explanation and its Python program\n"
    "  sweep LESSON    makespan for each worker count (virtual time)\n"
    "\n"
    "LESSON is a built-in lesson's name (\"01-map-three-sites\", or a unique prefix such as \"01\") or a\n"
    "path to a lesson .json file. `poolscope-cli <command> --help` describes each command;\n"
    "`poolscope-cli --version` prints the version.\n"
    "\n";

constexpr const char* run_help =
    "Usage: poolscope-cli run LESSON [--max-workers N] [--virtual-time] [--speed X] [--trace OUT.json]\n"
    "                            [--bundle OUT.poolscope.json]\n"
    "\n"
    "Runs LESSON on poolscope's ThreadPoolExecutor and prints what its Python program prints, then a\n"
    "timeline (one row per thread; width from $COLUMNS, default 100) and a summary. The speed-up in the\n"
    "summary compares with the same lesson on one worker under virtual time.\n"
    "\n"
    "Options:\n"
    "  --lesson LESSON   the lesson, instead of the positional argument\n"
    "  --max-workers N   override the lesson's max_workers (N >= 1)\n"
    "  --virtual-time    simulated time: instant, exactly repeatable, deadlocks reported\n"
    "                    (lessons that can deadlock always use it)\n"
    "  --speed X         real time scaled by X (0.1 = ten times slower); with --virtual-time, play the\n"
    "                    simulated run at X times real time instead of instantly\n"
    "  --trace OUT.json  also write the run as a Chrome trace (Perfetto, chrome://tracing)\n"
    "  --bundle OUT.poolscope.json\n"
    "                    also write a bundle: the lesson, these settings and the run in one file, which\n"
    "                    `poolscope-cli replay` and the app reopen as it was (it is a Chrome trace too)\n"
    "\n";

constexpr const char* replay_help =
    "Usage: poolscope-cli replay FILE\n"
    "\n"
    "Prints a recorded run as `run` does (printed output, timeline, summary) without running anything.\n"
    "FILE is a trace written by `run --trace` or a bundle (*.poolscope.json) written by `run --bundle` or\n"
    "the app. The summary has no speed-up line: that needs a second run with one worker.\n"
    "\n";

constexpr const char* lessons_help =
    "Usage: poolscope-cli lessons\n"
    "\n"
    "Lists the built-in lessons (name and title). They are looked up in $POOLSCOPE_LESSONS_DIR, then\n"
    "<prefix>/share/poolscope/lessons next to the executable, then the source tree's assets/lessons.\n"
    "\n";

constexpr const char* show_help =
    "Usage: poolscope-cli show LESSON\n"
    "\n"
    "Prints the lesson's title, explanation and the equivalent Python program, with line numbers.\n"
    "\n";

constexpr const char* sweep_help =
    "Usage: poolscope-cli sweep LESSON [--workers 1..8]\n"
    "\n"
    "Runs LESSON under virtual time once per worker count and prints the makespan of each as a table\n"
    "with a bar chart.\n"
    "\n"
    "Options:\n"
    "  --lesson LESSON   the lesson, instead of the positional argument\n"
    "  --workers LIST    worker counts: \"4\", a range \"1..8\" (default) or a list \"1,2,4,8\"\n"
    "\n";

struct Arguments {
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;
    std::set<std::string> flags;
};

/// Option names and values in messages: short, control characters escaped.
std::string shown_value(const std::string& text) { return "'" + printable(shortened(text, 100), false) + "'"; }

/// --name value, --name=value and --flag; anything else starting with "-" is an error.
Arguments parse_arguments(const std::vector<std::string>& args, const std::set<std::string>& value_options,
                          const std::set<std::string>& flag_options) {
    Arguments out;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() < 2 || a[0] != '-') {
            out.positional.push_back(a);
            continue;
        }
        std::string name = a;
        std::optional<std::string> value;
        if (const auto eq = a.find('='); eq != std::string::npos) {
            name = a.substr(0, eq);
            value = a.substr(eq + 1);
        }
        if (flag_options.count(name)) {
            if (value) throw UsageError("option " + name + " takes no value");
            out.flags.insert(name);
        } else if (value_options.count(name)) {
            if (!value) {
                if (i + 1 >= args.size()) throw UsageError("option " + name + " needs a value");
                value = args[++i];
            }
            if (out.values.count(name)) throw UsageError("option " + name + " is given twice");
            out.values[name] = *value;
        } else {
            throw UsageError("unknown option " + shown_value(a) + " for " + args[0]);
        }
    }
    return out;
}

std::string lesson_argument(const Arguments& a, const std::string& command) {
    std::vector<std::string> names = a.positional;
    if (const auto it = a.values.find("--lesson"); it != a.values.end()) names.push_back(it->second);
    if (names.empty()) throw UsageError(command + " needs a LESSON (see `poolscope-cli lessons`)");
    if (names.size() > 1) throw UsageError(command + " takes one LESSON, got " + shown_value(names[0]) + " and " + shown_value(names[1]));
    if (names[0].empty()) throw UsageError(command + ": the LESSON is empty; expected a lesson name or a .json file");
    return names[0];
}

int int_in_range(const std::string& option, const std::string& text, int lo, int hi) {
    const std::optional<int> value = parse_int(text);
    if (!value || *value < lo || *value > hi)
        throw UsageError(option + ": got " + shown_value(text) + ", expected an integer from " + std::to_string(lo) + " to " +
                         std::to_string(hi));
    return *value;
}

double speed_factor(const std::string& option, const std::string& text) {
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (text.empty() || used != text.size() || !(value >= min_speed) || !(value <= max_speed))
        throw UsageError(option + ": got " + shown_value(text) + ", expected a factor from 0.01 to 1000 (e.g. 0.5)");
    return value;
}

std::string output_path(const Arguments& a, const std::string& option) {
    const auto it = a.values.find(option);
    if (it == a.values.end()) return "";
    if (it->second.empty()) throw UsageError(option + ": the file name is empty");
    return it->second;
}

bool wants_help(const Arguments& a) { return a.flags.count("--help") || a.flags.count("-h"); }

int terminal_width() {
    if (const char* columns = std::getenv("COLUMNS")) {
        char* end = nullptr;
        const long value = std::strtol(columns, &end, 10);
        if (end != columns && *end == '\0' && value >= 20 && value <= 1000) return static_cast<int>(value);
    }
    return 100;
}

/// `text` broken into lines of at most `width` columns at spaces (longer words stay whole).
std::string wrapped(const std::string& text, int width) {
    std::string out, line;
    std::istringstream words(text);
    for (std::string word; words >> word;) {
        if (!line.empty() && static_cast<int>(line.size() + 1 + word.size()) > width) {
            out += line + '\n';
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
    }
    if (!line.empty()) out += line + '\n';
    return out;
}

Lesson load(const std::string& name) { return load_lesson(resolve_lesson(name)); }

/// What `run` and `replay` print for a recorded run.
void print_run(const RunRecord& record, const std::optional<double>& speedup, std::ostream& out) {
    const RunModel model(record);
    for (const std::string& line : record.output) out << line << '\n';
    if (!record.deadlock_report.empty()) out << '\n' << record.deadlock_report << '\n';
    out << '\n' << render_timeline(model, terminal_width());
    out << '\n' << render_summary(model, speedup);
}

// ---- commands ------------------------------------------------------------------------------------

int command_run(const CommandLine& c, std::ostream& out, std::ostream& err) {
    const std::filesystem::path lesson_file = resolve_lesson(c.lesson);
    const Lesson lesson = load_lesson(lesson_file);
    RunOptions options;
    options.max_workers = c.max_workers;
    if (c.speed) options.speed = *c.speed;
    options.clock = c.virtual_time ? LessonClock::Virtual : c.speed ? LessonClock::Controllable : LessonClock::Steady;
    options.pace = c.virtual_time && c.speed.has_value();

    const RunRecord record = run_lesson(lesson, options);
    RunOptions one_worker;
    one_worker.max_workers = 1;
    const RunRecord baseline = run_lesson(lesson, one_worker);
    print_run(record, speedup_over_one_worker(RunModel(baseline), RunModel(record)), out);
    if (record.clock != lesson_clock_name(options.clock))
        err << "poolscope-cli: note: " << lesson.id << " can deadlock, so it ran under virtual time\n";
    if (!c.trace.empty()) {
        try {
            write_chrome_trace_file(record, c.trace);
        } catch (const std::exception& e) {
            err << "poolscope-cli: cannot write the trace: " << e.what() << '\n';
            return ExitRunFailed;
        }
    }
    if (!c.bundle.empty()) {
        try {
            save_bundle(c.bundle, make_bundle(lesson_file, options, record));
        } catch (const std::exception& e) {
            err << "poolscope-cli: cannot write the bundle: " << e.what() << '\n';
            return ExitRunFailed;
        }
    }
    out.flush();
    return ExitOk;
}

int command_replay(const CommandLine& c, std::ostream& out) {
    // A bundle is a trace too; reading it as a bundle also checks its lesson and settings.
    const RunRecord record = has_bundle_extension(c.file) ? load_bundle(c.file).record : read_chrome_trace(c.file);
    print_run(record, std::nullopt, out);
    return ExitOk;
}

int command_lessons(std::ostream& out, std::ostream& err) {
    const std::vector<LessonEntry> entries = builtin_lessons();
    if (entries.empty()) {
        err << "poolscope-cli: no built-in lessons found; set POOLSCOPE_LESSONS_DIR\n";
        return ExitRunFailed;
    }
    std::size_t width = 0;
    for (const LessonEntry& e : entries) width = std::max(width, e.id.size());
    for (const LessonEntry& e : entries) out << std::left << std::setw(static_cast<int>(width) + 2) << e.id << e.title << '\n';
    return ExitOk;
}

int command_show(const CommandLine& c, std::ostream& out) {
    const Lesson lesson = load(c.lesson);
    const std::vector<std::string> program = generate_program(lesson).lines;
    out << lesson.title << "\n\n" << wrapped(lesson.explanation, terminal_width()) << "\n";
    for (std::size_t i = 0; i < program.size(); ++i) out << std::setw(3) << i + 1 << "  " << program[i] << '\n';
    return ExitOk;
}

int command_sweep(const CommandLine& c, std::ostream& out) {
    const Lesson lesson = load(c.lesson);
    out << lesson.title << " (virtual time)\n\n" << render_sweep(sweep(lesson, c.workers), terminal_width());
    return ExitOk;
}

CommandLine help_of(const char* text) {
    CommandLine c;
    c.kind = CommandLine::Help;
    c.help = std::string(text) + exit_codes_help;
    return c;
}

}  // namespace

CommandLine parse_command_line(const std::vector<std::string>& args) {
    CommandLine c;
    if (args.empty()) {
        c.help = std::string(main_help) + exit_codes_help;
        c.help_to_stderr = true;
        return c;
    }
    const std::string& command = args[0];
    if (command == "--help" || command == "-h" || command == "help") {
        c.help = std::string(main_help) + exit_codes_help;
        return c;
    }
    if (command == "--version" || command == "version") {
        c.kind = CommandLine::Version;
        return c;
    }
    if (command == "run") {
        const Arguments a = parse_arguments(args, {"--lesson", "--max-workers", "--speed", "--trace", "--bundle"},
                                            {"--virtual-time", "--help", "-h"});
        if (wants_help(a)) return help_of(run_help);
        c.kind = CommandLine::Run;
        c.lesson = lesson_argument(a, "run");
        if (const auto it = a.values.find("--max-workers"); it != a.values.end())
            c.max_workers = int_in_range("--max-workers", it->second, 1, max_workers_option_limit);
        if (const auto it = a.values.find("--speed"); it != a.values.end()) c.speed = speed_factor("--speed", it->second);
        c.virtual_time = a.flags.count("--virtual-time") > 0;
        c.trace = output_path(a, "--trace");
        c.bundle = output_path(a, "--bundle");
        if (!c.bundle.empty() && !has_bundle_extension(c.bundle))
            throw UsageError("--bundle: got " + shown_value(c.bundle) + ", expected a file name ending in " +
                             std::string(bundle_extension));
        return c;
    }
    if (command == "replay") {
        const Arguments a = parse_arguments(args, {}, {"--help", "-h"});
        if (wants_help(a)) return help_of(replay_help);
        if (a.positional.size() != 1 || a.positional[0].empty())
            throw UsageError("replay takes one FILE (a trace or a .poolscope.json bundle)");
        c.kind = CommandLine::Replay;
        c.file = a.positional[0];
        return c;
    }
    if (command == "lessons") {
        const Arguments a = parse_arguments(args, {}, {"--help", "-h"});
        if (wants_help(a)) return help_of(lessons_help);
        if (!a.positional.empty()) throw UsageError("lessons takes no arguments, got " + shown_value(a.positional[0]));
        c.kind = CommandLine::Lessons;
        return c;
    }
    if (command == "show") {
        const Arguments a = parse_arguments(args, {"--lesson"}, {"--help", "-h"});
        if (wants_help(a)) return help_of(show_help);
        c.kind = CommandLine::Show;
        c.lesson = lesson_argument(a, "show");
        return c;
    }
    if (command == "sweep") {
        const Arguments a = parse_arguments(args, {"--lesson", "--workers"}, {"--help", "-h"});
        if (wants_help(a)) return help_of(sweep_help);
        c.kind = CommandLine::Sweep;
        c.lesson = lesson_argument(a, "sweep");
        try {
            const auto it = a.values.find("--workers");
            c.workers = parse_worker_counts(it == a.values.end() ? "1..8" : it->second);
        } catch (const std::invalid_argument& e) {
            throw UsageError(std::string("--workers: ") + e.what());
        }
        return c;
    }
    throw UsageError("unknown command " + shown_value(command) + " (expected run, replay, lessons, show or sweep; see --help)");
}

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    try {
        const CommandLine c = parse_command_line(args);
        switch (c.kind) {
            case CommandLine::Help:
                (c.help_to_stderr ? err : out) << c.help;
                return c.help_to_stderr ? ExitBadInput : ExitOk;
            case CommandLine::Version: out << "poolscope-cli " << POOLSCOPE_VERSION << '\n'; return ExitOk;
            case CommandLine::Run: return command_run(c, out, err);
            case CommandLine::Replay: return command_replay(c, out);
            case CommandLine::Lessons: return command_lessons(out, err);
            case CommandLine::Show: return command_show(c, out);
            case CommandLine::Sweep: return command_sweep(c, out);
        }
        return ExitBadInput;
    } catch (const UsageError& e) {
        err << "poolscope-cli: " << e.what() << '\n';
        return ExitBadInput;
    } catch (const LessonError& e) {
        err << "poolscope-cli: " << e.what() << '\n';
        return ExitBadInput;
    } catch (const TraceFormatError& e) {
        err << "poolscope-cli: " << e.what() << '\n';
        return ExitBadInput;
    } catch (const std::exception& e) {
        err << "poolscope-cli: the run failed: " << e.what() << '\n';
        return ExitRunFailed;
    }
}

}  // namespace poolscope::cli
