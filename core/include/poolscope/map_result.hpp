// poolscope/map_result.hpp — what ThreadPoolExecutor::map returns: Python's result iterator.
// Results come back in input order; next() blocks on the oldest call; the timeout counts from the map()
// call; a call's exception (or a timeout) is raised at its position and ends the iteration, cancelling
// every call not yet started (CPython 3.8-3.14). Destroying or close()-ing it after the first next()
// cancels them too; before it, like an unstarted Python generator, it cancels nothing.
#pragma once

#include <deque>
#include <functional>
#include <iterator>
#include <optional>
#include <utility>

#include "poolscope/future.hpp"

namespace poolscope {

namespace detail {
/// The input iterator of a pull-style range (`std::optional<T> next()`), for range-for loops.
template <class Source, class T>
class PullIterator {
public:
    using value_type = T;
    using difference_type = std::ptrdiff_t;

    PullIterator() = default;
    explicit PullIterator(Source* source) : m_source(source) { m_current = m_source->next(); }
    T& operator*() { return *m_current; }
    T* operator->() { return &*m_current; }
    PullIterator& operator++() {
        m_current = m_source->next();
        return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const PullIterator& it, std::default_sentinel_t) { return !it.m_current.has_value(); }

private:
    Source* m_source = nullptr;
    std::optional<T> m_current;
};
}  // namespace detail

template <class R>
class MapResult {
public:
    using value_type = R;
    using iterator = detail::PullIterator<MapResult, R>;
    /// Submits one more call (buffersize mode); empty when the input is exhausted.
    using Refill = std::function<std::optional<Future<R>>()>;

    MapResult(std::deque<Future<R>> futures, Nanos deadline, detail::Instrument instrument, Refill refill = {})
        : m_futures(std::move(futures)), m_deadline(deadline), m_instrument(instrument), m_refill(std::move(refill)) {}
    MapResult(MapResult&& other) noexcept { *this = std::move(other); }
    MapResult& operator=(MapResult&& other) noexcept {
        if (this != &other) {
            close();
            m_futures = std::move(other.m_futures);
            m_deadline = other.m_deadline;
            m_instrument = other.m_instrument;
            m_refill = std::move(other.m_refill);
            m_next_index = other.m_next_index;
            m_finished = other.m_finished;
            m_started = other.m_started;
            other.m_futures.clear();
            other.m_refill = nullptr;
            other.m_finished = true;
        }
        return *this;
    }
    MapResult(const MapResult&) = delete;
    MapResult& operator=(const MapResult&) = delete;
    ~MapResult() { close(); }

    /// Python's next(): the next result in input order, or std::nullopt once exhausted
    /// (StopIteration). Rethrows a call's exception; throws TimeoutError past the deadline.
    std::optional<R> next() {
        if (m_finished || m_futures.empty()) {
            m_finished = true;
            return std::nullopt;
        }
        m_started = true;
        // Everything below is inside CPython's try/finally: a failing refill (input error, submit
        // after shutdown) also ends the iteration and cancels the calls not yet started.
        try {
            if (m_refill) {
                if (auto more = m_refill()) m_futures.push_back(std::move(*more));
                else m_refill = nullptr;
            }
            Future<R> head = std::move(m_futures.front());
            m_futures.pop_front();
            try {
                R value = head.result_until(m_deadline, WaitKind::Map);
                m_instrument.emit(EventKind::MapYielded, head.task_id(), static_cast<std::int64_t>(m_next_index++));
                return value;
            } catch (...) {
                head.cancel();  // CPython's _result_or_cancel (gh-95166)
                throw;
            }
        } catch (...) {
            close();
            throw;
        }
    }

    /// Ends the iteration. Once next() has been called it also cancels every call that has not
    /// started yet; before that it cancels nothing, as closing an unstarted Python generator skips its
    /// `finally` (so `pool.map(fn, items);` still runs every call: test_map_submits_without_iteration).
    void close() noexcept {
        m_finished = true;
        m_refill = nullptr;
        if (!m_started) {
            m_futures.clear();
            return;
        }
        for (auto& future : m_futures) {
            try {
                future.cancel();
            } catch (...) {
                // cancel() only throws from a done-callback, which the future already logged.
            }
        }
        m_futures.clear();
    }

    iterator begin() { return iterator(this); }
    std::default_sentinel_t end() const noexcept { return {}; }

    /// Calls submitted and not yet yielded.
    std::size_t outstanding() const noexcept { return m_futures.size(); }

private:
    std::deque<Future<R>> m_futures;
    Nanos m_deadline = forever;
    detail::Instrument m_instrument;
    Refill m_refill;
    std::size_t m_next_index = 0;
    bool m_finished = false;
    bool m_started = false;
};

}  // namespace poolscope
