// virtual_clock.cpp — the baton scheduler behind VirtualClock (see the header for the model).
// Invariant: at most one participant has the baton (m_running). Whoever changes what another
// participant waits for makes it ready at once (notify_all moves it to m_ready), so the count of
// runnable participants never drops to zero while a hand-off is in flight.
#include "poolscope/virtual_clock.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "poolscope/errors.hpp"

namespace poolscope {

struct VirtualClock::Participant {
    std::string name;
    std::condition_variable turn;
    bool has_baton = false;
    bool blocked = false;
    WaitPoint* point = nullptr;  // nullptr while sleeping
    Nanos deadline = forever;
    std::uint64_t blocked_order = 0;
    Wake wake = Wake::None;
};

namespace {
std::atomic<std::uint64_t> next_clock_id{1};
thread_local std::uint64_t t_clock_id = 0;
thread_local void* t_participant = nullptr;

std::int64_t real_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

const char* describe(BlockKind kind) {
    switch (kind) {
        case BlockKind::Idle: return "idle, waiting for work";
        case BlockKind::Sleep: return "sleeping";
        case BlockKind::Future: return "waiting for the result of task";
        case BlockKind::Futures: return "waiting for futures (wait/as_completed)";
        case BlockKind::Join: return "joining the workers in shutdown()";
        case BlockKind::Lock: return "waiting for a lock";
    }
    return "blocked";
}
}  // namespace

VirtualClock::VirtualClock() : m_id(next_clock_id.fetch_add(1)) { m_deterministic = true; }
VirtualClock::~VirtualClock() = default;

Nanos VirtualClock::now() const noexcept { return m_now.load(std::memory_order_acquire); }

VirtualClock::Participant* VirtualClock::self() const {
    return t_clock_id == m_id ? static_cast<Participant*>(t_participant) : nullptr;
}

// ---- Turns ---------------------------------------------------------------------------------------

void VirtualClock::hand_to_locked(Participant& next) {
    m_running = &next;
    next.has_baton = true;
    next.turn.notify_one();
}

void VirtualClock::pass_baton_locked(std::unique_lock<std::mutex>& lock) {
    while (m_running == nullptr) {
        if (!m_ready.empty()) {
            Participant* next = m_ready.front();
            m_ready.pop_front();
            hand_to_locked(*next);
            return;
        }
        if (!advance_time_locked(lock)) return;
    }
}

VirtualClock::Wake VirtualClock::park(Participant& me, WaitPoint* point, Nanos deadline) {
    std::unique_lock lock(m_mutex);
    me.blocked = true;
    me.point = point;
    me.deadline = deadline;
    me.blocked_order = ++m_block_counter;
    me.wake = Wake::None;
    me.has_baton = false;
    if (m_running == &me) m_running = nullptr;
    pass_baton_locked(lock);
    me.turn.wait(lock, [&] { return me.has_baton; });
    return me.wake;
}

// ---- Time ----------------------------------------------------------------------------------------

Nanos VirtualClock::pace_now_locked() const {
    if (m_paused) return m_anchor_time;
    return m_anchor_time + static_cast<Nanos>(static_cast<double>(real_ns() - m_anchor_real_ns) * m_speed);
}

bool VirtualClock::advance_time_locked(std::unique_lock<std::mutex>& lock) {
    for (;;) {
        Nanos next = forever;
        for (const Participant& p : m_participants)
            if (p.blocked && p.deadline < next) next = p.deadline;
        if (next == forever) {
            declare_deadlock_locked();
            return !m_ready.empty();
        }
        if (m_pacing) {
            if (m_steps_allowed > 0) {
                --m_steps_allowed;
                m_anchor_time = std::max(next, m_now.load());
                m_anchor_real_ns = real_ns();
            } else if (m_paused || pace_now_locked() < next) {
                if (m_paused) {
                    m_pace_changed.wait(lock);
                } else {
                    const auto real_left = static_cast<Nanos>(static_cast<double>(next - pace_now_locked()) / m_speed) + 1;
                    m_pace_changed.wait_for(lock, std::chrono::nanoseconds(real_left));
                }
                if (m_running != nullptr || !m_ready.empty()) return true;  // someone attached meanwhile
                continue;
            }
        }
        m_now.store(std::max(next, m_now.load()), std::memory_order_release);
        std::vector<Participant*> due;
        for (Participant& p : m_participants)
            if (p.blocked && p.deadline <= m_now.load()) due.push_back(&p);
        std::sort(due.begin(), due.end(), [](auto* a, auto* b) { return a->blocked_order < b->blocked_order; });
        for (Participant* p : due) {
            p->blocked = false;
            p->wake = Wake::TimedOut;
            m_ready.push_back(p);
        }
        return true;
    }
}

void VirtualClock::declare_deadlock_locked() {
    std::vector<Participant*> stuck;
    for (Participant& p : m_participants)
        if (p.blocked && p.point != nullptr && p.point->kind != BlockKind::Idle) stuck.push_back(&p);
    if (stuck.empty()) return;  // only idle workers left: the run is simply quiet
    std::sort(stuck.begin(), stuck.end(), [](auto* a, auto* b) { return a->blocked_order < b->blocked_order; });
    std::ostringstream report;
    report << "deadlock: every thread is blocked and nothing can wake them";
    for (const Participant& p : m_participants) {
        if (!p.blocked) continue;
        const BlockKind kind = p.point ? p.point->kind : BlockKind::Sleep;
        report << "\n  " << p.name << ": " << describe(kind);
        if (kind == BlockKind::Future && p.point->task != 0) report << ' ' << p.point->task;
    }
    m_deadlock_report = report.str();
    m_deadlocked = true;
    for (Participant* p : stuck) {
        p->blocked = false;
        p->wake = Wake::Deadlock;
        m_ready.push_back(p);
    }
}

// ---- Clock interface -----------------------------------------------------------------------------

bool VirtualClock::wait_until(std::unique_lock<std::mutex>& lock, WaitPoint& point, Nanos deadline,
                              detail::FunctionRef<bool()> ready) {
    Participant* me = self();
    if (me == nullptr)
        throw std::logic_error("VirtualClock: only participants may block (attach the thread with Participation)");
    while (!ready()) {
        if (deadline <= now()) return false;
        lock.unlock();
        const Wake wake = park(*me, &point, deadline);
        lock.lock();
        if (wake == Wake::TimedOut) return ready();
        if (wake == Wake::Deadlock && !ready()) throw DeadlockError(deadlock_report());
    }
    return true;
}

void VirtualClock::wake_locked(WaitPoint& point, bool all) {
    std::vector<Participant*> woken;
    for (Participant& p : m_participants)
        if (p.blocked && p.point == &point) woken.push_back(&p);
    std::sort(woken.begin(), woken.end(), [](auto* a, auto* b) { return a->blocked_order < b->blocked_order; });
    if (!all && woken.size() > 1) woken.resize(1);
    for (Participant* p : woken) {
        p->blocked = false;
        p->wake = Wake::Notified;
        m_ready.push_back(p);
    }
}

void VirtualClock::notify_all(WaitPoint& point) noexcept {
    std::lock_guard guard(m_mutex);
    wake_locked(point, true);
}

void VirtualClock::notify_one(WaitPoint& point) noexcept {
    std::lock_guard guard(m_mutex);
    wake_locked(point, false);
}

void VirtualClock::sleep_until(Nanos deadline) {
    if (deadline == forever) throw std::invalid_argument("sleep_until(forever) would never return");
    Participant* me = self();
    if (me == nullptr)
        throw std::logic_error("VirtualClock: only participants may sleep (attach the thread with Participation)");
    if (deadline <= now()) return;
    park(*me, nullptr, deadline);
}

ThreadTicket VirtualClock::prepare_thread(const char* name) {
    std::lock_guard guard(m_mutex);
    Participant& p = m_participants.emplace_back();
    p.name = name;
    m_ready.push_back(&p);
    return ThreadTicket{&p};
}

void VirtualClock::thread_started(ThreadTicket ticket) {
    auto* me = static_cast<Participant*>(ticket.participant);
    t_clock_id = m_id;
    t_participant = me;
    std::unique_lock lock(m_mutex);
    if (m_running == nullptr) pass_baton_locked(lock);
    me->turn.wait(lock, [&] { return me->has_baton; });
}

void VirtualClock::thread_exiting() noexcept {
    Participant* me = self();
    if (me == nullptr) return;
    std::unique_lock lock(m_mutex);
    if (m_running == me) m_running = nullptr;
    m_ready.erase(std::remove(m_ready.begin(), m_ready.end(), me), m_ready.end());
    m_participants.remove_if([&](const Participant& p) { return &p == me; });
    t_clock_id = 0;
    t_participant = nullptr;
    pass_baton_locked(lock);
}

VirtualClock::Participation::Participation(VirtualClock& clock, const char* name) : m_clock(clock) {
    if (t_clock_id != 0) throw std::logic_error("this thread already takes part in a virtual clock");
    std::unique_lock lock(clock.m_mutex);
    Participant& me = clock.m_participants.emplace_back();
    me.name = name;
    t_clock_id = clock.m_id;
    t_participant = &me;
    if (clock.m_running == nullptr && clock.m_ready.empty()) {
        clock.hand_to_locked(me);
    } else {
        clock.m_ready.push_back(&me);
        if (clock.m_running == nullptr) clock.pass_baton_locked(lock);
    }
    me.turn.wait(lock, [&] { return me.has_baton; });
}

VirtualClock::Participation::~Participation() { m_clock.thread_exiting(); }

// ---- Pacing --------------------------------------------------------------------------------------

void VirtualClock::set_pacing(bool on) {
    std::lock_guard guard(m_mutex);
    m_pacing = on;
    m_anchor_time = m_now.load();
    m_anchor_real_ns = real_ns();
    m_pace_changed.notify_all();
}

void VirtualClock::set_speed(double speed) {
    if (!(speed > 0.0)) throw std::invalid_argument("clock speed must be a positive factor");
    std::lock_guard guard(m_mutex);
    m_anchor_time = pace_now_locked();
    m_anchor_real_ns = real_ns();
    m_speed = speed;
    m_pace_changed.notify_all();
}

void VirtualClock::set_paused(bool paused) {
    std::lock_guard guard(m_mutex);
    if (paused == m_paused) return;
    m_anchor_time = pace_now_locked();
    m_anchor_real_ns = real_ns();
    m_paused = paused;
    m_pace_changed.notify_all();
}

void VirtualClock::step() {
    std::lock_guard guard(m_mutex);
    ++m_steps_allowed;
    m_pace_changed.notify_all();
}

bool VirtualClock::paused() const {
    std::lock_guard guard(m_mutex);
    return m_paused;
}

Nanos VirtualClock::display_now() const {
    std::lock_guard guard(m_mutex);
    const Nanos now = m_now.load();
    if (!m_pacing) return now;
    Nanos next = forever;
    for (const Participant& p : m_participants)
        if (p.blocked && p.deadline < next) next = p.deadline;
    if (next == forever) return now;
    return std::min(std::max(pace_now_locked(), now), next);
}

std::string VirtualClock::deadlock_report() const {
    std::lock_guard guard(m_mutex);
    return m_deadlock_report;
}

bool VirtualClock::deadlocked() const {
    std::lock_guard guard(m_mutex);
    return m_deadlocked;
}

}  // namespace poolscope
