// test_program.cpp — the generated Python program: the article's three examples come out as the article
// writes them (modulo the simulated work), and generated constructs are valid Python shapes.
#include <algorithm>

#include <poolscope/lesson/program.hpp>

#include "lesson_test_support.hpp"

using namespace poolscope;
using namespace poolscope::test;

namespace {
bool has_line(const PythonProgram& program, const std::string& line) {
    return std::find(program.lines.begin(), program.lines.end(), line) != program.lines.end();
}
}  // namespace

TEST_CASE("Program.Lesson01.ArticleMap") {
    const PythonProgram p = generate_program(builtin("01-map-three-sites"));
    CHECK(has_line(p, "from concurrent.futures import ThreadPoolExecutor"));
    CHECK(has_line(p, "def scrape_site(url):"));
    CHECK(has_line(p, "    return f'{url} was scraped!'"));
    CHECK(has_line(p, "pool = ThreadPoolExecutor(max_workers=8)"));
    CHECK(has_line(p, "urls = ['python-engineer.com', 'twitter.com', 'youtube.com']"));
    CHECK(has_line(p, "for result in pool.map(scrape_site, urls):"));
    CHECK(has_line(p, "    print(result)"));
    CHECK(p.lines.back() == "pool.shutdown()");
    CHECK(p.lines[static_cast<std::size_t>(p.pool_line - 1)] == "pool = ThreadPoolExecutor(max_workers=8)");
    // Durations differ per URL, so they live in a table keyed by the parameter.
    CHECK(has_line(p, "SCRAPE_SITE_IO_SECONDS = {'python-engineer.com': 0.3, 'twitter.com': 0.1, 'youtube.com': 0.2}"));
}

TEST_CASE("Program.Lesson02And03.SubmitResultAndWithBlock") {
    const PythonProgram two = generate_program(builtin("02-submit-result"));
    CHECK(has_line(two, "future = pool.submit(pow, 2, 15)"));
    CHECK(has_line(two, "print(future.result())"));
    CHECK(std::none_of(two.lines.begin(), two.lines.end(), [](const std::string& l) { return l.rfind("def pow", 0) == 0; }));
    const PythonProgram three = generate_program(builtin("03-with-block"));
    CHECK(has_line(three, "with ThreadPoolExecutor(max_workers=1) as pool:"));
    CHECK(has_line(three, "    future = pool.submit(pow, 2, 15)"));
    CHECK(has_line(three, "    print(future.result())"));
}

TEST_CASE("Program.StatementLinesPointAtTheirCode") {
    const Lesson lesson = builtin("08-shutdown-cancel-futures");
    const PythonProgram p = generate_program(lesson);
    REQUIRE(p.statements.size() == lesson.main.size());
    CHECK(p.lines[static_cast<std::size_t>(p.statements[2].first - 1)] == "pool.shutdown(cancel_futures=True)");
    const StatementLines& caught = p.statements[3];
    CHECK(p.lines[static_cast<std::size_t>(caught.first - 1)] == "try:");
    CHECK(p.lines[static_cast<std::size_t>(caught.per_task[0] - 1)] == "    print(j1.result())");
    CHECK(p.lines[static_cast<std::size_t>(caught.handler - 1)] == "    print(repr(error))");
}

TEST_CASE("Program.Constructs.WaitAsCompletedCpuRandomAndNames") {
    const Lesson lesson = parse_lesson(R"({"title": "t", "explanation": "", "seed": 3,
        "functions": [{"name": "work", "params": ["n"]}],
        "tasks": [{"name": "one", "args": "1", "returns": "'x'", "future": "f1", "steps": [{"cpu_ms": {"random_ms": [1, 2]}}]},
                  {"name": "two", "args": "2", "returns": "'y'", "future": "f2", "steps": [{"cpu_ms": {"random_ms": [1, 2]}}]}],
        "main": [{"submit": ["one", "two"]},
                 {"wait": ["one", "two"], "timeout_ms": 500, "return_when": "FIRST_COMPLETED", "print": "{done}/{not_done}"},
                 {"as_completed": ["one", "two"], "print": "{name} -> {result}"},
                 {"cancel": "one", "print": "{cancelled}"}]})");
    const PythonProgram p = generate_program(lesson);
    CHECK(has_line(p, "import random"));
    CHECK(has_line(p, "random.seed(3)"));
    CHECK(has_line(p, "from concurrent.futures import ThreadPoolExecutor, as_completed, wait, FIRST_COMPLETED"));
    CHECK(has_line(p, "def cpu_work(seconds):"));
    CHECK(has_line(p, "    cpu_work(random.uniform(0.001, 0.002))  # CPU: needs the GIL"));
    CHECK(has_line(p, "    return WORK_RESULTS[n]"));
    CHECK(has_line(p, "WORK_RESULTS = {1: 'x', 2: 'y'}"));
    CHECK(has_line(p, "    done, not_done = wait([f1, f2], timeout=0.5, return_when=FIRST_COMPLETED)"));
    CHECK(has_line(p, "    print(f'{len(done)}/{len(not_done)}')"));
    CHECK(has_line(p, "    names = {f1: 'one', f2: 'two'}"));
    CHECK(has_line(p, "    for future in as_completed(names):"));
    CHECK(has_line(p, "        print(f'{names[future]} -> {future.result()}')"));
    CHECK(has_line(p, "    print(f1.cancel())"));
}

TEST_CASE("Program.Deadlock.TaskSubmitsAndWaits") {
    const PythonProgram p = generate_program(builtin("11-deadlock-wait-in-own-pool"));
    CHECK(has_line(p, "def wait_on_future():"));
    CHECK(has_line(p, "    f = pool.submit(pow, 5, 2)"));
    CHECK(has_line(p, "    f.result()  # blocks until that task is done"));
}
