// recorder.cpp — per-thread SPSC rings (power-of-two capacity, cache-line separated indices, cached
// remote index: the Rigtorp/Tracy design) merged by the single reader.
#include "poolscope/recorder.hpp"

#include <algorithm>
#include <bit>

namespace poolscope {

class Recorder::Ring {
public:
    explicit Ring(std::size_t capacity) : m_slots(capacity), m_mask(capacity - 1) {}

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
    alignas(64) std::atomic<std::size_t> m_head{0};  // written by the owning thread
    std::size_t m_cached_tail = 0;
    alignas(64) std::atomic<std::size_t> m_tail{0};  // written by the reader
    alignas(64) std::atomic<std::uint64_t> m_dropped{0};
};

namespace {
std::atomic<std::uint64_t> recorder_uids{1};

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
[[gnu::noinline]] Recorder::Ring& Recorder::ring_for_this_thread() {
    Ring* ring = nullptr;
    {
        std::lock_guard guard(m_rings_mutex);
        m_rings.push_back(std::make_unique<Ring>(m_capacity));
        ring = m_rings.back().get();
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

std::size_t Recorder::drain(std::vector<Event>& out) {
    const std::size_t first = out.size();
    {
        std::lock_guard guard(m_rings_mutex);
        for (auto& ring : m_rings) ring->pop_all(out);
    }
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
              [](const Event& a, const Event& b) { return a.sequence < b.sequence; });
    return out.size() - first;
}

std::uint64_t Recorder::dropped() const noexcept {
    std::lock_guard guard(m_rings_mutex);
    std::uint64_t total = 0;
    for (const auto& ring : m_rings) total += ring->dropped();
    return total;
}

}  // namespace poolscope
