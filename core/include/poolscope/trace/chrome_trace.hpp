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
/// Same, from text; `source` names it in error messages (e.g. the file name).
RunRecord read_chrome_trace_string(std::string_view json, std::string_view source = "<string>");

}  // namespace poolscope
