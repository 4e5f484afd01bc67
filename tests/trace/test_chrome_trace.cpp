// test_chrome_trace.cpp — the Chrome trace exporter (golden file, structure the viewers need,
// determinism), the lossless importer round trip, and every importer error path with its message.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "poolscope/trace/chrome_trace.hpp"
#include "sample_run.hpp"

using namespace poolscope;

namespace {

const std::string golden_path = std::string(POOLSCOPE_TRACE_TEST_DATA) + "/sample_run.json";

std::string read_text(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

bool same_event(const Event& a, const Event& b) {
    return a.time_ns == b.time_ns && a.sequence == b.sequence && a.task == b.task && a.value == b.value &&
           a.executor == b.executor && a.thread == b.thread && a.kind == b.kind && a.flags == b.flags &&
           a.reserved == b.reserved;
}

void check_equal(const RunRecord& a, const RunRecord& b) {
    CHECK(a.lesson == b.lesson);
    CHECK(a.title == b.title);
    CHECK(a.clock == b.clock);
    CHECK(a.max_workers == b.max_workers);
    CHECK(a.thread_name_prefix == b.thread_name_prefix);
    CHECK(a.task_names == b.task_names);
    CHECK(a.task_results == b.task_results);
    CHECK(a.output == b.output);
    CHECK(a.program == b.program);
    CHECK(a.dropped_events == b.dropped_events);
    CHECK(a.deadlock_report == b.deadlock_report);
    REQUIRE(a.events.size() == b.events.size());
    for (std::size_t i = 0; i < a.events.size(); ++i) CHECK(same_event(a.events[i], b.events[i]));
}

// The message of the TraceFormatError `text` raises (fails the test if it raises nothing else).
std::string error_of(const std::string& text, std::string_view source = "bad.json") {
    try {
        read_chrome_trace_string(text, source);
    } catch (const TraceFormatError& error) {
        return error.what();
    }
    FAIL("no TraceFormatError for: " << text.substr(0, 200));
    return "";
}

// The golden trace with the first occurrence of `from` replaced by `to`.
std::string golden_with(const std::string& from, const std::string& to) {
    std::string text = to_chrome_trace(test::sample_record());
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("Trace.ChromeTrace.MatchesGoldenFile") {
    const std::string text = to_chrome_trace(test::sample_record());
    if (std::getenv("POOLSCOPE_UPDATE_GOLDEN") != nullptr) std::ofstream(golden_path, std::ios::binary) << text;
    const std::string golden = read_text(golden_path);
    REQUIRE_MESSAGE(!golden.empty(), "missing " << golden_path << " (run with POOLSCOPE_UPDATE_GOLDEN=1 once)");
    CHECK(text == golden);
}

TEST_CASE("Trace.ChromeTrace.HasWhatTheViewersNeed") {
    const auto doc = nlohmann::json::parse(to_chrome_trace(test::sample_record()));
    CHECK(doc["displayTimeUnit"] == "ms");
    std::map<std::string, int> phases;
    std::map<std::string, std::string> thread_names;  // tid -> name
    std::map<std::string, nlohmann::json> slices;     // task name -> X slice
    for (const auto& e : doc["traceEvents"]) {
        REQUIRE(e.contains("ph"));
        REQUIRE(e.contains("pid"));
        REQUIRE(e.contains("tid"));
        const std::string ph = e["ph"];
        ++phases[ph];
        if (ph != "M") REQUIRE(e["ts"].is_number());
        if (ph == "M" && e["name"] == "thread_name") thread_names[e["tid"].dump()] = e["args"]["name"];
        if (ph == "M" && e["name"] == "process_name") CHECK(e["args"]["name"] == "Sample \"run\"");
        if (ph == "X" && e["cat"] == "task") slices[e["name"]] = e;
        if (ph == "i") CHECK(e["s"] == "t");
    }
    CHECK(thread_names["1"] == "MainThread");
    CHECK(thread_names["2"] == "ThreadPoolExecutor-0_0");
    CHECK(thread_names["3"] == "ThreadPoolExecutor-0_1");
    REQUIRE(slices.size() == 3);
    const auto& t3 = slices["fetch('c')"];
    CHECK(t3["tid"] == 2);
    CHECK(t3["ts"].get<double>() == doctest::Approx(100000.0));
    CHECK(t3["dur"].get<double>() == doctest::Approx(150000.0));
    CHECK(t3["args"]["task_id"] == 3);
    CHECK(t3["args"]["queue_wait_us"].get<double>() == doctest::Approx(80000.0));
    CHECK(slices["fetch('b')"]["args"]["result"] == "ValueError: boom");
    CHECK(phases["s"] == 3);  // one flow per started task, from its submit to its start
    CHECK(phases["f"] == 3);
    CHECK(phases["b"] == 4);  // queued time of every submitted task, T4's included
    CHECK(phases["e"] == 4);
    CHECK(phases["C"] > 0);
    CHECK(phases["i"] == 12);  // one per main-thread mark
    CHECK(doc["poolscope"]["version"] == chrome_trace_format_version);
}

TEST_CASE("Trace.ChromeTrace.IsDeterministic") {
    const RunRecord record = test::sample_record();
    std::ostringstream stream;
    write_chrome_trace(record, stream);
    CHECK(stream.str() == to_chrome_trace(record));
    CHECK(to_chrome_trace(record) == to_chrome_trace(test::sample_record()));
}

TEST_CASE("Trace.ChromeTrace.RoundTripIsLossless") {
    RunRecord record = test::sample_record();
    record.output.push_back("tab\there, quote \" backslash \\ bell \a and \xc3\xa9t\xc3\xa9");
    record.deadlock_report = "MainThread waits on result() of fetch('c')\nworker 0 waits on the GIL";
    record.dropped_events = 7;
    record.clock = "steady";
    record.events[3].reserved = 513;
    for (Event& e : record.events) e.time_ns -= 5;  // negative times too (in order: a trace never goes back)
    record.events.back().sequence = 18'000'000'000'000'000'000ull;
    const std::string text = to_chrome_trace(record);
    const RunRecord back = read_chrome_trace_string(text, "mem");
    check_equal(record, back);
    CHECK(to_chrome_trace(back) == text);

    const auto dir = std::filesystem::temp_directory_path() / ("poolscope_trace_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "run.json").string();
    write_chrome_trace_file(record, path);
    check_equal(record, read_chrome_trace(path));
    std::filesystem::remove_all(dir);
}

TEST_CASE("Trace.ChromeTrace.GoldenFileReadsBack") {
    const RunRecord back = read_chrome_trace(golden_path);
    check_equal(test::sample_record(), back);
    CHECK(to_chrome_trace(back) == read_text(golden_path));
}

TEST_CASE("Trace.ChromeTrace.ErrorTruncatedFile") {
    const std::string text = to_chrome_trace(test::sample_record());
    const std::string message = error_of(text.substr(0, text.size() / 2), "cut.json");
    CHECK(message.find("cut.json") == 0);
    CHECK(message.find("truncated") != std::string::npos);
}

TEST_CASE("Trace.ChromeTrace.ErrorNotJson") {
    const std::string message = error_of("hello, I am a text file", "notes.txt");
    CHECK(message.find("notes.txt: not valid JSON at byte") == 0);
    CHECK(error_of("").find("bad.json: the file is empty") == 0);
    CHECK(error_of("[1, 2]").find("expected a JSON object") != std::string::npos);
}

TEST_CASE("Trace.ChromeTrace.ErrorForeignChromeTrace") {
    const std::string message =
        error_of(R"({"traceEvents":[{"name":"x","ph":"X","pid":1,"tid":1,"ts":0,"dur":5}]})", "chrome.json");
    CHECK(message.find("chrome.json: poolscope: missing") == 0);
    CHECK(message.find("not a poolscope trace") != std::string::npos);
}

TEST_CASE("Trace.ChromeTrace.ErrorUnsupportedVersion") {
    const std::string message = error_of(golden_with("{\"version\":1,", "{\"version\":99,"));
    CHECK(message.find("bad.json: poolscope.version: expected version 1, got 99") == 0);
}

TEST_CASE("Trace.ChromeTrace.ErrorWrongTypeAtPath") {
    std::string message = error_of(golden_with("\"max_workers\":2,", "\"max_workers\":\"two\","));
    CHECK(message.find("bad.json: poolscope.max_workers: expected an integer") == 0);
    CHECK(message.find("got \"two\"") != std::string::npos);

    message = error_of(golden_with("\"task_names\":[\n\"fetch('a')\"", "\"task_names\":[\n17"));
    CHECK(message.find("poolscope.task_names[0]: expected a string, got 17") != std::string::npos);

    message = error_of(golden_with("\"time_ns\":10000000,", "\"time_ns\":1.5,"));
    CHECK(message.find("poolscope.events[6].time_ns: expected an integer") != std::string::npos);
    CHECK(message.find("got 1.5") != std::string::npos);

    message = error_of(golden_with("\"flags\":0,\"reserved\"", "\"flags\":300,\"reserved\""));
    CHECK(message.find("poolscope.events[0].flags: expected an integer in [0, 255], got 300") != std::string::npos);

    message = error_of(golden_with("\"time_ns\":10000000,", "\"time_ns\":9223372036854775807,"));
    CHECK(message.find("poolscope.events[6].time_ns: expected an integer in [-2305843009213693952, "
                       "2305843009213693952], got 9223372036854775807") != std::string::npos);

    message = error_of(golden_with(",\"thread\":-1,", ","));
    CHECK(message.find("poolscope.events[0].thread: missing") != std::string::npos);

    message = error_of(golden_with("\"events\":[", "\"events\":[5,"));
    CHECK(message.find("bad.json: poolscope.events[0]: expected an event object, got 5") == 0);

    // Events are streamed, but problems are still reported in field order: version before events.
    std::string both = golden_with("\"kind\":\"wait_begin\"", "\"kind\":\"nope\"");
    both.replace(both.find("{\"version\":1,"), 13, "{\"version\":2,");
    CHECK(error_of(both).find("bad.json: poolscope.version:") == 0);

    message = error_of(golden_with("\"events\":[", "\"events\":7,\"unused\":["));
    CHECK(message.find("poolscope.events: expected an array of events, got 7") != std::string::npos);
}

TEST_CASE("Trace.ChromeTrace.ErrorUnknownEventKind") {
    // Event 12 (0-based) of the sample is the first "wait_begin".
    std::string text = to_chrome_trace(test::sample_record());
    const auto events_at = text.find("\"events\":[");
    std::size_t at = events_at;
    for (int i = 0; i <= 12; ++i) at = text.find("\"kind\":\"", at + 1);
    const auto end = text.find('"', at + 8);
    REQUIRE(text.substr(at + 8, end - at - 8) == "wait_begin");
    text.replace(at + 8, end - at - 8, "exploded");
    const std::string message = error_of(text, "run.json");
    CHECK(message.find("run.json: poolscope.events[12].kind: expected an event kind (one of executor_created") == 0);
    CHECK(message.find("got \"exploded\"") != std::string::npos);
}

TEST_CASE("Trace.ChromeTrace.ErrorMissingFile") {
    try {
        read_chrome_trace("/nonexistent/dir/run.json");
        FAIL("expected TraceFormatError");
    } catch (const TraceFormatError& error) {
        CHECK(std::string(error.what()).find("/nonexistent/dir/run.json: cannot open") == 0);
    }
}

TEST_CASE("Trace.ChromeTrace.CorruptInputOnlyEverThrowsTraceFormatError") {
    // Every prefix (truncation) and a fixed set of single-byte corruptions of a real trace: each either
    // reads back or raises TraceFormatError; nothing else escapes and nothing crashes.
    const std::string text = to_chrome_trace(test::sample_record());
    std::size_t rejected = 0, attempts = 0;
    auto attempt = [&](const std::string& input) {
        ++attempts;
        try {
            read_chrome_trace_string(input, "fuzz.json");
        } catch (const TraceFormatError& error) {
            ++rejected;
            CHECK(std::string(error.what()).rfind("fuzz.json: ", 0) == 0);
        }
    };
    for (std::size_t n = 0; n + 1 < text.size(); n += 3) attempt(text.substr(0, n));  // the last byte is "\n"
    CHECK(rejected == attempts);  // no strict prefix of a JSON object is a JSON object
    std::uint64_t state = 0x9e3779b97f4a7c15ull;
    const char replacements[] = {'"', '{', '}', '[', ']', ',', ':', '-', '9', 'x', '\0', '\x80'};
    for (int i = 0; i < 400; ++i) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        std::string corrupt = text;
        corrupt[(state >> 33) % corrupt.size()] = replacements[(state >> 13) % sizeof replacements];
        attempt(corrupt);
    }
}
