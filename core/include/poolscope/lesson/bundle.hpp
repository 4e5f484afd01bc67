// poolscope/lesson/bundle.hpp — a lesson bundle (*.poolscope.json): the lesson's JSON text, the settings
// the run used and the recorded RunRecord in one file, so a run can be shared and reopened exactly as it
// was, without running anything. The file is also a valid Chrome trace (Perfetto, read_chrome_trace):
// a "poolscope_bundle" object is added in front of the trace writer's output. Format: docs/bundle-format.md.
#pragma once

#include "poolscope/lesson/lesson.hpp"
#include "poolscope/lesson/runner.hpp"
#include "poolscope/trace/chrome_trace.hpp"
#include "poolscope/trace/run_record.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace poolscope {

/// What bundle files are called: "run.poolscope.json".
inline constexpr std::string_view bundle_extension = ".poolscope.json";
/// "poolscope_bundle": {"version": ...}; the reader accepts exactly this one.
inline constexpr int bundle_format_version = 1;

/// How the lesson was changed before the run (the desktop app's Controls panel; see
/// app/gui/lesson_settings.hpp). Core only stores these: the app applies them to the lesson text.
/// Every field left empty means "as the lesson file says".
struct LessonVariant {
    std::optional<bool> gil;
    std::optional<int> task_count;      // >= 1
    std::vector<double> durations_ms;   // [task]: total of its I/O and CPU steps; empty = the lesson's
    std::string program = "as_written"; // "as_written", "map", "submit_result", "as_completed", "wait"
    std::optional<bool> shutdown_wait;
    std::optional<bool> cancel_futures;

    bool operator==(const LessonVariant&) const = default;
};

/// The program kinds LessonVariant::program accepts, in the app's menu order.
inline constexpr std::string_view lesson_variant_programs[] = {"as_written", "map", "submit_result",
                                                               "as_completed", "wait"};

/// Everything about how the run was made that is not in the lesson text (RunOptions minus its live-only
/// pointers, the lesson variant) and where the viewer was looking.
struct BundleSettings {
    std::optional<int> max_workers;           // RunOptions::max_workers: overrides the lesson's (>= 1)
    LessonClock clock = LessonClock::Virtual; // the clock asked for; RunRecord::clock says which ran
    double speed = 1.0;                       // RunOptions::speed (> 0)
    bool pace = false;                        // RunOptions::pace
    std::int64_t gil_switch_interval_ns = SimulatedGil::default_switch_interval.count() * 1'000'000;
    LessonVariant variant;
    std::optional<std::int64_t> view_time_ns; // the time the viewer had selected; nullopt = the end

    bool operator==(const BundleSettings&) const = default;
};

/// The settings part of `options` (its sink and external clock are live objects and are not kept).
BundleSettings bundle_settings(const RunOptions& options);
/// RunOptions that repeat the run (no sink, no external clock).
RunOptions run_options(const BundleSettings& settings);

struct Bundle {
    std::string lesson_id;     // Lesson::id, e.g. "01-map-three-sites" ("" for a lesson from a string)
    std::string lesson_source; // where the lesson was read from when the bundle was made (informative)
    std::string lesson_text;   // the lesson file's JSON text, byte for byte
    BundleSettings settings;
    RunRecord record;
};

/// A bundle of the lesson file at `lesson_file` (its text is read now), `options` and `record`.
/// Throws LessonError when the file cannot be read or is not a valid lesson.
Bundle make_bundle(const std::filesystem::path& lesson_file, const RunOptions& options, RunRecord record);

/// The bundle's lesson, parsed from lesson_text (Lesson::id = lesson_id). Throws LessonError.
Lesson bundle_lesson(const Bundle& bundle);

/// Deterministic: the same bundle gives the same bytes. Throws LessonError if lesson_text is not a valid
/// lesson and std::invalid_argument for settings out of range: a bundle that could not be loaded back is
/// never written.
std::string to_bundle_json(const Bundle& bundle);
/// Writes to_bundle_json(bundle) to `path`; also throws std::runtime_error naming the path on I/O errors.
void save_bundle(const std::filesystem::path& path, const Bundle& bundle);

/// Reads a bundle. Throws TraceFormatError naming the source, the JSON path, the bad value and what was
/// expected: for unreadable, empty, truncated or non-JSON files, JSON that is not a bundle (a lesson, a
/// plain trace), an unknown version, bad settings, an embedded lesson that does not parse, or a record
/// that does not belong to the lesson.
Bundle read_bundle_string(std::string_view json, std::string_view source = "<string>");
Bundle load_bundle(const std::filesystem::path& path);

/// True when `path` ends in bundle_extension.
bool has_bundle_extension(std::string_view path) noexcept;

} // namespace poolscope
