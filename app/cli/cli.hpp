// cli.hpp — poolscope-cli's commands as functions: run_cli() is the whole program (arguments in, text
// and an exit code out); sweep() and render_sweep() are the pieces of `sweep` that tests check directly.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
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
