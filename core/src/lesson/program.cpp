// program.cpp — Lesson -> the equivalent Python program: imports, the cpu_work helper, the functions
// (program_main.cpp writes the main block).
// Function bodies come from the tasks' steps: equal values are written inline, values that differ per
// call go into a table keyed by the function's parameters, so the program stays honest Python.
#include "poolscope/lesson/program.hpp"

#include <algorithm>
#include <set>

#include "program_text.hpp"
#include "python_text.hpp"

namespace poolscope {

namespace {

using lesson_detail::python_repr;
using lesson_detail::python_seconds;
using lesson_detail::duration_expr;
using lesson_detail::join;
using lesson_detail::return_when_name;

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

class Generator {
public:
    explicit Generator(const Lesson& lesson) : m(lesson) {}

    PythonProgram run() {
        header();
        for (std::size_t f = 0; f < m.functions.size(); ++f)
            if (!m.functions[f].builtin) function(f);
        lesson_detail::write_main_block(m, p);
        return std::move(p);
    }

private:
    int add(const std::string& line, int indent = 0) {
        p.lines.push_back(std::string(static_cast<std::size_t>(indent), ' ') + line);
        return static_cast<int>(p.lines.size());
    }

    bool any_step(StepType type) const {
        for (const TaskSpec& t : m.tasks)
            for (const TaskStep& s : t.steps)
                if (s.type == type) return true;
        return false;
    }
    bool any_statement(StatementType type) const {
        return std::any_of(m.main.begin(), m.main.end(), [&](const Statement& s) { return s.type == type; });
    }
    bool any_random() const {
        for (const TaskSpec& t : m.tasks)
            for (const TaskStep& s : t.steps)
                if (s.duration.random) return true;
        return std::any_of(m.main.begin(), m.main.end(), [](const Statement& s) { return s.duration.random; });
    }

    void header() {
        add("# " + m.title);
        if (!m.explanation.empty()) {
            add("#");
            std::string line = "#";
            std::size_t start = 0;
            const std::string& text = m.explanation;
            while (start < text.size()) {
                std::size_t end = text.find_first_of(" \n", start);
                if (end == std::string::npos) end = text.size();
                const std::string word = text.substr(start, end - start);
                if (line.size() + 1 + word.size() > 78 && line != "#") {
                    add(line);
                    line = "#";
                }
                if (!word.empty()) line += " " + word;
                if (end < text.size() && text[end] == '\n') {
                    add(line);
                    line = "#";
                }
                start = end + 1;
            }
            if (line != "#") add(line);
        }
        const bool random = any_random();
        add("import time");
        if (random) add("import random");
        std::vector<std::string> names{"ThreadPoolExecutor"};
        if (any_statement(StatementType::AsCompleted)) names.push_back("as_completed");
        if (any_statement(StatementType::Wait)) {
            names.push_back("wait");
            std::set<std::string> flags;
            for (const Statement& s : m.main) {
                if (s.type != StatementType::Wait || s.return_when == ALL_COMPLETED) continue;
                flags.insert(return_when_name(s.return_when));
            }
            for (const std::string& f : flags) names.push_back(f);
        }
        add("from concurrent.futures import " + join(names, ", "));
        if (random) {
            add("");
            add("random.seed(" + std::to_string(m.seed) + ")");
        }
        if (any_step(StepType::Cpu) || any_statement(StatementType::Cpu)) {
            add("");
            add("");
            add("def cpu_work(seconds):");
            add(m.gil ? "\"\"\"Pure-Python busy loop: it holds the GIL the whole time.\"\"\""
                      : "\"\"\"Busy loop (this lesson runs without a GIL, as free-threaded Python).\"\"\"",
                4);
            add("end = time.perf_counter() + seconds", 4);
            add("while time.perf_counter() < end:", 4);
            add("pass", 8);
        }
    }


    // ---- functions --------------------------------------------------------------------------------

    [[noreturn]] void fail(const std::string& path, const std::string& problem) const {
        throw LessonError(path + ": " + problem);
    }

    std::string key_of(const FunctionSpec& fn) const {
        if (fn.params.size() == 1) return fn.params[0];
        return "(" + join(fn.params, ", ") + ")";
    }
    std::string key_text(const FunctionSpec& fn, const TaskSpec& t) const {
        return fn.params.size() == 1 ? t.args : "(" + t.args + ")";
    }

    /// The expression for a per-call value: inline when every task agrees, else a table lookup.
    std::string per_call(const FunctionSpec& fn, const std::vector<std::size_t>& tasks, const std::vector<std::string>& values,
                         const std::string& table, const std::string& path) {
        bool same = std::all_of(values.begin(), values.end(), [&](const std::string& v) { return v == values.front(); });
        if (same) return values.front();
        if (fn.params.empty())
            fail(path, "the tasks of " + fn.name + "() differ here but " + fn.name +
                           "() has no parameter to tell them apart; give it a parameter, separate functions or a \"body\"");
        std::string name = table;
        for (int n = 2; std::find(m_tables.begin(), m_tables.end(), name) != m_tables.end(); ++n)
            name = table + "_" + std::to_string(n);
        m_tables.push_back(name);
        std::vector<std::string> entries, keys;
        for (std::size_t k = 0; k < tasks.size(); ++k) {
            const std::string key = key_text(fn, m.tasks[tasks[k]]);
            const auto seen = std::find(keys.begin(), keys.end(), key);
            if (seen == keys.end()) {
                keys.push_back(key);
                entries.push_back(key + ": " + values[k]);
            } else if (entries[static_cast<std::size_t>(seen - keys.begin())] != key + ": " + values[k]) {
                fail(path, "tasks of " + fn.name + "() called with the same arguments (" + m.tasks[tasks[k]].args +
                               ") differ here; expected equal steps for equal arguments");
            }
        }
        std::vector<std::string> lines;
        const std::string one_line = name + " = {" + join(entries, ", ") + "}";
        if (one_line.size() <= 100) {
            lines.push_back(one_line);
        } else {
            lines.push_back(name + " = {");
            for (const std::string& e : entries) lines.push_back("    " + e + ",");
            lines.push_back("}");
        }
        m_pending_tables.insert(m_pending_tables.end(), lines.begin(), lines.end());
        return name + "[" + key_of(fn) + "]";
    }

    static std::string step_shape(const Lesson& m, const TaskStep& s) {
        switch (s.type) {
            case StepType::Io: return "io_ms";
            case StepType::Cpu: return "cpu_ms";
            case StepType::Raise: return "raise " + s.error_type + "(" + python_repr(s.error_message) + ")";
            case StepType::Submit: return "submit " + m.tasks[s.target].name;
            case StepType::Wait: return "wait " + m.tasks[s.target].name;
        }
        return "";
    }

    void function(std::size_t f) {
        const FunctionSpec& fn = m.functions[f];
        std::vector<std::size_t> tasks;
        for (std::size_t i = 0; i < m.tasks.size(); ++i)
            if (m.tasks[i].function == f) tasks.push_back(i);
        std::vector<std::string> body;
        if (!fn.body.empty()) {
            body = fn.body;
        } else if (tasks.empty()) {
            body.push_back("pass");
        } else {
            body = generated_body(fn, tasks);
        }
        add("");
        for (const std::string& line : m_pending_tables) add(line);
        m_pending_tables.clear();
        add("");
        add("def " + fn.name + "(" + join(fn.params, ", ") + "):");
        for (const std::string& line : body) add(line, 4);
    }

    std::vector<std::string> generated_body(const FunctionSpec& fn, const std::vector<std::size_t>& tasks) {
        const TaskSpec& first = m.tasks[tasks.front()];
        for (std::size_t k = 1; k < tasks.size(); ++k) {
            const TaskSpec& t = m.tasks[tasks[k]];
            std::vector<std::string> a, b;
            for (const TaskStep& s : first.steps) a.push_back(step_shape(m, s));
            for (const TaskStep& s : t.steps) b.push_back(step_shape(m, s));
            if (a != b)
                fail("tasks[" + std::to_string(tasks[k]) + "].steps",
                     "task '" + t.name + "' runs [" + join(b, ", ") + "] but task '" + first.name + "' of the same function " +
                         fn.name + "() runs [" + join(a, ", ") + "]; expected the same steps (give them separate "
                         "functions or write the function's \"body\")");
        }
        std::vector<std::string> body;
        std::set<std::string> globals;
        for (std::size_t j = 0; j < first.steps.size(); ++j) {
            const TaskStep& s = first.steps[j];
            const std::string path = "tasks[" + std::to_string(tasks.front()) + "].steps[" + std::to_string(j) + "]";
            if (s.type == StepType::Io || s.type == StepType::Cpu) {
                std::vector<std::string> values;
                for (std::size_t t : tasks) values.push_back(duration_expr(m.tasks[t].steps[j].duration));
                const bool same = std::all_of(values.begin(), values.end(), [&](const std::string& v) { return v == values.front(); });
                const bool any_random = std::any_of(tasks.begin(), tasks.end(), [&](std::size_t t) { return m.tasks[t].steps[j].duration.random; });
                if (!same && any_random) {
                    // A table of random.uniform() values would be drawn once at import; keep the ranges instead.
                    values.clear();
                    for (std::size_t t : tasks) {
                        const DurationSpec& d = m.tasks[t].steps[j].duration;
                        values.push_back("(" + python_seconds(d.lo_ms) + ", " + python_seconds(d.hi_ms) + ")");
                    }
                }
                const bool io = s.type == StepType::Io;
                std::string expr = per_call(fn, tasks, values, upper(fn.name) + (io ? "_IO_SECONDS" : "_CPU_SECONDS"), path);
                if (!same && any_random) expr = "random.uniform(*" + expr + ")";
                body.push_back(io ? "time.sleep(" + expr + ")  # I/O: waits without holding the GIL"
                                  : "cpu_work(" + expr + ")  # CPU: " + (m.gil ? "needs the GIL" : "no GIL here"));
            } else if (s.type == StepType::Raise) {
                body.push_back("raise " + s.error_type + "(" + (s.error_message.empty() ? "" : python_repr(s.error_message)) + ")");
            } else if (s.type == StepType::Submit) {
                const TaskSpec& target = m.tasks[s.target];
                const std::string args = target.args.empty() ? "" : ", " + target.args;
                if (waited_outside(s.target, fn)) globals.insert(target.future_var);
                body.push_back(target.future_var + " = pool.submit(" + m.functions[target.function].name + args + ")");
            } else {
                body.push_back(m.tasks[s.target].future_var + ".result()  # blocks until that task is done");
            }
        }
        if (first.steps.empty() || first.steps.back().type != StepType::Raise) {
            std::vector<std::string> values;
            for (std::size_t t : tasks) values.push_back(m.tasks[t].returns);
            const bool same = std::all_of(values.begin(), values.end(), [&](const std::string& v) { return v == values.front(); });
            if (!fn.returns.empty()) body.push_back("return " + fn.returns);
            else if (!same || values.front() != "None")
                body.push_back("return " + per_call(fn, tasks, values, upper(fn.name) + "_RESULTS",
                                                    "tasks[" + std::to_string(tasks.front()) + "].returns"));
        }
        if (!globals.empty()) body.insert(body.begin(), "global " + join({globals.begin(), globals.end()}, ", "));
        if (body.empty()) body.push_back("pass");
        return body;
    }

    /// True when a function other than `fn` reads the future of `task` (then `fn` must make it global).
    bool waited_outside(std::size_t task, const FunctionSpec& fn) const {
        for (const TaskSpec& t : m.tasks) {
            if (&m.functions[t.function] == &fn) continue;
            for (const TaskStep& s : t.steps)
                if (s.type == StepType::Wait && s.target == task) return true;
        }
        return false;
    }

    const Lesson& m;
    PythonProgram p;
    std::vector<std::string> m_tables;
    std::vector<std::string> m_pending_tables;
};

}  // namespace

PythonProgram generate_program(const Lesson& lesson) { return Generator(lesson).run(); }

}  // namespace poolscope
