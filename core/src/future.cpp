// future.cpp — the Future state machine (CPython _base.Future), instrumented.
#include "poolscope/future.hpp"

#include <cxxabi.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <typeinfo>

#include "poolscope/log.hpp"

namespace poolscope {

const char* future_state_name(FutureState state) noexcept {
    switch (state) {
        case FutureState::Pending: return "PENDING";
        case FutureState::Running: return "RUNNING";
        case FutureState::Cancelled: return "CANCELLED";
        case FutureState::CancelledAndNotified: return "CANCELLED_AND_NOTIFIED";
        case FutureState::Finished: return "FINISHED";
    }
    return "UNKNOWN";
}

namespace {
bool is_done(FutureState s) noexcept { return s != FutureState::Pending && s != FutureState::Running; }
bool is_cancelled(FutureState s) noexcept {
    return s == FutureState::Cancelled || s == FutureState::CancelledAndNotified;
}

std::string demangle(const char* name) {
    int status = 0;
    char* plain = abi::__cxa_demangle(name, nullptr, nullptr, &status);
    std::string result = status == 0 && plain ? plain : name;
    std::free(plain);  // NOLINT: __cxa_demangle allocates with malloc
    return result;
}
}  // namespace

std::string exception_type_name(const std::exception_ptr& error) {
    if (!error) return "";
    try {
        std::rethrow_exception(error);
    } catch (const PythonError& e) {
        return e.type();
    } catch (const TimeoutError&) {
        return "TimeoutError";
    } catch (const CancelledError&) {
        return "CancelledError";
    } catch (const InvalidStateError&) {
        return "InvalidStateError";
    } catch (const DeadlockError&) {
        return "DeadlockError";
    } catch (const BrokenThreadPool&) {
        return "BrokenThreadPool";
    } catch (const BrokenExecutor&) {
        return "BrokenExecutor";
    } catch (const std::exception& e) {
        return demangle(typeid(e).name());
    } catch (...) {
        const std::type_info* type = abi::__cxa_current_exception_type();
        return type ? demangle(type->name()) : "unknown";
    }
}

std::string exception_message(const std::exception_ptr& error) {
    if (!error) return "";
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "";
    }
}

AnyFuture::AnyFuture(std::shared_ptr<detail::FutureCore> core) noexcept : m_core(std::move(core)) {}
bool AnyFuture::cancelled() const noexcept { return is_cancelled(state()); }
bool AnyFuture::done() const noexcept { return is_done(state()); }

namespace detail {

Instrument standalone_instrument() noexcept { return Instrument{nullptr, &default_clock(), 0}; }

FutureCore::FutureCore(Instrument instrument) noexcept : m_instrument(instrument) {
    m_point.kind = BlockKind::Future;
}

FutureCore::~FutureCore() = default;

void FutureCore::set_task(std::uint64_t task) noexcept {
    m_task = task;
    m_point.task = task;
}

// ---- Transitions ---------------------------------------------------------------------------------

bool FutureCore::cancel() {
    std::vector<std::function<void()>> callbacks;
    {
        std::unique_lock lock(m_mutex);
        const FutureState s = state();
        if (s == FutureState::Running || s == FutureState::Finished) return false;
        if (is_cancelled(s)) return true;
        // Pending: a worker may start it this instant without the lock (set_running_or_notify_cancel).
        FutureState pending = FutureState::Pending;
        if (!m_state.compare_exchange_strong(pending, FutureState::Cancelled, std::memory_order_acq_rel)) return false;
        m_instrument.emit(EventKind::TaskCancelled, m_task);
        if (m_blocked > 0) m_instrument.clock->notify_all(m_point);
        callbacks.swap(m_callbacks);
    }
    run_callbacks(callbacks);
    return true;
}

bool FutureCore::set_running_or_notify_cancel() {
    // The common case takes no lock: PENDING -> RUNNING wakes nobody and runs no callback, and cancel()
    // leaves PENDING by the same compare-and-swap, so exactly one of them wins.
    FutureState pending = FutureState::Pending;
    if (m_state.compare_exchange_strong(pending, FutureState::Running, std::memory_order_acq_rel)) return true;
    std::unique_lock lock(m_mutex);
    const FutureState s = state();
    if (s == FutureState::Cancelled) {
        m_state.store(FutureState::CancelledAndNotified, std::memory_order_release);
        notify_completion_locked();
        return false;
    }
    if (s == FutureState::Pending) {
        m_state.store(FutureState::Running, std::memory_order_release);
        return true;
    }
    log(LogLevel::Critical, "Future " + repr_locked() + " in unexpected state: " + future_state_name(s));
    throw std::runtime_error("Future in unexpected state");
}

void FutureCore::throw_if_done_locked(std::unique_lock<std::mutex>&) const {
    const FutureState s = state();
    if (is_done(s)) throw InvalidStateError(std::string(future_state_name(s)) + ": " + repr_locked());
}

void FutureCore::set_exception(std::exception_ptr error) {
    std::unique_lock lock(m_mutex);
    throw_if_done_locked(lock);
    m_exception = std::move(error);
    finish(lock, true);
}

void FutureCore::finish(std::unique_lock<std::mutex>& lock, bool raised) {
    // The event goes out before the state is published, so nobody can consume the result "earlier".
    m_instrument.emit(EventKind::TaskFinished, m_task, 0, raised ? EventFlags::Raised : 0);
    m_state.store(FutureState::Finished, std::memory_order_release);
    if (m_blocked > 0) m_instrument.clock->notify_all(m_point);
    notify_completion_locked();
    std::vector<std::function<void()>> callbacks;
    callbacks.swap(m_callbacks);
    lock.unlock();
    run_callbacks(callbacks);
}

void FutureCore::notify_completion_locked() {
    const bool raised = state() == FutureState::Finished && m_exception != nullptr;
    for (MultiWaiter* waiter : m_waiters) waiter->on_completed(*this, raised);
}

// ---- Callbacks -----------------------------------------------------------------------------------

void FutureCore::add_done_callback(std::function<void()> callback) {
    {
        std::lock_guard guard(m_mutex);
        if (!is_done(state())) {
            m_callbacks.push_back(std::move(callback));
            return;
        }
    }
    std::vector<std::function<void()>> now{std::move(callback)};
    run_callbacks(now);
}

// Deliberate difference: Python lets BaseException escape a callback; C++ has no such split, so every
// exception is logged and the remaining callbacks still run. The message ends with "Type: message", the
// last line of the traceback LOGGER.exception prints.
void FutureCore::run_callbacks(std::vector<std::function<void()>>& callbacks) noexcept {
    for (auto& callback : callbacks) {
        try {
            callback();
        } catch (...) {
            const std::exception_ptr error = std::current_exception();
            log(LogLevel::Error, "exception calling callback for " + repr() + "\n" + exception_type_name(error) +
                                     ": " + exception_message(error));
        }
    }
}

// ---- Waiting -------------------------------------------------------------------------------------

bool FutureCore::wait_done(Nanos deadline, WaitKind kind) {
    // Done is final, so a done future needs no lock: result() on a finished task stays lock-free.
    if (is_done(state())) {
        m_instrument.order_after_acquire();  // ResultTaken or MapYielded follows
        return false;
    }
    std::unique_lock lock(m_mutex);
    if (is_done(state()) || deadline <= m_instrument.clock->now()) return false;
    m_instrument.emit(EventKind::WaitBegin, m_task, static_cast<std::int64_t>(kind));
    ++m_blocked;
    bool done = false;
    try {
        done = m_instrument.clock->wait_until(lock, m_point, deadline, [this] { return is_done(state()); });
    } catch (...) {
        --m_blocked;
        m_instrument.emit(EventKind::WaitEnd, m_task, static_cast<std::int64_t>(kind), EventFlags::Raised);
        throw;
    }
    --m_blocked;
    std::uint8_t flags = done ? 0 : EventFlags::TimedOut;
    if (is_cancelled(state())) flags |= EventFlags::Cancelled;
    m_instrument.emit(EventKind::WaitEnd, m_task, static_cast<std::int64_t>(kind), flags);
    return true;
}

std::exception_ptr FutureCore::exception_until(Nanos deadline, WaitKind kind) {
    const bool blocked = wait_done(deadline, kind);
    const FutureState s = state();
    if (is_cancelled(s)) throw CancelledError();
    if (s != FutureState::Finished) throw TimeoutError();
    // A blocking call's WaitEnd already marks the moment the caller got the outcome; this marks the
    // calls that found the future done (map iteration has MapYielded for that).
    if (!blocked && (kind == WaitKind::Result || kind == WaitKind::Exception))
        m_instrument.emit(EventKind::ResultTaken, m_task, static_cast<std::int64_t>(kind));
    // m_exception is written before FINISHED is published (release) and never after.
    return m_exception;
}

void FutureCore::check_result_until(Nanos deadline, WaitKind kind) {
    if (std::exception_ptr error = exception_until(deadline, kind)) std::rethrow_exception(error);
}

bool FutureCore::completed_for_waiters() const noexcept {
    const FutureState s = state();
    return s == FutureState::Finished || s == FutureState::CancelledAndNotified;
}

bool FutureCore::finished_with_exception() const noexcept {
    std::lock_guard guard(m_mutex);
    return state() == FutureState::Finished && m_exception != nullptr;
}

bool FutureCore::install_waiter(MultiWaiter& waiter) {
    std::lock_guard guard(m_mutex);
    if (completed_for_waiters()) return false;
    m_waiters.push_back(&waiter);
    return true;
}

void FutureCore::remove_waiter(MultiWaiter& waiter) noexcept {
    std::lock_guard guard(m_mutex);
    m_waiters.erase(std::remove(m_waiters.begin(), m_waiters.end(), &waiter), m_waiters.end());
}

// ---- repr ----------------------------------------------------------------------------------------

std::string FutureCore::repr() const {
    std::lock_guard guard(m_mutex);
    return repr_locked();
}

std::string FutureCore::repr_locked() const {
    char address[32];
    std::snprintf(address, sizeof address, "%p", static_cast<const void*>(this));
    std::string text = std::string("<Future at ") + address + " state=";
    switch (state()) {
        case FutureState::Pending: return text + "pending>";
        case FutureState::Running: return text + "running>";
        case FutureState::Cancelled:
        case FutureState::CancelledAndNotified: return text + "cancelled>";
        case FutureState::Finished:
            if (m_exception) return text + "finished raised " + exception_type_name(m_exception) + ">";
            return text + "finished returned " + value_type_name() + ">";
    }
    return text + "unknown>";
}

}  // namespace detail
}  // namespace poolscope
