// program.cpp — Lesson -> the equivalent Python program (imports, helper, functions, main block).
// Function bodies come from the tasks' steps: equal values are written inline, values that differ per
// call go into a table keyed by the function's parameters, so the program stays honest Python.
#include "poolscope/lesson/program.hpp"

#include <algorithm>
#include <set>

#include "python_text.hpp"

namespace poolscope {

namespace {

using lesson_detail::python_repr;
using lesson_detail::python_seconds;
using lesson_detail::split_args;

std::string duration_expr(const DurationSpec& d) {
    if (!d.random) return python_seconds(d.lo_ms);
    return "random.uniform(" + python_seconds(d.lo_ms) + ", " + python_seconds(d.hi_ms) + ")";
}

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
    return out;
}

/// An f-string (or plain expression) printing `format`; `exprs` maps a placeholder to a Python
/// expression, `literals` to text written into the string itself.
std::string print_call(const std::string& format, const std::vector<std::pair<std::string, std::string>>& exprs,
                       const std::vector<std::pair<std::string, std::string>>& literals) {
    for (const auto& [key, expr] : exprs)
        if (format == "{" + key + "}") return "print(" + expr + ")";
    const std::string text = lesson_detail::substitute(format, [&](std::string_view key) -> std::string {
        for (const auto& [k, v] : literals)
            if (k == key) return v;
        return "{" + std::string(key) + "}";
    });
    bool needs_f = false;
    for (const auto& [key, expr] : exprs) needs_f = needs_f || format.find("{" + key + "}") != std::string::npos;
    if (!needs_f) return "print(" + python_repr(text) + ")";
    const char quote = text.find('\'') != std::string::npos && text.find('"') == std::string::npos ? '"' : '\'';
    std::string body;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        bool placed = false;
        if (c == '{') {
            for (const auto& [key, expr] : exprs) {
                const std::string token = "{" + key + "}";
                if (text.compare(i, token.size(), token) == 0) {
                    body += "{" + expr + "}";
                    i += token.size() - 1;
                    placed = true;
                    break;
                }
            }
            if (!placed) body += "{{";
            continue;
        }
        if (c == '}') body += "}}";
        else if (c == quote || c == '\\') body += std::string("\\") + c;
        else body += c;
    }
    return "print(f" + std::string(1, quote) + body + std::string(1, quote) + ")";
}

bool uses(const std::optional<std::string>& format, const char* key) {
    return format && format->find(std::string("{") + key + "}") != std::string::npos;
}

class Generator {
public:
    explicit Generator(const Lesson& lesson) : m(lesson) {}

    PythonProgram run() {
        header();
        for (std::size_t f = 0; f < m.functions.size(); ++f)
            if (!m.functions[f].builtin) function(f);
        main_block();
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
                if (s.type != StatementType::Wait || !m_return_when_written(s)) continue;
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

    static bool m_return_when_written(const Statement& s) { return s.return_when != ALL_COMPLETED; }
    static std::string return_when_name(ReturnWhen w) {
        return w == FIRST_COMPLETED ? "FIRST_COMPLETED" : w == FIRST_EXCEPTION ? "FIRST_EXCEPTION" : "ALL_COMPLETED";
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
                const bool io = s.type == StepType::Io;
                const std::string expr = per_call(fn, tasks, values, upper(fn.name) + (io ? "_IO_SECONDS" : "_CPU_SECONDS"), path);
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

    // ---- main -------------------------------------------------------------------------------------

    std::string pool_args() const {
        std::vector<std::string> args;
        if (m.max_workers) args.push_back("max_workers=" + std::to_string(*m.max_workers));
        if (!m.thread_name_prefix.empty()) args.push_back("thread_name_prefix=" + python_repr(m.thread_name_prefix));
        return join(args, ", ");
    }

    static std::string timeout_arg(const Statement& s) {
        return s.timeout_ms ? "timeout=" + python_seconds(*s.timeout_ms) : "";
    }

    std::string futures_list(const Statement& s) const {
        std::vector<std::string> vars;
        for (std::size_t t : s.tasks) vars.push_back(m.tasks[t].future_var);
        return "[" + join(vars, ", ") + "]";
    }

    void main_block() {
        add("");
        add("");
        const int indent = m.with_block ? 4 : 0;
        p.pool_line = add(m.with_block ? "with ThreadPoolExecutor(" + pool_args() + ") as pool:"
                                       : "pool = ThreadPoolExecutor(" + pool_args() + ")");
        for (const Statement& s : m.main) p.statements.push_back(statement(s, indent));
    }

    StatementLines statement(const Statement& s, int in) {
        StatementLines l;
        const int start = static_cast<int>(p.lines.size()) + 1;
        const bool wrap = s.catch_errors;
        auto open_try = [&] {
            if (wrap) add("try:", in);
            return wrap ? in + 4 : in;
        };
        auto close_try = [&] {
            if (!wrap) return;
            add("except Exception as error:", in);
            l.handler = add("print(repr(error))", in + 4);
        };
        switch (s.type) {
            case StatementType::Submit:
                for (std::size_t t : s.tasks) {
                    const TaskSpec& task = m.tasks[t];
                    const std::string args = task.args.empty() ? "" : ", " + task.args;
                    l.per_task.push_back(add(task.future_var + " = pool.submit(" + m.functions[task.function].name + args + ")", in));
                }
                break;
            case StatementType::Map: {
                const TaskSpec& first = m.tasks[s.tasks.front()];
                const std::size_t arity = split_args(first.args).size();
                std::vector<std::vector<std::string>> columns(arity);
                std::vector<std::string> names;
                for (std::size_t t : s.tasks) {
                    const auto args = split_args(m.tasks[t].args);
                    for (std::size_t a = 0; a < arity; ++a) columns[a].push_back(args[a]);
                    names.push_back(python_repr(m.tasks[t].name));
                }
                std::string iterables;
                if (arity == 1) {
                    add(s.iterable + " = [" + join(columns[0], ", ") + "]", in);
                    iterables = s.iterable;
                } else {
                    std::vector<std::string> lists;
                    for (const auto& c : columns) lists.push_back("[" + join(c, ", ") + "]");
                    iterables = join(lists, ", ");
                }
                const bool with_names = uses(s.print, "name");
                if (with_names) add("names = [" + join(names, ", ") + "]", in);
                const int body_in = open_try();
                std::string call = "pool.map(" + m.functions[first.function].name + ", " + iterables;
                if (s.timeout_ms) call += ", " + timeout_arg(s);
                if (s.buffersize) call += ", buffersize=" + std::to_string(*s.buffersize);
                call += ")";
                l.loop = add(with_names ? "for name, result in zip(names, " + call + "):" : "for result in " + call + ":", body_in);
                l.body = add(s.print ? print_call(*s.print, {{"result", "result"}, {"name", "name"}}, {}) : "pass", body_in + 4);
                close_try();
                break;
            }
            case StatementType::Result: {
                const int body_in = open_try();
                for (std::size_t t : s.tasks) {
                    const TaskSpec& task = m.tasks[t];
                    const std::string call = task.future_var + ".result(" + timeout_arg(s) + ")";
                    l.per_task.push_back(add(s.print ? print_call(*s.print, {{"result", call}}, {{"name", task.name}}) : call, body_in));
                }
                close_try();
                break;
            }
            case StatementType::AsCompleted: {
                const bool with_names = uses(s.print, "name");
                std::string source = futures_list(s);
                if (with_names) {
                    std::vector<std::string> entries;
                    for (std::size_t t : s.tasks) entries.push_back(m.tasks[t].future_var + ": " + python_repr(m.tasks[t].name));
                    add("names = {" + join(entries, ", ") + "}", in);
                    source = "names";
                }
                const int body_in = open_try();
                l.loop = add("for future in as_completed(" + source + (s.timeout_ms ? ", " + timeout_arg(s) : "") + "):", body_in);
                l.body = add(s.print ? print_call(*s.print, {{"result", "future.result()"}, {"name", "names[future]"}}, {})
                                     : "future.result()",
                             body_in + 4);
                close_try();
                break;
            }
            case StatementType::Wait: {
                std::string call = "done, not_done = wait(" + futures_list(s);
                if (s.timeout_ms) call += ", " + timeout_arg(s);
                if (s.return_when != ALL_COMPLETED) call += ", return_when=" + return_when_name(s.return_when);
                add(call + ")", in);
                if (s.print) l.body = add(print_call(*s.print, {{"done", "len(done)"}, {"not_done", "len(not_done)"}}, {}), in);
                break;
            }
            case StatementType::Cancel:
                for (std::size_t t : s.tasks) {
                    const TaskSpec& task = m.tasks[t];
                    const std::string call = task.future_var + ".cancel()";
                    l.per_task.push_back(add(s.print ? print_call(*s.print, {{"cancelled", call}}, {{"name", task.name}}) : call, in));
                }
                break;
            case StatementType::Shutdown: {
                std::vector<std::string> args;
                if (!s.shutdown_wait) args.push_back("wait=False");
                if (s.cancel_futures) args.push_back("cancel_futures=True");
                add("pool.shutdown(" + join(args, ", ") + ")", in);
                break;
            }
            case StatementType::Io: add("time.sleep(" + duration_expr(s.duration) + ")  # the main thread waits (I/O)", in); break;
            case StatementType::Cpu: add("cpu_work(" + duration_expr(s.duration) + ")  # the main thread computes", in); break;
            case StatementType::Print: add("print(" + python_repr(*s.print) + ")", in); break;
        }
        l.first = start;
        return l;
    }

    const Lesson& m;
    PythonProgram p;
    std::vector<std::string> m_tables;
    std::vector<std::string> m_pending_tables;
};

}  // namespace

PythonProgram generate_program(const Lesson& lesson) { return Generator(lesson).run(); }

}  // namespace poolscope
