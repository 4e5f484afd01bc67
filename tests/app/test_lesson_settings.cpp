// test_lesson_settings.cpp — lesson variants made by the Controls panel run on the real runner.
#include <doctest/doctest.h>

#include <set>

#include "lesson_run.hpp"
#include "lesson_settings.hpp"
#include "poolscope/lesson/library.hpp"
#include "poolscope/lesson/program.hpp"
#include "poolscope/trace/run_model.hpp"

using namespace poolscope;
using namespace poolscope::gui;

namespace {
Lesson lesson_one() { return find_and_load_lesson("01-map-three-sites"); }
}  // namespace

TEST_CASE("LessonSettings.FromLesson.ReadsWorkersTasksAndDurations") {
    const Lesson l = lesson_one();
    const LessonSettings s = settings_from_lesson(l);
    CHECK(s.max_workers == l.max_workers.value_or(0));
    CHECK(s.task_count == static_cast<int>(l.tasks.size()));
    REQUIRE(s.durations_ms.size() == l.tasks.size());
    for (double d : s.durations_ms) CHECK(d > 0);
}

TEST_CASE("LessonSettings.Variant.MoreTasksGetUniqueNamesAndAllRun") {
    const Lesson l = lesson_one();
    LessonSettings s = settings_from_lesson(l);
    s.task_count = 7;
    fit_durations(s, l);
    const Lesson v = lesson_variant(l, s);
    REQUIRE(v.tasks.size() == 7);
    std::set<std::string> names, vars;
    for (const TaskSpec& t : v.tasks) {
        names.insert(t.name);
        vars.insert(t.future_var);
    }
    CHECK(names.size() == 7);
    CHECK(vars.size() == 7);
    CHECK_NOTHROW(generate_program(v));
    const RunModel model(run_lesson_instantly(v));
    CHECK(model.task_count() == 7);
    CHECK(model.stats().returned == 7);
}

TEST_CASE("LessonSettings.Variant.DurationsAndWorkersDecideTheMakespan") {
    const Lesson l = lesson_one();
    LessonSettings s = settings_from_lesson(l);
    s.durations_ms = {50, 50, 50};
    s.max_workers = 3;
    const RunModel three(run_lesson_instantly(lesson_variant(l, s)));
    CHECK(three.stats().makespan_ns == 50'000'000);
    s.max_workers = 1;
    const RunModel one(run_lesson_instantly(lesson_variant(l, s)));
    CHECK(one.stats().makespan_ns == 150'000'000);
    CHECK(one.lanes().size() == 2);
}

TEST_CASE("LessonSettings.Variant.ProgramKindsRun") {
    const Lesson l = lesson_one();
    for (ProgramKind kind : {ProgramKind::Map, ProgramKind::SubmitResult, ProgramKind::AsCompleted, ProgramKind::Wait}) {
        CAPTURE(static_cast<int>(kind));
        REQUIRE(program_kind_available(l, kind));
        LessonSettings s = settings_from_lesson(l);
        s.program = kind;
        const Lesson v = lesson_variant(l, s);
        const RunRecord rec = run_lesson_instantly(v);
        const RunModel model(rec);
        CHECK(model.stats().returned == 3);
        CHECK_FALSE(rec.program.empty());
        const bool yields = !model.yield_order().empty();
        CHECK(yields == (kind == ProgramKind::Map));
    }
}

TEST_CASE("LessonSettings.Variant.ShutdownOptionsReachTheRun") {
    const Lesson l = lesson_one();
    LessonSettings s = settings_from_lesson(l);
    s.shutdown_wait = false;
    const RunModel model(run_lesson_instantly(lesson_variant(l, s)));
    CHECK(model.shutdown_begin_ns() >= 0);
    CHECK((model.shutdown_flags() & EventFlags::ShutdownWait) == 0);
}

TEST_CASE("LessonSettings.Presets.ShapeTheDurations") {
    LessonSettings s;
    s.durations_ms = {100, 200, 300};
    apply_duration_preset(s, DurationPreset::AllEqual, 0);
    CHECK(s.durations_ms == std::vector<double>{200, 200, 200});
    apply_duration_preset(s, DurationPreset::OneSlowFirst, 0);
    CHECK(s.durations_ms[0] == doctest::Approx(4 * s.durations_ms[1]));
    apply_duration_preset(s, DurationPreset::Random, 3);
    const std::set<double> distinct(s.durations_ms.begin(), s.durations_ms.end());
    CHECK(distinct.size() > 1);
}

TEST_CASE("LessonSettings.Find.UnknownLessonSaysWhereItLooked") {
    try {
        find_and_load_lesson("no-such-lesson-xyz");
        FAIL("expected LessonError");
    } catch (const LessonError& e) {
        CHECK(std::string(e.what()).find("no-such-lesson-xyz") != std::string::npos);
    }
}

TEST_CASE("LessonSettings.Variant.EveryBuiltInLessonRunsWithFewerAndMoreTasks") {
    for (const LessonEntry& entry : builtin_lessons()) {
        CAPTURE(entry.id);
        const Lesson l = load_lesson(entry.path);
        if (!task_count_adjustable(l)) continue;
        for (int count : {1, 11}) {
            CAPTURE(count);
            LessonSettings s = settings_from_lesson(l);
            s.task_count = count;
            fit_durations(s, l);
            const Lesson v = lesson_variant(l, s);
            REQUIRE(v.tasks.size() == static_cast<std::size_t>(count));
            std::set<std::string> names;
            for (const TaskSpec& t : v.tasks) names.insert(t.name);
            CHECK(names.size() == v.tasks.size());
            const RunRecord rec = run_lesson_instantly(v);
            CHECK(rec.deadlock_report.empty());
            CHECK(RunModel(rec).task_count() == v.tasks.size());
        }
    }
}

TEST_CASE("LessonSettings.Variant.ClonesTakeTheirOwnArgument") {
    const Lesson l = find_and_load_lesson("06-too-few-workers");
    LessonSettings s = settings_from_lesson(l);
    s.task_count = 9;
    fit_durations(s, l);
    const Lesson v = lesson_variant(l, s);
    REQUIRE(v.tasks.size() == 9);
    CHECK(v.tasks[8].args == "9");
    CHECK(v.call_text(8) == "download(9)");
    CHECK(v.tasks[8].returns.find("9") != std::string::npos);
    const RunRecord rec = run_lesson_instantly(v);
    REQUIRE(rec.task_names.size() == 9);
    CHECK(rec.task_names[8] == "download(9)");
}
