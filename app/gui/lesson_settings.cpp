// lesson_settings.cpp — building a lesson variant from the Controls panel's settings.
// Durations are applied by scaling a task's I/O and CPU steps to the new total, so a task keeps its
// shape (e.g. I/O then CPU). New main programs consume every task; prints keep the lesson's defaults.
#include "lesson_settings.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "poolscope/executor.hpp"
#include "poolscope/lesson/library.hpp"

namespace poolscope::gui {

namespace {

double mean_ms(const DurationSpec& d) { return d.random ? (d.lo_ms + d.hi_ms) * 0.5 : d.lo_ms; }

double task_total_ms(const TaskSpec& task) {
    double total = 0;
    for (const TaskStep& s : task.steps)
        if (s.type == StepType::Io || s.type == StepType::Cpu) total += mean_ms(s.duration);
    return total;
}

void set_task_total_ms(TaskSpec& task, double ms) {
    const double old_total = task_total_ms(task);
    bool any = false;
    for (TaskStep& s : task.steps) {
        if (s.type != StepType::Io && s.type != StepType::Cpu) continue;
        const double share = old_total > 0 ? mean_ms(s.duration) / old_total : 1.0;
        s.duration = DurationSpec{ms * share, ms * share, false};
        any = true;
        if (old_total <= 0) break;  // all of it on the first step
    }
    if (!any) {  // a task with no timed step gets one I/O step first
        TaskStep io;
        io.type = StepType::Io;
        io.duration = DurationSpec{ms, ms, false};
        task.steps.insert(task.steps.begin(), io);
    }
}

bool is_integer(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// The argument of a clone, and the token in the original's texts that it replaces: an integer argument
/// becomes the clone's position (download(1) -> download(9)), a string gets a suffix
/// ('twitter.com' -> 'twitter.com-2'); anything else stays.
std::pair<std::string, std::string> clone_argument(const std::string& args, std::size_t index, int k) {
    if (is_integer(args)) return {args, std::to_string(index + 1)};
    if (args.size() >= 2 && (args.front() == '\'' || args.front() == '"') && args.back() == args.front()) {
        const std::string inner = args.substr(1, args.size() - 2);
        return {inner, inner + "-" + std::to_string(k)};
    }
    return {"", ""};
}

/// Replaces the first whole occurrence of `from` in `text` (not inside a longer number or word).
std::string replace_token(const std::string& text, const std::string& from, const std::string& to) {
    if (from.empty()) return text;
    auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (std::size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + 1)) {
        const bool left_ok = pos == 0 || !word(text[pos - 1]) || !word(from.front());
        const std::size_t end = pos + from.size();
        const bool right_ok = end == text.size() || !word(text[end]) || !word(from.back());
        if (left_ok && right_ok) return text.substr(0, pos) + to + text.substr(end);
    }
    return text;
}

}  // namespace

LessonSettings settings_from_lesson(const Lesson& lesson) {
    LessonSettings s;
    s.max_workers = std::clamp(lesson.max_workers.value_or(default_max_workers()), 1, 64);
    s.task_count = static_cast<int>(lesson.tasks.size());
    for (const TaskSpec& t : lesson.tasks) s.durations_ms.push_back(task_total_ms(t));
    s.gil = lesson.gil;
    for (const Statement& st : lesson.main) {
        if (st.type == StatementType::Shutdown) {
            s.shutdown_wait = st.shutdown_wait;
            s.cancel_futures = st.cancel_futures;
        }
    }
    return s;
}

bool task_count_adjustable(const Lesson& lesson) {
    for (const TaskSpec& t : lesson.tasks)
        for (const TaskStep& s : t.steps)
            if (s.type == StepType::Submit || s.type == StepType::Wait) return false;
    return !lesson.tasks.empty();
}

bool program_kind_available(const Lesson& lesson, ProgramKind kind) {
    if (kind == ProgramKind::AsWritten) return true;
    if (!task_count_adjustable(lesson)) return false;
    if (kind != ProgramKind::Map) return true;
    for (const TaskSpec& t : lesson.tasks)
        if (t.function != lesson.tasks.front().function || t.args.empty()) return false;
    return true;
}

void fit_durations(LessonSettings& s, const Lesson& base) {
    const auto n = static_cast<std::size_t>(std::max(1, s.task_count));
    while (s.durations_ms.size() < n) {
        const std::size_t i = s.durations_ms.size();
        s.durations_ms.push_back(base.tasks.empty() ? 100.0 : task_total_ms(base.tasks[i % base.tasks.size()]));
    }
    s.durations_ms.resize(n);
}

void apply_duration_preset(LessonSettings& s, DurationPreset preset, std::uint64_t seed) {
    if (s.durations_ms.empty()) return;
    double mean = 0;
    for (double d : s.durations_ms) mean += d;
    mean = std::max(10.0, mean / static_cast<double>(s.durations_ms.size()));
    std::uint64_t x = seed * 6364136223846793005ull + 1442695040888963407ull;
    for (std::size_t i = 0; i < s.durations_ms.size(); ++i) {
        switch (preset) {
        case DurationPreset::AllEqual: s.durations_ms[i] = mean; break;
        case DurationPreset::Random:
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            s.durations_ms[i] = std::round(mean * (0.25 + 1.5 * static_cast<double>(x >> 40) / static_cast<double>(1ull << 24)));
            break;
        case DurationPreset::OneSlowFirst: s.durations_ms[i] = i == 0 ? mean * 4 : mean; break;
        }
    }
}

Lesson lesson_variant(const Lesson& base, const LessonSettings& s) {
    Lesson l = base;
    l.max_workers = s.max_workers;
    l.gil = s.gil;
    const bool resizable = task_count_adjustable(base);
    const std::size_t n = resizable ? static_cast<std::size_t>(std::max(1, s.task_count)) : base.tasks.size();
    if (resizable && n != base.tasks.size()) {
        std::set<std::string> vars, names;
        l.tasks.resize(std::min(n, base.tasks.size()));
        for (const TaskSpec& t : l.tasks) {
            vars.insert(t.future_var);
            names.insert(t.name);
        }
        for (std::size_t i = l.tasks.size(); i < n; ++i) {
            TaskSpec t = base.tasks[i % base.tasks.size()];
            const int k = static_cast<int>(i / base.tasks.size()) + 1;
            const auto [from, to] = clone_argument(t.args, i, k);
            std::string name = from.empty() ? t.name + "-" + std::to_string(k) : replace_token(t.name, from, to);
            if (name == t.name) name += "-" + std::to_string(k);
            while (names.count(name)) name += "'";
            names.insert(name);
            t.name = name;
            t.args = replace_token(t.args, from, to);
            t.returns = replace_token(t.returns, from, to);
            std::string var = t.future_var + "_" + std::to_string(k);
            while (vars.count(var)) var += "_";
            t.future_var = var;
            vars.insert(var);
            l.tasks.push_back(std::move(t));
        }
        // New tasks go wherever the lesson's last task goes: submitted (or mapped) with it, consumed with
        // it. A cancel only grows when it cancels every task. References to dropped tasks go away.
        const std::size_t last = base.tasks.size() - 1;
        for (Statement& st : l.main) {
            const bool all = st.tasks.size() == base.tasks.size() && !st.tasks.empty();
            const bool has_last = std::find(st.tasks.begin(), st.tasks.end(), last) != st.tasks.end();
            std::erase_if(st.tasks, [&](std::size_t t) { return t >= n; });
            if (st.type == StatementType::Cancel ? all : has_last)
                for (std::size_t i = base.tasks.size(); i < n; ++i) st.tasks.push_back(i);
        }
        std::erase_if(l.main, [](const Statement& st) {
            const bool needs_tasks = st.type == StatementType::Submit || st.type == StatementType::Map ||
                                     st.type == StatementType::Result || st.type == StatementType::AsCompleted ||
                                     st.type == StatementType::Wait || st.type == StatementType::Cancel;
            return needs_tasks && st.tasks.empty();
        });
    }
    for (std::size_t i = 0; i < l.tasks.size() && i < s.durations_ms.size(); ++i)
        set_task_total_ms(l.tasks[i], std::max(0.0, s.durations_ms[i]));

    if (s.program != ProgramKind::AsWritten && program_kind_available(base, s.program)) {
        std::vector<std::size_t> all;
        for (std::size_t i = 0; i < l.tasks.size(); ++i) all.push_back(i);
        std::vector<Statement> main;
        Statement submit;
        submit.type = StatementType::Submit;
        submit.tasks = all;
        Statement consume;
        consume.tasks = all;
        consume.print = std::string("{result}");
        switch (s.program) {
        case ProgramKind::Map: consume.type = StatementType::Map; consume.iterable = "items"; break;
        case ProgramKind::SubmitResult: consume.type = StatementType::Result; break;
        case ProgramKind::AsCompleted: consume.type = StatementType::AsCompleted; break;
        default: consume.type = StatementType::Wait; consume.print = std::string("{done}"); break;
        }
        if (s.program != ProgramKind::Map) main.push_back(submit);
        main.push_back(consume);
        l.main = std::move(main);
    }
    // Exactly one shutdown at the end: the lesson's own (with the new options) or an added one.
    bool has_shutdown = false;
    for (Statement& st : l.main) {
        if (st.type != StatementType::Shutdown) continue;
        st.shutdown_wait = s.shutdown_wait;
        st.cancel_futures = s.cancel_futures;
        has_shutdown = true;
    }
    if (!has_shutdown && (!s.shutdown_wait || s.cancel_futures || !l.with_block)) {
        Statement st;
        st.type = StatementType::Shutdown;
        st.shutdown_wait = s.shutdown_wait;
        st.cancel_futures = s.cancel_futures;
        l.main.push_back(st);
    }
    return l;
}

LessonVariant lesson_variant_of(const LessonSettings& s) {
    LessonVariant v;
    v.gil = s.gil;
    v.task_count = s.task_count;
    v.durations_ms = s.durations_ms;
    v.program = std::string(lesson_variant_programs[static_cast<int>(s.program)]);
    v.shutdown_wait = s.shutdown_wait;
    v.cancel_futures = s.cancel_futures;
    return v;
}

LessonSettings settings_from_variant(const Lesson& lesson, const LessonVariant& v, std::optional<int> max_workers) {
    LessonSettings s = settings_from_lesson(lesson);
    if (max_workers) s.max_workers = std::clamp(*max_workers, 1, 64);
    if (v.gil) s.gil = *v.gil;
    if (v.task_count && task_count_adjustable(lesson)) {
        s.task_count = *v.task_count;
        fit_durations(s, lesson);
    }
    if (!v.durations_ms.empty()) {
        for (std::size_t i = 0; i < s.durations_ms.size() && i < v.durations_ms.size(); ++i) s.durations_ms[i] = v.durations_ms[i];
    }
    for (int k = 0; k < 5; ++k)
        if (v.program == lesson_variant_programs[k]) s.program = static_cast<ProgramKind>(k);
    if (v.shutdown_wait) s.shutdown_wait = *v.shutdown_wait;
    if (v.cancel_futures) s.cancel_futures = *v.cancel_futures;
    return s;
}

Lesson find_and_load_lesson(const std::string& name) { return load_lesson(resolve_lesson(name)); }

std::vector<std::string> list_lessons() {
    std::vector<std::string> names;
    for (const LessonEntry& e : builtin_lessons()) names.push_back(e.id + ": " + e.title);
    return names;
}

}  // namespace poolscope::gui
