// poolscope/wait.hpp — concurrent.futures.wait() and as_completed().
// Both de-duplicate their input by identity. Their notion of "done" is FINISHED or
// CANCELLED_AND_NOTIFIED: a future cancelled while queued counts only once a worker (or shutdown) has
// dropped it, as in CPython (contract item 37).
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "poolscope/future.hpp"
#include "poolscope/map_result.hpp"

namespace poolscope {

enum class ReturnWhen { FirstCompleted, FirstException, AllCompleted };
inline constexpr ReturnWhen FIRST_COMPLETED = ReturnWhen::FirstCompleted;
inline constexpr ReturnWhen FIRST_EXCEPTION = ReturnWhen::FirstException;
inline constexpr ReturnWhen ALL_COMPLETED = ReturnWhen::AllCompleted;

/// Python's DoneAndNotDoneFutures; each list keeps the order of first appearance in the input.
struct DoneAndNotDoneFutures {
    std::vector<AnyFuture> done;
    std::vector<AnyFuture> not_done;
};

/// Blocks until `return_when` holds or `timeout` passes; never throws on timeout.
DoneAndNotDoneFutures wait(const std::vector<AnyFuture>& futures, Timeout timeout = std::nullopt,
                           ReturnWhen return_when = ALL_COMPLETED);

template <class R>
DoneAndNotDoneFutures wait(const std::vector<Future<R>>& futures, Timeout timeout = std::nullopt,
                           ReturnWhen return_when = ALL_COMPLETED) {
    return wait(std::vector<AnyFuture>(futures.begin(), futures.end()), timeout, return_when);
}

namespace detail {
/// The untyped state of one as_completed() iteration; next() returns an index into the de-duplicated input.
class AsCompletedCore {
public:
    AsCompletedCore(std::vector<AnyFuture> futures, Timeout timeout);
    ~AsCompletedCore();
    AsCompletedCore(const AsCompletedCore&) = delete;
    AsCompletedCore& operator=(const AsCompletedCore&) = delete;
    std::optional<std::size_t> next();
    const std::vector<AnyFuture>& futures() const noexcept { return m_futures; }

private:
    class Listener;
    std::vector<AnyFuture> m_futures;
    Timeout m_timeout;
    std::unique_ptr<Listener> m_listener;
};
}  // namespace detail

/// Python's as_completed(fs, timeout): yields futures as they complete, those already complete
/// first. As in CPython the timeout starts at the first next() (begin()), and on expiry it throws
/// TimeoutError("N (of M) futures unfinished"). Destroying it cancels nothing.
template <class F>
class AsCompleted {
public:
    using iterator = detail::PullIterator<AsCompleted, F>;

    AsCompleted(const std::vector<F>& futures, Timeout timeout)
        : m_core(std::make_unique<detail::AsCompletedCore>(std::vector<AnyFuture>(futures.begin(), futures.end()),
                                                           timeout)) {}

    std::optional<F> next() {
        const auto index = m_core->next();
        if (!index) return std::nullopt;
        const AnyFuture& any = m_core->futures()[*index];
        if constexpr (std::is_same_v<F, AnyFuture>) return any;
        else return F(std::static_pointer_cast<detail::ValueCore<typename F::value_type>>(any.core()));
    }
    iterator begin() { return iterator(this); }
    std::default_sentinel_t end() const noexcept { return {}; }

private:
    std::unique_ptr<detail::AsCompletedCore> m_core;
};

template <class F>
AsCompleted<F> as_completed(const std::vector<F>& futures, Timeout timeout = std::nullopt) {
    return AsCompleted<F>(futures, timeout);
}

}  // namespace poolscope
