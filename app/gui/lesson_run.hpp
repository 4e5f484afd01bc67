// lesson_run.hpp — thin adapter between the GUI and core's run_lesson(): starts a paced live run of a
// lesson on a LiveRun, and does the instant (unpaced virtual) runs the GUI needs up front: one for the
// texts (printed output, results) the live run will produce, one with max_workers=1 for the speed-up.
#pragma once

#include <memory>

#include "live_run.hpp"
#include "poolscope/lesson/lesson.hpp"
#include "poolscope/trace/run_record.hpp"

namespace poolscope::gui {

/// Runs `lesson` instantly on a fresh VirtualClock (deterministic: a paced run prints the same lines).
RunRecord run_lesson_instantly(const Lesson& lesson);
/// Metadata of the run: names, results, output and program texts of `instant`, without its events.
RunRecord metadata_of(const RunRecord& instant);
/// Starts `lesson` on a background thread, paced by a VirtualClock the GUI controls.
std::unique_ptr<LiveRun> start_live_lesson(const Lesson& lesson, RunRecord metadata, LiveRun::Options options);

}  // namespace poolscope::gui
