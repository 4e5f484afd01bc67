// live_run.cpp — the background run and its per-frame drain into the RunModel.
// The final record's texts (output lines printed during the run) are merged in once the thread is done.
#include "live_run.hpp"

#include <algorithm>
#include <exception>

namespace poolscope::gui {

LiveRun::LiveRun(RunRecord metadata, Job job, Options options)
    : m_metadata(std::move(metadata)), m_recorder(std::size_t{1} << 16), m_paused(options.paused),
      m_speed(options.speed), m_started(std::chrono::steady_clock::now()) {
    m_model.set_metadata(m_metadata);
    m_clock.set_speed(options.speed);
    m_clock.set_paused(options.paused);
    m_clock.set_pacing(options.paced);
    m_thread = std::thread([this, job = std::move(job)]() mutable { thread_main(std::move(job)); });
}

LiveRun::~LiveRun() {
    finish_fast();
    if (m_thread.joinable()) m_thread.join();
}

void LiveRun::thread_main(Job job) {
    RunRecord result;
    std::string error;
    try {
        result = job(m_clock, m_recorder);
    } catch (const std::exception& e) {
        error = e.what();
    } catch (...) {
        error = "unknown error";
    }
    {
        std::lock_guard lock(m_result_mutex);
        m_result = std::move(result);
        m_error_from_thread = std::move(error);
    }
    m_done.store(true, std::memory_order_release);
}

bool LiveRun::pump() {
    if (m_finished) return false;
    // Read m_done before draining: everything emitted before the thread finished is then in this batch.
    const bool done = m_done.load(std::memory_order_acquire);
    m_batch.clear();
    const std::size_t n = m_recorder.drain(m_batch);
    if (n > 0) {
        m_model.apply(std::span<const Event>(m_batch.data(), m_batch.size()));
        m_events.insert(m_events.end(), m_batch.begin(), m_batch.end());
    }
    if (done) {
        if (m_thread.joinable()) m_thread.join();
        std::lock_guard lock(m_result_mutex);
        m_error = m_error_from_thread;
        // The finished record may carry texts that were not known up front (printed output).
        if (!m_result.task_names.empty() || !m_result.output.empty() || !m_result.program.empty() ||
            !m_result.task_results.empty()) {
            RunRecord texts = m_result;
            texts.events.clear();
            if (texts.program.empty()) texts.program = m_metadata.program;
            if (texts.task_names.empty()) texts.task_names = m_metadata.task_names;
            m_metadata = std::move(texts);
            m_model.set_metadata(m_metadata);
        }
        m_metadata.dropped_events = m_recorder.dropped();
        m_finished = true;
        return true;
    }
    return n > 0;
}

std::int64_t LiveRun::now_ns() const {
    if (m_finished) return m_model.end_time_ns();
    return std::max(m_clock.display_now(), m_model.end_time_ns());
}

void LiveRun::set_paused(bool paused) {
    m_paused = paused;
    m_clock.set_paused(paused);
}

void LiveRun::set_speed(double speed) {
    m_speed = speed;
    m_clock.set_speed(speed);
}

void LiveRun::step() { m_clock.step(); }

void LiveRun::finish_fast() {
    if (m_done.load(std::memory_order_acquire)) return;
    m_clock.set_paused(false);
    m_clock.set_pacing(false);
}

RunRecord LiveRun::record() const {
    if (m_finished && !m_result.events.empty()) return m_result;
    RunRecord rec = m_metadata;
    rec.events = m_events;
    std::vector<std::int32_t> others;  // live thread ids of non-workers, in order of appearance
    for (Event& e : rec.events) {  // sequences are already 1..N: the Recorder numbers what it delivers
        e.executor = 1;
        if (e.thread < 0) {
            auto it = std::find(others.begin(), others.end(), e.thread);
            if (it == others.end()) it = others.insert(others.end(), e.thread);
            e.thread = -1 - static_cast<std::int32_t>(it - others.begin());
        }
    }
    rec.dropped_events = m_recorder.dropped();
    return rec;
}

double LiveRun::age_s() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
}

}  // namespace poolscope::gui
