// poolscope/virtual_clock.hpp — deterministic time on real threads.
// The participants of a run (the attached main thread and every worker the executor starts) take
// turns: one holds the baton and runs, the others are ready or blocked at a clock-aware point. Time
// stands still while anyone can run and jumps to the earliest deadline when nobody can, so the same
// program gives the same timestamps and the same event order on every run. When nobody can run and
// no deadline is pending, the run is deadlocked: every blocked waiter gets a DeadlockError that says
// who waits on what, instead of hanging. Optional pacing ties the jumps to (scaled) real time, so the
// GUI can play a deterministic run live, pause it and step it one time jump at a time.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <list>
#include <mutex>
#include <string>
#include <vector>

#include "poolscope/clock.hpp"

namespace poolscope {

class VirtualClock final : public Clock {
public:
    VirtualClock();
    ~VirtualClock() override;
    VirtualClock(const VirtualClock&) = delete;
    VirtualClock& operator=(const VirtualClock&) = delete;

    Nanos now() const noexcept override;
    bool wait_until(std::unique_lock<std::mutex>& lock, WaitPoint& point, Nanos deadline,
                    detail::FunctionRef<bool()> ready) override;
    void notify_all(WaitPoint& point) noexcept override;
    void notify_one(WaitPoint& point) noexcept override;
    void sleep_until(Nanos deadline) override;
    ThreadTicket prepare_thread(const char* name) override;
    void thread_started(ThreadTicket ticket) override;
    void thread_exiting() noexcept override;

    /// Makes the calling thread a participant for the lifetime of the object (the lesson's main
    /// thread). It waits for its turn before the constructor returns.
    class Participation {
    public:
        Participation(VirtualClock& clock, const char* name);
        ~Participation();
        Participation(const Participation&) = delete;
        Participation& operator=(const Participation&) = delete;

    private:
        VirtualClock& m_clock;
    };

    /// Pacing (off by default: time jumps at once). With pacing on, a jump to time T waits until
    /// `speed` x real elapsed time reaches T; while paused no jump happens, except one per step().
    void set_pacing(bool on);
    void set_speed(double speed);
    void set_paused(bool paused);
    void step();
    bool paused() const;
    /// The time the GUI should draw as "now": paced time, never past the next pending deadline.
    Nanos display_now() const;

    /// Report of the last deadlock ("" if none): one line per blocked thread.
    std::string deadlock_report() const;
    bool deadlocked() const;

private:
    struct Participant;
    enum class Wake : std::uint8_t { None, Notified, TimedOut, Deadlock };

    Participant* self() const;
    Wake park(Participant& me, WaitPoint* point, Nanos deadline);
    void wake_locked(WaitPoint& point, bool all);
    void pass_baton_locked(std::unique_lock<std::mutex>& lock);
    void hand_to_locked(Participant& next);
    bool advance_time_locked(std::unique_lock<std::mutex>& lock);
    void declare_deadlock_locked();
    Nanos pace_now_locked() const;

    mutable std::mutex m_mutex;
    std::condition_variable m_pace_changed;
    std::atomic<Nanos> m_now{0};
    std::list<Participant> m_participants;      // stable addresses; owned here
    std::deque<Participant*> m_ready;           // FIFO: the deterministic turn order
    Participant* m_running = nullptr;
    std::uint64_t m_block_counter = 0;
    std::uint64_t m_id;

    bool m_pacing = false;
    bool m_paused = false;
    int m_steps_allowed = 0;
    double m_speed = 1.0;
    std::int64_t m_anchor_real_ns = 0;
    Nanos m_anchor_time = 0;

    std::string m_deadlock_report;
    bool m_deadlocked = false;
};

}  // namespace poolscope
