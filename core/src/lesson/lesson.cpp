// lesson.cpp — reading a lesson file and the small queries on a parsed Lesson (parse.cpp parses).
#include <fstream>
#include <sstream>

#include "poolscope/lesson/lesson.hpp"

namespace poolscope {

Lesson load_lesson(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw LessonError(path.string() + ": cannot open the lesson file");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw LessonError(path.string() + ": cannot read the lesson file");
    return parse_lesson(text.str(), path.string(), path.stem().string());
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
