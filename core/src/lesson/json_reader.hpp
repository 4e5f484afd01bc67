// json_reader.hpp — private helpers for reading lesson JSON with precise error messages: every failure
// names the source, the JSON path, the bad value and what was expected. Used by parse.cpp only; keeps
// nlohmann out of the public headers.
#pragma once

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

#include "../json_input.hpp"
#include "poolscope/lesson/lesson.hpp"

namespace poolscope::lesson_detail {

using Json = nlohmann::json;

class JsonReader {
public:
    explicit JsonReader(std::string source) : m_source(std::move(source)) {}

    const std::string& source() const noexcept { return m_source; }

    /// "<source>: <path>: got <value>, expected <expected>". Messages never hold control characters
    /// (a name from the file may): they are escaped, so a message prints whole and inert.
    [[noreturn]] void fail(std::string_view path, const Json& value, std::string_view expected) const {
        throw LessonError(printable(m_source + ": " + std::string(path) + ": got " + json_input::excerpt(value) +
                                        ", expected " + std::string(expected),
                                    false));
    }
    /// "<source>: <path>: <problem>" for errors that are not about one value's type.
    [[noreturn]] void fail_because(std::string_view path, std::string_view problem) const {
        throw LessonError(printable(m_source + ": " + std::string(path) + ": " + std::string(problem), false));
    }

    static std::string join(std::string_view path, std::string_view key) {
        return path.empty() ? std::string(key) : std::string(path) + "." + std::string(key);
    }
    static std::string index(std::string_view path, std::size_t i) {
        return std::string(path) + "[" + std::to_string(i) + "]";
    }

    void require_object(const Json& value, std::string_view path, std::string_view expected) const {
        if (!value.is_object()) fail(path, value, expected);
    }

    /// Rejects keys outside `allowed` (typos would otherwise be silently ignored).
    void check_keys(const Json& object, std::string_view path, std::initializer_list<std::string_view> allowed) const {
        for (const auto& [key, value] : object.items()) {
            bool known = false;
            for (std::string_view name : allowed) known = known || key == name;
            if (known) continue;
            std::string list;
            for (std::string_view name : allowed) list += (list.empty() ? "" : ", ") + std::string(name);
            fail_because(join(path, json_input::key_text(key)), "unknown key (expected one of: " + list + ")");
        }
    }

    /// The member or nullptr when absent.
    static const Json* member(const Json& object, std::string_view key) {
        const auto it = object.find(std::string(key));
        return it == object.end() ? nullptr : &*it;
    }

    const Json& required(const Json& object, std::string_view path, std::string_view key,
                         std::string_view expected) const {
        const Json* value = member(object, key);
        if (value == nullptr) fail_because(join(path, key), "missing; expected " + std::string(expected));
        return *value;
    }

    /// A string of at most `max_bytes` (lesson_limits::text_bytes unless said otherwise).
    std::string string_value(const Json& value, std::string_view path, bool allow_empty = true,
                             std::size_t max_bytes = lesson_limits::text_bytes) const {
        if (!value.is_string() || (!allow_empty && value.get_ref<const std::string&>().empty()))
            fail(path, value, allow_empty ? "a string" : "a non-empty string");
        const std::string& text = value.get_ref<const std::string&>();
        if (text.size() > max_bytes)
            fail_because(path, "is " + std::to_string(text.size()) + " bytes long; the limit is " +
                                   std::to_string(max_bytes) + " bytes (got " + json_input::excerpt(value) + ")");
        return text;
    }

    /// A string shown as one line (a title, a prefix): no control characters, no line breaks.
    std::string line_value(const Json& value, std::string_view path, bool allow_empty, std::size_t max_bytes) const {
        std::string text = string_value(value, path, allow_empty, max_bytes);
        if (has_control_character(text)) fail(path, value, "one line of text without control characters");
        return text;
    }

    /// An array of at most `max_items` elements.
    void check_count(const Json& array, std::string_view path, std::size_t max_items, std::string_view what) const {
        if (array.is_array() && array.size() > max_items)
            fail_because(path, "has " + std::to_string(array.size()) + " " + std::string(what) + "; the limit is " +
                                   std::to_string(max_items));
    }

    bool bool_value(const Json& value, std::string_view path) const {
        if (!value.is_boolean()) fail(path, value, "true or false");
        return value.get<bool>();
    }

    std::int64_t int_value(const Json& value, std::string_view path, std::int64_t lo, std::int64_t hi,
                           std::string_view expected) const {
        if (value.is_number_unsigned()) {
            const auto v = value.get<std::uint64_t>();
            if (v > static_cast<std::uint64_t>(hi) || static_cast<std::int64_t>(v) < lo) fail(path, value, expected);
            return static_cast<std::int64_t>(v);
        }
        if (!value.is_number_integer()) fail(path, value, expected);
        const auto v = value.get<std::int64_t>();
        if (v < lo || v > hi) fail(path, value, expected);
        return v;
    }

    /// Milliseconds: a number in [0, 3600000] (one hour caps lessons meant to be watched).
    double ms_value(const Json& value, std::string_view path, std::string_view expected) const {
        if (!value.is_number()) fail(path, value, expected);
        const double v = value.get<double>();
        if (!(v >= 0.0 && v <= 3'600'000.0)) fail(path, value, expected);
        return v;
    }

private:
    std::string m_source;
};

inline constexpr std::string_view duration_expected = "a duration in ms: a number from 0 to 3600000 or {\"random_ms\": [lo, hi]}";

inline DurationSpec read_duration(const JsonReader& r, const Json& value, const std::string& path) {
    if (value.is_object()) {
        r.check_keys(value, path, {"random_ms"});
        const Json& range = r.required(value, path, "random_ms", "[lo, hi] in ms");
        const std::string range_path = JsonReader::join(path, "random_ms");
        if (!range.is_array() || range.size() != 2) r.fail(range_path, range, "[lo, hi] in ms with 0 <= lo <= hi");
        DurationSpec spec;
        spec.random = true;
        spec.lo_ms = r.ms_value(range[0], JsonReader::index(range_path, 0), "a number of ms from 0 to 3600000");
        spec.hi_ms = r.ms_value(range[1], JsonReader::index(range_path, 1), "a number of ms from 0 to 3600000");
        if (spec.hi_ms < spec.lo_ms) r.fail(range_path, range, "[lo, hi] with lo <= hi");
        return spec;
    }
    const double ms = r.ms_value(value, path, duration_expected);
    return DurationSpec{ms, ms, false};
}

}  // namespace poolscope::lesson_detail
