// poolscope/executor.hpp — ThreadPoolExecutor, mirroring CPython 3.14's concurrent.futures.thread:
// no threads at construction, at most one new thread per submit() and none while a worker is idle,
// one FIFO queue, shutdown() that still runs queued work, and the destructor as Python's `with` exit.
//
//     poolscope::ThreadPoolExecutor pool(8);
//     auto future = pool.submit([](int a, int b) { return a * b; }, 6, 7);
//     for (int r : pool.map([](int x) { return x * x; }, std::vector{1, 2, 3})) std::cout << r;
//     std::cout << future.result();       // pool.shutdown(wait=true) when `pool` goes out of scope
//
// Every state change goes to the EventSink given in Options (see poolscope/event.hpp).
#pragma once

#include <cxxabi.h>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <ranges>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "poolscope/clock.hpp"
#include "poolscope/detail/executor_core.hpp"
#include "poolscope/future.hpp"
#include "poolscope/map_result.hpp"

namespace poolscope {

/// min(32, usable CPUs + 4): Python 3.13+'s default, with os.process_cpu_count() (the affinity mask).
int default_max_workers() noexcept;

namespace detail {

/// A submitted call and the future it completes (CPython's _WorkItem plus its Future, in one
/// allocation). The callable and its arguments are dropped once the call has run.
template <class R, class F, class... Args>
class Task final : public ValueCore<R> {
public:
    template <class Fn, class... A>
    Task(Instrument instrument, Fn&& fn, A&&... args)
        : ValueCore<R>(instrument), m_call(std::in_place, std::forward<Fn>(fn), std::forward<A>(args)...) {}

    void run_call() override {
        auto call = std::move(*m_call);
        m_call.reset();
        std::exception_ptr error;
        if constexpr (std::is_void_v<R>) {
            try {
                std::apply(std::move(call.fn), std::move(call.args));
            } catch (abi::__forced_unwind&) {
                throw;
            } catch (...) {
                error = std::current_exception();
            }
            if (error) this->set_exception(error);
            else this->set_result();
        } else {
            std::optional<R> value;
            try {
                value.emplace(std::apply(std::move(call.fn), std::move(call.args)));
            } catch (abi::__forced_unwind&) {
                throw;
            } catch (...) {
                error = std::current_exception();
            }
            if (error) this->set_exception(error);
            else this->set_result(std::move(*value));
        }
    }

private:
    struct Call {
        template <class Fn, class... A>
        explicit Call(Fn&& f, A&&... a) : fn(std::forward<Fn>(f)), args(std::forward<A>(a)...) {}
        F fn;
        std::tuple<Args...> args;
    };
    std::optional<Call> m_call;
};

template <class F, class... Args>
using call_result_t = std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>;

template <class F, class... Args>
Future<call_result_t<F, Args...>> submit_to(ExecutorCore& core, F&& fn, Args&&... args) {
    using R = call_result_t<F, Args...>;
    auto task = std::make_shared<Task<R, std::decay_t<F>, std::decay_t<Args>...>>(
        core.instrument(), std::forward<F>(fn), std::forward<Args>(args)...);
    core.enqueue(task);
    return Future<R>(std::move(task));
}

/// map() calls fn(item), or fn(a, b, ...) when the item is a tuple fn cannot take whole (Python's
/// map(fn, *iterables) over zipped inputs).
template <class F, class T>
decltype(auto) call_with_item(F& fn, T& item) {
    if constexpr (std::is_invocable_v<F&, T&>) return std::invoke(fn, item);
    else return std::apply(fn, item);
}

template <class F, class T>
using item_result_t = decltype(call_with_item(std::declval<F&>(), std::declval<T&>()));

}  // namespace detail

class ThreadPoolExecutor {
public:
    struct Options {
        /// std::nullopt = default_max_workers(); <= 0 throws std::invalid_argument.
        std::optional<int> max_workers;
        /// "" = "ThreadPoolExecutor-N", N from a process-wide counter as in CPython.
        std::string thread_name_prefix;
        /// Runs once in each worker before its first task; if it throws, the pool breaks.
        std::function<void()> initializer;
        /// The clock tasks and timeouts use; must outlive the executor and its futures.
        Clock* clock = nullptr;
        /// Receives every event; must outlive the executor and its futures. Fixed for the lifetime.
        EventSink* sink = nullptr;
        /// N in "ThreadPoolExecutor-N"; -1 takes the next value of the class-wide counter.
        int pool_number = -1;
    };

    explicit ThreadPoolExecutor(std::optional<int> max_workers = std::nullopt, std::string thread_name_prefix = "",
                                std::function<void()> initializer = {});
    explicit ThreadPoolExecutor(Options options);
    ThreadPoolExecutor(ThreadPoolExecutor&&) noexcept = default;
    ThreadPoolExecutor& operator=(ThreadPoolExecutor&&) = delete;
    /// shutdown(wait=true): the end of Python's `with` block.
    ~ThreadPoolExecutor();

    /// Schedules fn(args...) and returns its Future. Throws std::runtime_error("cannot schedule new
    /// futures after shutdown") or BrokenThreadPool.
    template <class F, class... Args>
    [[nodiscard]] Future<detail::call_result_t<F, Args...>> submit(F&& fn, Args&&... args) {
        return detail::submit_to(*m_core, std::forward<F>(fn), std::forward<Args>(args)...);
    }

    /// Python's map(fn, items, timeout=, buffersize=). Without buffersize every call is submitted
    /// before map() returns; with it, only `buffersize`, plus one more per next().
    template <class F, std::ranges::input_range Range>
    auto map(F fn, Range&& items, Timeout timeout = std::nullopt, std::optional<std::size_t> buffersize = std::nullopt) {
        using Item = std::remove_cvref_t<std::ranges::range_reference_t<Range>>;
        using R = std::decay_t<detail::item_result_t<F, Item>>;
        static_assert(!std::is_void_v<R>, "map() needs a callable that returns a value");
        if (buffersize && *buffersize < 1) throw std::invalid_argument("buffersize must be None or > 0");
        const Nanos deadline = m_core->clock().deadline_after(timeout);
        auto submit_item = [fn](detail::ExecutorCore& core, Item item) {
            return detail::submit_to(core, [fn, item = std::move(item)]() mutable -> R {
                return detail::call_with_item(fn, item);
            });
        };
        std::deque<Future<R>> futures;
        if (!buffersize) {
            for (auto&& item : items) futures.push_back(submit_item(*m_core, Item(item)));
            return MapResult<R>(std::move(futures), deadline, m_core->instrument());
        }
        // An lvalue range is referenced (it must outlive the MapResult), an rvalue range is moved in.
        // This is what std::views::all does, spelled out because clang 14 (the fuzz preset's compiler)
        // cannot instantiate libstdc++ 12's view_interface.
        using Held = std::conditional_t<std::is_lvalue_reference_v<Range>, Range, std::remove_cvref_t<Range>>;
        struct Source {
            Held view;
            std::ranges::iterator_t<std::remove_reference_t<Held>> position;
            explicit Source(Range&& r) : view(std::forward<Range>(r)), position(std::ranges::begin(view)) {}
        };
        auto source = std::make_shared<Source>(std::forward<Range>(items));
        std::weak_ptr<detail::ExecutorCore> weak_core = m_core;
        auto pull = [source, weak_core, submit_item]() -> std::optional<Future<R>> {
            auto core = weak_core.lock();
            if (!core || source->position == std::ranges::end(source->view)) return std::nullopt;
            Item item(*source->position);
            ++source->position;
            return submit_item(*core, std::move(item));
        };
        for (std::size_t i = 0; i < *buffersize; ++i) {
            auto future = pull();
            if (!future) break;
            futures.push_back(std::move(*future));
        }
        return MapResult<R>(std::move(futures), deadline, m_core->instrument(), std::move(pull));
    }

    /// Python's shutdown(wait=True, *, cancel_futures=False). Idempotent. Queued work still runs
    /// unless cancel_futures. From a worker of this pool with wait=true it throws
    /// std::runtime_error("cannot join current thread") after starting the shutdown.
    void shutdown(bool wait = true, bool cancel_futures = false);

    int max_workers() const noexcept { return m_core->max_workers(); }
    /// CPython's names of the threads started so far, in start order ("ThreadPoolExecutor-0_0", ...).
    std::vector<std::string> thread_names() const { return m_core->thread_names(); }
    std::size_t thread_count() const { return m_core->thread_count(); }
    std::size_t queue_size() const { return m_core->queue_size(); }
    std::uint32_t id() const noexcept { return m_core->id(); }
    Clock& clock() const noexcept { return m_core->clock(); }

private:
    std::shared_ptr<detail::ExecutorCore> m_core;
};

}  // namespace poolscope
