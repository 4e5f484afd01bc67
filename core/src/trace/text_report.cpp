// text_report.cpp — the CLI's ASCII timeline and summary. Numbers are formatted with integer arithmetic
// (no printf/locale), so output is the same bytes on every machine.
#include "poolscope/trace/text_report.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <string>

namespace poolscope {

namespace {

// `scaled` / 10^decimals with exactly `decimals` digits after the point, e.g. (12345, 1) -> "1234.5".
std::string fixed(std::int64_t scaled, int decimals) {
    const bool negative = scaled < 0;
    std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(scaled) : static_cast<std::uint64_t>(scaled);
    std::uint64_t unit = 1;
    for (int i = 0; i < decimals; ++i) unit *= 10;
    std::string text = (negative ? "-" : "") + std::to_string(v / unit);
    if (decimals > 0) {
        std::string frac = std::to_string(v % unit);
        frac.insert(0, static_cast<std::size_t>(decimals) - frac.size(), '0');
        text += "." + frac;
    }
    return text;
}

// Nanoseconds as milliseconds with one decimal, rounded half away from zero.
std::string ms(double ns) { return fixed(std::llround(ns / 1e5), 1); }
std::string ms(std::int64_t ns) { return ms(static_cast<double>(ns)); }

std::string pad(std::string text, std::size_t width) {
    if (text.size() < width) text.append(width - text.size(), ' ');
    return text;
}

class Scale {
public:
    Scale(std::int64_t t0, std::int64_t t1, int width) : m_t0(t0), m_span(std::max<std::int64_t>(t1 - t0, 1)), m_width(width) {}
    // Column holding time t, clamped to the row.
    int column(std::int64_t t) const {
        const auto c = static_cast<std::int64_t>(scaled(t - m_t0) / m_span);
        return static_cast<int>(std::clamp<std::int64_t>(c, 0, m_width - 1));
    }
    // First time of column c.
    std::int64_t time(int c) const { return m_t0 + static_cast<std::int64_t>(static_cast<long double>(m_span) * c / m_width); }
    // Columns [first, last] an interval [begin, end) covers; at least one column.
    std::pair<int, int> columns(std::int64_t begin, std::int64_t end) const {
        const int first = column(begin);
        return {first, std::max(first, end > begin ? column(end - 1) : first)};
    }

private:
    // d * width in long double: exact for any span below 2^64 / 1000 ns, no overflow beyond.
    long double scaled(std::int64_t d) const { return static_cast<long double>(d) * m_width; }

    std::int64_t m_t0, m_span;
    int m_width;
};

void fill(std::string& row, const Scale& scale, std::int64_t begin, std::int64_t end, char symbol) {
    const auto [first, last] = scale.columns(begin, end);
    for (int c = first; c <= last; ++c) row[static_cast<std::size_t>(c)] = symbol;
}

}  // namespace

char task_symbol(std::uint64_t id) noexcept {
    static constexpr char symbols[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    return id == 0 ? '?' : symbols[(id - 1) % (sizeof(symbols) - 1)];
}

std::string render_timeline(const RunModel& model, int width) {
    width = std::clamp(width, 10, 1000);
    const std::int64_t t0 = model.begin_time_ns();
    // At least 1 us shown, so a run where time never moved (a deadlock at t=0) still gets a sane axis.
    const std::int64_t t1 = std::max(model.end_time_ns(), t0 + 1000);
    const Scale scale(t0, t1, width);
    const auto& lanes = model.lanes();

    std::size_t label = std::string("queue").size();
    for (const Lane& lane : lanes) label = std::max(label, lane.name.size());
    label += 2;

    std::string out;
    for (std::size_t l = 0; l < lanes.size(); ++l) {
        const Lane& lane = lanes[l];
        std::string row(static_cast<std::size_t>(width), l == 0 ? '.' : ' ');
        if (l == 0) {
            for (const LaneInterval& wait : lane.waits) fill(row, scale, wait.begin_ns, wait.end_ns == no_time ? t1 : wait.end_ns, '#');
            for (const Mark& mark : model.marks()) {
                if (is_worker_thread(mark.thread)) continue;
                const auto c = static_cast<std::size_t>(scale.column(mark.time_ns));
                if (mark.kind == MarkKind::Submit) row[c] = '|';
                if (mark.kind == MarkKind::Cancel) row[c] = 'x';
                if (mark.kind == MarkKind::MapYield || mark.kind == MarkKind::ResultConsumed) row[c] = '>';
            }
        } else {
            const std::int64_t alive_from = lane.spawn_ns != no_time ? lane.spawn_ns : t0;
            const std::int64_t alive_to = lane.exit_ns != no_time ? lane.exit_ns : t1;
            fill(row, scale, alive_from, alive_to, '.');
            for (const TaskRun& run : lane.runs)
                fill(row, scale, run.start_ns, run.end_ns == no_time ? t1 : run.end_ns, task_symbol(run.task));
        }
        out += pad(lane.name, label) + row + "\n";
    }

    // Queue row: the most tasks waiting at any moment of each column, so short waits stay visible.
    std::string queue(static_cast<std::size_t>(width), '.');
    std::vector<std::int64_t> peak(static_cast<std::size_t>(width), 0);
    const auto& samples = model.queue_length_samples();
    for (int c = 0; c < width; ++c) peak[static_cast<std::size_t>(c)] = RunModel::sample_at(samples, scale.time(c));
    for (const CounterSample& s : samples) {
        auto& p = peak[static_cast<std::size_t>(scale.column(s.time_ns))];
        p = std::max(p, s.value);
    }
    for (int c = 0; c < width; ++c) {
        const std::int64_t n = peak[static_cast<std::size_t>(c)];
        queue[static_cast<std::size_t>(c)] = n <= 0 ? '.' : n >= 10 ? '+' : static_cast<char>('0' + n);
    }
    out += pad("queue", label) + queue + "\n";

    // Axis: ticks at round times (1, 2 or 5 x 10^k ns apart, at least 10 columns apart), labelled in ms.
    const std::int64_t span = t1 - t0;
    std::int64_t step = 1;
    for (std::int64_t decade = 1;; decade *= 10) {
        const std::int64_t candidates[] = {decade, 2 * decade, 5 * decade};
        const auto fits = std::find_if(std::begin(candidates), std::end(candidates), [&](std::int64_t c) {
            return static_cast<long double>(c) * width >= static_cast<long double>(span) * 10;
        });
        if (fits != std::end(candidates)) {
            step = *fits;
            break;
        }
        if (decade > std::numeric_limits<std::int64_t>::max() / 100) {
            step = span;
            break;
        }
    }
    int decimals = 0;  // enough ms decimals to show the step exactly
    for (std::int64_t s = step; s < 1'000'000 && decimals < 6; s *= 10) ++decimals;
    std::int64_t unit = 1;
    for (int i = decimals; i < 6; ++i) unit *= 10;
    std::string axis(static_cast<std::size_t>(width), '-');
    std::string labels(static_cast<std::size_t>(width) + 16, ' ');
    std::size_t free_from = 0;
    for (std::int64_t t = 0; t < span; t += step) {
        const auto c = static_cast<std::size_t>(scale.column(t0 + t));
        axis[c] = '+';
        const std::string text = fixed(t / unit, decimals);
        if (c >= free_from && c + text.size() <= labels.size()) {
            labels.replace(c, text.size(), text);
            free_from = c + text.size() + 1;
        }
        if (t > span - step) break;  // no overflow past the end
    }
    while (!labels.empty() && labels.back() == ' ') labels.pop_back();
    out += pad("", label) + axis + "\n";
    out += pad("ms", label) + labels + "\n";

    // Legend, capped: symbols cycle after 62 tasks anyway.
    out += "MainThread: | submit  > result/yield taken  x cancel  # blocked;  workers: . idle;  queue: tasks waiting\n";
    constexpr std::size_t legend_max = 62;
    std::size_t shown = 0;
    for (const TaskView& task : model.tasks()) {
        if (shown == legend_max) break;
        out += std::string("  ") + task_symbol(task.id) + " = " + task.name + "  [" + std::string(task_state_name(task.outcome));
        if (task.worker >= 0) out += ", worker " + std::to_string(task.worker);
        if (task.queue_wait_ns() >= 0) out += ", waited " + ms(task.queue_wait_ns()) + " ms";
        if (task.run_ns() >= 0) out += ", ran " + ms(task.run_ns()) + " ms";
        out += "]\n";
        ++shown;
    }
    if (model.task_count() > shown) out += "  ... " + std::to_string(model.task_count() - shown) + " more tasks\n";
    return out;
}

std::string render_summary(const RunModel& model, std::optional<double> speedup) {
    const RunStats stats = model.stats();
    std::string out;
    constexpr std::size_t label = 22;
    out += pad("makespan:", label) + ms(stats.makespan_ns) + " ms\n";
    if (speedup) out += pad("speed-up vs 1 worker:", label) + fixed(std::llround(*speedup * 100), 2) + "x\n";
    out += pad("workers:", label) + std::to_string(stats.workers.size()) + " of max_workers=" +
           std::to_string(model.max_workers()) + "\n";
    const auto& lanes = model.lanes();
    for (std::size_t k = 0; k < stats.workers.size(); ++k) {
        out += "  " + lanes[k + 1].name + ": busy " + ms(stats.workers[k].busy_ns) + " ms, " +
               fixed(std::llround(stats.workers[k].utilisation * 1000), 1) + " %\n";
    }
    out += pad("mean queue wait:", label) + ms(stats.mean_queue_wait_ns) + " ms\n";
    out += pad("mean run time:", label) + ms(stats.mean_run_ns) + " ms\n";
    out += pad("peak queue length:", label) + std::to_string(stats.peak_queue_length) + "\n";
    out += pad("tasks:", label) + std::to_string(stats.submitted) + " submitted, " + std::to_string(stats.returned) +
           " returned, " + std::to_string(stats.raised) + " raised, " + std::to_string(stats.cancelled) + " cancelled, " +
           std::to_string(stats.unfinished) + " unfinished\n";
    if (model.deadlocked()) out += pad("deadlock:", label) + "yes\n";
    return out;
}

}  // namespace poolscope
