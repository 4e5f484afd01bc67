// test_run_model.cpp — RunModel on the hand-built sample run (exact times, queue, orders, stats, scrubbing),
// fed whole, in late/unsorted batches and cut off, and with broken or corrupt input.
#include <doctest/doctest.h>

#include <algorithm>

#include "poolscope/trace/run_model.hpp"
#include "sample_run.hpp"

using namespace poolscope;
using poolscope::test::ms_ns;
using Ids = std::vector<std::uint64_t>;


TEST_CASE("Trace.RunModel.SampleTasks") {
    const RunModel model(test::sample_record());
    REQUIRE(model.task_count() == 4);
    const TaskView& t1 = *model.task(1);
    CHECK(t1.name == "fetch('a')");
    CHECK(t1.result == "'A'");
    CHECK(t1.submit_ns == 0);
    CHECK(t1.start_ns == 0);
    CHECK(t1.end_ns == 100 * ms_ns);
    CHECK(t1.worker == 0);
    CHECK(t1.outcome == TaskState::Returned);
    CHECK(t1.consumed_ns == 100 * ms_ns);
    CHECK(t1.yield_index == 0);

    const TaskView& t2 = *model.task(2);
    CHECK(t2.outcome == TaskState::Raised);
    CHECK(t2.worker == 1);
    CHECK(t2.run_ns() == 140 * ms_ns);
    CHECK(t2.yield_index == 1);

    const TaskView& t3 = *model.task(3);
    CHECK(t3.queue_wait_ns() == 80 * ms_ns);
    CHECK(t3.run_ns() == 150 * ms_ns);
    CHECK(t3.consumed_ns == no_time);
    CHECK(t3.yield_index == -1);

    const TaskView& t4 = *model.task(4);
    CHECK(t4.outcome == TaskState::Cancelled);
    CHECK(t4.cancel_ns == 20 * ms_ns);
    CHECK(t4.dequeue_ns == 150 * ms_ns);
    CHECK(t4.start_ns == no_time);
    CHECK(t4.queue_wait_ns() == -1);
    CHECK(model.task(5) == nullptr);
    CHECK(model.task(0) == nullptr);
}

TEST_CASE("Trace.RunModel.SampleLanes") {
    const RunModel model(test::sample_record());
    const auto& lanes = model.lanes();
    REQUIRE(lanes.size() == 3);
    CHECK(lanes[0].name == "MainThread");
    CHECK(lanes[1].name == "ThreadPoolExecutor-0_0");
    CHECK(lanes[2].name == "ThreadPoolExecutor-0_1");
    CHECK(lanes[2].spawn_ns == 10 * ms_ns);
    CHECK(lanes[2].exit_ns == 260 * ms_ns);
    REQUIRE(lanes[1].runs.size() == 2);
    CHECK(lanes[1].runs[0].task == 1);
    CHECK(lanes[1].runs[1].task == 3);
    CHECK(lanes[1].runs[1].start_ns == 100 * ms_ns);
    CHECK(lanes[1].runs[1].end_ns == 250 * ms_ns);
    REQUIRE(lanes[1].steps.size() == 1);
    CHECK(lanes[1].steps[0].end_ns == 90 * ms_ns);
    CHECK(lanes[1].steps[0].kind == static_cast<std::int64_t>(StepKind::Io));
    REQUIRE(lanes[0].waits.size() == 3);
    CHECK(lanes[0].waits[1].task == 2);
    CHECK(lanes[0].waits[1].begin_ns == 100 * ms_ns);
    CHECK(lanes[0].waits[1].end_ns == 150 * ms_ns);
    CHECK(lanes[0].waits[2].kind == static_cast<std::int64_t>(WaitKind::Join));
    CHECK(model.lane_for_thread(-3) == 0);
    CHECK(model.lane_for_thread(1) == 2);
    CHECK(model.lane_for_thread(7) == -1);

    // Culling: the run ending exactly at t0 is kept (zero-width-safe), the one starting at t1 is not.
    auto runs = model.runs_in(1, 120 * ms_ns, 130 * ms_ns);
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].task == 3);
    runs = model.runs_in(1, 0, 100 * ms_ns);
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].task == 1);
    CHECK(model.runs_in(1, 300 * ms_ns, 400 * ms_ns).empty());
    CHECK(model.runs_in(9, 0, 400 * ms_ns).empty());
}

TEST_CASE("Trace.RunModel.SampleQueueAndOrders") {
    const RunModel model(test::sample_record());
    CHECK(model.queue_at(15 * ms_ns) == Ids{});
    CHECK(model.queue_at(20 * ms_ns) == Ids{3, 4});
    CHECK(model.queue_at(99 * ms_ns) == Ids{3, 4});
    CHECK(model.queue_at(100 * ms_ns) == Ids{4});  // cancelled T4 stays queued until a worker drops it
    CHECK(model.queue_at(150 * ms_ns) == Ids{});
    CHECK(model.peak_queue_length() == 2);
    CHECK(RunModel::sample_at(model.queue_length_samples(), 20 * ms_ns) == 2);
    CHECK(RunModel::sample_at(model.queue_length_samples(), 120 * ms_ns) == 1);
    CHECK(RunModel::sample_at(model.busy_worker_samples(), 5 * ms_ns) == 1);
    CHECK(RunModel::sample_at(model.busy_worker_samples(), 50 * ms_ns) == 2);
    CHECK(RunModel::sample_at(model.busy_worker_samples(), 200 * ms_ns) == 1);
    CHECK(RunModel::sample_at(model.busy_worker_samples(), 250 * ms_ns) == 0);
    CHECK(model.submission_order() == Ids{1, 2, 3, 4});
    CHECK(model.completion_order() == Ids{1, 2, 3});
    CHECK(model.yield_order() == Ids{1, 2});
}

TEST_CASE("Trace.RunModel.SampleScrubbingAndMarks") {
    const RunModel model(test::sample_record());
    const auto at50 = model.states_at(50 * ms_ns);
    CHECK(at50 == std::vector{TaskState::Running, TaskState::Running, TaskState::Queued, TaskState::Cancelled});
    CHECK(model.task_state_at(2, 5 * ms_ns) == TaskState::Pending);
    CHECK(model.task_state_at(2, 150 * ms_ns) == TaskState::Raised);
    CHECK(model.task_state_at(3, 250 * ms_ns) == TaskState::Returned);
    CHECK(model.task_state_at(42, 0) == TaskState::Pending);
    CHECK(model.output_count_at(99 * ms_ns) == 0);
    CHECK(model.output_count_at(100 * ms_ns) == 1);
    CHECK(model.printed_lines() == std::vector<std::int64_t>{0});
    CHECK(model.program_line_at(0) == 1);
    CHECK(model.program_line_at(149 * ms_ns) == 1);
    CHECK(model.program_line_at(150 * ms_ns) == 3);
    CHECK(model.shutdown_begin_ns() == 260 * ms_ns);
    CHECK(model.shutdown_flags() == EventFlags::ShutdownWait);
    CHECK(model.shut_down());

    std::vector<MarkKind> kinds;
    for (const Mark& m : model.marks()) kinds.push_back(m.kind);
    using M = MarkKind;
    CHECK(kinds == std::vector{M::ProgramLine, M::Submit, M::Submit, M::Submit, M::Submit, M::Cancel, M::MapYield,
                               M::Output, M::MapYield, M::ProgramLine, M::ShutdownBegin, M::ShutdownEnd});
    CHECK(model.marks_in(20 * ms_ns, 100 * ms_ns).size() == 3);
}

TEST_CASE("Trace.RunModel.SampleStats") {
    const RunModel model(test::sample_record());
    const RunStats s = model.stats();
    CHECK(s.first_submit_ns == 0);
    CHECK(s.last_end_ns == 250 * ms_ns);
    CHECK(s.makespan_ns == 250 * ms_ns);
    REQUIRE(s.workers.size() == 2);
    CHECK(s.workers[0].busy_ns == 250 * ms_ns);
    CHECK(s.workers[0].utilisation == doctest::Approx(1.0));
    CHECK(s.workers[1].busy_ns == 140 * ms_ns);
    CHECK(s.workers[1].utilisation == doctest::Approx(0.56));
    CHECK(s.mean_queue_wait_ns == doctest::Approx(80.0 * ms_ns / 3));
    CHECK(s.mean_run_ns == doctest::Approx(130.0 * ms_ns));
    CHECK(s.peak_queue_length == 2);
    CHECK(s.submitted == 4);
    CHECK(s.returned == 2);
    CHECK(s.raised == 1);
    CHECK(s.cancelled == 1);
    CHECK(s.unfinished == 0);
}

namespace {
// The parts of a model a late or unsorted delivery must not change.
void check_same(const RunModel& a, const RunModel& b) {
    REQUIRE(a.task_count() == b.task_count());
    for (std::uint64_t id = 1; id <= a.task_count(); ++id) {
        CHECK(a.task(id)->start_ns == b.task(id)->start_ns);
        CHECK(a.task(id)->end_ns == b.task(id)->end_ns);
        CHECK(a.task(id)->outcome == b.task(id)->outcome);
    }
    REQUIRE(a.lanes().size() == b.lanes().size());
    for (std::size_t l = 0; l < a.lanes().size(); ++l) {
        REQUIRE(a.lanes()[l].runs.size() == b.lanes()[l].runs.size());
        for (std::size_t r = 0; r < a.lanes()[l].runs.size(); ++r) CHECK(a.lanes()[l].runs[r].task == b.lanes()[l].runs[r].task);
    }
    for (std::int64_t t = 0; t <= 260; t += 5) {
        CHECK(a.queue_at(t * ms_ns) == b.queue_at(t * ms_ns));
        CHECK(RunModel::sample_at(a.busy_worker_samples(), t * ms_ns) == RunModel::sample_at(b.busy_worker_samples(), t * ms_ns));
        CHECK(RunModel::sample_at(a.queue_length_samples(), t * ms_ns) == RunModel::sample_at(b.queue_length_samples(), t * ms_ns));
    }
    CHECK(a.submission_order() == b.submission_order());
    CHECK(a.completion_order() == b.completion_order());
    CHECK(a.marks().size() == b.marks().size());
    CHECK(a.stats().makespan_ns == b.stats().makespan_ns);
}
}  // namespace

TEST_CASE("Trace.RunModel.LateEventsAcrossDrains") {
    const RunRecord record = test::sample_record();
    const RunModel whole(record);
    // Drain 1 misses worker 1's events (its ring was read late); drain 2 delivers them.
    std::vector<Event> first, late;
    for (const Event& e : record.events) (e.thread == 1 ? late : first).push_back(e);
    RunModel live;
    live.set_metadata(record);
    live.apply(std::span<const Event>(first));
    live.apply(std::span<const Event>(late));
    check_same(whole, live);
}

TEST_CASE("Trace.RunModel.UnsortedBatchIsAppliedInSequenceOrder") {
    const RunRecord record = test::sample_record();
    std::vector<Event> shuffled(record.events.rbegin(), record.events.rend());
    RunModel model;
    model.set_metadata(record);
    model.apply(std::span<const Event>(shuffled));
    check_same(RunModel(record), model);
}

TEST_CASE("Trace.RunModel.CutOffRun") {
    RunRecord record = test::sample_record();
    std::erase_if(record.events, [](const Event& e) { return e.time_ns > 120 * ms_ns; });
    const RunModel model(record);
    CHECK(model.end_time_ns() == 100 * ms_ns);
    CHECK(model.task(3)->outcome == TaskState::Running);
    CHECK(model.task(2)->outcome == TaskState::Running);
    CHECK(model.task(3)->end_ns == no_time);
    const auto runs = model.runs_in(1, 90 * ms_ns, 1000 * ms_ns);
    REQUIRE(runs.size() == 2);
    CHECK(runs[1].end_ns == no_time);
    CHECK(model.queue_at(500 * ms_ns) == Ids{4});
    const RunStats s = model.stats();
    CHECK(s.unfinished == 2);
    CHECK(s.makespan_ns == 100 * ms_ns);         // up to the last event seen
    CHECK(s.workers[1].busy_ns == 90 * ms_ns);  // T2's open run counts up to "now"
    CHECK_FALSE(model.shut_down());
}

TEST_CASE("Trace.RunModel.ToleratesUnknownTasksAndKinds") {
    RunModel model;
    test::EventList l;
    l.add(5, EventKind::TaskFinished, 3, 7);         // never submitted, never started, worker 3 unseen
    l.add(6, EventKind::WaitEnd, -1, 0, 0);          // no WaitBegin
    l.add(7, EventKind::StepEnd, 0);                 // no StepBegin
    l.add(8, EventKind::GilReleased, 0);
    l.add(9, static_cast<EventKind>(200), -1, 1);    // not a kind at all
    l.add(10, EventKind::MapYielded, -1, 9, 0);
    model.apply(std::span<const Event>(l.events()));
    CHECK(model.task_count() == 9);
    CHECK(model.task(7)->name == "task 7");
    CHECK(model.task(7)->outcome == TaskState::Returned);
    CHECK(model.task(9)->yield_index == 0);
    CHECK(model.lanes().size() == 5);  // MainThread + workers 0..3: worker 3 emitted an event
    CHECK(model.event_count() == 5);
    CHECK(model.stats().makespan_ns == 0);
}

TEST_CASE("Trace.RunModel.OtherExecutorsAreIgnored") {
    std::vector<Event> events = test::sample_events();
    Event foreign = events[2];  // a TaskSubmitted
    foreign.executor = 2;
    foreign.task = 1;
    foreign.time_ns = 200 * ms_ns;
    foreign.sequence = 1000;
    events.push_back(foreign);
    RunRecord record;
    record.events = events;
    const RunModel model(record);
    CHECK(model.task(1)->submit_ns == 0);
    CHECK(model.submission_order().size() == 4);
}

TEST_CASE("Trace.RunModel.FailedWithoutStartingLeavesTheQueue") {
    // A broken pool (initializer failed) fails queued work from the main thread: TaskFinished, no start.
    test::EventList l;
    l.add(0, EventKind::ExecutorCreated, -1, 0, 1).add(0, EventKind::TaskSubmitted, -1, 1, 1);
    l.add(0, EventKind::TaskSubmitted, -1, 2, 2).add(5, EventKind::TaskFinished, -1, 1, 0, EventFlags::Raised);
    RunRecord record;
    record.events = l.events();
    const RunModel model(record);
    CHECK(model.queue_at(4 * ms_ns) == Ids{1, 2});
    CHECK(model.queue_at(5 * ms_ns) == Ids{2});
    CHECK(model.task(1)->outcome == TaskState::Raised);
    CHECK(model.task(1)->worker == -1);
    CHECK(model.lanes().size() == 1);
    CHECK(model.completion_order() == Ids{1});
}

TEST_CASE("Trace.RunModel.AbsurdIdsFromCorruptInputAreDropped") {
    test::EventList l;
    l.add(0, EventKind::ExecutorCreated, -1, 0, 1).add(0, EventKind::TaskSubmitted, -1, 1, 1);
    l.add(1, EventKind::TaskSubmitted, -1, ~std::uint64_t{0}, 1);  // would need 2^64 task slots
    l.add(2, EventKind::TaskStarted, 2'000'000'000, 1, 0);         // would need 2e9 lanes
    l.add(3, EventKind::WorkerSpawned, -1, 0, std::int64_t{1} << 40);
    l.add(4, EventKind::TaskStarted, 0, 1, 0);
    RunRecord record;
    record.events = l.events();
    const RunModel model(record);
    CHECK(model.task_count() == 1);
    CHECK(model.lanes().size() == 2);
    CHECK(model.task(1)->start_ns == 4 * ms_ns);
    CHECK(model.event_count() == 3);
}
