// program_text.hpp — shared pieces of the Python program generator (program.cpp writes the header and
// the functions, program_main.cpp the main block). Private to core/src/lesson.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "poolscope/lesson/program.hpp"

namespace poolscope::lesson_detail {

std::string join(const std::vector<std::string>& parts, const std::string& separator);
/// "0.3" or "random.uniform(0.05, 0.15)".
std::string duration_expr(const DurationSpec& d);
std::string return_when_name(ReturnWhen w);
/// print(...) of `format`: `exprs` maps a placeholder to a Python expression, `literals` to plain text.
std::string print_call(const std::string& format, const std::vector<std::pair<std::string, std::string>>& exprs,
                       const std::vector<std::pair<std::string, std::string>>& literals);
/// True when `format` uses {key}.
bool uses(const std::optional<std::string>& format, const char* key);
/// Appends the pool line and the main statements to `program` (sets pool_line and statements).
void write_main_block(const Lesson& lesson, PythonProgram& program);

}  // namespace poolscope::lesson_detail
