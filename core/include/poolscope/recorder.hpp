// poolscope/recorder.hpp — the recording EventSink: one bounded single-producer ring per writing
// thread, drained by one reader (the GUI's frame, the CLI, a trace writer) without ever blocking a
// writer. A full ring drops the event and counts it. Rings are created on a thread's first event.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "poolscope/event.hpp"

namespace poolscope {

class Recorder final : public EventSink {
public:
    static constexpr std::size_t default_capacity = std::size_t{1} << 16;

    /// `capacity_per_thread` is rounded up to a power of two.
    explicit Recorder(std::size_t capacity_per_thread = default_capacity);
    ~Recorder() override;
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    void on_event(const Event& event) noexcept override;

    /// Single reader: appends the events recorded since the last drain to `out` in event_before
    /// order, renumbered 1, 2, ... across drains, and returns how many. Events that happened before
    /// an event in the batch are in this batch or an earlier one (an event whose causes may still be
    /// in flight waits for the next drain; once the writers are quiet, one drain returns everything).
    std::size_t drain(std::vector<Event>& out);
    /// Events dropped because a thread's ring was full.
    std::uint64_t dropped() const noexcept;

private:
    class Ring;
    Ring& ring_for_this_thread();
    static void merge_runs(std::vector<Event>& out, std::size_t first, std::vector<std::size_t>& run_ends);

    std::size_t m_capacity;
    std::uint64_t m_uid;
    mutable std::mutex m_rings_mutex;  // taken once per thread (first event) and per drain
    std::vector<std::unique_ptr<Ring>> m_rings;
    std::vector<Event> m_held;  // popped but not yet delivered: their causes may still be in flight
    std::uint64_t m_delivered = 0;  // the last sequence number drain() gave out
};

}  // namespace poolscope
