// event.cpp — event names, emission and the calling thread's identity.
#include <array>
#include <atomic>

#include "poolscope/detail/instrument.hpp"
#include "tsc_time.hpp"

namespace poolscope {

namespace {
constexpr std::array<std::string_view, static_cast<std::size_t>(EventKind::Count_)> kind_names = {
    "executor_created", "worker_spawned", "task_submitted", "task_started", "task_finished",
    "task_cancelled",   "cancel_notified", "wait_begin",    "wait_end",     "map_yielded",
    "shutdown_begin",   "shutdown_end",   "worker_idle",   "worker_exited", "step_begin",
    "step_end",         "gil_requested",  "gil_acquired",  "gil_released",  "output",
    "program_line",     "deadlock",        "result_taken",
};
static_assert(kind_names.back() == "result_taken", "one name per EventKind, in order");

std::atomic<std::uint64_t> next_sequence{1};
std::atomic<std::int32_t> next_external_thread{0};

thread_local std::uint32_t t_worker_executor = 0;
thread_local std::int32_t t_worker_index = -1;
thread_local std::int32_t t_external_code = 0;  // 0 = not assigned yet
thread_local std::uint64_t t_sequence = 0;      // this thread's events under a time-ordered clock
}  // namespace

std::string_view event_kind_name(EventKind kind) noexcept {
    const auto index = static_cast<std::size_t>(kind);
    return index < kind_names.size() ? kind_names[index] : std::string_view("unknown");
}

bool event_kind_from_name(std::string_view name, EventKind& kind) noexcept {
    for (std::size_t i = 0; i < kind_names.size(); ++i) {
        if (kind_names[i] == name) {
            kind = static_cast<EventKind>(i);
            return true;
        }
    }
    return false;
}

// Here, beside its one caller, so the per-event read inlines.
Nanos SteadyClock::event_time() const noexcept {
    return (m_tsc != nullptr ? detail::event_ns(*m_tsc) : detail::system_steady_ns()) - m_origin_ns;
}

namespace detail {

void set_current_worker(std::uint32_t executor, std::int32_t index) noexcept {
    t_worker_executor = executor;
    t_worker_index = index;
}

bool is_worker_of(std::uint32_t executor) noexcept { return executor != 0 && t_worker_executor == executor; }

std::int32_t current_thread_code(std::uint32_t executor) noexcept {
    if (is_worker_of(executor)) return t_worker_index;
    if (t_external_code == 0) t_external_code = -1 - next_external_thread.fetch_add(1, std::memory_order_relaxed);
    return t_external_code;
}

void Instrument::emit_slow(EventKind kind, std::uint64_t task, std::int64_t value, std::uint8_t flags) const noexcept {
    Event event;
    // The steady clock is the only one that orders causes by time (and it is final): reading it
    // without the virtual call, and numbering per thread, is most of what recording saves per event.
    if (clock->timestamps_order_causes()) {
        event.time_ns = static_cast<const SteadyClock*>(clock)->event_time();
        event.sequence = ++t_sequence;
    } else {
        event.time_ns = clock->now();
        event.sequence = next_sequence.fetch_add(1, std::memory_order_relaxed);
    }
    event.task = task;
    event.value = value;
    event.executor = executor;
    event.thread = current_thread_code(executor);
    event.kind = kind;
    event.flags = flags;
    event.reserved = 0;
    sink->on_event(event);
}

}  // namespace detail
}  // namespace poolscope
