// synthetic_run.hpp — builds a plausible RunRecord without running anything: `tasks` map() calls on
// `workers` workers, FIFO, deterministic pseudo-random durations. Used by --bench-frames and the panel
// tests to get 100 000-task runs in milliseconds; the events follow the executor's real order rules.
#pragma once

#include <cstddef>
#include <cstdint>

#include "poolscope/trace/run_record.hpp"

namespace poolscope::gui {

/// `raise_every`: every n-th task raises (0 = none).
RunRecord make_synthetic_run(std::size_t tasks, int workers, std::uint64_t seed = 1, std::size_t raise_every = 0);

}  // namespace poolscope::gui
