// chrome_trace_detail.hpp — private helpers of the trace writer: a string builder with fixed number
// formatting (std::to_chars: no locale, no digit grouping) and byte-stable JSON string escaping
// (ASCII control characters as \u00XX, other bytes verbatim).
#pragma once

#include <charconv>
#include <concepts>
#include <string>
#include <string_view>

namespace poolscope::trace_detail {

class JsonOut {
public:
    JsonOut& operator<<(std::string_view text) {
        m_text.append(text);
        return *this;
    }
    JsonOut& operator<<(const char* text) { return *this << std::string_view(text); }
    JsonOut& operator<<(const std::string& text) { return *this << std::string_view(text); }
    JsonOut& operator<<(char c) {
        m_text.push_back(c);
        return *this;
    }
    template <std::integral T>
        requires(!std::same_as<T, char> && !std::same_as<T, bool>)
    JsonOut& operator<<(T value) {
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        m_text.append(digits, end);
        return *this;
    }
    std::size_t size() const noexcept { return m_text.size(); }
    const std::string& text() const noexcept { return m_text; }
    std::string take() { return std::move(m_text); }

private:
    std::string m_text;
};

inline void put_string(JsonOut& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out << '"';
    std::size_t plain = 0;  // start of the run of bytes that need no escape
    const auto flush = [&](std::size_t i) { out << text.substr(plain, i - plain); };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto u = static_cast<unsigned char>(text[i]);
        if (u >= 0x20 && u != 0x7f && u != '"' && u != '\\') continue;
        flush(i);
        plain = i + 1;
        switch (u) {
        case '"': out << "\\\""; break;
        case '\\': out << "\\\\"; break;
        case '\n': out << "\\n"; break;
        case '\r': out << "\\r"; break;
        case '\t': out << "\\t"; break;
        default: out << "\\u00" << hex[u >> 4] << hex[u & 15]; break;
        }
    }
    flush(text.size());
    out << '"';
}

}  // namespace poolscope::trace_detail
