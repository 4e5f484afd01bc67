// cli_sweep.cpp — `poolscope-cli sweep`: the lesson's makespan for each worker count under virtual time,
// as a table with a bar per row. Virtual time makes every row exact, so the shape of the curve (where
// more workers stop helping, or never help under the GIL) is the lesson itself, not noise.
#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "cli.hpp"
#include "poolscope/lesson/runner.hpp"
#include "poolscope/printable.hpp"
#include "poolscope/trace/run_model.hpp"

namespace poolscope::cli {

namespace {
constexpr std::size_t max_worker_counts = 1024;  // one virtual run each

int parse_count(const std::string& text, const std::string& whole) {
    const std::optional<int> value = parse_int(text);
    if (!value || *value < 1 || *value > 1024)
        throw std::invalid_argument("got '" + printable(shortened(whole, 100), false) + "', expected N, A..B or A,B,C with worker counts from 1 to 1024");
    return *value;
}
}  // namespace

std::optional<int> parse_int(const std::string& text) {
    std::size_t used = 0;
    try {
        const int value = std::stoi(text, &used);
        if (used == text.size()) return value;
    } catch (const std::exception&) {
        // not a number, or out of int's range
    }
    return std::nullopt;
}

std::vector<int> parse_worker_counts(const std::string& text) {
    std::vector<int> counts;
    if (const auto dots = text.find(".."); dots != std::string::npos) {
        const int lo = parse_count(text.substr(0, dots), text);
        const int hi = parse_count(text.substr(dots + 2), text);
        if (hi < lo) throw std::invalid_argument("got '" + text + "', expected A..B with A <= B");
        for (int n = lo; n <= hi; ++n) counts.push_back(n);
        return counts;
    }
    std::size_t start = 0;
    while (start <= text.size()) {
        if (counts.size() == max_worker_counts)
            throw std::invalid_argument("got a list of more than " + std::to_string(max_worker_counts) + " worker counts");
        const std::size_t comma = text.find(',', start);
        const std::size_t end = comma == std::string::npos ? text.size() : comma;
        counts.push_back(parse_count(text.substr(start, end - start), text));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return counts;
}

std::vector<SweepRow> sweep(const Lesson& lesson, const std::vector<int>& worker_counts) {
    std::vector<SweepRow> rows;
    for (const int workers : worker_counts) {
        RunOptions options;
        options.clock = LessonClock::Virtual;
        options.max_workers = workers;
        const RunModel model(run_lesson(lesson, options));
        rows.push_back({workers, model.stats().makespan_ns});
    }
    return rows;
}

std::string render_sweep(const std::vector<SweepRow>& rows, int width) {
    std::int64_t longest = 0;
    for (const SweepRow& r : rows) longest = std::max(longest, r.makespan_ns);
    const std::int64_t first = rows.empty() ? 0 : rows.front().makespan_ns;
    constexpr int table_width = 34;  // "workers   makespan   speed-up  "
    const int bar_room = std::max(10, width - table_width);
    std::string out = "workers   makespan   speed-up\n";
    for (const SweepRow& r : rows) {
        char line[96];
        const double ms = static_cast<double>(r.makespan_ns) / 1e6;
        if (r.makespan_ns > 0) {
            std::snprintf(line, sizeof line, "%7d %8.1f ms %9.2fx  ", r.workers, ms,
                          static_cast<double>(first) / static_cast<double>(r.makespan_ns));
        } else {
            std::snprintf(line, sizeof line, "%7d %8.1f ms %10s  ", r.workers, ms, "-");
        }
        out += line;
        const int bar = longest > 0 ? static_cast<int>((r.makespan_ns * bar_room + longest / 2) / longest) : 0;
        out += std::string(static_cast<std::size_t>(std::max(bar, r.makespan_ns > 0 ? 1 : 0)), '#');
        out += '\n';
    }
    out += "(speed-up relative to the first row)\n";
    return out;
}

}  // namespace poolscope::cli
