// poolscope/future.hpp — concurrent.futures.Future: the result of a call that may not have run yet.
// State machine (CPython _base.Future): PENDING -> RUNNING -> FINISHED, PENDING -> CANCELLED ->
// CANCELLED_AND_NOTIFIED (when a worker dequeues it), PENDING -> FINISHED (broken pool).
// AnyFuture is the untyped handle (what wait() and as_completed() take); Future<R> adds the value.
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "poolscope/clock.hpp"
#include "poolscope/detail/instrument.hpp"
#include "poolscope/errors.hpp"

namespace poolscope {

enum class FutureState : std::uint8_t { Pending, Running, Cancelled, CancelledAndNotified, Finished };

/// "PENDING", "RUNNING", "CANCELLED", "CANCELLED_AND_NOTIFIED", "FINISHED" (CPython's constants).
const char* future_state_name(FutureState state) noexcept;

class AnyFuture;

namespace detail {

/// A wait() or as_completed() call listening for completions (CPython's _Waiter).
class MultiWaiter {
public:
    virtual ~MultiWaiter() = default;
    /// Called with the future's lock held when it becomes FINISHED or CANCELLED_AND_NOTIFIED.
    virtual void on_completed(class FutureCore& future, bool raised) noexcept = 0;
};

/// The untyped shared state. Holds everything but the value.
class FutureCore : public std::enable_shared_from_this<FutureCore> {
public:
    explicit FutureCore(Instrument instrument) noexcept;
    virtual ~FutureCore();
    FutureCore(const FutureCore&) = delete;
    FutureCore& operator=(const FutureCore&) = delete;

    FutureState state() const noexcept { return m_state.load(std::memory_order_acquire); }
    bool cancel();
    bool set_running_or_notify_cancel();
    void set_exception(std::exception_ptr error);
    void add_done_callback(std::function<void()> callback);

    /// Blocks until done or `deadline`, emitting WaitBegin/WaitEnd of `kind` when it blocks.
    /// Returns whether it blocked.
    bool wait_done(Nanos deadline, WaitKind kind);
    /// exception(timeout): the stored exception, nullptr on success; CancelledError/TimeoutError.
    std::exception_ptr exception_until(Nanos deadline, WaitKind kind = WaitKind::Exception);
    /// result(timeout) without the value: rethrows the stored exception, CancelledError, TimeoutError.
    void check_result_until(Nanos deadline, WaitKind kind = WaitKind::Result);

    std::uint64_t task() const noexcept { return m_task; }
    void set_task(std::uint64_t task) noexcept;
    const Instrument& instrument() const noexcept { return m_instrument; }
    Clock& clock() const noexcept { return *m_instrument.clock; }
    std::string repr() const;

    /// For wait()/as_completed(): returns false (and does not install) if already completed in
    /// their sense (FINISHED or CANCELLED_AND_NOTIFIED).
    bool install_waiter(MultiWaiter& waiter);
    void remove_waiter(MultiWaiter& waiter) noexcept;
    bool completed_for_waiters() const noexcept;
    bool finished_with_exception() const noexcept;

    /// Executor side: run the call and store its outcome (Task overrides it).
    virtual void run_call() {}

protected:
    /// Marks FINISHED under the lock (after the subclass stored the value); throws InvalidStateError.
    void finish(std::unique_lock<std::mutex>& lock, bool raised);
    void throw_if_done_locked(std::unique_lock<std::mutex>& lock) const;
    virtual const char* value_type_name() const noexcept = 0;

    mutable std::mutex m_mutex;

private:
    void run_callbacks(std::vector<std::function<void()>>& callbacks) noexcept;
    void notify_completion_locked();
    std::string repr_locked() const;

    std::atomic<FutureState> m_state{FutureState::Pending};
    std::exception_ptr m_exception;
    WaitPoint m_point;
    int m_blocked = 0;
    std::vector<std::function<void()>> m_callbacks;
    std::vector<MultiWaiter*> m_waiters;
    Instrument m_instrument;
    std::uint64_t m_task = 0;
};

template <class R>
const char* python_type_name() noexcept {
    if constexpr (std::is_void_v<R>) return "NoneType";
    else if constexpr (std::is_same_v<R, bool>) return "bool";
    else if constexpr (std::is_integral_v<R>) return "int";
    else if constexpr (std::is_floating_point_v<R>) return "float";
    else if constexpr (std::is_convertible_v<R, std::string>) return "str";
    else return "object";
}

template <class R>
class ValueCore : public FutureCore {
public:
    using FutureCore::FutureCore;

    template <class... V>
    void set_result(V&&... value) {
        std::unique_lock lock(m_mutex);
        throw_if_done_locked(lock);
        if constexpr (!std::is_void_v<R>) m_value.emplace(std::forward<V>(value)...);
        finish(lock, false);
    }

    /// Only after check_result_until() succeeded: the value is set and never changes again.
    const auto& value() const noexcept {
        if constexpr (std::is_void_v<R>) return m_value;
        else return *m_value;
    }

protected:
    const char* value_type_name() const noexcept override { return python_type_name<R>(); }

private:
    struct Nothing {};
    std::optional<std::conditional_t<std::is_void_v<R>, Nothing, R>> m_value;
};

Instrument standalone_instrument() noexcept;

}  // namespace detail

/// The untyped future handle: state, cancellation, exception and identity; no value.
class AnyFuture {
public:
    AnyFuture() = default;
    explicit AnyFuture(std::shared_ptr<detail::FutureCore> core) noexcept;

    bool valid() const noexcept { return m_core != nullptr; }
    FutureState state() const noexcept { return m_core->state(); }
    bool cancel() const { return m_core->cancel(); }
    bool cancelled() const noexcept;
    bool running() const noexcept { return state() == FutureState::Running; }
    bool done() const noexcept;
    std::exception_ptr exception(Timeout timeout = std::nullopt) const {
        return m_core->exception_until(m_core->clock().deadline_after(timeout));
    }
    /// Executor/test side (Python's "internal" API).
    bool set_running_or_notify_cancel() const { return m_core->set_running_or_notify_cancel(); }
    void set_exception(std::exception_ptr error) const { m_core->set_exception(std::move(error)); }

    std::uint64_t task_id() const noexcept { return m_core->task(); }
    std::string repr() const { return m_core->repr(); }
    const std::shared_ptr<detail::FutureCore>& core() const noexcept { return m_core; }

    friend bool operator==(const AnyFuture& a, const AnyFuture& b) noexcept { return a.m_core == b.m_core; }

protected:
    std::shared_ptr<detail::FutureCore> m_core;
};

template <class R>
class Future : public AnyFuture {
public:
    using value_type = R;

    Future() = default;
    explicit Future(std::shared_ptr<detail::ValueCore<R>> state) noexcept : AnyFuture(std::move(state)) {}

    /// A pending future owned by no executor (Python's `Future()`), on `clock`.
    static Future make_pending(Clock& clock = default_clock(), EventSink* sink = nullptr) {
        detail::Instrument instrument = detail::standalone_instrument();
        instrument.clock = &clock;
        instrument.sink = sink;
        return Future(std::make_shared<detail::ValueCore<R>>(instrument));
    }

    /// Waits up to `timeout`; returns the value, rethrows the call's exception, or throws
    /// CancelledError / TimeoutError.
    R result(Timeout timeout = std::nullopt) const {
        return result_until(m_core->clock().deadline_after(timeout), WaitKind::Result);
    }
    R result_until(Nanos deadline, WaitKind kind) const {
        m_core->check_result_until(deadline, kind);
        if constexpr (!std::is_void_v<R>) return typed().value();
    }

    /// `callback(future)` runs when the future is done, in the thread that completes it, or at once
    /// in this thread if it already is. A callback that throws is logged and the others still run.
    template <class Callback>
    void add_done_callback(Callback callback) const {
        std::weak_ptr<detail::FutureCore> weak = m_core;
        m_core->add_done_callback([weak, callback = std::move(callback)]() mutable {
            if (auto core = weak.lock())
                callback(Future(std::static_pointer_cast<detail::ValueCore<R>>(core)));
        });
    }

    template <class... V>
    void set_result(V&&... value) const {
        typed().set_result(std::forward<V>(value)...);
    }

private:
    detail::ValueCore<R>& typed() const noexcept { return static_cast<detail::ValueCore<R>&>(*m_core); }
};

}  // namespace poolscope
