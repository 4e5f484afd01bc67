// test_run_model_scale.cpp — RunModel on real executor runs under the virtual clock (exact times, the
// speed-up helper) and on 100 000 synthetic tasks (fast queries checked against brute force).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>

#include "poolscope/executor.hpp"
#include "poolscope/recorder.hpp"
#include "poolscope/trace/run_model.hpp"
#include "poolscope/virtual_clock.hpp"
#include "sample_run.hpp"

using namespace poolscope;
using poolscope::test::ms_ns;
using Ids = std::vector<std::uint64_t>;

namespace {
ThreadPoolExecutor::Options pool_options(int workers, VirtualClock& clock, Recorder& recorder) {
    ThreadPoolExecutor::Options options;
    options.max_workers = workers;
    options.clock = &clock;
    options.sink = &recorder;
    options.pool_number = 0;
    return options;
}
}  // namespace

TEST_CASE("Trace.RunModel.RealExecutorUnderVirtualClock") {
    using namespace std::chrono_literals;
    Recorder recorder;
    VirtualClock clock;
    {
        VirtualClock::Participation main(clock, "MainThread");
        ThreadPoolExecutor pool(pool_options(3, clock, recorder));
        std::vector<int> inputs{0, 1, 2, 3, 4};
        for (int r : pool.map([&clock](int x) { clock.sleep_for(300ms); return x; }, inputs)) (void)r;
        pool.shutdown();
    }
    RunModel model;
    std::vector<Event> batch;
    recorder.drain(batch);
    model.apply(std::span<const Event>(batch));

    REQUIRE(model.task_count() == 5);
    for (const TaskView& t : model.tasks()) {
        CHECK(t.outcome == TaskState::Returned);
        CHECK(t.run_ns() == 300 * ms_ns);
    }
    CHECK(model.lanes().size() == 4);
    CHECK(model.lanes()[3].name == "ThreadPoolExecutor-0_2");
    CHECK(model.task(4)->queue_wait_ns() == 300 * ms_ns);
    CHECK(model.yield_order() == Ids{1, 2, 3, 4, 5});
    CHECK(model.submission_order() == Ids{1, 2, 3, 4, 5});
    CHECK(model.queue_at(0) == Ids{4, 5});
    // map() submits all five before any worker gets to run (the main thread holds the virtual clock's
    // baton until it blocks), so for an instant at t=0 all five were queued.
    CHECK(model.peak_queue_length() == 5);
    const RunStats s = model.stats();
    CHECK(s.makespan_ns == 600 * ms_ns);
    CHECK(s.workers.size() == 3);
    std::int64_t busy = 0;
    for (const WorkerStats& w : s.workers) busy += w.busy_ns;
    CHECK(busy == 1500 * ms_ns);
    CHECK(model.shut_down());

    // One worker takes 5 x 300 ms: the speed-up of 3 workers is 1500 / 600.
    RunModel serial;
    {
        Recorder rec1;
        VirtualClock clock1;
        {
            VirtualClock::Participation main(clock1, "MainThread");
            ThreadPoolExecutor pool(pool_options(1, clock1, rec1));
            std::vector<int> inputs{0, 1, 2, 3, 4};
            for (int r : pool.map([&clock1](int x) { clock1.sleep_for(300ms); return x; }, inputs)) (void)r;
        }
        std::vector<Event> events;
        rec1.drain(events);
        serial.apply(std::span<const Event>(events));
    }
    const auto speedup = speedup_over_one_worker(serial, model);
    REQUIRE(speedup.has_value());
    CHECK(*speedup == doctest::Approx(2.5));
    CHECK_FALSE(speedup_over_one_worker(RunModel{}, model).has_value());
}

TEST_CASE("Trace.RunModel.HundredThousandTasks") {
    // 8 workers drain 100 000 tasks of 1 ms each, submitted in bursts of 1000 every 10 ms. Checks the
    // fast queries against brute force over the task table; quadratic work here would time out.
    constexpr std::uint64_t tasks = 100'000;
    constexpr int workers = 8;
    std::vector<Event> events;
    events.reserve(tasks * 3 + 1);
    std::uint64_t seq = 0;
    auto add = [&](std::int64_t t, EventKind kind, std::int32_t thread, std::uint64_t task) {
        Event e{};
        e.time_ns = t;
        e.sequence = ++seq;
        e.kind = kind;
        e.thread = thread;
        e.task = task;
        e.executor = 1;
        events.push_back(e);
    };
    add(0, EventKind::ExecutorCreated, -1, 0);
    std::vector<std::int64_t> free_at(workers, 0);
    for (std::uint64_t id = 1; id <= tasks; ++id) {
        const std::int64_t submit = static_cast<std::int64_t>((id - 1) / 1000) * 10 * ms_ns;
        add(submit, EventKind::TaskSubmitted, -1, id);
        const auto w = static_cast<std::size_t>(std::min_element(free_at.begin(), free_at.end()) - free_at.begin());
        const std::int64_t start = std::max(submit, free_at[w]);
        free_at[w] = start + ms_ns;
        add(start, EventKind::TaskStarted, static_cast<std::int32_t>(w), id);
        add(start + ms_ns, EventKind::TaskFinished, static_cast<std::int32_t>(w), id);
    }
    // Emission order is not time order here; the model must not care within one batch either way.
    std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.time_ns < b.time_ns; });
    for (std::size_t i = 0; i < events.size(); ++i) events[i].sequence = i + 1;

    RunModel model;
    for (std::size_t i = 0; i < events.size(); i += 4096)  // GUI-style drains
        model.apply(std::span<const Event>(events).subspan(i, std::min<std::size_t>(4096, events.size() - i)));
    REQUIRE(model.task_count() == tasks);
    for (const std::int64_t t : {0 * ms_ns, 5 * ms_ns, 500 * ms_ns + 3, 12'499 * ms_ns, 20'000 * ms_ns}) {
        std::vector<std::uint64_t> expected;
        for (const TaskView& v : model.tasks())
            if (v.submit_ns <= t && v.start_ns > t) expected.push_back(v.id);
        CHECK(model.queue_at(t) == expected);
        std::size_t visible = 0;
        for (std::size_t lane = 1; lane < model.lanes().size(); ++lane) visible += model.runs_in(lane, t, t + 10 * ms_ns).size();
        std::size_t brute = 0;
        for (const TaskView& v : model.tasks())
            if (v.end_ns >= t && v.start_ns < t + 10 * ms_ns) ++brute;
        CHECK(visible == brute);
    }
    const RunStats s = model.stats();
    CHECK(s.makespan_ns == 12'500 * ms_ns);  // 100 000 ms of work on 8 workers, never starved after t=0
    for (const WorkerStats& w : s.workers) CHECK(w.busy_ns == 12'500 * ms_ns);
    CHECK(model.completion_order().size() == tasks);
}
