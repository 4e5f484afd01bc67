// poolscope/trace/text_report.hpp — the plain-text renderings the CLI prints: an ASCII timeline (one
// row per lane, one letter per task) and a summary (makespan, speed-up, utilisation, queue waits).
// Deterministic and ASCII-only, so they can be compared in tests and piped anywhere.
#pragma once

#include <optional>
#include <string>

#include "poolscope/trace/run_model.hpp"

namespace poolscope {

/// One row per lane (MainThread first, then the workers), the run's time span scaled to `width` columns
/// (clamped to [10, 1000]). A task is drawn with its symbol (A-Z, a-z, 0-9 by task id, cycling); '.'
/// marks columns where the worker idles, ' ' before spawn/after exit. MainThread shows '|' at submits,
/// '#' while blocked in a wait. Below: a queue row (queue length per column, '+' for >= 10), an axis
/// with ms labels and a legend of symbols -> task names.
std::string render_timeline(const RunModel& model, int width);

/// Makespan, speed-up over one worker (when given), per-worker utilisation %, mean queue wait vs mean
/// run time, peak queue length, task outcomes.
std::string render_summary(const RunModel& model, std::optional<double> speedup = std::nullopt);

/// The symbol render_timeline uses for a task id.
char task_symbol(std::uint64_t id) noexcept;

}  // namespace poolscope
