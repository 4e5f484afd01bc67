// wait.cpp — wait() and as_completed() over a completion listener installed on each future
// (CPython's _Waiter / _create_and_install_waiters).
#include "poolscope/wait.hpp"

#include <algorithm>
#include <deque>
#include <mutex>

namespace poolscope {

namespace {
std::vector<AnyFuture> unique_futures(const std::vector<AnyFuture>& futures) {
    std::vector<AnyFuture> unique;
    for (const AnyFuture& f : futures)
        if (std::find(unique.begin(), unique.end(), f) == unique.end()) unique.push_back(f);
    return unique;
}

/// Records completions in order; lives on the waiting thread's stack or in an AsCompletedCore.
class CompletionListener final : public detail::MultiWaiter {
public:
    explicit CompletionListener(Clock& clock) : m_clock(clock) { point.kind = BlockKind::Futures; }

    void on_completed(detail::FutureCore& future, bool raised) noexcept override {
        std::lock_guard guard(mutex);
        completed.push_back(&future);
        if (raised) ++raised_count;
        m_clock.notify_all(point);
    }

    std::mutex mutex;
    WaitPoint point;
    std::deque<detail::FutureCore*> completed;
    int raised_count = 0;

private:
    Clock& m_clock;
};
}  // namespace

DoneAndNotDoneFutures wait(const std::vector<AnyFuture>& futures, Timeout timeout, ReturnWhen return_when) {
    const std::vector<AnyFuture> fs = unique_futures(futures);
    DoneAndNotDoneFutures result;
    if (fs.empty()) return result;
    auto split = [&](auto is_done) {
        result = {};
        for (const AnyFuture& f : fs) (is_done(f) ? result.done : result.not_done).push_back(f);
    };
    split([](const AnyFuture& f) { return f.core()->completed_for_waiters(); });
    if (return_when == FIRST_COMPLETED && !result.done.empty()) return result;
    if (return_when == FIRST_EXCEPTION &&
        std::any_of(result.done.begin(), result.done.end(),
                    [](const AnyFuture& f) { return f.core()->finished_with_exception(); }))
        return result;
    if (result.not_done.empty()) return result;

    Clock& clock = fs.front().core()->clock();
    const Nanos deadline = clock.deadline_after(timeout);
    CompletionListener listener(clock);
    std::vector<AnyFuture> installed;
    std::size_t pending = 0;
    int already_raised = 0;  // completed with an exception between the split and the install
    for (const AnyFuture& f : result.not_done) {
        if (f.core()->install_waiter(listener)) {
            installed.push_back(f);
            ++pending;
        } else if (f.core()->finished_with_exception()) {
            ++already_raised;
        }
    }
    const std::size_t already = result.not_done.size() - pending;  // completed while installing
    {
        std::unique_lock lock(listener.mutex);
        auto satisfied = [&] {
            const std::size_t completed = listener.completed.size() + already;
            switch (return_when) {
                case ReturnWhen::FirstCompleted: return completed > 0;
                case ReturnWhen::FirstException:
                    return listener.raised_count + already_raised > 0 || completed == result.not_done.size();
                case ReturnWhen::AllCompleted: return completed == result.not_done.size();
            }
            return true;
        };
        if (!satisfied()) {
            const detail::Instrument& instrument = fs.front().core()->instrument();
            instrument.emit(EventKind::WaitBegin, 0, static_cast<std::int64_t>(WaitKind::Wait));
            bool ok = false;
            try {
                ok = clock.wait_until(lock, listener.point, deadline, satisfied);
            } catch (...) {  // DeadlockError under the virtual clock: still close the wait interval
                instrument.emit(EventKind::WaitEnd, 0, static_cast<std::int64_t>(WaitKind::Wait), EventFlags::Raised);
                lock.unlock();
                for (const AnyFuture& f : installed) f.core()->remove_waiter(listener);
                throw;
            }
            instrument.emit(EventKind::WaitEnd, 0, static_cast<std::int64_t>(WaitKind::Wait),
                            ok ? 0 : EventFlags::TimedOut);
        }
    }
    for (const AnyFuture& f : installed) f.core()->remove_waiter(listener);
    std::lock_guard guard(listener.mutex);
    std::vector<AnyFuture> done_now = result.done;
    for (const AnyFuture& f : result.not_done) {
        const bool seen = std::find(listener.completed.begin(), listener.completed.end(), f.core().get()) !=
                          listener.completed.end();
        const bool was_installed = std::find(installed.begin(), installed.end(), f) != installed.end();
        if (seen || !was_installed) done_now.push_back(f);
    }
    split([&](const AnyFuture& f) { return std::find(done_now.begin(), done_now.end(), f) != done_now.end(); });
    return result;
}

namespace detail {

class AsCompletedCore::Listener final : public MultiWaiter {
public:
    explicit Listener(Clock& clock) : listener(clock) {}
    void on_completed(FutureCore& future, bool raised) noexcept override { listener.on_completed(future, raised); }
    CompletionListener listener;
    std::vector<std::size_t> ready;   // indexes to yield first (complete at the first next())
    std::vector<std::size_t> pending; // indexes still waited for
    std::vector<std::size_t> installed;
    Nanos deadline = forever;
    bool started = false;
    bool finished = false;  // raised TimeoutError: a finished generator only says StopIteration
};

AsCompletedCore::AsCompletedCore(std::vector<AnyFuture> futures, Timeout timeout)
    : m_futures(unique_futures(futures)), m_timeout(timeout) {}

AsCompletedCore::~AsCompletedCore() {
    if (m_listener)
        for (std::size_t i : m_listener->installed) m_futures[i].core()->remove_waiter(*m_listener);
}

std::optional<std::size_t> AsCompletedCore::next() {
    if (m_futures.empty()) return std::nullopt;
    if (!m_listener) {
        Clock& clock = m_futures.front().core()->clock();
        m_listener = std::make_unique<Listener>(clock);
        m_listener->deadline = clock.deadline_after(m_timeout);
        for (std::size_t i = 0; i < m_futures.size(); ++i) {
            if (m_futures[i].core()->install_waiter(*m_listener)) {
                m_listener->installed.push_back(i);
                m_listener->pending.push_back(i);
            } else {
                m_listener->ready.push_back(i);
            }
        }
        std::reverse(m_listener->ready.begin(), m_listener->ready.end());
    }
    Listener& state = *m_listener;
    if (state.finished) return std::nullopt;
    if (!state.ready.empty()) {
        const std::size_t index = state.ready.back();
        state.ready.pop_back();
        return index;
    }
    if (state.pending.empty()) return std::nullopt;
    Clock& clock = m_futures.front().core()->clock();
    std::unique_lock lock(state.listener.mutex);
    for (;;) {
        while (!state.listener.completed.empty()) {
            FutureCore* done = state.listener.completed.front();
            state.listener.completed.pop_front();
            auto it = std::find_if(state.pending.begin(), state.pending.end(),
                                   [&](std::size_t i) { return m_futures[i].core().get() == done; });
            if (it == state.pending.end()) continue;
            const std::size_t index = *it;
            state.pending.erase(it);
            return index;
        }
        if (state.pending.empty()) return std::nullopt;
        if (state.deadline != forever && clock.now() > state.deadline) {
            state.finished = true;
            throw TimeoutError(std::to_string(state.pending.size()) + " (of " + std::to_string(m_futures.size()) +
                               ") futures unfinished");
        }
        const Instrument& instrument = m_futures.front().core()->instrument();
        instrument.emit(EventKind::WaitBegin, 0, static_cast<std::int64_t>(WaitKind::AsCompleted));
        bool got = false;
        try {
            got = clock.wait_until(lock, state.listener.point, state.deadline,
                                   [&] { return !state.listener.completed.empty(); });
        } catch (...) {  // DeadlockError: close the wait interval, and the generator is finished
            instrument.emit(EventKind::WaitEnd, 0, static_cast<std::int64_t>(WaitKind::AsCompleted), EventFlags::Raised);
            state.finished = true;
            throw;
        }
        instrument.emit(EventKind::WaitEnd, 0, static_cast<std::int64_t>(WaitKind::AsCompleted),
                        got ? 0 : EventFlags::TimedOut);
        if (!got && state.deadline != forever && clock.now() >= state.deadline && state.listener.completed.empty()) {
            state.finished = true;
            throw TimeoutError(std::to_string(state.pending.size()) + " (of " + std::to_string(m_futures.size()) +
                               ") futures unfinished");
        }
    }
}

}  // namespace detail
}  // namespace poolscope
