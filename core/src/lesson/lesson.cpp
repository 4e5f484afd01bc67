// lesson.cpp — reading a lesson file and the small queries on a parsed Lesson (parse.cpp parses).
#include "poolscope/lesson/lesson.hpp"

#include "poolscope/input_file.hpp"
#include "poolscope/printable.hpp"

namespace poolscope {

std::string read_lesson_text(const std::filesystem::path& path) {
    try {
        return read_input_file(path, max_lesson_file_bytes);
    } catch (const InputFileError& e) {
        throw LessonError(printable(e.what(), false));
    }
}

Lesson load_lesson(const std::filesystem::path& path) {
    return parse_lesson(read_lesson_text(path), path.string(), path.stem().string());
}

// ---- Lesson --------------------------------------------------------------------------------------

bool Lesson::can_deadlock() const noexcept {
    for (const TaskSpec& task : tasks)
        for (const TaskStep& step : task.steps)
            if (step.type == StepType::Wait) return true;
    return false;
}

std::optional<std::size_t> Lesson::find_task(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < tasks.size(); ++i)
        if (tasks[i].name == name) return i;
    return std::nullopt;
}

std::string Lesson::call_text(std::size_t task) const {
    const TaskSpec& t = tasks.at(task);
    return functions.at(t.function).name + "(" + t.args + ")";
}

}  // namespace poolscope
