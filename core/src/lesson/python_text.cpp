// python_text.cpp — Python syntax helpers for lessons (see python_text.hpp).
#include "python_text.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace poolscope::lesson_detail {

bool is_identifier(std::string_view text) noexcept {
    if (text.empty()) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        const bool digit = c >= '0' && c <= '9';
        if (!(alpha || (digit && i > 0))) return false;
    }
    return true;
}

bool is_python_keyword(std::string_view text) noexcept {
    static constexpr std::array<std::string_view, 35> keywords = {
        "False", "None",   "True",    "and",      "as",   "assert", "async",  "await",    "break",
        "class", "continue", "def",   "del",      "elif", "else",   "except", "finally",  "for",
        "from",  "global", "if",      "import",   "in",   "is",     "lambda", "nonlocal", "not",
        "or",    "pass",   "raise",   "return",   "try",  "while",  "with",   "yield"};
    for (std::string_view keyword : keywords)
        if (keyword == text) return true;
    return false;
}

std::string python_escape(std::string_view text, std::size_t& i) {
    static constexpr char hex[] = "0123456789abcdef";
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') return "\\n";
    if (c == '\r') return "\\r";
    if (c == '\t') return "\\t";
    if (c < 0x20 || c == 0x7F) return std::string("\\x") + hex[c >> 4] + hex[c & 15];
    // C1 controls (U+0080..U+009F, UTF-8 C2 80..C2 9F): repr() writes them as \x80..\x9f too.
    if (c == 0xC2 && i + 1 < text.size()) {
        const auto next = static_cast<unsigned char>(text[i + 1]);
        if (next >= 0x80 && next <= 0x9F) {
            ++i;
            return std::string("\\x") + hex[next >> 4] + hex[next & 15];
        }
    }
    return "";
}

std::string python_repr(std::string_view text) {
    const bool has_single = text.find('\'') != std::string_view::npos;
    const bool has_double = text.find('"') != std::string_view::npos;
    const char quote = has_single && !has_double ? '"' : '\'';
    std::string out(1, quote);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (const std::string escape = python_escape(text, i); !escape.empty()) {
            out += escape;
            continue;
        }
        if (c == quote || c == '\\') out += '\\';
        out += c;
    }
    out += quote;
    return out;
}

std::string python_str_of_repr(std::string_view repr) {
    if (repr.size() < 2) return std::string(repr);
    const char quote = repr.front();
    if ((quote != '\'' && quote != '"') || repr.back() != quote) return std::string(repr);
    std::string out;
    for (std::size_t i = 1; i + 1 < repr.size(); ++i) {
        if (repr[i] == '\\' && i + 2 < repr.size()) {
            const char next = repr[++i];
            out += next == 'n' ? '\n' : next == 't' ? '\t' : next;
            continue;
        }
        out += repr[i];
    }
    return out;
}

std::string python_seconds(double ms) {
    const double micros = std::round(ms * 1000.0);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6f", micros / 1e6);
    std::string text = buffer;
    while (text.size() > 1 && text.back() == '0' && text[text.size() - 2] != '.') text.pop_back();
    return text;
}

std::vector<std::string> split_args(std::string_view args) {
    std::vector<std::string> out;
    std::string current;
    int depth = 0;
    char quote = 0;
    auto flush = [&] {
        const auto first = current.find_first_not_of(' ');
        const auto last = current.find_last_not_of(' ');
        out.push_back(first == std::string::npos ? "" : current.substr(first, last - first + 1));
        current.clear();
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const char c = args[i];
        if (quote != 0) {
            current += c;
            if (c == '\\' && i + 1 < args.size()) current += args[++i];
            else if (c == quote) quote = 0;
            continue;
        }
        if (c == '\'' || c == '"') quote = c;
        if (c == '(' || c == '[' || c == '{') ++depth;
        if (c == ')' || c == ']' || c == '}') --depth;
        if (c == ',' && depth == 0) {
            flush();
            continue;
        }
        current += c;
    }
    if (!out.empty() || current.find_first_not_of(' ') != std::string::npos) flush();
    return out;
}

std::string python_code_problem(std::string_view code, bool one_expression) {
    int depth = 0;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const auto c = static_cast<unsigned char>(code[i]);
        if (c < 0x20 || c == 0x7F) return c == '\n' || c == '\r' ? "has a line break" : "has a control character";
        if (c == '\'' || c == '"') {
            // A string literal: '...', "...", or triple-quoted; backslash escapes the next character.
            const bool triple = code.substr(i, 3) == std::string(3, static_cast<char>(c));
            const std::string close = triple ? std::string(3, static_cast<char>(c)) : std::string(1, static_cast<char>(c));
            std::size_t k = i + close.size();
            for (; k < code.size(); ++k) {
                const auto d = static_cast<unsigned char>(code[k]);
                if (d < 0x20 || d == 0x7F) return d == '\n' || d == '\r' ? "has a line break" : "has a control character";
                if (d == '\\') {
                    ++k;
                    continue;
                }
                if (code.substr(k, close.size()) == close) break;
            }
            if (k >= code.size()) return "leaves a string open";
            i = k + close.size() - 1;
            continue;
        }
        if (c == '(' || c == '[' || c == '{') ++depth;
        if (c == ')' || c == ']' || c == '}') {
            if (depth == 0) return std::string("closes a bracket '") + static_cast<char>(c) + "' it did not open";
            --depth;
        }
        if (c == '#') return "has a comment (#) outside a string";
        if (c == '\\') return "has a backslash outside a string";
        if (c == ',' && depth == 0 && one_expression) return "has a comma outside brackets (one expression expected)";
    }
    if (depth != 0) return "leaves a bracket open";
    return "";
}

std::vector<std::string> placeholders(std::string_view format) {
    std::vector<std::string> out;
    for (std::size_t i = format.find('{'); i != std::string_view::npos; i = format.find('{', i + 1)) {
        const std::size_t close = format.find('}', i);
        if (close == std::string_view::npos) break;
        out.emplace_back(format.substr(i + 1, close - i - 1));
    }
    return out;
}

}  // namespace poolscope::lesson_detail
