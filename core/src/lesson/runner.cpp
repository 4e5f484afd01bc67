// runner.cpp — run_lesson(): clock choice, the recording sink, task bodies, and the RunRecord.
// Durations are drawn from the seeded RNG before anything runs, so random lessons do not depend on
// which thread asks first; the events are renumbered afterwards so repeated runs compare byte for byte.
#include "poolscope/lesson/runner.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <random>

#include "poolscope/virtual_clock.hpp"
#include "run_state.hpp"

namespace poolscope {

const char* lesson_clock_name(LessonClock clock) noexcept {
    switch (clock) {
        case LessonClock::Virtual: return "virtual";
        case LessonClock::Controllable: return "controllable";
        case LessonClock::Steady: return "steady";
    }
    return "unknown";
}

namespace lesson_detail {

namespace {
thread_local std::deque<std::size_t> t_labels;
thread_local std::uint64_t t_current_task = 0;

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }
}  // namespace

// ---- RunSink -------------------------------------------------------------------------------------

void RunSink::on_event(const Event& event) noexcept {
    if (event.kind == EventKind::TaskSubmitted && !t_labels.empty()) {
        std::lock_guard guard(m_mutex);
        if (m_index_by_id.size() < event.task) m_index_by_id.resize(event.task);
        m_index_by_id[event.task - 1] = t_labels.front();
        t_labels.pop_front();
    }
    if (event.kind == EventKind::TaskStarted) t_current_task = event.task;
    m_recorder.on_event(event);
    if (m_tee != nullptr) m_tee->on_event(event);
}

std::deque<std::size_t>& RunSink::labels() noexcept { return t_labels; }
std::uint64_t RunSink::current_task() noexcept { return t_current_task; }

std::optional<std::size_t> RunSink::index_of(std::uint64_t id) const {
    std::lock_guard guard(m_mutex);
    if (id == 0 || id > m_index_by_id.size()) return std::nullopt;
    return m_index_by_id[id - 1];
}

std::uint64_t RunSink::max_task_id() const {
    std::lock_guard guard(m_mutex);
    return m_index_by_id.size();
}

// ---- Errors as Python shows them -----------------------------------------------------------------

std::string python_error_repr(const std::exception_ptr& error) {
    const std::string message = exception_message(error);
    std::string quoted = "'";
    for (char c : message) quoted += c == '\'' ? std::string("\\'") : std::string(1, c);
    return exception_type_name(error) + "(" + (message.empty() ? "" : quoted + "'") + ")";
}

std::string python_error_line(const std::exception_ptr& error) {
    const std::string message = first_line(exception_message(error));
    return exception_type_name(error) + (message.empty() ? "" : ": " + message);
}

// ---- RunState ------------------------------------------------------------------------------------

Future<std::string> RunState::submit(std::size_t index) {
    t_labels.push_back(index);
    Future<std::string> future;
    try {
        future = pool->submit([this, index] { return run_task(index); });
    } catch (const std::runtime_error& e) {
        t_labels.clear();
        throw PythonError("RuntimeError", e.what());  // "cannot schedule new futures after shutdown"
    }
    std::lock_guard guard(m_mutex);
    if (m_futures.size() < lesson.tasks.size()) m_futures.resize(lesson.tasks.size());
    m_futures[index] = future;
    clock.notify_all(m_published);
    return future;
}

Future<std::string> RunState::future_of(std::size_t index) {
    std::unique_lock lock(m_mutex);
    if (m_futures.size() < lesson.tasks.size()) m_futures.resize(lesson.tasks.size());
    m_published.kind = BlockKind::Future;
    clock.wait_until(lock, m_published, forever, [&] { return m_futures[index].valid(); });
    return m_futures[index];
}

void RunState::step(StepKind kind, Nanos duration, std::uint64_t task) {
    emit(EventKind::StepBegin, task, static_cast<std::int64_t>(kind));
    if (kind == StepKind::Cpu && gil) gil->run_cpu(duration, task);
    else clock.sleep_until(clock.now() + duration);
    emit(EventKind::StepEnd, task, static_cast<std::int64_t>(kind));
}

std::string RunState::run_task(std::size_t index) {
    const std::uint64_t id = t_current_task;
    const TaskSpec& task = lesson.tasks[index];
    std::string outcome;
    try {
        for (std::size_t j = 0; j < task.steps.size(); ++j) {
            const TaskStep& s = task.steps[j];
            switch (s.type) {
                case StepType::Io: step(StepKind::Io, task_durations[index][j], id); break;
                case StepType::Cpu: step(StepKind::Cpu, task_durations[index][j], id); break;
                case StepType::Raise: throw PythonError(s.error_type, s.error_message);
                case StepType::Submit: (void)submit(s.target); break;
                case StepType::Wait: (void)future_of(s.target).result(); break;
            }
        }
        outcome = task.returns;
    } catch (const DeadlockError& e) {
        note_deadlock(e.what());
        outcome = python_error_line(std::current_exception());
        std::lock_guard guard(m_mutex);
        m_outcomes.resize(lesson.tasks.size());
        m_outcomes[index] = outcome;
        throw;
    } catch (...) {
        outcome = python_error_line(std::current_exception());
        std::lock_guard guard(m_mutex);
        m_outcomes.resize(lesson.tasks.size());
        m_outcomes[index] = outcome;
        throw;
    }
    std::lock_guard guard(m_mutex);
    m_outcomes.resize(lesson.tasks.size());
    m_outcomes[index] = outcome;
    return outcome;
}

void RunState::note_deadlock(const std::string& report) {
    bool first = false;
    std::string text = report;
    if (auto* virtual_clock = dynamic_cast<VirtualClock*>(&clock)) {
        const std::string full = virtual_clock->deadlock_report();
        if (!full.empty()) text = full;
    }
    {
        std::lock_guard guard(m_mutex);
        first = !m_deadlocked;
        m_deadlocked = true;
        if (first) m_deadlock_report = text;
    }
    if (first) emit(EventKind::Deadlock, 0);
}

std::string RunState::outcome(std::size_t index) const {
    std::lock_guard guard(m_mutex);
    return index < m_outcomes.size() ? m_outcomes[index] : "";
}

std::string RunState::deadlock_report() const {
    std::lock_guard guard(m_mutex);
    return m_deadlock_report;
}

}  // namespace lesson_detail

// ---- run_lesson ----------------------------------------------------------------------------------

namespace {

using lesson_detail::RunSink;
using lesson_detail::RunState;

Nanos draw(const DurationSpec& d, std::mt19937_64& rng) {
    const auto lo = static_cast<Nanos>(std::llround(d.lo_ms * 1e6));
    const auto hi = static_cast<Nanos>(std::llround(d.hi_ms * 1e6));
    if (!d.random || hi <= lo) return lo;
    const auto span_us = static_cast<std::uint64_t>((hi - lo) / 1000);
    return lo + static_cast<Nanos>(rng() % (span_us + 1)) * 1000;  // whole microseconds
}

/// The clock the run uses: the caller's, or a fresh one (held in `owned`).
Clock& choose_clock(const Lesson& lesson, const RunOptions& options, std::unique_ptr<Clock>& owned) {
    const bool needs_virtual = lesson.can_deadlock();
    if (options.external_clock != nullptr &&
        (!needs_virtual || dynamic_cast<VirtualClock*>(options.external_clock) != nullptr))
        return *options.external_clock;
    if (options.clock == LessonClock::Virtual || needs_virtual) {
        auto clock = std::make_unique<VirtualClock>();
        const bool real_time_asked = options.clock != LessonClock::Virtual || options.external_clock != nullptr;
        if (options.pace || real_time_asked) {
            clock->set_speed(options.speed);
            clock->set_pacing(true);
        }
        owned = std::move(clock);
    } else if (options.clock == LessonClock::Controllable) {
        owned = std::make_unique<ControllableClock>(options.speed);
    } else {
        owned = std::make_unique<SteadyClock>();
    }
    return *owned;
}

const char* clock_kind(Clock& clock) {
    if (dynamic_cast<VirtualClock*>(&clock)) return "virtual";
    if (dynamic_cast<ControllableClock*>(&clock)) return "controllable";
    return "steady";
}

/// This run's events only, renumbered so that two runs of the same lesson compare equal.
std::vector<Event> normalized(std::vector<Event> all, std::uint32_t executor) {
    std::vector<Event> events;
    for (const Event& e : all)
        if (e.executor == executor) events.push_back(e);
    std::sort(events.begin(), events.end(), event_before);
    std::map<std::int32_t, std::int32_t> others;
    for (std::size_t i = 0; i < events.size(); ++i) {
        Event& e = events[i];
        e.sequence = i + 1;
        e.executor = 1;
        if (e.thread < 0) {
            const auto it = others.try_emplace(e.thread, -1 - static_cast<std::int32_t>(others.size())).first;
            e.thread = it->second;
        }
    }
    return events;
}

/// A Lesson edited after parsing (the GUI resizes task lists) must still be runnable: every index in
/// range, and every future the program waits on submitted somewhere, or a real-time run would hang.
void check_consistency(const Lesson& lesson) {
    const std::string where = lesson.source.empty() ? "lesson" : lesson.source;
    auto fail = [&](const std::string& problem) { throw LessonError(where + ": " + problem); };
    if (lesson.functions.empty() || lesson.tasks.empty() || lesson.main.empty())
        fail("needs at least one function, task and main statement");
    std::vector<bool> submitted(lesson.tasks.size(), false);
    for (const TaskSpec& task : lesson.tasks) {
        if (task.function >= lesson.functions.size()) fail("task '" + task.name + "' calls a function that does not exist");
        for (const TaskStep& step : task.steps) {
            if ((step.type == StepType::Submit || step.type == StepType::Wait) && step.target >= lesson.tasks.size())
                fail("task '" + task.name + "' refers to a task that does not exist");
            if (step.type == StepType::Submit) submitted[step.target] = true;
        }
    }
    for (const Statement& st : lesson.main) {
        for (std::size_t t : st.tasks) {
            if (t >= lesson.tasks.size()) fail("a main statement refers to a task that does not exist");
            if (st.type == StatementType::Submit || st.type == StatementType::Map) submitted[t] = true;
        }
        if (st.type == StatementType::Map && st.tasks.empty()) fail("a map statement needs at least one task");
        if (st.type == StatementType::Print && !st.print) fail("a print statement needs its text");
    }
    auto check_waited = [&](std::size_t t) {
        if (!submitted[t]) fail("task '" + lesson.tasks[t].name + "' is waited on but never submitted");
    };
    for (const TaskSpec& task : lesson.tasks)
        for (const TaskStep& step : task.steps)
            if (step.type == StepType::Wait) check_waited(step.target);
    for (const Statement& st : lesson.main)
        if (st.type != StatementType::Submit && st.type != StatementType::Map)
            for (std::size_t t : st.tasks) check_waited(t);
}

}  // namespace

RunRecord run_lesson(const Lesson& lesson, const RunOptions& options) {
    if (options.max_workers && *options.max_workers <= 0) throw std::invalid_argument("max_workers must be greater than 0");
    if (!(options.speed > 0.0)) throw std::invalid_argument("speed must be a positive factor");
    check_consistency(lesson);

    std::unique_ptr<Clock> owned_clock;
    Clock& clock = choose_clock(lesson, options, owned_clock);
    Recorder recorder;
    RunSink sink(recorder, options.sink);
    RunRecord record;
    std::uint32_t executor_id = 0;
    {
        std::optional<VirtualClock::Participation> participation;
        if (auto* virtual_clock = dynamic_cast<VirtualClock*>(&clock)) participation.emplace(*virtual_clock, "MainThread");

        RunState state(lesson, clock, sink);
        state.program = generate_program(lesson);
        std::mt19937_64 rng(lesson.seed);
        for (const TaskSpec& task : lesson.tasks) {
            auto& durations = state.task_durations.emplace_back();
            for (const TaskStep& s : task.steps) durations.push_back(draw(s.duration, rng));
        }
        for (const Statement& s : lesson.main) state.main_durations.push_back(draw(s.duration, rng));

        ThreadPoolExecutor::Options pool_options;
        pool_options.max_workers = options.max_workers ? options.max_workers : lesson.max_workers;
        pool_options.thread_name_prefix = lesson.thread_name_prefix;
        pool_options.clock = &clock;
        pool_options.sink = &sink;
        pool_options.pool_number = 0;  // names as in a fresh interpreter: ThreadPoolExecutor-0_k
        ThreadPoolExecutor pool(pool_options);
        executor_id = pool.id();
        state.pool = &pool;
        state.instrument = detail::Instrument{&sink, &clock, pool.id()};
        if (lesson.gil) state.gil.emplace(clock, state.instrument, options.gil_switch_interval);

        lesson_detail::run_main_program(state);  // ends with the pool shut down and its workers joined

        record.max_workers = pool.max_workers();
        record.output = state.output;
        record.program = state.program.lines;
        record.deadlock_report = state.deadlock_report();
        for (std::uint64_t id = 1; id <= sink.max_task_id(); ++id) {
            const auto index = sink.index_of(id);
            record.task_names.push_back(index ? lesson.call_text(*index) : "task " + std::to_string(id));
            record.task_results.push_back(index ? state.outcome(*index) : "");
        }
    }
    std::vector<Event> events;
    recorder.drain(events);
    record.events = normalized(std::move(events), executor_id);
    record.dropped_events = recorder.dropped();
    record.lesson = lesson.id;
    record.title = lesson.title;
    record.clock = clock_kind(clock);
    record.thread_name_prefix = lesson.thread_name_prefix.empty() ? "ThreadPoolExecutor-0" : lesson.thread_name_prefix;
    return record;
}

}  // namespace poolscope
