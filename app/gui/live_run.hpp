// live_run.hpp — one run of a program on a background thread (the lesson's "main thread"), on its own
// VirtualClock and Recorder, reduced into a RunModel by the GUI thread once per frame (pump()).
// Workers and the run never wait for the GUI: the recorder's rings drop rather than block. Pacing ties
// virtual time to real time so the GUI can play, pause, step and change speed; a run that is thrown
// away is finished instantly (pacing off) and joined, never killed.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "poolscope/recorder.hpp"
#include "poolscope/trace/run_model.hpp"
#include "poolscope/trace/run_record.hpp"
#include "poolscope/virtual_clock.hpp"

namespace poolscope::gui {

class LiveRun {
public:
    /// Runs the program on `clock`, sending every event to `sink`; returns the finished run's record
    /// (its events may be empty: LiveRun keeps the drained ones). Called on the background thread.
    using Job = std::function<RunRecord(VirtualClock& clock, EventSink& sink)>;

    struct Options {
        bool paced = true;   // false: virtual time jumps at once (speed-up reference runs, tests)
        double speed = 1.0;  // virtual seconds per real second
        bool paused = false;
    };

    /// `metadata` gives names and program text up front (no events); the job starts at once.
    LiveRun(RunRecord metadata, Job job, Options options);
    ~LiveRun();
    LiveRun(const LiveRun&) = delete;
    LiveRun& operator=(const LiveRun&) = delete;

    /// GUI thread: drains new events into the model. Returns true if anything changed.
    bool pump();
    const RunModel& model() const { return m_model; }
    /// The background thread returned and every event was drained.
    bool finished() const { return m_finished; }
    /// Where the "now" line goes: the paced display time while running, the run's end afterwards.
    std::int64_t now_ns() const;
    /// The job threw (not a Python-level exception inside the lesson, those are events): its message.
    const std::string& error() const { return m_error; }

    void set_paused(bool paused);
    bool paused() const { return m_paused; }
    void set_speed(double speed);
    double speed() const { return m_speed; }
    /// While paused: lets virtual time make one jump.
    void step();
    /// Stops pacing so the rest of the run completes immediately (restart, quit).
    void finish_fast();

    /// What Ctrl+S saves: the job's own record once finished, else the metadata plus every event drained
    /// so far, renumbered like run_lesson's (sequence 1..N, executor 1, other threads -1, -2, ...).
    RunRecord record() const;
    /// Real seconds since the run started.
    double age_s() const;

private:
    void thread_main(Job job);

    RunRecord m_metadata;
    VirtualClock m_clock;
    Recorder m_recorder;
    RunModel m_model;
    std::vector<Event> m_events;  // everything drained, for record()
    std::vector<Event> m_batch;
    std::thread m_thread;
    std::atomic<bool> m_done{false};
    std::mutex m_result_mutex;   // guards m_result and m_error_from_thread until m_done
    RunRecord m_result;  // the job's record; complete once m_finished
    std::string m_error_from_thread;
    std::string m_error;
    bool m_finished = false;
    bool m_paused = false;
    double m_speed = 1.0;
    std::chrono::steady_clock::time_point m_started;
};

}  // namespace poolscope::gui
