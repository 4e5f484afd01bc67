// bundle_read.cpp — *.poolscope.json -> Bundle. The "poolscope_bundle" object is read into a DOM (the
// rest of the file is skipped while parsing), checked field by field, its lesson text parsed, and the
// record read by the trace reader; every failure is a TraceFormatError naming the file and JSON path.
#include "bundle_detail.hpp"
#include "poolscope/lesson/bundle.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <set>

#include "../json_input.hpp"
#include "../trace/chrome_trace_sax.hpp"
#include "poolscope/input_file.hpp"
#include "poolscope/printable.hpp"

namespace poolscope {

namespace {

using nlohmann::json;
using namespace bundle_detail;

std::string describe(const json& value) {
    switch (value.type()) {
        case json::value_t::object:
            return "an object";
        case json::value_t::array:
            return "an array of " + std::to_string(value.size());
        default:
            break;
    }
    return json_input::excerpt(value, 80);
}

class Reader {
public:
    explicit Reader(std::string_view source) : m_source(source) {}
    const std::string& source() const noexcept { return m_source; }

    [[noreturn]] void fail(const std::string& path, const std::string& message) const {
        throw TraceFormatError(printable(m_source + ": " + (path.empty() ? "" : path + ": ") + message, false));
    }
    [[noreturn]] void bad(const std::string& path, const json& value, std::string_view expected) const {
        fail(path, "expected " + std::string(expected) + ", got " + describe(value));
    }

    const json& object_at(const json& object, const std::string& path, const char* key) const {
        const json& value = member(object, path, key, "an object");
        if (!value.is_object())
            bad(path + "." + key, value, "an object");
        return value;
    }
    const json& member(const json& object, const std::string& path, const char* key,
                       std::string_view expected) const {
        const auto it = object.find(key);
        if (it == object.end())
            fail(path + "." + key, "missing; expected " + std::string(expected));
        return *it;
    }
    /// Typos in hand-edited bundles would otherwise be ignored silently.
    void check_keys(const json& object, const std::string& path,
                    std::initializer_list<const char*> allowed) const {
        for (const auto& item : object.items()) {
            const bool known =
                std::any_of(allowed.begin(), allowed.end(), [&](const char* k) { return item.key() == k; });
            if (known)
                continue;
            std::string list;
            for (const char* k : allowed)
                list += (list.empty() ? "" : ", ") + std::string(k);
            fail(path + "." + json_input::key_text(item.key()), "unknown key (expected one of: " + list + ")");
        }
    }
    std::string string_at(const json& object, const std::string& path, const char* key) const {
        const json& value = member(object, path, key, "a string");
        if (!value.is_string())
            bad(path + "." + key, value, "a string");
        return value.get<std::string>();
    }
    bool bool_at(const json& object, const std::string& path, const char* key) const {
        const json& value = member(object, path, key, "true or false");
        if (!value.is_boolean())
            bad(path + "." + key, value, "true or false");
        return value.get<bool>();
    }
    std::optional<bool> optional_bool_at(const json& object, const std::string& path, const char* key) const {
        const json& value = member(object, path, key, "true, false or null");
        if (value.is_null())
            return std::nullopt;
        if (!value.is_boolean())
            bad(path + "." + key, value, "true, false or null");
        return value.get<bool>();
    }
    std::int64_t int_value(const json& value, const std::string& where, std::int64_t lo,
                           std::int64_t hi) const {
        const std::string expected = "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
        if (value.is_number_unsigned()) {
            if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(hi))
                bad(where, value, expected);
        } else if (!value.is_number_integer()) {
            bad(where, value, expected);
        }
        const auto v = value.get<std::int64_t>();
        if (v < lo || v > hi)
            bad(where, value, expected);
        return v;
    }
    std::optional<std::int64_t> optional_int_at(const json& object, const std::string& path, const char* key,
                                                std::int64_t lo, std::int64_t hi) const {
        const json& value = member(object, path, key, "an integer or null");
        if (value.is_null())
            return std::nullopt;
        return int_value(value, path + "." + key, lo, hi);
    }
    double number_value(const json& value, const std::string& where, double lo, double hi,
                        bool lo_open) const {
        const std::string expected = std::string("a number ") + (lo_open ? "> " : ">= ") +
                                     describe(json(lo)) + " and <= " + describe(json(hi));
        if (!value.is_number())
            bad(where, value, expected);
        const double v = value.get<double>();
        if (!(lo_open ? v > lo : v >= lo) || !(v <= hi))
            bad(where, value, expected);
        return v;
    }

private:
    std::string m_source;
};

LessonVariant read_variant(const Reader& r, const json& v, const std::string& path) {
    r.check_keys(v, path,
                 {"gil", "task_count", "durations_ms", "program", "shutdown_wait", "cancel_futures"});
    LessonVariant out;
    out.gil = r.optional_bool_at(v, path, "gil");
    if (const auto n = r.optional_int_at(v, path, "task_count", 1, task_count_limit))
        out.task_count = static_cast<int>(*n);
    const json& durations = r.member(v, path, "durations_ms", "an array of durations in ms");
    const std::string durations_path = path + ".durations_ms";
    if (!durations.is_array() || durations.size() > static_cast<std::size_t>(task_count_limit))
        r.bad(durations_path, durations, "an array of at most 4096 durations in ms");
    for (std::size_t i = 0; i < durations.size(); ++i)
        out.durations_ms.push_back(r.number_value(
            durations[i], durations_path + "[" + std::to_string(i) + "]", 0.0, duration_limit_ms, false));
    const json& program = r.member(v, path, "program", "a program kind");
    const bool known = program.is_string() &&
                       std::find(std::begin(lesson_variant_programs), std::end(lesson_variant_programs),
                                 program.get<std::string>()) != std::end(lesson_variant_programs);
    if (!known)
        r.bad(path + ".program", program, "one of " + program_list());
    out.program = program.get<std::string>();
    out.shutdown_wait = r.optional_bool_at(v, path, "shutdown_wait");
    out.cancel_futures = r.optional_bool_at(v, path, "cancel_futures");
    return out;
}

BundleSettings read_settings(const Reader& r, const json& s, const std::string& path) {
    r.check_keys(
        s, path,
        {"max_workers", "clock", "speed", "pace", "gil_switch_interval_ns", "variant", "view_time_ns"});
    BundleSettings out;
    if (const auto n = r.optional_int_at(s, path, "max_workers", 1, max_workers_limit))
        out.max_workers = static_cast<int>(*n);
    const json& clock = r.member(s, path, "clock", "a clock name");
    bool found = false;
    for (const LessonClock c : {LessonClock::Virtual, LessonClock::Controllable, LessonClock::Steady}) {
        if (clock.is_string() && clock.get<std::string>() == lesson_clock_name(c)) {
            out.clock = c;
            found = true;
        }
    }
    if (!found)
        r.bad(path + ".clock", clock, "\"virtual\", \"controllable\" or \"steady\"");
    out.speed =
        r.number_value(r.member(s, path, "speed", "a speed factor"), path + ".speed", 0.0, speed_limit, true);
    out.pace = r.bool_at(s, path, "pace");
    out.gil_switch_interval_ns = r.int_value(r.member(s, path, "gil_switch_interval_ns", "an integer"),
                                             path + ".gil_switch_interval_ns", 1, duration_limit_ns);
    out.variant = read_variant(r, r.object_at(s, path, "variant"), path + ".variant");
    out.view_time_ns = r.optional_int_at(s, path, "view_time_ns", -time_limit_ns, time_limit_ns);
    return out;
}

} // namespace

Bundle read_bundle_string(std::string_view text, std::string_view source) {
    const Reader r(source);
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        r.fail("", "the file is empty; expected a poolscope bundle (JSON)");

    // Only the bundle object is kept; the trace around it (most of the file) is skipped while parsing and
    // read by the trace reader below. The top-level keys seen tell what a foreign file is.
    // The SAX capture (not a parse callback: nlohmann's rescans arrays, quadratic for hostile files).
    trace_detail::PoolscopeCapture capture(nullptr, std::string(root_key));
    const bool parsed = json::sax_parse(text.begin(), text.end(), &capture);
    if (capture.too_deep)
        r.fail("", json_input::too_deep_message());
    if (!parsed) {
        const bool at_end = capture.error_byte >= text.size();
        r.fail("", std::string(at_end ? "the JSON ends early (truncated file?)" : "not valid JSON") + " at byte " +
                       std::to_string(capture.error_byte) + ": " +
                       json_input::without_exception_prefix(capture.error_message));
    }
    const std::set<std::string> top_keys(capture.top_keys.begin(), capture.top_keys.end());
    json root = capture.root_is_object ? json::object() : capture.root_value;
    if (capture.found)
        root[std::string(root_key)] = std::move(capture.value);
    const std::string what = "a poolscope bundle (a JSON object with \"" + std::string(root_key) + "\")";
    if (root.is_array()) // the capture keeps no elements of a root it does not read
        r.fail("", "expected " + what + ", got an array");
    if (!root.is_object())
        r.bad("", root, what);
    const auto it = root.find(root_key);
    const std::string path(root_key);
    if (it == root.end()) {
        if (top_keys.count("poolscope"))
            r.fail(path,
                   "missing: this is a poolscope trace, not a bundle: it holds the run without the lesson "
                   "and its settings (name traces *.json, not *" +
                       std::string(bundle_extension) + ")");
        if (top_keys.count("tasks") || top_keys.count("main"))
            r.fail(path,
                   "missing: this looks like a lesson file, not a bundle (run it with `poolscope-cli run`)");
        r.fail(path, "missing: this is not a poolscope bundle; expected the \"" + path +
                         "\" object poolscope writes into *.poolscope.json files");
    }
    const json& b = *it;
    if (!b.is_object())
        r.bad(path, b, "an object");
    // The version first: a newer format may have other keys, and saying so is more useful.
    const json& version = r.member(b, path, "version", "the bundle format version");
    if (!version.is_number_integer() || version.get<std::int64_t>() != bundle_format_version)
        r.bad(path + ".version", version, "version " + std::to_string(bundle_format_version));
    r.check_keys(b, path, {"version", "lesson", "settings"});

    Bundle out;
    const std::string lesson_path = path + ".lesson";
    const json& lesson = r.object_at(b, path, "lesson");
    r.check_keys(lesson, lesson_path, {"id", "source", "text"});
    out.lesson_id = r.string_at(lesson, lesson_path, "id");
    out.lesson_source = r.string_at(lesson, lesson_path, "source");
    out.lesson_text = r.string_at(lesson, lesson_path, "text");
    if (out.lesson_text.size() > max_lesson_file_bytes)
        r.fail(lesson_path + ".text", "is " + describe_size(out.lesson_text.size()) + "; a lesson is at most " +
                                          describe_size(max_lesson_file_bytes));
    out.settings = read_settings(r, r.object_at(b, path, "settings"), path + ".settings");
    try {
        (void)parse_lesson(out.lesson_text, r.source() + ": " + lesson_path + ".text", out.lesson_id);
    } catch (const LessonError& error) {
        throw TraceFormatError(error.what());  // already names the file and the path, escaped
    }

    out.record = read_chrome_trace_string(text, source);
    if (out.record.lesson != out.lesson_id)
        r.fail("poolscope.lesson", "expected the bundle's lesson id \"" + out.lesson_id + "\", got \"" +
                                       out.record.lesson + "\" (the run is of another lesson)");
    return out;
}

Bundle load_bundle(const std::filesystem::path& path) {
    return read_bundle_string(read_trace_text(path.string()), path.string());
}

} // namespace poolscope
