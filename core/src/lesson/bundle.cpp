// bundle.cpp — making and writing lesson bundles (bundle_read.cpp reads them). The bundle object is built
// with nlohmann's ordered_json (fixed key order, round-trip doubles) and put in front of the Chrome trace
// writer's output, so a bundle is that trace plus one key and still opens in Perfetto.
#include "poolscope/lesson/bundle.hpp"

#include "bundle_detail.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace poolscope {

namespace {

using nlohmann::ordered_json;

template <typename T>
ordered_json optional_value(const std::optional<T>& value) {
    return value ? ordered_json(*value) : ordered_json(nullptr);
}

/// The same limits the reader enforces, so save never writes what load would reject.
void check_settings(const BundleSettings& s) {
    using namespace bundle_detail;
    const auto bad = [](const std::string& what) { throw std::invalid_argument("bundle settings: " + what); };
    if (s.max_workers && (*s.max_workers < 1 || *s.max_workers > max_workers_limit))
        bad("max_workers " + std::to_string(*s.max_workers) + " is not in [1, 1024]");
    if (!(s.speed > 0.0 && s.speed <= speed_limit))
        bad("speed must be > 0 and <= 1000");
    if (s.gil_switch_interval_ns < 1 || s.gil_switch_interval_ns > duration_limit_ns)
        bad("gil_switch_interval_ns must be in [1, 3600000000000]");
    if (s.view_time_ns && (*s.view_time_ns < -time_limit_ns || *s.view_time_ns > time_limit_ns))
        bad("view_time_ns is out of range");
    const LessonVariant& v = s.variant;
    if (v.task_count && (*v.task_count < 1 || *v.task_count > task_count_limit))
        bad("variant.task_count must be in [1, 4096]");
    if (v.durations_ms.size() > static_cast<std::size_t>(task_count_limit))
        bad("variant.durations_ms is too long");
    for (double ms : v.durations_ms)
        if (!(ms >= 0.0 && ms <= duration_limit_ms))
            bad("variant.durations_ms has a value outside [0, 3600000]");
    if (std::find(std::begin(lesson_variant_programs), std::end(lesson_variant_programs), v.program) ==
        std::end(lesson_variant_programs))
        bad("variant.program '" + v.program + "' is not one of " + program_list());
}

ordered_json settings_json(const BundleSettings& s) {
    ordered_json variant = ordered_json::object();
    variant["gil"] = optional_value(s.variant.gil);
    variant["task_count"] = optional_value(s.variant.task_count);
    variant["durations_ms"] = s.variant.durations_ms;
    variant["program"] = s.variant.program;
    variant["shutdown_wait"] = optional_value(s.variant.shutdown_wait);
    variant["cancel_futures"] = optional_value(s.variant.cancel_futures);

    ordered_json j = ordered_json::object();
    j["max_workers"] = optional_value(s.max_workers);
    j["clock"] = lesson_clock_name(s.clock);
    j["speed"] = s.speed;
    j["pace"] = s.pace;
    j["gil_switch_interval_ns"] = s.gil_switch_interval_ns;
    j["variant"] = std::move(variant);
    j["view_time_ns"] = optional_value(s.view_time_ns);
    return j;
}

} // namespace

namespace bundle_detail {
std::string program_list() {
    std::string list;
    for (std::string_view p : lesson_variant_programs)
        list += (list.empty() ? "\"" : ", \"") + std::string(p) + "\"";
    return list;
}
} // namespace bundle_detail

BundleSettings bundle_settings(const RunOptions& options) {
    BundleSettings s;
    s.max_workers = options.max_workers;
    s.clock = options.clock;
    s.speed = options.speed;
    s.pace = options.pace;
    s.gil_switch_interval_ns = options.gil_switch_interval.count();
    return s;
}

RunOptions run_options(const BundleSettings& settings) {
    RunOptions o;
    o.max_workers = settings.max_workers;
    o.clock = settings.clock;
    o.speed = settings.speed;
    o.pace = settings.pace;
    o.gil_switch_interval = std::chrono::nanoseconds(settings.gil_switch_interval_ns);
    return o;
}

Bundle make_bundle(const std::filesystem::path& lesson_file, const RunOptions& options, RunRecord record) {
    const std::string text = read_lesson_text(lesson_file);
    Bundle b;
    b.lesson_id = lesson_file.stem().string();
    // Only the file name: the bundle must not depend on (or reveal) where the lesson lived.
    b.lesson_source = lesson_file.filename().string();
    b.lesson_text = text;
    b.settings = bundle_settings(options);
    b.record = std::move(record);
    (void)parse_lesson(b.lesson_text, lesson_file.string(), b.lesson_id);
    return b;
}

Lesson bundle_lesson(const Bundle& bundle) {
    return parse_lesson(bundle.lesson_text, bundle.lesson_source.empty() ? "<bundle>" : bundle.lesson_source,
                        bundle.lesson_id);
}

std::string to_bundle_json(const Bundle& bundle) {
    (void)bundle_lesson(bundle); // throws LessonError: never write a bundle that cannot be loaded
    check_settings(bundle.settings);
    if (bundle.record.lesson != bundle.lesson_id)
        throw std::invalid_argument("bundle: the record is of lesson '" + bundle.record.lesson +
                                    "' but the bundle's lesson is '" + bundle.lesson_id + "'");

    ordered_json lesson = ordered_json::object();
    lesson["id"] = bundle.lesson_id;
    lesson["source"] = bundle.lesson_source;
    lesson["text"] = bundle.lesson_text;
    ordered_json head = ordered_json::object();
    head["version"] = bundle_format_version;
    head["lesson"] = std::move(lesson);
    head["settings"] = settings_json(bundle.settings);

    std::string trace = to_chrome_trace(bundle.record);
    if (trace.empty() || trace.front() != '{')
        throw std::logic_error("bundle: the trace writer did not write an object");
    // replace: record texts are written by the trace writer byte for byte, so invalid UTF-8 must not
    // make the head (lesson texts already passed the lesson parser) throw halfway through a save.
    std::string text = "{\"" + std::string(bundle_detail::root_key) +
                       "\":" + head.dump(1, ' ', false, ordered_json::error_handler_t::replace) + ",\n";
    text.append(trace, 1, std::string::npos);
    return text;
}

void save_bundle(const std::filesystem::path& path, const Bundle& bundle) {
    const std::string text = to_bundle_json(bundle);
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file)
        throw std::runtime_error(path.string() + ": cannot open for writing");
    file << text;
    file.flush();
    if (!file)
        throw std::runtime_error(path.string() + ": write failed");
}

bool has_bundle_extension(std::string_view path) noexcept {
    return path.size() >= bundle_extension.size() &&
           path.substr(path.size() - bundle_extension.size()) == bundle_extension;
}

} // namespace poolscope
