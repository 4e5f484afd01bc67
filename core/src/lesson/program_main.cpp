// program_main.cpp — the main block of the generated Python program (one statement -> its lines, with the
// line numbers the runner turns into ProgramLine events) and the print()/f-string writer it shares with
// program.cpp.
#include <algorithm>

#include "program_text.hpp"
#include "python_text.hpp"

namespace poolscope::lesson_detail {

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? separator : "") + parts[i];
    return out;
}

std::string duration_expr(const DurationSpec& d) {
    if (!d.random) return python_seconds(d.lo_ms);
    return "random.uniform(" + python_seconds(d.lo_ms) + ", " + python_seconds(d.hi_ms) + ")";
}

std::string return_when_name(ReturnWhen w) {
    return w == FIRST_COMPLETED ? "FIRST_COMPLETED" : w == FIRST_EXCEPTION ? "FIRST_EXCEPTION" : "ALL_COMPLETED";
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
        if (const std::string escape = lesson_detail::python_escape(text, i); !escape.empty()) body += escape;
        else if (c == '}') body += "}}";
        else if (c == quote || c == '\\') body += std::string("\\") + c;
        else body += c;
    }
    return "print(f" + std::string(1, quote) + body + std::string(1, quote) + ")";
}

bool uses(const std::optional<std::string>& format, const char* key) {
    return format && format->find(std::string("{") + key + "}") != std::string::npos;
}

namespace {

class MainWriter {
public:
    MainWriter(const Lesson& lesson, PythonProgram& program) : m(lesson), p(program) {}

    void write() { main_block(); }

private:
    int add(const std::string& line, int indent = 0) {
        p.lines.push_back(std::string(static_cast<std::size_t>(indent), ' ') + line);
        return static_cast<int>(p.lines.size());
    }


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
    PythonProgram& p;
};

}  // namespace

void write_main_block(const Lesson& lesson, PythonProgram& program) { MainWriter(lesson, program).write(); }

}  // namespace poolscope::lesson_detail
