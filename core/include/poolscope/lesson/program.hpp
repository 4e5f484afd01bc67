// poolscope/lesson/program.hpp — the Python program a lesson stands for, generated from its JSON, plus
// where each main-thread statement sits in it, so the runner can emit ProgramLine events that let the
// GUI and CLI highlight the line the main thread is on.
#pragma once

#include <string>
#include <vector>

#include "poolscope/lesson/lesson.hpp"

namespace poolscope {

/// 1-based line numbers of one main statement (0 = the statement has no such line).
struct StatementLines {
    int first = 0;              // first line of the statement (a list literal, `try:`, or the statement)
    std::vector<int> per_task;  // Submit, Result, Cancel: the line for each task, in order
    int loop = 0;               // Map, AsCompleted: the `for` line
    int body = 0;               // Map, AsCompleted, Wait: the line that prints (or consumes) a result
    int handler = 0;            // catch: the `print(repr(error))` line
};

struct PythonProgram {
    std::vector<std::string> lines;
    int pool_line = 0;  // `with ThreadPoolExecutor(...) as pool:` or `pool = ThreadPoolExecutor(...)`
    std::vector<StatementLines> statements;  // [index into Lesson::main]
};

/// Generates the program. Throws LessonError (path, no file name) when a function's body cannot be
/// generated: its tasks run different steps, or differ where it has no parameter to tell them apart.
PythonProgram generate_program(const Lesson& lesson);

}  // namespace poolscope
