// recorder.cpp — per-thread SPSC rings (power-of-two capacity, cache-line separated indices, cached
// remote index: the Rigtorp/Tracy design) merged by the single reader.
#include "poolscope/recorder.hpp"

#include <algorithm>
#include <bit>

namespace poolscope {

class Recorder::Ring {
public:
    Ring(std::size_t capacity, std::uint64_t owner) : m_slots(capacity), m_mask(capacity - 1), m_owner(owner) {}

    std::uint64_t owner() const noexcept { return m_owner; }

    bool push(const Event& event) noexcept {
        const std::size_t head = m_head.load(std::memory_order_relaxed);
        if (head - m_cached_tail > m_mask) {
            m_cached_tail = m_tail.load(std::memory_order_acquire);
            if (head - m_cached_tail > m_mask) {
                m_dropped.fetch_add(1, std::memory_order_relaxed);
                return false;
            }
        }
        m_slots[head & m_mask] = event;
        m_head.store(head + 1, std::memory_order_release);
        return true;
    }

    std::size_t pop_all(std::vector<Event>& out) {
        const std::size_t tail = m_tail.load(std::memory_order_relaxed);
        const std::size_t head = m_head.load(std::memory_order_acquire);
        for (std::size_t i = tail; i != head; ++i) out.push_back(m_slots[i & m_mask]);
        m_tail.store(head, std::memory_order_release);
        return head - tail;
    }

    std::uint64_t dropped() const noexcept { return m_dropped.load(std::memory_order_relaxed); }

private:
    std::vector<Event> m_slots;
    std::size_t m_mask;
    std::uint64_t m_owner;  // the writing thread's uid (thread_uid() below)
    alignas(64) std::atomic<std::size_t> m_head{0};  // written by the owning thread
    std::size_t m_cached_tail = 0;
    alignas(64) std::atomic<std::size_t> m_tail{0};  // written by the reader
    alignas(64) std::atomic<std::uint64_t> m_dropped{0};
};

namespace {
std::atomic<std::uint64_t> recorder_uids{1};
std::atomic<std::uint64_t> thread_uids{1};

// Never reused (unlike std::thread::id), so a ring never passes to another thread.
std::uint64_t thread_uid() noexcept {
    thread_local const std::uint64_t uid = thread_uids.fetch_add(1, std::memory_order_relaxed);
    return uid;
}

// A thread's rings, found by recorder uid (never reused, so a destroyed recorder's entry is never
// matched again). Threads rarely write to more than a couple of recorders.
struct RingCache {
    struct Entry {
        std::uint64_t uid;
        void* ring;
    };
    Entry entries[4]{};
    unsigned next = 0;
};
thread_local RingCache t_rings;
}  // namespace

Recorder::Recorder(std::size_t capacity_per_thread)
    : m_capacity(std::bit_ceil(std::max<std::size_t>(capacity_per_thread, 2))), m_uid(recorder_uids.fetch_add(1)) {}

Recorder::~Recorder() = default;

// The slow path of on_event (a thread's first event), kept out of line so the per-event path does not
// pay its register saves.
// It is also the path of a thread that writes to more recorders than its cache holds: it must find
// the ring it already owns here, not allocate another (one bounded ring per thread).
[[gnu::noinline]] Recorder::Ring& Recorder::ring_for_this_thread() {
    const std::uint64_t me = thread_uid();
    Ring* ring = nullptr;
    {
        std::lock_guard guard(m_rings_mutex);
        for (auto& existing : m_rings)
            if (existing->owner() == me) ring = existing.get();
        if (ring == nullptr) {
            m_rings.push_back(std::make_unique<Ring>(m_capacity, me));
            ring = m_rings.back().get();
        }
    }
    t_rings.entries[t_rings.next++ % 4] = {m_uid, ring};
    return *ring;
}

void Recorder::on_event(const Event& event) noexcept {
    for (const auto& entry : t_rings.entries) {
        if (entry.uid == m_uid) {
            static_cast<Ring*>(entry.ring)->push(event);
            return;
        }
    }
    try {
        ring_for_this_thread().push(event);
    } catch (...) {
        // Allocating a new thread's ring failed: nothing sensible to do in a hook but drop.
    }
}

// Popping the rings one after another is not a consistent cut: ring A can be read just before its
// thread writes a cause, and ring B just after its thread wrote the effect, so the effect would be
// delivered a batch before its cause. Causes come first in event_before order, so: pass 1 pops every
// ring and takes the latest event seen, W; pass 2 pops again, which catches every cause of a pass-1
// event (its push happened before the effect's, which pass 1 saw). Events up to W are delivered;
// later ones are held for the next drain, whose W covers them. Delivered events are renumbered in
// order, so consumers see one sequence whichever way the emitters numbered them.
std::size_t Recorder::drain(std::vector<Event>& out) {
    // Everything is popped straight onto the end of `out`, one sorted run per ring and pass (a thread's
    // events are in event_before order already), and the runs are merged there: no second copy, and
    // O(n log runs) instead of a sort's O(n log n).
    const std::size_t first = out.size();
    const auto at = [&out](std::size_t index) { return out.begin() + static_cast<std::ptrdiff_t>(index); };
    std::vector<std::size_t> run_ends;
    auto pop_every_ring = [&] {
        for (auto& ring : m_rings) {
            const std::size_t start = out.size();
            if (ring->pop_all(out) == 0) continue;
            // A thread emits in order; a hand-built stream (a test's) might not: keep the merge's premise.
            if (!std::is_sorted(at(start), out.end(), event_before)) std::sort(at(start), out.end(), event_before);
            run_ends.push_back(out.size());
        }
    };
    out.insert(out.end(), m_held.begin(), m_held.end());
    if (!m_held.empty()) run_ends.push_back(out.size());
    m_held.clear();
    {
        std::lock_guard guard(m_rings_mutex);
        pop_every_ring();
        if (out.size() == first) return 0;
        // The latest event seen so far is the last of one of the sorted runs.
        Event watermark = out[run_ends.front() - 1];
        for (std::size_t end : run_ends)
            if (event_before(watermark, out[end - 1])) watermark = out[end - 1];
        pop_every_ring();
        merge_runs(out, first, run_ends);
        const auto held = std::partition_point(at(first), out.end(),
                                               [&](const Event& e) { return !event_before(watermark, e); });
        m_held.assign(held, out.end());
        out.erase(held, out.end());
    }
    for (auto it = at(first); it != out.end(); ++it) it->sequence = ++m_delivered;
    return out.size() - first;
}

// Merges the sorted runs out[first, run_ends[0]), [run_ends[0], run_ends[1]), ... in place, pairwise,
// so every event takes part in about log2(runs) merges.
void Recorder::merge_runs(std::vector<Event>& out, std::size_t first, std::vector<std::size_t>& run_ends) {
    while (run_ends.size() > 1) {
        std::vector<std::size_t> merged;
        std::size_t begin = first;
        for (std::size_t i = 0; i < run_ends.size(); i += 2) {
            if (i + 1 < run_ends.size()) {
                std::inplace_merge(out.begin() + static_cast<std::ptrdiff_t>(begin),
                                   out.begin() + static_cast<std::ptrdiff_t>(run_ends[i]),
                                   out.begin() + static_cast<std::ptrdiff_t>(run_ends[i + 1]), event_before);
                begin = run_ends[i + 1];
            } else {
                begin = run_ends[i];
            }
            merged.push_back(begin);
        }
        run_ends.swap(merged);
    }
}

std::uint64_t Recorder::dropped() const noexcept {
    std::lock_guard guard(m_rings_mutex);
    std::uint64_t total = 0;
    for (const auto& ring : m_rings) total += ring->dropped();
    return total;
}

}  // namespace poolscope
