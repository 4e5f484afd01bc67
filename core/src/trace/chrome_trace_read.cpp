// chrome_trace_read.cpp — poolscope trace file -> RunRecord. Only the top-level "poolscope" object is
// read (traceEvents is derived from it); every field is checked, and anything wrong becomes a
// TraceFormatError naming the source, the JSON path, the value found and what was expected.
#include <limits>

#include <nlohmann/json.hpp>

#include "chrome_trace_sax.hpp"
#include "poolscope/printable.hpp"
#include "trace_check.hpp"
#include "poolscope/input_file.hpp"
#include "poolscope/trace/chrome_trace.hpp"

namespace poolscope {

namespace {

using nlohmann::json;

std::string describe(const json& value) {
    switch (value.type()) {
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array of " + std::to_string(value.size());
    default: break;
    }
    return json_input::excerpt(value, 80);
}

// Strings a trace holds: what a lesson run can write, with room to spare (texts are drawn by the app).
constexpr std::size_t max_name_bytes = 1'000;          // title, lesson id, thread_name_prefix
constexpr std::size_t max_text_bytes = 16 * 1024 * 1024;  // task names and results, output, program lines

std::string kind_names() {
    std::string names;
    for (int k = 0; k < static_cast<int>(EventKind::Count_); ++k) {
        if (k > 0) names += ", ";
        names += event_kind_name(static_cast<EventKind>(k));
    }
    return names;
}

class Reader {
public:
    explicit Reader(std::string_view source) : m_source(source) {}

    [[noreturn]] void fail(const std::string& path, const std::string& message) const {
        throw TraceFormatError(printable(m_source + ": " + (path.empty() ? "" : path + ": ") + message, false));
    }
    [[noreturn]] void bad(const std::string& path, const json& value, std::string_view expected) const {
        fail(path, "expected " + std::string(expected) + ", got " + describe(value));
    }

    const json& member(const json& object, const std::string& path, const char* key, std::string_view expected) const {
        auto it = object.find(key);
        if (it == object.end()) fail(path + "." + key, "missing; expected " + std::string(expected));
        return *it;
    }

    std::string string_at(const json& object, const std::string& path, const char* key,
                          std::size_t max_bytes = max_name_bytes) const {
        const json& value = member(object, path, key, "a string");
        if (!value.is_string()) bad(path + "." + key, value, "a string");
        check_length(value, path + "." + key, max_bytes);
        return value.get<std::string>();
    }

    void check_length(const json& value, const std::string& where, std::size_t max_bytes) const {
        const std::size_t size = value.get_ref<const std::string&>().size();
        if (size > max_bytes)
            fail(where, "is " + std::to_string(size) + " bytes long; the limit is " + std::to_string(max_bytes) +
                            " bytes (got " + describe(value) + ")");
    }

    std::int64_t int_at(const json& object, const std::string& path, const char* key, std::int64_t min,
                        std::int64_t max) const {
        const std::string where = path + "." + key;
        const json& value = member(object, path, key, "an integer");
        const std::string expected = "an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
        if (value.is_number_unsigned()) {
            const auto u = value.get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(max)) bad(where, value, expected);
            return static_cast<std::int64_t>(u);
        }
        if (!value.is_number_integer()) bad(where, value, expected);
        const auto i = value.get<std::int64_t>();
        if (i < min || i > max) bad(where, value, expected);
        return i;
    }

    std::uint64_t uint_at(const json& object, const std::string& path, const char* key) const {
        const json& value = member(object, path, key, "a non-negative integer");
        if (!value.is_number_unsigned()) bad(path + "." + key, value, "a non-negative integer");
        return value.get<std::uint64_t>();
    }

    std::vector<std::string> strings_at(const json& object, const std::string& path, const char* key) const {
        const std::string where = path + "." + key;
        const json& value = member(object, path, key, "an array of strings");
        if (!value.is_array()) bad(where, value, "an array of strings");
        std::vector<std::string> items;
        items.reserve(value.size());
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (!value[i].is_string()) bad(where + "[" + std::to_string(i) + "]", value[i], "a string");
            check_length(value[i], where + "[" + std::to_string(i) + "]", max_text_bytes);
            items.push_back(value[i].get<std::string>());
        }
        return items;
    }

    Event event_at(const json& value, const std::string& path) const {
        if (!value.is_object()) bad(path, value, "an event object");
        Event e{};
        constexpr auto i64 = std::numeric_limits<std::int64_t>::max();
        // +-2^61 ns (73 years) either way: differences of two times must still fit in 64 bits.
        constexpr std::int64_t time_limit = std::int64_t{1} << 61;
        e.time_ns = int_at(value, path, "time_ns", -time_limit, time_limit);
        e.sequence = uint_at(value, path, "sequence");
        const json& kind = member(value, path, "kind", "an event kind name");
        if (!kind.is_string() || !event_kind_from_name(kind.get<std::string>(), e.kind))
            bad(path + ".kind", kind, "an event kind (one of " + kind_names() + ")");
        e.executor = static_cast<std::uint32_t>(int_at(value, path, "executor", 0, std::numeric_limits<std::uint32_t>::max()));
        e.thread = static_cast<std::int32_t>(int_at(value, path, "thread", std::numeric_limits<std::int32_t>::min(),
                                                    std::numeric_limits<std::int32_t>::max()));
        e.task = uint_at(value, path, "task");
        e.value = int_at(value, path, "value", std::numeric_limits<std::int64_t>::min(), i64);
        e.flags = static_cast<std::uint8_t>(int_at(value, path, "flags", 0, 255));
        e.reserved = static_cast<std::uint16_t>(int_at(value, path, "reserved", 0, 65535));
        return e;
    }

    /// `events` / `events_error`: poolscope.events as the capture already read it (its first bad element's
    /// message, "" if none); the DOM's array is empty.
    RunRecord record_from(const json& root, std::vector<Event>&& events, const std::string& events_error) const {
        if (!root.is_object()) bad("", root, "a JSON object with \"traceEvents\" and \"poolscope\"");
        auto it = root.find("poolscope");
        if (it == root.end())
            fail("poolscope", "missing: this is not a poolscope trace (a plain Chrome trace has only "
                              "\"traceEvents\"); expected the \"poolscope\" object poolscope writes");
        const json& p = *it;
        const std::string path = "poolscope";
        if (!p.is_object()) bad(path, p, "an object");
        const json& version = member(p, path, "version", "the format version");
        if (!version.is_number_integer() || version.get<std::int64_t>() != chrome_trace_format_version)
            bad(path + ".version", version, "version " + std::to_string(chrome_trace_format_version));

        RunRecord r;
        r.lesson = string_at(p, path, "lesson");
        r.title = string_at(p, path, "title");
        r.clock = string_at(p, path, "clock");
        if (r.clock != "virtual" && r.clock != "controllable" && r.clock != "steady")
            bad(path + ".clock", p["clock"], "\"virtual\", \"controllable\" or \"steady\"");
        r.max_workers = static_cast<int>(int_at(p, path, "max_workers", 0, trace_detail::max_workers_limit));
        r.thread_name_prefix = string_at(p, path, "thread_name_prefix");
        r.dropped_events = uint_at(p, path, "dropped_events");
        r.deadlock_report = string_at(p, path, "deadlock_report", max_text_bytes);
        r.task_names = strings_at(p, path, "task_names");
        r.task_results = strings_at(p, path, "task_results");
        r.output = strings_at(p, path, "output");
        r.program = strings_at(p, path, "program");
        const json& events_value = member(p, path, "events", "an array of events");
        if (!events_value.is_array()) bad(path + ".events", events_value, "an array of events");
        if (!events_error.empty()) throw TraceFormatError(events_error);
        r.events = std::move(events);
        trace_detail::check_record(r, m_source);
        return r;
    }

private:
    std::string m_source;
};

}  // namespace

RunRecord read_chrome_trace_string(std::string_view text, std::string_view source) {
    const Reader reader(source);
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        reader.fail("", "the file is empty; expected a poolscope trace (JSON)");
    // Events are checked as they stream past; only the first problem is kept, and reported after the
    // fields that come before "events" in the object were checked (as if the whole DOM had been built).
    std::vector<Event> events;
    std::string events_error;
    trace_detail::PoolscopeCapture capture([&](std::size_t index, const json& element) {
        if (index == 0) {
            events.clear();
            events_error.clear();
        }
        if (!events_error.empty()) return;
        try {
            events.push_back(reader.event_at(element, "poolscope.events[" + std::to_string(index) + "]"));
        } catch (const TraceFormatError& error) {
            events_error = error.what();
        }
    });
    const bool ok = json::sax_parse(text.begin(), text.end(), &capture);
    if (capture.too_deep) reader.fail("", json_input::too_deep_message());
    if (!ok) {
        const bool at_end = capture.error_byte >= text.size();
        reader.fail("", std::string(at_end ? "the JSON ends early (truncated file?)" : "not valid JSON") + " at byte " +
                            std::to_string(capture.error_byte) + ": " + json_input::without_exception_prefix(capture.error_message));
    }
    if (!capture.root_is_object) reader.bad("", capture.root_value, "a JSON object with \"traceEvents\" and \"poolscope\"");
    json root = json::object();
    if (capture.found) root["poolscope"] = std::move(capture.value);
    return reader.record_from(root, std::move(events), events_error);
}

std::string read_trace_text(const std::string& path) {
    try {
        return read_input_file(path, max_trace_file_bytes);
    } catch (const InputFileError& e) {
        throw TraceFormatError(printable(e.what(), false));
    }
}

RunRecord read_chrome_trace(const std::string& path) { return read_chrome_trace_string(read_trace_text(path), path); }

}  // namespace poolscope
