// chrome_trace_detail.hpp — private helpers shared by the trace writer and the text report: JSON string
// escaping with a fixed, byte-stable form (ASCII control characters as \u00XX, other bytes verbatim).
#pragma once

#include <ostream>
#include <string_view>

namespace poolscope::trace_detail {

inline void put_string(std::ostream& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out << '"';
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out << "\\\""; break;
        case '\\': out << "\\\\"; break;
        case '\n': out << "\\n"; break;
        case '\r': out << "\\r"; break;
        case '\t': out << "\\t"; break;
        default:
            if (u < 0x20 || u == 0x7f) {
                out << "\\u00" << hex[u >> 4] << hex[u & 15];
            } else {
                out << c;
            }
        }
    }
    out << '"';
}

}  // namespace poolscope::trace_detail
