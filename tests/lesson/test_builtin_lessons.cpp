// test_builtin_lessons.cpp — every built-in lesson parses, runs to the end under virtual time, and gives a
// byte-identical trace file on repeated runs; plus the lesson lookup (names, prefixes, paths).
#include <filesystem>

#include <poolscope/lesson/library.hpp>
#include <poolscope/trace/chrome_trace.hpp>

#include "lesson_test_support.hpp"

using namespace poolscope;
using namespace poolscope::test;

namespace {
std::vector<std::filesystem::path> lesson_files() {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(POOLSCOPE_TEST_LESSONS_DIR))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}
}  // namespace

TEST_CASE("BuiltinLessons.EveryLessonRepeatsByteForByte") {
    const auto files = lesson_files();
    REQUIRE(files.size() >= 16);
    for (const auto& file : files) {
        INFO("lesson: " << file.string());
        const Lesson lesson = load_lesson(file);
        CHECK_FALSE(lesson.explanation.empty());
        const auto first = run_bounded(lesson);
        const auto second = run_bounded(lesson);
        REQUIRE(first);
        REQUIRE(second);
        CHECK(first->clock == "virtual");
        CHECK(first->dropped_events == 0);
        CHECK_FALSE(first->program.empty());
        CHECK(to_chrome_trace(*first) == to_chrome_trace(*second));
        CHECK(events_of(*first, EventKind::ShutdownEnd).size() >= 1);  // every run ends with the pool shut down
        for (const Event& e : events_of(*first, EventKind::Output))
            CHECK(e.value < static_cast<std::int64_t>(first->output.size()));
        for (const Event& e : events_of(*first, EventKind::ProgramLine))
            CHECK((e.value >= 1 && e.value <= static_cast<std::int64_t>(first->program.size())));
        CHECK(first->deadlock_report.empty() == !lesson.can_deadlock());
    }
}

TEST_CASE("BuiltinLessons.TraceRoundTrips") {
    const auto record = run_bounded(builtin("05-as-completed-vs-map"));
    REQUIRE(record);
    const RunRecord back = read_chrome_trace_string(to_chrome_trace(*record), "memory");
    CHECK(back.output == record->output);
    CHECK(back.task_names == record->task_names);
    CHECK(back.program == record->program);
    CHECK(back.events.size() == record->events.size());
}

TEST_CASE("Library.ResolveNamesPrefixesAndPaths") {
    const auto exact = resolve_lesson("01-map-three-sites");
    CHECK(exact.filename() == "01-map-three-sites.json");
    CHECK(resolve_lesson("13").filename() == "13-cpu-bound-gil.json");
    const std::string path = std::string(POOLSCOPE_TEST_LESSONS_DIR) + "/02-submit-result.json";
    CHECK(resolve_lesson(path) == std::filesystem::path(path));
    auto message_of = [](const std::string& name) -> std::string {
        try {
            (void)resolve_lesson(name);
        } catch (const LessonError& e) {
            return e.what();
        }
        return "(no error)";
    };
    CHECK(message_of("0").find("ambiguous") != std::string::npos);
    CHECK(message_of("no-such-lesson").find("no lesson named 'no-such-lesson'") != std::string::npos);
    CHECK(message_of("missing/file.json") == "missing/file.json: no such lesson file");
    CHECK(message_of("").find("no lesson given") != std::string::npos);
}

TEST_CASE("Library.BuiltinLessonsHaveTitles") {
    const auto entries = builtin_lessons();
    REQUIRE(entries.size() >= 16);
    CHECK(entries.front().id == "01-map-three-sites");
    for (const LessonEntry& e : entries) {
        INFO(e.id);
        CHECK_FALSE(e.title.empty());
        CHECK(e.title.rfind("(unreadable", 0) != 0);
    }
}
