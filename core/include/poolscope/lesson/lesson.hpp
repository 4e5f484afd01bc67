// poolscope/lesson/lesson.hpp — a lesson: a small Python program around one ThreadPoolExecutor, as data.
// Lessons are JSON files (docs/lesson-format.md); parse_lesson() validates them completely, so the runner
// (runner.hpp) and the program generator (program.hpp) never see a dangling name or a bad duration.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "poolscope/wait.hpp"

namespace poolscope {

/// A lesson file that cannot be used. The message names the file, the JSON path
/// (e.g. "tasks[2].steps[0].io_ms"), the bad value and what was expected.
class LessonError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What parse_lesson() accepts at most (docs/lesson-format.md, "Limits"): far beyond any lesson meant to
/// be watched, and small enough that a hostile file gets a message instead of exhausting memory or
/// drawing text no window can hold.
namespace lesson_limits {
inline constexpr std::size_t title_bytes = 200;
inline constexpr std::size_t explanation_bytes = 10'000;
inline constexpr std::size_t thread_name_prefix_bytes = 100;
inline constexpr std::size_t text_bytes = 1'000;  // every other string: names, args, print, body lines
inline constexpr std::size_t functions = 1'000;
inline constexpr std::size_t params = 100;        // per function
inline constexpr std::size_t body_lines = 1'000;  // per function
inline constexpr std::size_t tasks = 1'000'000;
inline constexpr std::size_t steps_per_task = 10'000;
inline constexpr std::size_t steps = 10'000'000;  // all tasks together
inline constexpr std::size_t statements = 1'000'000;
}  // namespace lesson_limits

/// A duration in milliseconds: fixed (lo == hi), or drawn uniformly from [lo, hi] with the lesson's seed.
struct DurationSpec {
    double lo_ms = 0.0;
    double hi_ms = 0.0;
    bool random = false;
};

enum class StepType : std::uint8_t {
    Io,      // sleeps on the clock without the GIL (a request, a disk read)
    Cpu,     // works on the clock while holding the simulated GIL (when the lesson has one)
    Raise,   // raises error_type(error_message)
    Submit,  // submits task `target` to the same pool
    Wait,    // blocks on the future of task `target` (result())
};

struct TaskStep {
    StepType type = StepType::Io;
    DurationSpec duration;      // Io, Cpu
    std::string error_type;     // Raise, e.g. "ValueError"
    std::string error_message;  // Raise
    std::size_t target = 0;     // Submit, Wait: index into Lesson::tasks
};

/// A Python function tasks call. Its body in the generated program comes from the steps of its tasks,
/// unless `body` gives the lines to show instead.
struct FunctionSpec {
    std::string name;                 // "scrape_site"
    std::vector<std::string> params;  // ["url"]
    std::string returns;              // optional Python expression for the return line, e.g. "f'{url}!'"
    std::vector<std::string> body;    // optional hand-written body (without indentation)
    bool builtin = false;             // e.g. pow: called, never defined
};

struct TaskSpec {
    std::string name;          // unique, e.g. "twitter.com"
    std::size_t function = 0;  // index into Lesson::functions
    std::string args;          // Python argument text: "'twitter.com'", "2, 15"
    std::string returns = "None";  // repr of the returned value: "'twitter.com was scraped!'", "32768"
    std::string future_var;    // Python variable that holds its future
    std::vector<TaskStep> steps;
};

enum class StatementType : std::uint8_t {
    Submit,       // var = pool.submit(fn, args) for each task
    Map,          // for result in pool.map(fn, items, timeout=, buffersize=): print(...)
    Result,       // print(var.result(timeout=)) for each task
    AsCompleted,  // for future in as_completed([...], timeout=): print(future.result())
    Wait,         // done, not_done = wait([...], timeout=, return_when=)
    Cancel,       // var.cancel()
    Shutdown,     // pool.shutdown(wait=, cancel_futures=)
    Io,           // time.sleep(...) on the main thread
    Cpu,          // cpu_work(...) on the main thread
    Print,        // print('text')
};

/// One statement of the main thread's program.
struct Statement {
    StatementType type = StatementType::Print;
    std::vector<std::size_t> tasks;          // Submit, Map, Result, AsCompleted, Wait, Cancel
    std::optional<double> timeout_ms;        // Map, Result, AsCompleted, Wait
    std::optional<std::size_t> buffersize;   // Map
    ReturnWhen return_when = ALL_COMPLETED;  // Wait
    bool shutdown_wait = true;               // Shutdown
    bool cancel_futures = false;             // Shutdown
    DurationSpec duration;                   // Io, Cpu
    /// What is printed, with {placeholders} (see docs/lesson-format.md); nullopt prints nothing.
    /// For Print it is the literal text.
    std::optional<std::string> print;
    bool catch_errors = false;  // wrap in try/except Exception as error: print(repr(error))
    std::string iterable;       // Map: Python name of the input list ("items" by default)
};

struct Lesson {
    std::string id;      // file stem, e.g. "01-map-three-sites"; "" when parsed from a string
    std::string source;  // file path or the name given to parse_lesson
    std::string title;
    std::string explanation;
    std::optional<int> max_workers;  // nullopt = Python's default, min(32, CPUs + 4)
    std::string thread_name_prefix;  // "" = "ThreadPoolExecutor-0"
    bool gil = true;
    std::uint64_t seed = 0;
    bool with_block = true;  // `with ThreadPoolExecutor(...) as pool:` or `pool = ...` + explicit shutdown
    std::vector<FunctionSpec> functions;
    std::vector<TaskSpec> tasks;
    std::vector<Statement> main;

    /// True when some task waits on another task's future: only the virtual clock can end such a run.
    bool can_deadlock() const noexcept;
    std::optional<std::size_t> find_task(std::string_view name) const noexcept;
    /// "scrape_site('twitter.com')": what RunRecord::task_names holds.
    std::string call_text(std::size_t task) const;
};

/// Parses and validates a lesson. `source` names the text in error messages; `id` becomes Lesson::id.
/// Throws LessonError.
Lesson parse_lesson(std::string_view json_text, std::string_view source = "<string>", std::string id = "");
/// Reads and parses a lesson file; Lesson::id is the file stem. Throws LessonError (also when unreadable).
Lesson load_lesson(const std::filesystem::path& path);
/// The text of a lesson file, read with read_input_file() (regular files up to max_lesson_file_bytes).
/// Throws LessonError naming the file.
std::string read_lesson_text(const std::filesystem::path& path);

}  // namespace poolscope
