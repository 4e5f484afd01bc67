// parse.cpp — lesson JSON -> Lesson, with every check up front (names resolve, each task is submitted
// exactly once, durations are sane, the Python program can be generated), so a bad file fails here
// with one message that names the file, the JSON path and the value, never later in a run.
#include "json_reader.hpp"
#include "poolscope/lesson/program.hpp"
#include "python_text.hpp"

namespace poolscope {

using lesson_detail::Json;
using lesson_detail::JsonReader;

namespace {

class LessonParser {
public:
    LessonParser(const JsonReader& reader, Lesson& lesson) : r(reader), m(lesson) {}

    void parse(const Json& root) {
        r.require_object(root, "(top level)", "a JSON object");
        r.check_keys(root, "", {"title", "explanation", "max_workers", "thread_name_prefix", "gil", "seed",
                                "with_block", "functions", "tasks", "main"});
        m.title = r.line_value(r.required(root, "", "title", "a non-empty string"), "title", false,
                               lesson_limits::title_bytes);
        const Json& explanation = r.required(root, "", "explanation", "a string");
        m.explanation = r.string_value(explanation, "explanation", true, lesson_limits::explanation_bytes);
        if (has_control_character(m.explanation, "\n\t"))
            r.fail("explanation", explanation, "text without control characters (line breaks and tabs are fine)");
        if (const Json* v = JsonReader::member(root, "max_workers"); v && !v->is_null())
            m.max_workers = static_cast<int>(r.int_value(*v, "max_workers", 1, 1024, "an integer from 1 to 1024, or null"));
        if (const Json* v = JsonReader::member(root, "thread_name_prefix"))
            m.thread_name_prefix = r.line_value(*v, "thread_name_prefix", true, lesson_limits::thread_name_prefix_bytes);
        if (const Json* v = JsonReader::member(root, "gil")) m.gil = r.bool_value(*v, "gil");
        if (const Json* v = JsonReader::member(root, "seed"))
            m.seed = static_cast<std::uint64_t>(r.int_value(*v, "seed", 0, INT64_MAX, "an integer >= 0"));
        if (const Json* v = JsonReader::member(root, "with_block")) m.with_block = r.bool_value(*v, "with_block");
        parse_functions(r.required(root, "", "functions", "a non-empty array of functions"));
        parse_tasks(r.required(root, "", "tasks", "a non-empty array of tasks"));
        parse_main(r.required(root, "", "main", "a non-empty array of statements"));
        check_submissions();
    }

private:
    // ---- functions --------------------------------------------------------------------------------

    void parse_functions(const Json& list) {
        if (!list.is_array() || list.empty()) r.fail("functions", list, "a non-empty array of functions");
        r.check_count(list, "functions", lesson_limits::functions, "functions");
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string path = JsonReader::index("functions", i);
            const Json& f = list[i];
            r.require_object(f, path, "an object {\"name\": ..., \"params\": [...]}");
            r.check_keys(f, path, {"name", "params", "returns", "body", "builtin"});
            FunctionSpec spec;
            const std::string name_path = JsonReader::join(path, "name");
            spec.name = r.string_value(r.required(f, path, "name", "a Python identifier"), name_path);
            if (!lesson_detail::is_identifier(spec.name) || lesson_detail::is_python_keyword(spec.name))
                r.fail(name_path, f["name"], "a Python identifier");
            for (const FunctionSpec& other : m.functions)
                if (other.name == spec.name) r.fail(name_path, f["name"], "a function name not used before");
            if (const Json* params = JsonReader::member(f, "params")) {
                const std::string params_path = JsonReader::join(path, "params");
                if (!params->is_array()) r.fail(params_path, *params, "an array of parameter names");
                r.check_count(*params, params_path, lesson_limits::params, "parameters");
                for (std::size_t k = 0; k < params->size(); ++k) {
                    const std::string p = JsonReader::index(params_path, k);
                    const std::string param = r.string_value((*params)[k], p);
                    if (!lesson_detail::is_identifier(param) || lesson_detail::is_python_keyword(param))
                        r.fail(p, (*params)[k], "a Python identifier");
                    spec.params.push_back(param);
                }
            }
            if (const Json* v = JsonReader::member(f, "returns"))
                spec.returns = code_value(*v, JsonReader::join(path, "returns"), false, "a Python expression");
            if (const Json* body = JsonReader::member(f, "body")) {
                const std::string body_path = JsonReader::join(path, "body");
                if (!body->is_array() || body->empty()) r.fail(body_path, *body, "a non-empty array of Python lines");
                r.check_count(*body, body_path, lesson_limits::body_lines, "lines");
                for (std::size_t k = 0; k < body->size(); ++k) {
                    // One element, one line: a line break would add lines the run never reaches.
                    const std::string line_path = JsonReader::index(body_path, k);
                    spec.body.push_back(r.string_value((*body)[k], line_path));
                    if (has_control_character(spec.body.back()))
                        r.fail(line_path, (*body)[k], "one line of Python without line breaks or control characters");
                }
            }
            if (const Json* v = JsonReader::member(f, "builtin")) spec.builtin = r.bool_value(*v, JsonReader::join(path, "builtin"));
            m.functions.push_back(std::move(spec));
        }
    }

    // ---- tasks ------------------------------------------------------------------------------------

    void parse_tasks(const Json& list) {
        if (!list.is_array() || list.empty()) r.fail("tasks", list, "a non-empty array of tasks");
        r.check_count(list, "tasks", lesson_limits::tasks, "tasks");
        // Names first: steps may refer to tasks defined later.
        for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string path = JsonReader::index("tasks", i);
            r.require_object(list[i], path, "an object {\"name\": ..., \"steps\": [...]}");
            TaskSpec task;
            const std::string name_path = JsonReader::join(path, "name");
            task.name = r.string_value(r.required(list[i], path, "name", "a non-empty string"), name_path, false);
            if (m.find_task(task.name)) r.fail(name_path, list[i]["name"], "a task name not used before");
            m.tasks.push_back(std::move(task));
        }
        for (std::size_t i = 0; i < list.size(); ++i) parse_task(list[i], i);
    }

    void parse_task(const Json& t, std::size_t i) {
        const std::string path = JsonReader::index("tasks", i);
        TaskSpec& task = m.tasks[i];
        r.check_keys(t, path, {"name", "function", "args", "returns", "future", "steps"});
        if (const Json* f = JsonReader::member(t, "function")) {
            const std::string fpath = JsonReader::join(path, "function");
            const std::string name = r.string_value(*f, fpath);
            bool found = false;
            for (std::size_t k = 0; k < m.functions.size(); ++k) {
                if (m.functions[k].name == name) {
                    task.function = k;
                    found = true;
                }
            }
            if (!found) r.fail(fpath, *f, "the name of a function in \"functions\"");
        } else if (m.functions.size() > 1) {
            r.fail_because(JsonReader::join(path, "function"), "missing; expected the name of a function in "
                                                               "\"functions\" (required when there are several)");
        }
        if (const Json* v = JsonReader::member(t, "args"))
            task.args = code_value(*v, JsonReader::join(path, "args"), true, "Python arguments");
        // Returns is a repr(): one expression, also written as a table entry ({'a': <returns>, ...}).
        if (const Json* v = JsonReader::member(t, "returns"))
            task.returns = code_value(*v, JsonReader::join(path, "returns"), false, "the repr() of a value", true);
        const FunctionSpec& fn = m.functions[task.function];
        if (!fn.builtin && lesson_detail::split_args(task.args).size() != fn.params.size()) {
            r.fail(JsonReader::join(path, "args"), Json(task.args),
                   std::to_string(fn.params.size()) + " argument(s), one per parameter of " + fn.name + "()");
        }
        const std::string future_path = JsonReader::join(path, "future");
        if (const Json* v = JsonReader::member(t, "future")) {
            task.future_var = r.string_value(*v, future_path);
            if (!lesson_detail::is_identifier(task.future_var) || lesson_detail::is_python_keyword(task.future_var))
                r.fail(future_path, *v, "a Python identifier");
        } else {
            task.future_var = default_future_var(task.name, i);
        }
        for (const char* reserved : {"pool", "result", "futures", "error", "done", "not_done", "names",
                                     "time", "random", "cpu_work", "wait", "as_completed", "ThreadPoolExecutor"}) {
            if (task.future_var == reserved) r.fail(future_path, Json(task.future_var), "a name the program does not use itself");
        }
        for (const FunctionSpec& f : m.functions)
            if (task.future_var == f.name) r.fail(future_path, Json(task.future_var), "a name that is not a function's");
        for (std::size_t k = 0; k < i; ++k)
            if (m.tasks[k].future_var == task.future_var) r.fail(future_path, Json(task.future_var), "a future name not used before");

        const Json& steps = r.required(t, path, "steps", "an array of steps");
        const std::string steps_path = JsonReader::join(path, "steps");
        if (!steps.is_array()) r.fail(steps_path, steps, "an array of steps");
        r.check_count(steps, steps_path, lesson_limits::steps_per_task, "steps");
        m_step_count += steps.size();
        if (m_step_count > lesson_limits::steps)
            r.fail_because(steps_path, "brings the lesson to " + std::to_string(m_step_count) +
                                           " steps; the limit is " + std::to_string(lesson_limits::steps) + " in all tasks");
        for (std::size_t k = 0; k < steps.size(); ++k) task.steps.push_back(parse_step(steps[k], JsonReader::index(steps_path, k)));
    }

    static std::string default_future_var(const std::string& name, std::size_t index) {
        std::string var = "future_";
        for (const char c : name) {
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            var += ok ? c : '_';
        }
        return lesson_detail::is_identifier(var) ? var : "future_" + std::to_string(index);
    }

    TaskStep parse_step(const Json& s, const std::string& path) {
        constexpr std::string_view expected =
            "a step object with one key: io_ms, cpu_ms, raise, submit or wait";
        if (!s.is_object() || s.size() != 1) r.fail(path, s, expected);
        r.check_keys(s, path, {"io_ms", "cpu_ms", "raise", "submit", "wait"});
        // Not `*s.items().begin()`: nlohmann's proxy returns a reference into a temporary iterator
        // (AddressSanitizer: stack-use-after-scope), so keep the iterator alive.
        const auto first = s.begin();
        const std::string key = first.key();
        const Json& value = first.value();
        const std::string vpath = JsonReader::join(path, key);
        TaskStep step;
        if (key == "io_ms" || key == "cpu_ms") {
            step.type = key == "io_ms" ? StepType::Io : StepType::Cpu;
            step.duration = lesson_detail::read_duration(r, value, vpath);
        } else if (key == "raise") {
            step.type = StepType::Raise;
            r.require_object(value, vpath, "{\"type\": \"ValueError\", \"message\": \"...\"}");
            r.check_keys(value, vpath, {"type", "message"});
            const std::string type_path = JsonReader::join(vpath, "type");
            step.error_type = r.string_value(r.required(value, vpath, "type", "a Python exception name"), type_path);
            if (!lesson_detail::is_identifier(step.error_type)) r.fail(type_path, value["type"], "a Python exception name");
            if (const Json* msg = JsonReader::member(value, "message"))
                step.error_message = r.string_value(*msg, JsonReader::join(vpath, "message"));
        } else {
            step.type = key == "submit" ? StepType::Submit : StepType::Wait;
            step.target = task_ref(value, vpath);
            if (step.type == StepType::Submit) note_submission(step.target, vpath);
        }
        return step;
    }

    std::size_t task_ref(const Json& value, const std::string& path) const {
        if (!value.is_string()) r.fail(path, value, "a task name");
        const auto index = m.find_task(value.get_ref<const std::string&>());
        if (!index) r.fail(path, value, "the name of a task in \"tasks\"");
        return *index;
    }

    std::vector<std::size_t> task_list(const Json& value, const std::string& path) const {
        if (value.is_string()) return {task_ref(value, path)};
        if (!value.is_array() || value.empty()) r.fail(path, value, "a task name or a non-empty array of task names");
        std::vector<std::size_t> out;
        for (std::size_t i = 0; i < value.size(); ++i) out.push_back(task_ref(value[i], JsonReader::index(path, i)));
        return out;
    }

    // ---- main -------------------------------------------------------------------------------------

    void parse_main(const Json& list) {
        if (!list.is_array() || list.empty()) r.fail("main", list, "a non-empty array of statements");
        r.check_count(list, "main", lesson_limits::statements, "statements");
        for (std::size_t i = 0; i < list.size(); ++i) m.main.push_back(parse_statement(list[i], JsonReader::index("main", i)));
    }

    Statement parse_statement(const Json& s, const std::string& path) {
        constexpr std::string_view expected = "a statement object with one of: submit, map, result, as_completed, "
                                              "wait, cancel, shutdown, io_ms, cpu_ms, print";
        if (!s.is_object()) r.fail(path, s, expected);
        static constexpr std::string_view verbs[] = {"submit", "map",      "result", "as_completed", "wait",
                                                     "cancel", "shutdown", "io_ms",  "cpu_ms"};
        std::string verb;
        for (std::string_view v : verbs) {
            if (!s.contains(std::string(v))) continue;
            if (!verb.empty())
                r.fail_because(path, "has both \"" + verb + "\" and \"" + std::string(v) + "\"; expected one statement per object");
            verb = v;
        }
        if (verb.empty() && s.contains("print")) verb = "print";
        if (verb.empty()) r.fail(path, s, expected);
        const std::string vpath = JsonReader::join(path, verb);
        const Json& value = s[verb];
        Statement st;
        if (verb == "submit") {
            r.check_keys(s, path, {"submit"});
            st.type = StatementType::Submit;
            st.tasks = task_list(value, vpath);
            for (std::size_t k = 0; k < st.tasks.size(); ++k) {
                note_submission(st.tasks[k], value.is_array() ? JsonReader::index(vpath, k) : vpath);
                m_main_futures.push_back(st.tasks[k]);
            }
        } else if (verb == "map") {
            r.check_keys(s, path, {"map", "timeout_ms", "buffersize", "print", "catch", "iterable"});
            st.type = StatementType::Map;
            st.tasks = task_list(value, vpath);
            for (std::size_t k = 0; k < st.tasks.size(); ++k) note_submission(st.tasks[k], value.is_array() ? JsonReader::index(vpath, k) : vpath);
            check_map_tasks(st.tasks, vpath);
            if (const Json* b = JsonReader::member(s, "buffersize"))
                st.buffersize = static_cast<std::size_t>(r.int_value(*b, JsonReader::join(path, "buffersize"), 1, 1'000'000, "an integer >= 1"));
            st.iterable = "items";
            if (const Json* it = JsonReader::member(s, "iterable")) {
                const std::string ipath = JsonReader::join(path, "iterable");
                st.iterable = r.string_value(*it, ipath);
                if (!lesson_detail::is_identifier(st.iterable) || lesson_detail::is_python_keyword(st.iterable))
                    r.fail(ipath, *it, "a Python identifier");
            }
            read_consumer_options(s, path, st, {"result", "name"});
        } else if (verb == "result" || verb == "as_completed") {
            r.check_keys(s, path, {verb, "timeout_ms", "print", "catch"});
            st.type = verb == "result" ? StatementType::Result : StatementType::AsCompleted;
            st.tasks = main_futures(value, vpath);
            read_consumer_options(s, path, st, {"result", "name"});
        } else if (verb == "wait") {
            r.check_keys(s, path, {"wait", "timeout_ms", "return_when", "print"});
            st.type = StatementType::Wait;
            st.tasks = main_futures(value, vpath);
            read_timeout(s, path, st);
            if (const Json* rw = JsonReader::member(s, "return_when")) {
                const std::string rpath = JsonReader::join(path, "return_when");
                const std::string text = rw->is_string() ? rw->get<std::string>() : "";
                if (text == "FIRST_COMPLETED") st.return_when = FIRST_COMPLETED;
                else if (text == "FIRST_EXCEPTION") st.return_when = FIRST_EXCEPTION;
                else if (text == "ALL_COMPLETED") st.return_when = ALL_COMPLETED;
                else r.fail(rpath, *rw, "\"FIRST_COMPLETED\", \"FIRST_EXCEPTION\" or \"ALL_COMPLETED\"");
            }
            read_print(s, path, st, std::nullopt, {"done", "not_done"});
        } else if (verb == "cancel") {
            r.check_keys(s, path, {"cancel", "print"});
            st.type = StatementType::Cancel;
            st.tasks = main_futures(value, vpath);
            read_print(s, path, st, std::nullopt, {"cancelled", "name"});
        } else if (verb == "shutdown") {
            r.check_keys(s, path, {"shutdown"});
            st.type = StatementType::Shutdown;
            r.require_object(value, vpath, "an object {\"wait\": true, \"cancel_futures\": false}");
            r.check_keys(value, vpath, {"wait", "cancel_futures"});
            if (const Json* w = JsonReader::member(value, "wait")) st.shutdown_wait = r.bool_value(*w, JsonReader::join(vpath, "wait"));
            if (const Json* c = JsonReader::member(value, "cancel_futures"))
                st.cancel_futures = r.bool_value(*c, JsonReader::join(vpath, "cancel_futures"));
        } else if (verb == "io_ms" || verb == "cpu_ms") {
            r.check_keys(s, path, {verb});
            st.type = verb == "io_ms" ? StatementType::Io : StatementType::Cpu;
            st.duration = lesson_detail::read_duration(r, value, vpath);
        } else {
            r.check_keys(s, path, {"print"});
            st.type = StatementType::Print;
            st.print = r.string_value(value, vpath);
        }
        return st;
    }

    void read_timeout(const Json& s, const std::string& path, Statement& st) const {
        if (const Json* t = JsonReader::member(s, "timeout_ms"); t && !t->is_null())
            st.timeout_ms = r.ms_value(*t, JsonReader::join(path, "timeout_ms"), "a timeout in ms from 0 to 3600000, or null");
    }

    void read_consumer_options(const Json& s, const std::string& path, Statement& st,
                               std::initializer_list<std::string_view> allowed) const {
        read_timeout(s, path, st);
        read_print(s, path, st, std::string("{result}"), allowed);
        if (const Json* c = JsonReader::member(s, "catch")) st.catch_errors = r.bool_value(*c, JsonReader::join(path, "catch"));
    }

    void read_print(const Json& s, const std::string& path, Statement& st, std::optional<std::string> fallback,
                    std::initializer_list<std::string_view> allowed) const {
        st.print = std::move(fallback);
        const Json* p = JsonReader::member(s, "print");
        if (p == nullptr) return;
        const std::string ppath = JsonReader::join(path, "print");
        if (p->is_null() || (p->is_boolean() && !p->get<bool>())) {
            st.print.reset();
            return;
        }
        std::string list;
        for (std::string_view a : allowed) list += (list.empty() ? "{" : ", {") + std::string(a) + "}";
        if (!p->is_string()) r.fail(ppath, *p, "a format string using " + list + ", or false");
        (void)r.string_value(*p, ppath);  // the length cap
        for (const std::string& name : lesson_detail::placeholders(p->get_ref<const std::string&>())) {
            bool ok = false;
            for (std::string_view a : allowed) ok = ok || name == a;
            if (!ok) r.fail(ppath, *p, "a format string whose placeholders are among " + list + " (unknown {" + name + "})");
        }
        st.print = p->get<std::string>();
    }

    /// result/as_completed/wait/cancel only see futures the main thread holds: ones it submitted before.
    std::vector<std::size_t> main_futures(const Json& value, const std::string& path) const {
        std::vector<std::size_t> tasks = task_list(value, path);
        for (std::size_t k = 0; k < tasks.size(); ++k) {
            bool held = false;
            for (std::size_t f : m_main_futures) held = held || f == tasks[k];
            if (!held) {
                const Json& bad = value.is_array() ? value[k] : value;
                r.fail(value.is_array() ? JsonReader::index(path, k) : path, bad,
                       "a task the main thread submitted earlier with a \"submit\" statement");
            }
        }
        return tasks;
    }

    void check_map_tasks(const std::vector<std::size_t>& tasks, const std::string& path) const {
        const TaskSpec& first = m.tasks[tasks.front()];
        const std::size_t arity = lesson_detail::split_args(first.args).size();
        for (std::size_t k = 0; k < tasks.size(); ++k) {
            const TaskSpec& t = m.tasks[tasks[k]];
            if (t.function != first.function)
                r.fail(path, Json(t.name), "tasks of one function (map calls one function; '" + first.name + "' calls " +
                                               m.functions[first.function].name + ")");
            if (lesson_detail::split_args(t.args).size() != arity || arity == 0)
                r.fail(path, Json(t.name), "tasks with the same number (>= 1) of args, one iterable per argument");
        }
    }

    void note_submission(std::size_t task, const std::string& path) {
        if (m_submitted_at.size() < m.tasks.size()) m_submitted_at.resize(m.tasks.size());
        if (!m_submitted_at[task].empty())
            r.fail_because(path, "task '" + m.tasks[task].name + "' is already submitted at " + m_submitted_at[task] +
                                     "; expected each task to be submitted exactly once");
        m_submitted_at[task] = path;
    }

    void check_submissions() {
        m_submitted_at.resize(m.tasks.size());
        for (std::size_t i = 0; i < m.tasks.size(); ++i) {
            if (m_submitted_at[i].empty())
                r.fail_because(JsonReader::index("tasks", i),
                               "task '" + m.tasks[i].name + "' is never submitted; expected a \"submit\" or \"map\" "
                               "statement in main, or a {\"submit\": ...} step of another task");
        }
    }

    /// Python text written into the program as is (args, returns): capped, and refused when it would
    /// change the program around it (python_code_problem), naming the field, the value and why.
    std::string code_value(const Json& value, const std::string& path, bool allow_empty, std::string_view what,
                           bool one_expression = false) const {
        std::string code = r.string_value(value, path, allow_empty);
        const std::string problem = lesson_detail::python_code_problem(code, one_expression);
        if (!problem.empty())
            r.fail(path, value, std::string(what) + "; this value " + problem + ", which would change the generated program");
        return code;
    }

    const JsonReader& r;
    Lesson& m;
    std::size_t m_step_count = 0;
    std::vector<std::size_t> m_main_futures;
    std::vector<std::string> m_submitted_at;
};

std::string json_error_position(std::string_view text, std::size_t byte) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < text.size() && i + 1 < byte; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

Lesson parse_lesson(std::string_view json_text, std::string_view source, std::string id) {
    const JsonReader reader{std::string(source)};
    Json root;
    try {
        // The depth bound comes first: everything after parsing walks values recursively.
        root = json_input::parse_bounded(json_text);
    } catch (const json_input::TooDeep&) {
        throw LessonError(printable(reader.source() + ": " + json_input::too_deep_message(), false));
    } catch (const Json::out_of_range& e) {
        // 406: a number too large for a double (1e309); nlohmann gives no position for it.
        throw LessonError(printable(reader.source() + ": invalid JSON: " + json_input::exception_detail(e), false));
    } catch (const Json::parse_error& e) {
        std::string what = e.what();
        // nlohmann says "[json.exception...] parse error at line L, column C: <detail>"; keep the detail.
        if (const auto at = what.find("parse error"); at != std::string::npos) {
            const auto colon = what.find(": ", at);
            what = colon != std::string::npos ? what.substr(colon + 2) : what.substr(at);
        }
        throw LessonError(printable(reader.source() + ": invalid JSON at " + json_error_position(json_text, e.byte) +
                                        ": " + shortened(what, 200),
                                    false));
    }
    Lesson lesson;
    lesson.id = std::move(id);
    lesson.source = std::string(source);
    LessonParser(reader, lesson).parse(root);
    try {
        (void)generate_program(lesson);  // reports tasks whose Python body cannot be generated
    } catch (const LessonError& e) {
        throw LessonError(printable(reader.source() + ": " + e.what(), false));
    }
    return lesson;
}

}  // namespace poolscope
