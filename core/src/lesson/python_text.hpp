// python_text.hpp — small pieces of Python syntax the lesson code needs: identifiers, repr() of strings
// and numbers, str() of a repr'd value, and splitting an argument list at its top-level commas.
// Private to core/src/lesson (parser, program generator, runner).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace poolscope::lesson_detail {

bool is_identifier(std::string_view text) noexcept;
bool is_python_keyword(std::string_view text) noexcept;
/// The escape Python's repr() writes for the character at text[i] when it is not printable ("\\n",
/// "\\x1b"; a C1 control takes two bytes and advances i past the first), else "".
std::string python_escape(std::string_view text, std::size_t& i);
/// Python's repr() of a str: single quotes unless the text has ' and no ".
std::string python_repr(std::string_view text);
/// print(value) given repr(value): a quoted string literal loses its quotes; anything else is printed as is.
std::string python_str_of_repr(std::string_view repr);
/// Seconds as Python writes a float literal for a whole number of microseconds: 0.3, 1.0, 0.0125.
std::string python_seconds(double ms);
/// "'a', (1, 2), f(x)" -> ["'a'", "(1, 2)", "f(x)"]; "" -> [].
std::vector<std::string> split_args(std::string_view args);
/// Why `code`, written into the generated program as an argument list or an expression, would change
/// the program around it, or "" when it cannot: a line break or other control character, a string left
/// open, a bracket closed before it was opened or left open, a comment or a line-continuation backslash
/// outside strings, and with `one_expression` a comma outside brackets (it would split a table entry).
std::string python_code_problem(std::string_view code, bool one_expression);
/// Replaces every "{key}" of `format`; the callback returns the text for a key.
template <class Lookup>
std::string substitute(std::string_view format, Lookup lookup) {
    std::string out;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] == '{') {
            const std::size_t close = format.find('}', i);
            if (close != std::string_view::npos) {
                out += lookup(format.substr(i + 1, close - i - 1));
                i = close;
                continue;
            }
        }
        out += format[i];
    }
    return out;
}
/// The {placeholder} names used in `format`.
std::vector<std::string> placeholders(std::string_view format);

}  // namespace poolscope::lesson_detail
