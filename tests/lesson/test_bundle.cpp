// test_bundle.cpp — lesson bundles (*.poolscope.json): lesson text, settings and run survive a save and
// load exactly, a reopened bundle re-runs to the same record, the file is still a Chrome trace, and
// every kind of bad file (truncated, foreign, wrong field) fails with the file, JSON path and value named.
#include "lesson_test_support.hpp"
#include <poolscope/lesson/bundle.hpp>
#include <poolscope/trace/chrome_trace.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace poolscope;
using namespace poolscope::test;

namespace {

std::string lesson_path(const std::string& id) {
    return std::string(POOLSCOPE_TEST_LESSONS_DIR) + "/" + id + ".json";
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::filesystem::path temp_file(const std::string& name) {
    return std::filesystem::temp_directory_path() /
           ("poolscope-bundle-" + std::to_string(::getpid()) + "-" + name);
}

/// Lesson 01 run with two workers, saved with every setting away from its default.
Bundle sample_bundle() {
    BundleSettings settings;
    settings.max_workers = 2;
    settings.speed = 0.5;
    settings.gil_switch_interval_ns = 3'000'000;
    const auto record = run_bounded(load_lesson(lesson_path("01-map-three-sites")), run_options(settings));
    REQUIRE(record);
    Bundle b = make_bundle(lesson_path("01-map-three-sites"), run_options(settings), *record);
    b.settings.pace = true;
    b.settings.variant.gil = false;
    b.settings.variant.task_count = 5;
    b.settings.variant.durations_ms = {100, 250.5, 0, 3'600'000, 1e-3};
    b.settings.variant.program = "as_completed";
    b.settings.variant.shutdown_wait = false;
    b.settings.variant.cancel_futures = true;
    b.settings.view_time_ns = 123'456'789;
    return b;
}

/// The message of the TraceFormatError reading `text` raises.
std::string error_of(const std::string& text, std::string_view source = "run.poolscope.json") {
    try {
        (void)read_bundle_string(text, source);
    } catch (const TraceFormatError& error) {
        return error.what();
    }
    FAIL("no TraceFormatError for: " << text.substr(0, 200));
    return "";
}

/// `text` with the first `from` replaced by `to`.
std::string with(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "'" << from << "' is not in the bundle text");
    return text.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("Bundle.RoundTrip.FileKeepsLessonSettingsAndRun") {
    const Bundle saved = sample_bundle();
    const auto path = temp_file("sample.poolscope.json");
    save_bundle(path, saved);
    const Bundle loaded = load_bundle(path);
    const std::string file_text = read_text(path);
    std::filesystem::remove(path);

    CHECK(loaded.lesson_id == "01-map-three-sites");
    CHECK(loaded.lesson_source == "01-map-three-sites.json"); // the name only: no machine's paths inside
    CHECK(loaded.lesson_text == read_text(lesson_path("01-map-three-sites")));
    CHECK(loaded.settings == saved.settings);
    CHECK(loaded.settings.variant.durations_ms[1] == 250.5);
    CHECK(loaded.record.max_workers == 2);
    CHECK(to_chrome_trace(loaded.record) == to_chrome_trace(saved.record)); // every record field
    CHECK(to_bundle_json(loaded) == file_text); // saving the reopened bundle gives the same bytes
}

TEST_CASE("Bundle.RoundTrip.ReopenedBundleRunsToTheSameRecord") {
    for (const char* id :
         {"01-map-three-sites", "09-exception-in-result", "12-deadlock-mutual-wait", "13-cpu-bound-gil"}) {
        INFO("lesson " << id);
        RunOptions options;
        options.max_workers = 1;
        options.gil_switch_interval = std::chrono::milliseconds(2);
        const auto record = run_bounded(load_lesson(lesson_path(id)), options);
        REQUIRE(record);
        const Bundle loaded =
            read_bundle_string(to_bundle_json(make_bundle(lesson_path(id), options, *record)), "mem");
        const Lesson lesson = bundle_lesson(loaded);
        CHECK(lesson.id == id);
        const auto again = run_bounded(lesson, run_options(loaded.settings));
        REQUIRE(again);
        CHECK(to_chrome_trace(*again) == to_chrome_trace(loaded.record));
    }
}

TEST_CASE("Bundle.RoundTrip.EveryBuiltinLessonAndTheFileIsAChromeTrace") {
    for (const auto& entry : std::filesystem::directory_iterator(POOLSCOPE_TEST_LESSONS_DIR)) {
        if (entry.path().extension() != ".json")
            continue;
        INFO("lesson " << entry.path().string());
        const auto record = run_bounded(load_lesson(entry.path()));
        REQUIRE(record);
        const std::string text = to_bundle_json(make_bundle(entry.path(), {}, *record));
        const Bundle back = read_bundle_string(text, "mem");
        CHECK(to_chrome_trace(back.record) == to_chrome_trace(*record));
        CHECK(back.settings == BundleSettings{});
        // The trace reader (and Perfetto) read a bundle as the trace it also is.
        CHECK(to_chrome_trace(read_chrome_trace_string(text, "mem")) == to_chrome_trace(*record));
    }
}

TEST_CASE("Bundle.Settings.RunOptionsRoundTrip") {
    RunOptions options;
    options.max_workers = 7;
    options.clock = LessonClock::Controllable;
    options.speed = 0.25;
    options.pace = true;
    options.gil_switch_interval = std::chrono::microseconds(1500);
    const BundleSettings s = bundle_settings(options);
    CHECK(s.gil_switch_interval_ns == 1'500'000);
    const RunOptions back = run_options(s);
    CHECK(back.max_workers == options.max_workers);
    CHECK(back.clock == options.clock);
    CHECK(back.speed == options.speed);
    CHECK(back.pace == options.pace);
    CHECK(back.gil_switch_interval == options.gil_switch_interval);
    CHECK(back.sink == nullptr);
    CHECK(back.external_clock == nullptr);
    CHECK(BundleSettings{}.gil_switch_interval_ns == 5'000'000); // the same default as RunOptions
}

TEST_CASE("Bundle.Errors.TruncatedFiles") {
    const std::string text = to_bundle_json(sample_bundle());
    const auto path = temp_file("cut.poolscope.json");
    for (std::size_t cut = 1; cut + 2 < text.size(); cut += text.size() / 23) {
        INFO("cut at byte " << cut << " of " << text.size());
        std::ofstream(path, std::ios::binary) << text.substr(0, cut);
        try {
            (void)load_bundle(path);
            FAIL("a bundle cut at byte " << cut << " loaded");
        } catch (const TraceFormatError& error) {
            const std::string message = error.what();
            CHECK(message.find(path.string() + ": the JSON ends early (truncated file?) at byte ") == 0);
        }
    }
    // Cut just before the final brace: the bundle part is whole, the trace part is not.
    CHECK(error_of(text.substr(0, text.rfind('}'))).find("truncated file?") != std::string::npos);
    std::filesystem::remove(path);
    CHECK(error_of("") == "run.poolscope.json: the file is empty; expected a poolscope bundle (JSON)");
    CHECK(error_of("  \n") == "run.poolscope.json: the file is empty; expected a poolscope bundle (JSON)");
    try {
        (void)load_bundle(temp_file("missing.poolscope.json"));
        FAIL("a missing file loaded");
    } catch (const TraceFormatError& error) {
        CHECK(std::string(error.what()) ==
              temp_file("missing.poolscope.json").string() +
                                          ": cannot open the file for reading: No such file or directory");
    }
}

TEST_CASE("Bundle.Errors.ForeignFiles") {
    CHECK(error_of("hello").find("run.poolscope.json: not valid JSON at byte 1") == 0);
    CHECK(error_of("[1, 2]") == "run.poolscope.json: expected a poolscope bundle (a JSON object with "
                                "\"poolscope_bundle\"), got an array");
    CHECK(error_of("42") == "run.poolscope.json: expected a poolscope bundle (a JSON object with "
                            "\"poolscope_bundle\"), got 42");
    CHECK(error_of(R"({"hello": {"poolscope_bundle": 1}})") ==
          "run.poolscope.json: poolscope_bundle: missing: this is not a poolscope bundle; expected the "
          "\"poolscope_bundle\" object poolscope writes into *.poolscope.json files");
    CHECK(error_of(read_text(lesson_path("01-map-three-sites")))
              .find("poolscope_bundle: missing: this looks like a lesson file") != std::string::npos);
    const auto record = run_bounded(load_lesson(lesson_path("01-map-three-sites")));
    REQUIRE(record);
    CHECK(error_of(to_chrome_trace(*record))
              .find("run.poolscope.json: poolscope_bundle: missing: this is a poolscope "
                    "trace, not a bundle") == 0);
    CHECK(error_of(R"({"poolscope_bundle": [1]})") ==
          "run.poolscope.json: poolscope_bundle: expected an object, got an array of 1");
}

TEST_CASE("Bundle.Errors.BadFieldsNameThePathAndValue") {
    const std::string text = to_bundle_json(sample_bundle());
    const std::string at = "run.poolscope.json: poolscope_bundle.";
    CHECK(error_of(with(text, "\"version\": 1", "\"version\": 2")) ==
          at + "version: expected version 1, got 2");
    CHECK(error_of(with(text, "\"speed\": 0.5", "\"speed\": 0")) ==
          at + "settings.speed: expected a number > 0.0 and <= 1000.0, got 0");
    CHECK(error_of(with(text, "\"clock\": \"virtual\"", "\"clock\": \"fast\"")) ==
          at + "settings.clock: expected \"virtual\", \"controllable\" or \"steady\", got \"fast\"");
    CHECK(error_of(with(text, "\"max_workers\": 2", "\"max_workers\": 0")) ==
          at + "settings.max_workers: expected an integer in [1, 1024], got 0");
    CHECK(error_of(with(text, "\"max_workers\": 2", "\"max_worker\": 2")) ==
          at + "settings.max_worker: unknown key (expected one of: max_workers, clock, speed, pace, "
               "gil_switch_interval_ns, variant, view_time_ns)");
    CHECK(error_of(with(text, "\"pace\": true", "\"pace\": \"yes\"")) ==
          at + "settings.pace: expected true or false, got \"yes\"");
    CHECK(error_of(with(text, "\"program\": \"as_completed\"", "\"program\": \"loop\"")) ==
          at + "settings.variant.program: expected one of \"as_written\", \"map\", \"submit_result\", "
               "\"as_completed\", \"wait\", got \"loop\"");
    CHECK(error_of(with(text, "250.5", "-250.5")) ==
          at + "settings.variant.durations_ms[1]: expected a number >= 0.0 and <= 3600000.0, got -250.5");
    CHECK(error_of(with(text, "\"gil\": false", "\"gil\": 1")) ==
          at + "settings.variant.gil: expected true, false or null, got 1");
    CHECK(error_of(with(text, "\"view_time_ns\": 123456789", "\"view_time\": 123456789")) ==
          at + "settings.view_time: unknown key (expected one of: max_workers, clock, speed, pace, "
               "gil_switch_interval_ns, variant, view_time_ns)");
    CHECK(error_of(with(text, "\"id\": \"01-map-three-sites\"", "\"name\": \"01-map-three-sites\"")) ==
          at + "lesson.name: unknown key (expected one of: id, source, text)");
    // The embedded lesson is checked by the lesson parser: its own path follows the bundle's.
    CHECK(error_of(with(text, "\\\"io_ms\\\": 300", "\\\"io_ms\\\": -300")) ==
          at +
              "lesson.text: tasks[0].steps[0].io_ms: got -300, expected a duration in ms: a number from 0 to "
              "3600000 or {\"random_ms\": [lo, hi]}");
    // The run must belong to the lesson, and the trace part is checked by the trace reader.
    CHECK(error_of(with(text, "\"lesson\":\"01-map-three-sites\"", "\"lesson\":\"02-submit-result\"")) ==
          "run.poolscope.json: poolscope.lesson: expected the bundle's lesson id \"01-map-three-sites\", got "
          "\"02-submit-result\" (the run is of another lesson)");
    CHECK(error_of(with(text, "\"kind\":\"executor_created\"", "\"kind\":\"exploded\""))
              .find("run.poolscope.json: poolscope.events[0].kind: expected an event kind") == 0);
}

TEST_CASE("Bundle.Save.RefusesWhatCouldNotBeLoaded") {
    Bundle bad_lesson = sample_bundle();
    bad_lesson.lesson_text = "{\"title\": 3}";
    CHECK_THROWS_AS(to_bundle_json(bad_lesson), LessonError);
    Bundle bad_speed = sample_bundle();
    bad_speed.settings.speed = 0;
    CHECK_THROWS_AS(to_bundle_json(bad_speed), std::invalid_argument);
    Bundle bad_program = sample_bundle();
    bad_program.settings.variant.program = "loop";
    CHECK_THROWS_WITH_AS(to_bundle_json(bad_program),
                         doctest::Contains("variant.program 'loop' is not one of \"as_written\""),
                         std::invalid_argument);
    Bundle other_run = sample_bundle();
    other_run.record.lesson = "02-submit-result";
    CHECK_THROWS_AS(to_bundle_json(other_run), std::invalid_argument);
    CHECK_THROWS_WITH_AS(save_bundle("/nonexistent-poolscope-dir/x.poolscope.json", sample_bundle()),
                         "/nonexistent-poolscope-dir/x.poolscope.json: cannot open for writing",
                         std::runtime_error);
    CHECK_THROWS_WITH_AS(make_bundle("/nonexistent-poolscope-dir/l.json", {}, {}),
                         "/nonexistent-poolscope-dir/l.json: cannot open the file for reading: No such file or directory", LessonError);
}

TEST_CASE("Bundle.Extension") {
    CHECK(has_bundle_extension("run.poolscope.json"));
    CHECK(has_bundle_extension("/tmp/a b/.poolscope.json"));
    CHECK_FALSE(has_bundle_extension("run.json"));
    CHECK_FALSE(has_bundle_extension("poolscope.json"));
    CHECK_FALSE(has_bundle_extension("run.poolscope.json.bak"));
}
