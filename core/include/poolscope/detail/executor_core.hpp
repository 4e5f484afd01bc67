// poolscope/detail/executor_core.hpp — the untyped heart of ThreadPoolExecutor: the FIFO work queue,
// the idle count, thread growth, the worker loop and shutdown (CPython thread.py), in executor.cpp.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "poolscope/clock.hpp"
#include "poolscope/detail/instrument.hpp"
#include "poolscope/future.hpp"

namespace poolscope::detail {

/// A queued call: the future it completes plus the callable (see Task in executor.hpp).
using WorkItem = std::shared_ptr<FutureCore>;

struct ExecutorConfig {
    int max_workers = 0;
    std::string thread_name_prefix;
    std::function<void()> initializer;
    Clock* clock = nullptr;
    EventSink* sink = nullptr;
    int pool_number = -1;
};

class ExecutorCore {
public:
    explicit ExecutorCore(ExecutorConfig config);
    ~ExecutorCore();
    ExecutorCore(const ExecutorCore&) = delete;
    ExecutorCore& operator=(const ExecutorCore&) = delete;

    Instrument instrument() const noexcept { return m_instrument; }
    Clock& clock() const noexcept { return *m_instrument.clock; }

    /// submit(): checks broken/shutdown, assigns the task id, enqueues, adjusts the thread count.
    void enqueue(const WorkItem& item);
    void shutdown(bool wait, bool cancel_futures);

    int max_workers() const noexcept { return m_max_workers; }
    std::uint32_t id() const noexcept { return m_instrument.executor; }
    std::vector<std::string> thread_names() const;
    std::size_t thread_count() const;
    std::size_t queue_size() const;
    int idle_count() const;

private:
    void adjust_thread_count_locked();
    /// Whether a submit or a worker that found more work should notify a waiting worker now.
    bool should_wake_locked();
    void worker_main(int index, ThreadTicket ticket);
    /// CPython's _WorkItem.run, without the executor's lock: start the future (or notify its
    /// cancellation) and run the call. `queued`: the queue's length after this item left it.
    void run_item(WorkItem item, std::int64_t queued);
    void initializer_failed(std::unique_lock<std::mutex>& lock);
    void join_workers();

    Instrument m_instrument;
    int m_max_workers;
    std::string m_prefix;
    std::function<void()> m_initializer;

    mutable std::mutex m_mutex;
    std::deque<WorkItem> m_queue;
    WaitPoint m_work_arrived;
    WaitPoint m_worker_exited;
    int m_idle = 0;
    int m_waiting = 0;
    // Real clocks: at most one notify on its way to a waiting worker (see should_wake_locked).
    bool m_wake_in_flight = false;
    bool m_wake_per_submit = false;  // deterministic clocks wake one worker per submit, as CPython does
    int m_live = 0;
    std::uint64_t m_last_task = 0;
    bool m_shutdown = false;
    bool m_broken = false;
    std::vector<std::thread> m_threads;
    std::vector<std::string> m_names;
    std::mutex m_join_mutex;  // one joiner at a time; never held with m_mutex
};

}  // namespace poolscope::detail
