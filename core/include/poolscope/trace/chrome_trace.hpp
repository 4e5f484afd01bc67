// poolscope/trace/chrome_trace.hpp — RunRecord <-> Chrome Trace Event JSON (opens in Perfetto and
// chrome://tracing). The file also carries a top-level "poolscope" object with the whole RunRecord, so
// reading poolscope's own files back is lossless; the traceEvents part is only for the viewers.
#pragma once

#include <iosfwd>
#include <stdexcept>
#include <string>
#include <string_view>

#include "poolscope/trace/run_record.hpp"

namespace poolscope {

// What the viewers see (pid 1; tid 1 = MainThread, tid 2 + k = worker k, 1000 + tid = that lane's GIL
// track; "ts"/"dur" in us with ns precision; events sorted by ts, metadata first):
//   M  process_name (lesson title), thread_name (CPython names), thread_sort_index
//   X  one per task run on its worker ("cat":"task", args task_id, submit_us, queue_wait_us, result,
//      outcome); steps ("step": io/cpu), blocking waits ("wait"), GIL waits/holds ("gil"); a zero-length
//      "submit <task>" slice on the submitter's lane for the flow to bind to
//   b/e  "queued" async slice per submitted task ("cat":"queue", id = task id), submit -> dequeue
//   s/f  flow from the submit to the task's start ("cat":"flow", id = task id, "bp":"e")
//   i  ("s":"t") submit, map_yield, cancel, result, shutdown_begin/end, output, program_line, deadlock
//   C  "queue length" {queued}, "busy workers" {busy}
// The "poolscope" object: version, lesson, title, clock, max_workers, thread_name_prefix, dropped_events,
// deadlock_report, task_names, task_results, output, program, events[{time_ns, sequence, kind (the
// event_kind_name), executor, thread, task, value, flags, reserved}].

/// Format version written into "poolscope": {"version": ...}; the reader accepts exactly this one.
inline constexpr int chrome_trace_format_version = 1;

/// A trace file that cannot be read: the message names the source, the JSON path
/// (e.g. "poolscope.events[12].kind"), the bad value and what was expected.
class TraceFormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Deterministic: the same record gives byte-identical output (fixed key order and number format).
std::string to_chrome_trace(const RunRecord& record);
void write_chrome_trace(const RunRecord& record, std::ostream& out);
/// Writes to `path`; throws std::runtime_error naming the path if it cannot be written.
void write_chrome_trace_file(const RunRecord& record, const std::string& path);

/// Reads a file written by write_chrome_trace. Throws TraceFormatError (also for an unreadable file).
RunRecord read_chrome_trace(const std::string& path);
/// The text of a trace or bundle file, read with read_input_file() (regular files up to
/// max_trace_file_bytes). Throws TraceFormatError naming the file.
std::string read_trace_text(const std::string& path);
/// Same, from text; `source` names it in error messages (e.g. the file name).
RunRecord read_chrome_trace_string(std::string_view json, std::string_view source = "<string>");

}  // namespace poolscope
