// executor.cpp — ThreadPoolExecutor's queue, workers and shutdown (CPython Lib/concurrent/futures/thread.py).
//
// [SECTION] Construction and default size
// [SECTION] submit: enqueue and thread growth
// [SECTION] The worker loop and initializer failure
// [SECTION] shutdown and join
//
// Deliberate differences from CPython (docs/python-differences.md): callbacks fired by shutdown
// (cancel_futures) and by a broken pool run after the lock is released (CPython deadlocks if they
// submit, contract item 52); futures cancelled by shutdown(cancel_futures=True) are notified so wait()
// and as_completed() see them (item 37); a broken pool skips futures already cancelled (item 47).
#include "poolscope/executor.hpp"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <stdexcept>

#include "poolscope/log.hpp"

namespace poolscope {

// ---- [SECTION] Construction and default size ----------------------------------------------------

int default_max_workers() noexcept {
    int cpus = 0;
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) cpus = CPU_COUNT(&set);
    if (cpus <= 0) cpus = static_cast<int>(std::thread::hardware_concurrency());
    if (cpus <= 0) cpus = 1;
    return std::min(32, cpus + 4);
}

namespace {
std::atomic<int> pool_counter{0};          // CPython's class-wide ThreadPoolExecutor._counter
std::atomic<std::uint32_t> executor_ids{0};

ThreadPoolExecutor::Options validated(ThreadPoolExecutor::Options options) {
    if (options.max_workers && *options.max_workers <= 0)
        throw std::invalid_argument("max_workers must be greater than 0");
    return options;
}
}  // namespace

namespace detail {

ExecutorCore::ExecutorCore(ExecutorConfig config)
    : m_max_workers(config.max_workers), m_initializer(std::move(config.initializer)) {
    m_instrument.sink = config.sink;
    m_instrument.clock = config.clock ? config.clock : &default_clock();
    m_instrument.executor = executor_ids.fetch_add(1) + 1;
    if (!config.thread_name_prefix.empty()) {
        m_prefix = std::move(config.thread_name_prefix);
    } else {
        const int number = config.pool_number >= 0 ? config.pool_number : pool_counter.fetch_add(1);
        m_prefix = "ThreadPoolExecutor-" + std::to_string(number);
    }
#if defined(__GLIBC__)
    // Submitters and workers hold m_mutex for well under a microsecond, so a contender that sleeps in
    // the kernel (std::mutex's default) pays two context switches for nothing: glibc's adaptive mutex
    // spins briefly first: 1.1x-1.6x more submit/map throughput in bench/ on two cores.
    pthread_mutexattr_t attributes;
    pthread_mutexattr_init(&attributes);
    pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_ADAPTIVE_NP);
    pthread_mutex_init(m_mutex.native_handle(), &attributes);
    pthread_mutexattr_destroy(&attributes);
#endif
    m_wake_per_submit = m_instrument.clock->deterministic();
    m_work_arrived.kind = BlockKind::Idle;
    m_worker_exited.kind = BlockKind::Join;
    m_instrument.emit(EventKind::ExecutorCreated, 0, m_max_workers);
}

// Under the VirtualClock the join can deadlock (a worker stuck on a future nothing will complete).
// Letting that DeadlockError escape a destructor is std::terminate. Each deadlock report wakes every
// stuck waiter, so the workers' tasks fail and the workers exit: retry the join, a bounded number of
// times (a task that swallows DeadlockError and blocks again would deadlock forever).
ExecutorCore::~ExecutorCore() {
    bool already = false;
    {
        std::lock_guard guard(m_mutex);
        already = m_shutdown;
    }
    for (int attempt = 0;; ++attempt) {
        try {
            if (!already) {
                already = true;
                shutdown(true, false);
            } else {
                join_workers();
            }
            return;
        } catch (const DeadlockError& e) {
            if (attempt == 16) {
                log(LogLevel::Critical, std::string("executor destroyed while its workers stay deadlocked:\n") + e.what());
                std::terminate();
            }
        }
    }
}

std::vector<std::string> ExecutorCore::thread_names() const {
    std::lock_guard guard(m_mutex);
    return m_names;
}

std::size_t ExecutorCore::thread_count() const {
    std::lock_guard guard(m_mutex);
    return m_names.size();
}

std::size_t ExecutorCore::queue_size() const {
    std::lock_guard guard(m_mutex);
    return m_queue.size();
}

int ExecutorCore::idle_count() const {
    std::lock_guard guard(m_mutex);
    return m_idle;
}

// ---- [SECTION] submit: enqueue and thread growth -------------------------------------------------

void ExecutorCore::enqueue(const WorkItem& item) {
    std::unique_lock lock(m_mutex);
    if (m_broken) throw BrokenThreadPool(broken_thread_pool_message);
    if (m_shutdown) throw std::runtime_error("cannot schedule new futures after shutdown");
    item->set_task(++m_last_task);
    m_queue.push_back(item);
    m_instrument.emit(EventKind::TaskSubmitted, item->task(), static_cast<std::int64_t>(m_queue.size()));
    // Waking an idle pool, notify after unlocking so the worker does not wake into a held lock: lower
    // submit-to-start latency. In a burst (work already queued) notifying under the lock measured faster.
    const bool wake = should_wake_locked();
    const bool wake_after_unlock = wake && m_queue.size() == 1;
    if (wake && !wake_after_unlock) m_instrument.clock->notify_one(m_work_arrived);
    try {
        adjust_thread_count_locked();
    } catch (...) {
        lock.unlock();
        if (wake_after_unlock) m_instrument.clock->notify_one(m_work_arrived);
        throw;
    }
    lock.unlock();
    if (wake_after_unlock) m_instrument.clock->notify_one(m_work_arrived);
}

// CPython's SimpleQueue.put wakes one waiting worker per submit, and so do deterministic clocks,
// where which worker runs which task is part of the lesson. On real clocks which worker wakes is the
// scheduler's choice anyway (in CPython too), and a burst of submits that wakes every waiting worker
// at once makes them fight the submitter for the cores and the lock (pools of 4 and 8 workers on two
// cores ran 2.7x-4x fewer tasks/s, bench/README.md). So at most one wake is in flight: the woken worker clears it when it wakes and,
// if it finds more queued work, wakes the next (worker_main), so a burst still reaches every worker.
bool ExecutorCore::should_wake_locked() {
    if (m_waiting == 0) return false;
    if (m_wake_per_submit) return true;
    if (m_wake_in_flight) return false;
    m_wake_in_flight = true;
    return true;
}

// CPython's _adjust_thread_count: reuse an idle worker if one has said so, else start at most one.
void ExecutorCore::adjust_thread_count_locked() {
    if (m_idle > 0) {
        --m_idle;
        return;
    }
    if (static_cast<int>(m_names.size()) >= m_max_workers) return;
    const int index = static_cast<int>(m_names.size());
    m_names.push_back(m_prefix + "_" + std::to_string(index));
    const ThreadTicket ticket = m_instrument.clock->prepare_thread(m_names.back().c_str());
    ++m_live;
    m_instrument.emit(EventKind::WorkerSpawned, 0, index);
    try {
        m_threads.emplace_back([this, index, ticket] { worker_main(index, ticket); });
    } catch (...) {
        --m_live;
        m_names.pop_back();
        throw;
    }
}

// ---- [SECTION] The worker loop and initializer failure -------------------------------------------

void ExecutorCore::worker_main(int index, ThreadTicket ticket) {
    set_current_worker(m_instrument.executor, index);
    {
        std::string os_name;
        {
            std::lock_guard guard(m_mutex);
            os_name = m_names[static_cast<std::size_t>(index)].substr(0, 15);  // Linux keeps 15 bytes
        }
        pthread_setname_np(pthread_self(), os_name.c_str());
    }
    m_instrument.clock->thread_started(ticket);

    std::unique_lock lock(m_mutex, std::defer_lock);
    bool healthy = true;
    if (m_initializer) {
        try {
            m_initializer();
        } catch (...) {
            const std::exception_ptr error = std::current_exception();
            log(LogLevel::Critical, "Exception in initializer:\n" + exception_type_name(error) + ": " +
                                        exception_message(error));
            lock.lock();
            initializer_failed(lock);
            healthy = false;
        }
    }
    if (healthy) lock.lock();
    while (healthy) {
        if (m_queue.empty() && !m_shutdown) {
            ++m_idle;  // CPython 3.12+: release the idle semaphore only when the queue is empty
            m_instrument.emit(EventKind::WorkerIdle, 0);
            ++m_waiting;
            bool woken = false;  // the first call checks before blocking; every later one follows a wake
            m_instrument.clock->wait_until(lock, m_work_arrived, forever, [this, &woken] {
                if (woken) m_wake_in_flight = false;
                woken = true;
                return !m_queue.empty() || m_shutdown;
            });
            --m_waiting;
        }
        if (m_queue.empty()) break;  // shut down and drained: CPython's sentinel
        WorkItem item = std::move(m_queue.front());
        m_queue.pop_front();
        const auto queued = static_cast<std::int64_t>(m_queue.size());
        if (queued > 0 && !m_wake_per_submit && should_wake_locked()) m_instrument.clock->notify_one(m_work_arrived);
        // As CPython's _WorkItem.run, the rest happens outside the queue's lock, so the submitter's next
        // enqueue does not wait for the future's lock or the event. Under the virtual clock nobody else
        // runs until this thread blocks, so lessons see the same order.
        lock.unlock();
        run_item(std::move(item), queued);
        lock.lock();
    }
    if (!lock.owns_lock()) lock.lock();
    m_instrument.emit(EventKind::WorkerExited, 0);
    --m_live;
    m_instrument.clock->notify_all(m_worker_exited);
    lock.unlock();
    m_instrument.clock->thread_exiting();
}

void ExecutorCore::run_item(WorkItem item, std::int64_t queued) {
    bool run = false;
    try {
        run = item->set_running_or_notify_cancel();
    } catch (...) {
        log(LogLevel::Critical, "Exception in worker");  // a future completed behind the pool's back
        return;
    }
    if (!run) {
        m_instrument.emit(EventKind::CancelNotified, item->task(), queued);
        return;
    }
    m_instrument.emit(EventKind::TaskStarted, item->task(), queued);
    item->run_call();
    // The item, and with it the call's references, is dropped here, before the worker waits again
    // (GH-60488).
}

void ExecutorCore::initializer_failed(std::unique_lock<std::mutex>& lock) {
    m_broken = true;
    std::deque<WorkItem> drained;
    drained.swap(m_queue);
    lock.unlock();
    for (std::size_t i = 0; i < drained.size(); ++i) {
        WorkItem& item = drained[i];
        const auto remaining = static_cast<std::int64_t>(drained.size() - i - 1);
        if (item->state() == FutureState::Cancelled) {
            item->set_running_or_notify_cancel();
            m_instrument.emit(EventKind::CancelNotified, item->task(), remaining);
        } else {
            item->set_exception(std::make_exception_ptr(BrokenThreadPool(broken_thread_pool_message)));
        }
    }
    lock.lock();
}

// ---- [SECTION] shutdown and join -----------------------------------------------------------------

void ExecutorCore::shutdown(bool wait, bool cancel_futures) {
    std::deque<WorkItem> drained;
    {
        std::lock_guard guard(m_mutex);
        std::uint8_t flags = 0;
        if (wait) flags |= EventFlags::ShutdownWait;
        if (cancel_futures) flags |= EventFlags::ShutdownCancelFutures;
        m_instrument.emit(EventKind::ShutdownBegin, 0, 0, flags);
        m_shutdown = true;
        if (cancel_futures) drained.swap(m_queue);
        m_instrument.clock->notify_all(m_work_arrived);
    }
    for (std::size_t i = 0; i < drained.size(); ++i) {
        WorkItem& item = drained[i];
        item->cancel();
        if (item->state() == FutureState::Cancelled) item->set_running_or_notify_cancel();
        m_instrument.emit(EventKind::CancelNotified, item->task(), static_cast<std::int64_t>(drained.size() - i - 1));
    }
    if (wait) {
        if (is_worker_of(m_instrument.executor)) throw std::runtime_error("cannot join current thread");
        join_workers();
    }
    m_instrument.emit(EventKind::ShutdownEnd, 0);
}

void ExecutorCore::join_workers() {
    std::vector<std::thread> threads;
    {
        std::unique_lock lock(m_mutex);
        if (m_live > 0) {
            m_instrument.emit(EventKind::WaitBegin, 0, static_cast<std::int64_t>(WaitKind::Join));
            try {
                m_instrument.clock->wait_until(lock, m_worker_exited, forever, [this] { return m_live == 0; });
            } catch (...) {  // DeadlockError: close the wait interval before it propagates
                m_instrument.emit(EventKind::WaitEnd, 0, static_cast<std::int64_t>(WaitKind::Join), EventFlags::Raised);
                throw;
            }
            m_instrument.emit(EventKind::WaitEnd, 0, static_cast<std::int64_t>(WaitKind::Join));
        }
        threads.swap(m_threads);
    }
    for (std::thread& thread : threads)
        if (thread.joinable()) thread.join();
}

}  // namespace detail

// ---- ThreadPoolExecutor --------------------------------------------------------------------------

ThreadPoolExecutor::ThreadPoolExecutor(std::optional<int> max_workers, std::string thread_name_prefix,
                                       std::function<void()> initializer)
    : ThreadPoolExecutor(Options{max_workers, std::move(thread_name_prefix), std::move(initializer)}) {}

ThreadPoolExecutor::ThreadPoolExecutor(Options options) {
    options = validated(std::move(options));
    detail::ExecutorConfig config;
    config.max_workers = options.max_workers.value_or(default_max_workers());
    config.thread_name_prefix = std::move(options.thread_name_prefix);
    config.initializer = std::move(options.initializer);
    config.clock = options.clock;
    config.sink = options.sink;
    config.pool_number = options.pool_number;
    m_core = std::make_shared<detail::ExecutorCore>(std::move(config));
}

ThreadPoolExecutor::~ThreadPoolExecutor() = default;

void ThreadPoolExecutor::shutdown(bool wait, bool cancel_futures) { m_core->shutdown(wait, cancel_futures); }

}  // namespace poolscope
