// trace_check.hpp — private to the trace reader: a RunRecord read from a file must be one that a run
// could have recorded before anything draws it. Every event is checked in order; the first one that
// cannot be (time going back, a sequence repeated, a thread or task no run has, an index past the texts)
// is reported with its index, so a viewer never draws nonsense or allocates by a number from a file.
#pragma once

#include <cstdint>
#include <string>

#include "poolscope/trace/run_record.hpp"

namespace poolscope::trace_detail {

/// Most workers a trace may have (as the lesson format's max_workers); lanes are allocated per worker.
inline constexpr int max_workers_limit = 1024;

/// Throws TraceFormatError "<source>: poolscope.events[i].<field>: ..." for the first inconsistent
/// event. With dropped_events > 0 only what holds despite gaps is checked (order, bounds); without
/// drops, also cause before effect: a task is submitted before anything else happens to it, a worker
/// is spawned before it runs anything.
void check_record(const RunRecord& record, const std::string& source);

}  // namespace poolscope::trace_detail
