// test_replay.cpp — replay equivalence: a lesson recorded live (events teed to a Recorder and applied to
// a RunModel batch by batch, one virtual-time step per "frame", as the app does), then written as a
// trace and as a bundle, read back and rebuilt, must look the same at every event time through every
// RunModel query the app and CLI use. Also checks the live model mid-run against the replay (time travel).
#include "lesson_test_support.hpp"
#include <poolscope/lesson/bundle.hpp>
#include <poolscope/recorder.hpp>
#include <poolscope/trace/chrome_trace.hpp>
#include <poolscope/trace/run_model.hpp>
#include <poolscope/trace/text_report.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <unistd.h>

using namespace poolscope;
using namespace poolscope::test;

namespace {

/// What the app shows when the playhead is at `t` (everything a scrub reads).
struct Snapshot {
    std::int64_t t = 0;
    std::vector<TaskState> states;
    std::vector<std::uint64_t> queue;
    std::size_t output_count = 0;
    std::int64_t program_line = 0;
    std::int64_t queue_length = 0, busy = 0;
    std::size_t marks_up_to_t = 0;
    std::vector<std::size_t> runs_at_t; // per lane: runs overlapping [t, t + 1)

    bool operator==(const Snapshot&) const = default;
};

Snapshot snapshot(const RunModel& m, std::int64_t t) {
    Snapshot s;
    s.t = t;
    s.states = m.states_at(t);
    s.queue = m.queue_at(t);
    s.output_count = m.output_count_at(t);
    s.program_line = m.program_line_at(t);
    s.queue_length = RunModel::sample_at(m.queue_length_samples(), t);
    s.busy = RunModel::sample_at(m.busy_worker_samples(), t);
    s.marks_up_to_t = m.marks_in(std::numeric_limits<std::int64_t>::min(), t + 1).size();
    for (std::size_t lane = 0; lane < m.lanes().size(); ++lane)
        s.runs_at_t.push_back(m.runs_in(lane, t, t + 1).size());
    return s;
}

struct LiveRecording {
    RunModel model;                // fed batch by batch while the run went on
    std::vector<Snapshot> mid_run; // taken after each batch, just before the newest event's time
    std::map<std::int32_t, std::int32_t> thread_ids; // live non-worker thread id -> the record's
    std::size_t batches = 0;
    RunRecord record; // what run_lesson returned
};

/// Runs `lesson` on a paused, paced VirtualClock stepped one jump at a time (the app's Step), teeing
/// events to a Recorder that this thread drains into a RunModel after every step. Bounded.
std::optional<LiveRecording> record_live(const Lesson& lesson) {
    LiveRecording live;
    RunRecord metadata = run_lesson(lesson); // the app learns names and texts from an instant run first
    metadata.events.clear();
    live.model.set_metadata(metadata);

    VirtualClock clock;
    clock.set_pacing(true);
    clock.set_paused(true);
    Recorder recorder;
    std::atomic<bool> done{false};
    std::string error;
    std::thread runner([&] {
        RunOptions options;
        options.external_clock = &clock;
        options.sink = &recorder;
        try {
            live.record = run_lesson(lesson, options);
        } catch (const std::exception& e) {
            error = e.what();
        }
        done.store(true, std::memory_order_release);
    });

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    std::vector<Event> batch, all;
    bool finished = false;
    std::size_t batches_at_step = 0;
    auto last_step = std::chrono::steady_clock::now();
    while (!finished) {
        finished = done.load(std::memory_order_acquire); // before draining: then this drain is the last
        batch.clear();
        if (recorder.drain(batch) > 0) {
            live.model.apply(std::span<const Event>(batch));
            all.insert(all.end(), batch.begin(), batch.end());
            ++live.batches;
            // Everything before the newest event's time has been applied (time only moves forward).
            if (live.model.end_time_ns() > 0)
                live.mid_run.push_back(snapshot(live.model, live.model.end_time_ns() - 1));
        }
        if (finished)
            break;
        if (std::chrono::steady_clock::now() > deadline) {
            clock.set_paused(false);
            clock.set_pacing(false);
            runner.join();
            FAIL_CHECK("the stepped run did not finish within 20 s");
            return std::nullopt;
        }
        // One jump per frame, and only after this time's first events were drained: a step given before
        // the run reached its first jump would let it run two jumps in one batch. A jump that emits no event
        // would stall that rule, so after 100 ms without events the step is given anyway (progress only).
        if (live.batches > batches_at_step ||
            std::chrono::steady_clock::now() - last_step > std::chrono::milliseconds(100)) {
            batches_at_step = live.batches;
            last_step = std::chrono::steady_clock::now();
            const Nanos before = clock.now();
            clock.step();
            // Polling, as the app's frame loop does; the condition, not the wait, is what is relied on.
            while (clock.now() == before && !done.load(std::memory_order_acquire) &&
                   std::chrono::steady_clock::now() < deadline)
                std::this_thread::sleep_for(std::chrono::microseconds(100));
        } else {
            std::this_thread::sleep_for(std::chrono::microseconds(100));
        }
    }
    runner.join();
    REQUIRE_MESSAGE(error.empty(), "run_lesson threw: " << error);
    // Texts printed during the run arrive with the finished record (LiveRun::pump does the same).
    RunRecord texts = live.record;
    texts.events.clear();
    live.model.set_metadata(texts);

    std::sort(all.begin(), all.end(), [](const Event& a, const Event& b) { return a.sequence < b.sequence; });
    for (const Event& e : all)
        if (e.thread < 0)
            live.thread_ids.try_emplace(e.thread, -1 - static_cast<std::int32_t>(live.thread_ids.size()));
    return live;
}

void check_interval(const LaneInterval& a, const LaneInterval& b) {
    CHECK(a.begin_ns == b.begin_ns);
    CHECK(a.end_ns == b.end_ns);
    CHECK(a.kind == b.kind);
    CHECK(a.task == b.task);
    CHECK(a.flags == b.flags);
}

void check_intervals(const std::vector<LaneInterval>& a, const std::vector<LaneInterval>& b) {
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        check_interval(a[i], b[i]);
}

/// Every query of `live` and `replay` agrees; live thread ids are mapped to the record's numbering
/// (sequence numbers differ by design, so marks and samples are compared in order, not by sequence).
void check_same_model(const RunModel& live, const RunModel& replay,
                      const std::map<std::int32_t, std::int32_t>& ids) {
    CHECK(live.title() == replay.title());
    CHECK(live.max_workers() == replay.max_workers());
    CHECK(live.thread_name_prefix() == replay.thread_name_prefix());
    CHECK(live.event_count() == replay.event_count());
    CHECK(live.begin_time_ns() == replay.begin_time_ns());
    CHECK(live.end_time_ns() == replay.end_time_ns());
    CHECK(live.deadlocked() == replay.deadlocked());
    CHECK(live.shut_down() == replay.shut_down());
    CHECK(live.shutdown_begin_ns() == replay.shutdown_begin_ns());
    CHECK(live.shutdown_end_ns() == replay.shutdown_end_ns());
    CHECK(live.shutdown_flags() == replay.shutdown_flags());
    CHECK(live.output() == replay.output());
    CHECK(live.printed_lines() == replay.printed_lines());
    CHECK(live.program() == replay.program());
    CHECK(live.submission_order() == replay.submission_order());
    CHECK(live.completion_order() == replay.completion_order());
    CHECK(live.yield_order() == replay.yield_order());
    CHECK(live.peak_queue_length() == replay.peak_queue_length());

    REQUIRE(live.task_count() == replay.task_count());
    for (std::size_t i = 0; i < live.task_count(); ++i) {
        const TaskView& a = live.tasks()[i];
        const TaskView& b = replay.tasks()[i];
        INFO("task " << a.id << " " << a.name);
        CHECK(a.id == b.id);
        CHECK(a.name == b.name);
        CHECK(a.result == b.result);
        CHECK(a.submit_ns == b.submit_ns);
        CHECK(a.start_ns == b.start_ns);
        CHECK(a.end_ns == b.end_ns);
        CHECK(a.cancel_ns == b.cancel_ns);
        CHECK(a.dequeue_ns == b.dequeue_ns);
        CHECK(a.consumed_ns == b.consumed_ns);
        CHECK(a.yield_index == b.yield_index);
        CHECK(a.worker == b.worker);
        CHECK(a.outcome == b.outcome);
    }

    REQUIRE(live.lanes().size() == replay.lanes().size());
    for (std::size_t l = 0; l < live.lanes().size(); ++l) {
        const Lane& a = live.lanes()[l];
        const Lane& b = replay.lanes()[l];
        INFO("lane " << a.name);
        CHECK(a.name == b.name);
        CHECK(a.thread == b.thread); // -1 for MainThread in both, whatever the process numbered it
        CHECK(a.spawn_ns == b.spawn_ns);
        CHECK(a.exit_ns == b.exit_ns);
        REQUIRE(a.runs.size() == b.runs.size());
        for (std::size_t r = 0; r < a.runs.size(); ++r) {
            CHECK(a.runs[r].start_ns == b.runs[r].start_ns);
            CHECK(a.runs[r].end_ns == b.runs[r].end_ns);
            CHECK(a.runs[r].task == b.runs[r].task);
        }
        check_intervals(a.steps, b.steps);
        check_intervals(a.gil_waits, b.gil_waits);
        check_intervals(a.gil_holds, b.gil_holds);
        check_intervals(a.waits, b.waits);
        if (l > 0)
            CHECK(live.lane_for_thread(static_cast<std::int32_t>(l - 1)) ==
                  replay.lane_for_thread(static_cast<std::int32_t>(l - 1)));
    }

    REQUIRE(live.marks().size() == replay.marks().size());
    for (std::size_t i = 0; i < live.marks().size(); ++i) {
        const Mark& a = live.marks()[i];
        const Mark& b = replay.marks()[i];
        INFO("mark " << i << " " << mark_kind_name(a.kind) << " at " << a.time_ns);
        CHECK(a.time_ns == b.time_ns);
        CHECK(a.kind == b.kind);
        CHECK(a.task == b.task);
        CHECK(a.value == b.value);
        CHECK(a.flags == b.flags);
        CHECK((a.thread < 0 ? ids.at(a.thread) : a.thread) == b.thread);
    }
    const auto same_samples = [](const std::vector<CounterSample>& a, const std::vector<CounterSample>& b) {
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            CHECK((a[i].time_ns == b[i].time_ns && a[i].value == b[i].value));
    };
    same_samples(live.queue_length_samples(), replay.queue_length_samples());
    same_samples(live.busy_worker_samples(), replay.busy_worker_samples());

    const RunStats sa = live.stats(), sb = replay.stats();
    CHECK(sa.first_submit_ns == sb.first_submit_ns);
    CHECK(sa.last_end_ns == sb.last_end_ns);
    CHECK(sa.makespan_ns == sb.makespan_ns);
    CHECK(sa.mean_queue_wait_ns == sb.mean_queue_wait_ns);
    CHECK(sa.mean_run_ns == sb.mean_run_ns);
    CHECK(sa.peak_queue_length == sb.peak_queue_length);
    CHECK((sa.submitted == sb.submitted && sa.returned == sb.returned && sa.raised == sb.raised &&
           sa.cancelled == sb.cancelled && sa.unfinished == sb.unfinished));
    REQUIRE(sa.workers.size() == sb.workers.size());
    for (std::size_t w = 0; w < sa.workers.size(); ++w) {
        CHECK(sa.workers[w].busy_ns == sb.workers[w].busy_ns);
        CHECK(sa.workers[w].utilisation == sb.workers[w].utilisation);
    }
    CHECK(render_timeline(live, 100) == render_timeline(replay, 100));
    CHECK(render_summary(live) == render_summary(replay));
}

/// Every event time, and one ns either side: the states a scrub can land on.
std::set<std::int64_t> scrub_times(const RunRecord& record) {
    std::set<std::int64_t> times;
    for (const Event& e : record.events)
        times.insert({e.time_ns - 1, e.time_ns, e.time_ns + 1});
    return times;
}

std::filesystem::path temp_file(const std::string& name) {
    return std::filesystem::temp_directory_path() /
           ("poolscope-replay-" + std::to_string(::getpid()) + "-" + name);
}

/// The whole check for one lesson: live vs trace replay vs bundle replay, at every event time.
void check_replay_equivalence(const std::string& id) {
    INFO("lesson " << id);
    const Lesson lesson = builtin(id);
    const auto live = record_live(lesson);
    REQUIRE(live);
    REQUIRE(live->record.dropped_events == 0);
    REQUIRE_FALSE(live->record.events.empty());
    std::set<std::int64_t> times;
    for (const Event& e : live->record.events)
        times.insert(e.time_ns);
    // Fed incrementally, one time jump per step (lesson 11 deadlocks at time 0: one batch is all there is).
    if (times.size() > 1)
        CHECK(live->batches >= 2);

    const auto trace_path = temp_file(id + ".json");
    write_chrome_trace_file(live->record, trace_path.string());
    const RunModel from_trace(read_chrome_trace(trace_path.string()));
    const auto bundle_path = temp_file(id + std::string(bundle_extension));
    save_bundle(bundle_path,
                make_bundle(std::string(POOLSCOPE_TEST_LESSONS_DIR) + "/" + id + ".json", {}, live->record));
    const RunModel from_bundle(load_bundle(bundle_path).record);
    std::filesystem::remove(trace_path);
    std::filesystem::remove(bundle_path);

    check_same_model(live->model, from_trace, live->thread_ids);
    check_same_model(live->model, from_bundle, live->thread_ids);
    for (const std::int64_t t : scrub_times(live->record)) {
        INFO("t = " << t << " ns");
        CHECK(snapshot(live->model, t) == snapshot(from_trace, t));
        CHECK(snapshot(live->model, t) == snapshot(from_bundle, t));
    }
    // Time travel: what the app showed mid-run is what scrubbing the replay to that time shows.
    if (times.size() > 1)
        CHECK_FALSE(live->mid_run.empty());
    for (const Snapshot& seen : live->mid_run) {
        INFO("mid-run snapshot at t = " << seen.t << " ns");
        Snapshot replayed = snapshot(from_trace, seen.t);
        // Lanes of workers spawned later are not there yet: they have no run at t in the replay either.
        REQUIRE(seen.runs_at_t.size() <= replayed.runs_at_t.size());
        for (std::size_t l = seen.runs_at_t.size(); l < replayed.runs_at_t.size(); ++l)
            CHECK(replayed.runs_at_t[l] == 0);
        replayed.runs_at_t.resize(seen.runs_at_t.size());
        // Tasks submitted later may not be known yet: they are still pending at t in the replay.
        REQUIRE(seen.states.size() <= replayed.states.size());
        for (std::size_t i = seen.states.size(); i < replayed.states.size(); ++i)
            CHECK(replayed.states[i] == TaskState::Pending);
        replayed.states.resize(seen.states.size());
        CHECK(seen == replayed);
    }
}

} // namespace

TEST_CASE("Replay.Equivalence.Lesson01Map") {
    check_replay_equivalence("01-map-three-sites");
}

TEST_CASE("Replay.Equivalence.CancelQueued") {
    check_replay_equivalence("16-cancel-queued");
}

TEST_CASE("Replay.Equivalence.ShutdownCancelFutures") {
    check_replay_equivalence("08-shutdown-cancel-futures");
}

TEST_CASE("Replay.Equivalence.Exceptions") {
    check_replay_equivalence("09-exception-in-result");
}

TEST_CASE("Replay.Equivalence.DeadlockWaitInOwnPool") {
    check_replay_equivalence("11-deadlock-wait-in-own-pool");
}

TEST_CASE("Replay.Equivalence.DeadlockMutualWait") {
    check_replay_equivalence("12-deadlock-mutual-wait");
}

TEST_CASE("Replay.Equivalence.GilAndAsCompleted") {
    check_replay_equivalence("13-cpu-bound-gil");
    check_replay_equivalence("05-as-completed-vs-map");
}
