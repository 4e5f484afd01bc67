// cli.hpp — poolscope-cli's commands as functions: run_cli() is the whole program (arguments in, text
// and an exit code out); sweep() and render_sweep() are the pieces of `sweep` that tests check directly.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "poolscope/lesson/lesson.hpp"

namespace poolscope::cli {

enum ExitCode : int {
    ExitOk = 0,         // the lesson ran (a deadlock or an exception it demonstrates is part of its output)
    ExitRunFailed = 1,  // the run could not finish or its results could not be written (e.g. --trace path)
    ExitBadInput = 2,   // bad usage, unknown lesson, invalid lesson file
};

/// The whole CLI: `args` without the program name. Results go to `out`, errors to `err`.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// A command line that cannot be used: the message names the option and the value (exit code 2).
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What a command line asks for, every option checked (ranges, file name forms) but no file touched
/// and nothing run: parse_command_line() is pure, so tests and the fuzz target call it directly.
struct CommandLine {
    enum Kind { Help, Version, Run, Replay, Lessons, Show, Sweep } kind = Help;
    std::string help;                 // Help: the text to print (the main help or a command's)
    bool help_to_stderr = false;      // no command at all: usage on stderr, exit 2
    std::string lesson;               // Run, Show, Sweep
    std::string file;                 // Replay
    std::optional<int> max_workers;   // Run: 1..1024
    bool virtual_time = false;        // Run
    std::optional<double> speed;      // Run: 0.01..1000
    std::string trace;                // Run: --trace path ("" = none)
    std::string bundle;               // Run: --bundle path ("" = none), ends in .poolscope.json
    std::vector<int> workers;         // Sweep: 1..1024 each, at most 1024 of them
};
/// Throws UsageError.
CommandLine parse_command_line(const std::vector<std::string>& args);

inline constexpr int max_workers_option_limit = 1024;  // as the lesson format's max_workers
inline constexpr double min_speed = 0.01, max_speed = 1000.0;

struct SweepRow {
    int workers = 0;
    std::int64_t makespan_ns = 0;
};

/// Makespan of `lesson` under the virtual clock for each worker count.
std::vector<SweepRow> sweep(const Lesson& lesson, const std::vector<int>& worker_counts);
/// The table plus a bar per row, fitted to `width` columns.
std::string render_sweep(const std::vector<SweepRow>& rows, int width);
/// "4" -> {4}; "1..8" -> {1..8}; "1,2,4" -> {1, 2, 4}. Throws std::invalid_argument naming the text.
std::vector<int> parse_worker_counts(const std::string& text);
/// The whole of `text` as a decimal int, or std::nullopt (empty, trailing characters, out of range).
std::optional<int> parse_int(const std::string& text);

}  // namespace poolscope::cli
