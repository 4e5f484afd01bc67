// test_parse.cpp — the lesson parser: a valid lesson's fields, and every error path with the message
// content users rely on (file, JSON path, bad value, what was expected).
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "lesson_test_support.hpp"

using namespace poolscope;

namespace {

const std::string base = R"({
  "title": "T",
  "explanation": "E",
  "max_workers": 2,
  "functions": [{"name": "fetch", "params": ["url"]}],
  "tasks": [
    {"name": "a", "args": "'a'", "returns": "'A'", "steps": [{"io_ms": 100}]},
    {"name": "b", "args": "'b'", "returns": "'B'", "steps": [{"io_ms": 200}]}
  ],
  "main": [
    {"submit": ["a"]},
    {"result": "a"},
    {"map": ["b"]}
  ]
})";

/// `base` with the first occurrence of `from` replaced by `to` (the test fails if `from` is absent).
std::string with(const std::string& from, const std::string& to, std::string text = base) {
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "fixture has no " << from);
    return text.replace(at, from.size(), to);
}

std::string error_of(const std::string& json) {
    try {
        (void)parse_lesson(json, "bad.json");
    } catch (const LessonError& e) {
        return e.what();
    }
    return "(no error)";
}

void check_error(const std::string& json, const std::vector<std::string>& parts) {
    const std::string message = error_of(json);
    INFO("message: " << message);
    CHECK(message.rfind("bad.json: ", 0) == 0);
    for (const std::string& part : parts) CHECK_MESSAGE(message.find(part) != std::string::npos, "missing: " << part);
}

}  // namespace

TEST_CASE("Lesson.Parse.ValidLessonFields") {
    const Lesson lesson = parse_lesson(with("\"max_workers\": 2", "\"max_workers\": 2, \"seed\": 9, \"gil\": false, "
                                                                   "\"thread_name_prefix\": \"fetcher\""),
                                       "ok.json", "ok");
    CHECK(lesson.id == "ok");
    CHECK(lesson.source == "ok.json");
    CHECK(lesson.title == "T");
    CHECK(lesson.max_workers == 2);
    CHECK(lesson.seed == 9);
    CHECK_FALSE(lesson.gil);
    CHECK(lesson.thread_name_prefix == "fetcher");
    CHECK(lesson.with_block);
    REQUIRE(lesson.tasks.size() == 2);
    CHECK(lesson.tasks[1].steps[0].type == StepType::Io);
    CHECK(lesson.tasks[1].steps[0].duration.lo_ms == 200.0);
    CHECK(lesson.tasks[0].future_var == "future_a");
    CHECK(lesson.call_text(0) == "fetch('a')");
    REQUIRE(lesson.main.size() == 3);
    CHECK(lesson.main[1].type == StatementType::Result);
    CHECK(lesson.main[1].print == std::optional<std::string>("{result}"));
    CHECK(lesson.main[2].type == StatementType::Map);
    CHECK_FALSE(lesson.can_deadlock());
}

TEST_CASE("Lesson.Parse.DefaultsAndNullMaxWorkers") {
    const Lesson lesson = parse_lesson(with("\"max_workers\": 2", "\"max_workers\": null"));
    CHECK_FALSE(lesson.max_workers.has_value());
    CHECK(lesson.gil);
    CHECK(lesson.seed == 0);
    CHECK(lesson.thread_name_prefix.empty());
}

TEST_CASE("Lesson.Parse.RandomDurationAndStatements") {
    std::string json = with("{\"io_ms\": 200}", "{\"io_ms\": {\"random_ms\": [10, 30]}}");
    json = with("{\"map\": [\"b\"]}",
                "{\"map\": [\"b\"], \"timeout_ms\": 250, \"buffersize\": 1, \"catch\": true, \"print\": \"{name}={result}\"},"
                "{\"wait\": \"a\", \"return_when\": \"FIRST_EXCEPTION\", \"timeout_ms\": 5},"
                "{\"cancel\": [\"a\"], \"print\": \"{cancelled}\"},"
                "{\"io_ms\": 5}, {\"print\": \"bye\"},"
                "{\"shutdown\": {\"wait\": false, \"cancel_futures\": true}}",
                json);
    const Lesson lesson = parse_lesson(json);
    const DurationSpec& d = lesson.tasks[1].steps[0].duration;
    CHECK(d.random);
    CHECK(d.lo_ms == 10.0);
    CHECK(d.hi_ms == 30.0);
    REQUIRE(lesson.main.size() == 8);
    const Statement& map = lesson.main[2];
    CHECK(map.timeout_ms == std::optional<double>(250.0));
    CHECK(map.buffersize == std::optional<std::size_t>(1));
    CHECK(map.catch_errors);
    CHECK(lesson.main[3].return_when == FIRST_EXCEPTION);
    CHECK(lesson.main[4].type == StatementType::Cancel);
    CHECK(lesson.main[5].type == StatementType::Io);
    CHECK(lesson.main[6].print == std::optional<std::string>("bye"));
    CHECK_FALSE(lesson.main[7].shutdown_wait);
    CHECK(lesson.main[7].cancel_futures);
}

TEST_CASE("Lesson.Parse.Error.InvalidJsonNamesLineAndColumn") {
    check_error("{\n  \"title\": \"T\",\n  \"explanation\": ,\n}", {"invalid JSON at line 3, column 18: syntax error", "unexpected ','"});
    check_error("", {"invalid JSON at line 1, column 1", "unexpected end of input"});
}

TEST_CASE("Lesson.Parse.Error.TopLevel") {
    check_error("[1, 2]", {"(top level)", "got [1,2]", "a JSON object"});
    check_error(with("\"title\": \"T\"", "\"titel\": \"T\""), {"titel: unknown key", "title"});
    check_error(with("\"title\": \"T\",", ""), {"title: missing", "a non-empty string"});
    check_error(with("\"title\": \"T\"", "\"title\": \"\""), {"title: got \"\"", "a non-empty string"});
    check_error(with("\"explanation\": \"E\"", "\"explanation\": 3"), {"explanation: got 3", "a string"});
    check_error(with("\"max_workers\": 2", "\"max_workers\": 0"), {"max_workers: got 0", "an integer from 1 to 1024, or null"});
    check_error(with("\"max_workers\": 2", "\"max_workers\": \"8\""), {"max_workers: got \"8\""});
    check_error(with("\"max_workers\": 2", "\"max_workers\": 2.5"), {"max_workers: got 2.5"});
    check_error(with("\"max_workers\": 2", "\"max_workers\": 2, \"gil\": \"yes\""), {"gil: got \"yes\"", "true or false"});
    check_error(with("\"max_workers\": 2", "\"max_workers\": 2, \"seed\": -1"), {"seed: got -1", "an integer >= 0"});
    check_error(with("\"max_workers\": 2", "\"max_workers\": 2, \"with_block\": 1"), {"with_block: got 1", "true or false"});
    check_error(with("\"max_workers\": 2", "\"max_workers\": 2, \"thread_name_prefix\": 5"), {"thread_name_prefix: got 5"});
}

TEST_CASE("Lesson.Parse.Error.Functions") {
    check_error(with("[{\"name\": \"fetch\", \"params\": [\"url\"]}]", "[]"), {"functions: got []", "a non-empty array"});
    check_error(with("\"name\": \"fetch\"", "\"name\": \"fe-tch\""), {"functions[0].name: got \"fe-tch\"", "a Python identifier"});
    check_error(with("\"params\": [\"url\"]", "\"params\": [\"url\", \"class\"]"),
                {"functions[0].params[1]: got \"class\"", "a Python identifier"});
    check_error(with("\"params\": [\"url\"]}", "\"params\": [\"url\"]}, {\"name\": \"fetch\"}"),
                {"functions[1].name: got \"fetch\"", "not used before"});
    check_error(with("\"params\": [\"url\"]", "\"params\": [\"url\"], \"speed\": 1"), {"functions[0].speed: unknown key"});
    check_error(with("\"params\": [\"url\"]", "\"params\": [\"url\"], \"body\": []"), {"functions[0].body: got []"});
}

TEST_CASE("Lesson.Parse.Error.Tasks") {
    check_error(with("{\"name\": \"b\"", "{\"name\": \"a\""), {"tasks[1].name: got \"a\"", "a task name not used before"});
    check_error(with("{\"name\": \"b\", ", "{"), {"tasks[1].name: missing"});
    check_error(with("{\"name\": \"b\", ", "{\"name\": \"b\", \"function\": \"get\", "),
                {"tasks[1].function: got \"get\"", "the name of a function"});
    check_error(with("\"params\": [\"url\"]}", "\"params\": [\"url\"]}, {\"name\": \"other\"}"),
                {"tasks[0].function: missing", "required when there are several"});
    check_error(with("\"args\": \"'b'\"", "\"args\": \"'b', 2\""), {"tasks[1].args: got \"'b', 2\"", "1 argument(s)", "fetch()"});
    check_error(with("{\"name\": \"b\", ", "{\"name\": \"b\", \"future\": \"pool\", "),
                {"tasks[1].future: got \"pool\"", "a name the program does not use itself"});
    check_error(with("{\"name\": \"b\", ", "{\"name\": \"b\", \"future\": \"future_a\", "),
                {"tasks[1].future: got \"future_a\"", "not used before"});
    check_error(with("{\"name\": \"b\", ", "{\"name\": \"b\", \"future\": \"2x\", "), {"tasks[1].future: got \"2x\""});
    check_error(with("\"steps\": [{\"io_ms\": 200}]", "\"steps\": {}"), {"tasks[1].steps: got {}", "an array of steps"});
    check_error(with("\"steps\": [{\"io_ms\": 200}]", "\"stepz\": []"), {"tasks[1].stepz: unknown key"});
    const std::string tasks_block = R"("tasks": [
    {"name": "a", "args": "'a'", "returns": "'A'", "steps": [{"io_ms": 100}]},
    {"name": "b", "args": "'b'", "returns": "'B'", "steps": [{"io_ms": 200}]}
  ])";
    check_error(with(tasks_block, "\"tasks\": 5"), {"tasks: got 5", "a non-empty array of tasks"});
}

TEST_CASE("Lesson.Parse.Error.Steps") {
    check_error(with("{\"io_ms\": 200}", "{\"io_ms\": -5}"),
                {"tasks[1].steps[0].io_ms: got -5", "a duration in ms", "random_ms"});
    check_error(with("{\"io_ms\": 200}", "{\"io_ms\": \"fast\"}"), {"tasks[1].steps[0].io_ms: got \"fast\""});
    check_error(with("{\"io_ms\": 200}", "{\"cpu_ms\": 4000000}"), {"tasks[1].steps[0].cpu_ms: got 4000000"});
    check_error(with("{\"io_ms\": 200}", "{\"io_ms\": {\"random_ms\": [200, 100]}}"),
                {"tasks[1].steps[0].io_ms.random_ms: got [200,100]", "lo <= hi"});
    check_error(with("{\"io_ms\": 200}", "{\"io_ms\": {\"random_ms\": [1]}}"), {"io_ms.random_ms: got [1]"});
    check_error(with("{\"io_ms\": 200}", "{\"io_ms\": {\"random\": [1, 2]}}"), {"tasks[1].steps[0].io_ms.random: unknown key"});
    check_error(with("{\"io_ms\": 200}", "{\"sleep_ms\": 5}"), {"tasks[1].steps[0].sleep_ms: unknown key", "io_ms, cpu_ms"});
    check_error(with("{\"io_ms\": 200}", "{\"io_ms\": 5, \"cpu_ms\": 5}"), {"tasks[1].steps[0]: got", "one key"});
    check_error(with("{\"io_ms\": 200}", "{\"raise\": {\"type\": \"Bad Error\"}}"),
                {"tasks[1].steps[0].raise.type: got \"Bad Error\"", "a Python exception name"});
    check_error(with("{\"io_ms\": 200}", "{\"raise\": \"ValueError\"}"), {"tasks[1].steps[0].raise: got \"ValueError\""});
    check_error(with("{\"io_ms\": 200}", "{\"wait\": \"zzz\"}"),
                {"tasks[1].steps[0].wait: got \"zzz\"", "the name of a task"});
    check_error(with("{\"io_ms\": 200}", "{\"submit\": \"a\"}"),
                {"main[0].submit[0]", "task 'a' is already submitted at tasks[1].steps[0].submit"});
}

TEST_CASE("Lesson.Parse.Error.Main") {
    check_error(with("{\"submit\": [\"a\"]},", "{\"jump\": 1},"), {"main[0]: got {\"jump\":1}", "submit, map, result"});
    check_error(with("{\"submit\": [\"a\"]},", "{\"submit\": [\"a\"], \"map\": [\"b\"]},"), {"main[0]: has both"});
    check_error(with("{\"submit\": [\"a\"]},", "{\"submit\": []},"), {"main[0].submit: got []"});
    check_error(with("{\"submit\": [\"a\"]},", "{\"submit\": [\"a\"], \"print\": \"x\"},"), {"main[0].print: unknown key"});
    check_error(with("{\"map\": [\"b\"]}", "{\"map\": [\"b\"]}, {\"result\": \"b\"}"),
                {"main[3].result: got \"b\"", "submitted earlier with a \"submit\" statement"});
    check_error(with("{\"map\": [\"b\"]}", "{\"map\": [\"b\", \"a\"]}"),
                {"main[2].map[1]", "task 'a' is already submitted at main[0].submit[0]"});
    check_error(with("{\"map\": [\"b\"]}", "{\"print\": \"only\"}"), {"tasks[1]", "task 'b' is never submitted"});
    check_error(with("{\"map\": [\"b\"]}", "{\"map\": [\"b\"], \"buffersize\": 0}"), {"main[2].buffersize: got 0", ">= 1"});
    check_error(with("{\"map\": [\"b\"]}", "{\"map\": [\"b\"], \"timeout_ms\": -1}"), {"main[2].timeout_ms: got -1"});
    check_error(with("{\"map\": [\"b\"]}", "{\"map\": [\"b\"], \"iterable\": \"my list\"}"), {"main[2].iterable: got \"my list\""});
    check_error(with("{\"map\": [\"b\"]}", "{\"map\": [\"b\"], \"print\": \"{url} done\"}"),
                {"main[2].print: got \"{url} done\"", "unknown {url}", "{result}, {name}"});
    check_error(with("{\"map\": [\"b\"]}", "{\"map\": [\"b\"], \"catch\": \"yes\"}"), {"main[2].catch: got \"yes\""});
    check_error(with("{\"result\": \"a\"}", "{\"wait\": \"a\", \"return_when\": \"FIRST\"}"),
                {"main[1].return_when: got \"FIRST\"", "FIRST_COMPLETED"});
    check_error(with("{\"result\": \"a\"}", "{\"wait\": \"a\", \"print\": \"{result}\"}"), {"main[1].print", "unknown {result}"});
    check_error(with("{\"result\": \"a\"}", "{\"shutdown\": {\"wait\": \"no\"}}"), {"main[1].shutdown.wait: got \"no\""});
    check_error(with("{\"result\": \"a\"}", "{\"shutdown\": true}"), {"main[1].shutdown: got true"});
    check_error(with("{\"result\": \"a\"}", "{\"io_ms\": -2}"), {"main[1].io_ms: got -2"});
    check_error(with("{\"result\": \"a\"}", "{\"print\": 7}"), {"main[1].print: got 7", "a string"});
    check_error(with("{\"submit\": [\"a\"]},\n    {\"result\": \"a\"},\n    {\"map\": [\"b\"]}", ""),
                {"main: got []", "a non-empty array of statements"});
}

TEST_CASE("Lesson.Parse.Error.MapNeedsOneFunction") {
    std::string json = with("\"params\": [\"url\"]}", "\"params\": [\"url\"]}, {\"name\": \"other\", \"params\": [\"x\"]}");
    json = with("{\"name\": \"a\", ", "{\"name\": \"a\", \"function\": \"fetch\", ", json);
    json = with("{\"name\": \"b\", ", "{\"name\": \"b\", \"function\": \"other\", ", json);
    json = with("{\"submit\": [\"a\"]},\n    {\"result\": \"a\"},\n    {\"map\": [\"b\"]}", "{\"map\": [\"a\", \"b\"]}", json);
    check_error(json, {"main[0].map: got \"b\"", "tasks of one function"});
}

TEST_CASE("Lesson.Parse.Error.ProgramCannotBeGenerated") {
    // Same function, different steps, no hand-written body: the Python body would be a lie.
    check_error(with("{\"io_ms\": 200}", "{\"cpu_ms\": 200}"),
                {"tasks[1].steps", "task 'b' runs [cpu_ms]", "task 'a' of the same function fetch() runs [io_ms]"});
    // Durations differ, but the function has no parameter to key a table by.
    std::string json = with("\"params\": [\"url\"]", "\"params\": []");
    json = with("\"args\": \"'a'\", ", "", json);
    json = with("\"args\": \"'b'\", ", "", json);
    json = with("{\"map\": [\"b\"]}", "{\"submit\": \"b\"}", json);
    check_error(json, {"tasks[0].steps[0]", "no parameter to tell them apart"});
}

TEST_CASE("Lesson.Load.MissingFileAndFileNameInErrors") {
    try {
        (void)load_lesson("/nonexistent/dir/lesson.json");
        FAIL("expected LessonError");
    } catch (const LessonError& e) {
        CHECK(std::string(e.what()) == "/nonexistent/dir/lesson.json: cannot open the file for reading: No such file or directory");
    }
    const std::string path = "lesson_parse_test_bad.json";
    {
        std::ofstream out(path);
        out << with("{\"io_ms\": 200}", "{\"io_ms\": -1}");
    }
    try {
        (void)load_lesson(path);
        FAIL("expected LessonError");
    } catch (const LessonError& e) {
        CHECK(std::string(e.what()).rfind(path + ": tasks[1].steps[0].io_ms: got -1", 0) == 0);
    }
    std::remove(path.c_str());
}
