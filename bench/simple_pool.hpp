// simple_pool.hpp — the textbook pool poolscope-bench compares against: one mutex, one condition
// variable, a deque of std::function, and std::packaged_task futures. Every submit notifies and every
// completion pays std::future's wake-up whether or not anyone is waiting, which is the cost poolscope avoids.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace poolscope::bench {

class SimplePool {
public:
    explicit SimplePool(int workers) {
        for (int i = 0; i < workers; ++i) m_threads.emplace_back([this] { work(); });
    }
    ~SimplePool() {
        {
            std::lock_guard guard(m_mutex);
            m_stopping = true;
        }
        m_ready.notify_all();
        for (std::thread& thread : m_threads) thread.join();
    }
    SimplePool(const SimplePool&) = delete;
    SimplePool& operator=(const SimplePool&) = delete;

    template <class F>
    std::future<std::invoke_result_t<F&>> submit(F fn) {
        using R = std::invoke_result_t<F&>;
        auto task = std::make_shared<std::packaged_task<R()>>(std::move(fn));
        std::future<R> future = task->get_future();
        {
            std::lock_guard guard(m_mutex);
            m_queue.emplace_back([task] { (*task)(); });
        }
        m_ready.notify_one();
        return future;
    }

private:
    void work() {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock lock(m_mutex);
                m_ready.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
                if (m_queue.empty()) return;  // stopping and drained
                job = std::move(m_queue.front());
                m_queue.pop_front();
            }
            job();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<std::function<void()>> m_queue;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

}  // namespace poolscope::bench
