// poolscope/printable.hpp — text from files (titles, names, keys, printed lines) made safe to show on a
// terminal or in a message: control characters (ESC, OSC, NUL, C1) and invalid UTF-8 are written as
// visible escapes, so a file can neither drive the terminal nor cut a message short.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace poolscope {

/// `text` with every control character written as an escape: C0 bytes and DEL as "\x1b", C1 code
/// points (U+0080..U+009F, which some terminals obey like ESC sequences) as "\u009b", and bytes that
/// are not UTF-8 as "\xff". Newlines and tabs are kept when `keep_line_breaks` (multi-line output).
/// Valid printable UTF-8 passes through unchanged.
std::string printable(std::string_view text, bool keep_line_breaks = true);

/// The first `max_bytes` of `text` (cut at a UTF-8 character boundary) followed by "...", or `text`
/// itself when it is not longer: values quoted in messages stay short.
std::string shortened(std::string_view text, std::size_t max_bytes);

/// True when `text` has a control character (C0, DEL or C1); `allowed` lists C0 bytes to permit
/// (e.g. "\n\t").
bool has_control_character(std::string_view text, std::string_view allowed = {});

}  // namespace poolscope
