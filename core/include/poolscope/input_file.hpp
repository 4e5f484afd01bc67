// poolscope/input_file.hpp — the one way poolscope reads a whole file it was given (lessons, traces,
// bundles; the CLI and the app alike): regular files only, never blocking on a FIFO or a device, and
// never more than a stated size, so a hostile path gives a message instead of a hang or bad_alloc.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace poolscope {

/// A file that cannot be read: the message starts with the path and says why (missing, a directory,
/// a FIFO or device, larger than the cap, an I/O error). Readers rethrow it as their own error type.
class InputFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Caps on what the readers accept (docs/errors.md, docs/lesson-format.md, docs/bundle-format.md).
/// A lesson of a million tasks is about 100 MB of JSON; its recorded run about 2.5 GB.
inline constexpr std::uint64_t max_lesson_file_bytes = std::uint64_t{256} << 20;  // 256 MiB
inline constexpr std::uint64_t max_trace_file_bytes = std::uint64_t{4} << 30;     // 4 GiB (traces, bundles)

/// The whole content of the regular file at `path`, at most `max_bytes` long. Opens without blocking
/// (O_NONBLOCK: a FIFO with no writer does not hang the caller), rejects anything but a regular file,
/// and stops reading past the cap even if the file grows meanwhile. Throws InputFileError.
std::string read_input_file(const std::filesystem::path& path, std::uint64_t max_bytes);

/// "1.5 GiB", "256 MiB", "12 KiB", "300 bytes": sizes in messages.
std::string describe_size(std::uint64_t bytes);

}  // namespace poolscope
