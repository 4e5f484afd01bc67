// json_input.hpp — private to core's JSON readers (lessons, traces, bundles): how deep a file may nest,
// and short excerpts of values for error messages. A message never dumps a whole value: a 100 MB string
// or a deeply nested array is quoted as its first few dozen characters.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "poolscope/printable.hpp"

namespace poolscope::json_input {

/// Deepest nesting of arrays and objects any poolscope file accepts. Lessons nest 6 levels, traces 5;
/// without a bound, a file of 65,000 "[" exhausts the stack of whatever walks the value recursively.
inline constexpr int max_depth = 64;

inline std::string too_deep_message() {
    return "the JSON nests arrays and objects deeper than " + std::to_string(max_depth) +
           " levels; poolscope files nest fewer than 10";
}

/// Thrown by the readers' parse callbacks when a file nests deeper than max_depth (caught by the
/// reader that parses, which names the file).
struct TooDeep {
    std::size_t depth = 0;
};

/// The whole text as a DOM, as json::parse gives it (same exceptions), but throwing TooDeep past
/// max_depth. Not a parse callback: nlohmann 3.11's callback parser rescans the parent array at the end
/// of every object, which made 200,000 tasks take 20 s.
inline nlohmann::json parse_bounded(std::string_view text) {
    using Base = nlohmann::detail::json_sax_dom_parser<nlohmann::json>;
    struct Sax : Base {
        explicit Sax(nlohmann::json& result) : Base(result, true) {}
        std::size_t depth = 0;
        void enter() {
            if (++depth > static_cast<std::size_t>(max_depth)) throw TooDeep{depth};
        }
        bool start_object(std::size_t n) { return enter(), Base::start_object(n); }
        bool start_array(std::size_t n) { return enter(), Base::start_array(n); }
        bool end_object() { return --depth, Base::end_object(); }
        bool end_array() { return --depth, Base::end_array(); }
    };
    nlohmann::json result;
    Sax sax(result);
    nlohmann::json::sax_parse(text.begin(), text.end(), &sax);
    return result;
}

/// nlohmann's message without its "[json.exception.parse_error.101] " prefix, shortened.
inline std::string without_exception_prefix(std::string what) {
    if (what.rfind("[json.exception.", 0) == 0) {
        if (const auto end = what.find("] "); end != std::string::npos) what = what.substr(end + 2);
    }
    return shortened(what, 200);
}

namespace detail {
inline void excerpt_into(const nlohmann::json& value, std::string& out, std::size_t limit) {
    using nlohmann::json;
    const auto string_text = [&](const std::string& s) {
        // At most limit + 1 bytes of the string: the excerpt is cut afterwards anyway.
        const std::string part = s.size() > limit + 1 ? s.substr(0, limit + 1) : s;
        out += json(part).dump(-1, ' ', false, json::error_handler_t::replace);
    };
    switch (value.type()) {
        case json::value_t::object: {
            out += '{';
            bool first = true;
            for (auto it = value.begin(); it != value.end() && out.size() <= limit; ++it) {
                if (!first) out += ',';
                first = false;
                string_text(it.key());
                out += ':';
                excerpt_into(it.value(), out, limit);
            }
            out += '}';
            break;
        }
        case json::value_t::array: {
            out += '[';
            bool first = true;
            for (auto it = value.begin(); it != value.end() && out.size() <= limit; ++it) {
                if (!first) out += ',';
                first = false;
                excerpt_into(*it, out, limit);
            }
            out += ']';
            break;
        }
        case json::value_t::string: string_text(value.get_ref<const std::string&>()); break;
        default: out += value.dump(); break;
    }
}
}  // namespace detail

/// `value` as compact JSON (what dump() gives), cut to `limit` bytes with "..." when longer. Strings
/// keep their JSON escapes, so the excerpt has no raw control characters.
inline std::string excerpt(const nlohmann::json& value, std::size_t limit = 60) {
    std::string out;
    detail::excerpt_into(value, out, limit);
    return out.size() > limit ? shortened(out, limit - 3) : out;
}

/// nlohmann's exception text without its "[json.exception.out_of_range.406] " prefix, shortened.
inline std::string exception_detail(const std::exception& error) { return without_exception_prefix(error.what()); }

/// An object key as it appears in a JSON path of a message: control characters escaped, long keys cut.
inline std::string key_text(const std::string& key) { return printable(shortened(key, 60), false); }

}  // namespace poolscope::json_input
