// chrome_trace_write.cpp — RunRecord -> Chrome Trace Event JSON. Written by hand, not through a JSON
// library, so key order and number format are fixed (same record -> same bytes) and times stay exact:
// "ts" is microseconds printed from integer nanoseconds as "<us>.<3 digits>". One event per line.
#include <algorithm>
#include <fstream>
#include <limits>
#include <ostream>

#include "chrome_trace_detail.hpp"
#include "poolscope/trace/chrome_trace.hpp"
#include "poolscope/trace/run_model.hpp"

namespace poolscope {

namespace {

using trace_detail::JsonOut;

constexpr int pid = 1;
constexpr int main_tid = 1;
// GIL intervals may cross step boundaries, so they get their own track per lane to keep nesting valid.
constexpr int gil_tid_offset = 1000;

int tid_of_lane(std::size_t lane) { return lane == 0 ? main_tid : static_cast<int>(lane) + 1; }
int tid_of_thread(std::int32_t thread) { return is_worker_thread(thread) ? thread + 2 : main_tid; }

void put_us(JsonOut& out, std::int64_t ns) {
    if (ns < 0) out << '-';
    const std::uint64_t magnitude = ns < 0 ? 0 - static_cast<std::uint64_t>(ns) : static_cast<std::uint64_t>(ns);
    const std::uint64_t frac = magnitude % 1000;
    out << magnitude / 1000 << '.' << static_cast<char>('0' + frac / 100) << static_cast<char>('0' + frac / 10 % 10)
        << static_cast<char>('0' + frac % 10);
}

// Trace events are written in groups (slices, queue, marks, counters) into one buffer, then emitted
// sorted by ts (stable: at equal ts a task slice stays before the steps nested in it), because some
// viewers nest same-thread slices by file order. Metadata sorts first.
class EventBuffer {
public:
    JsonOut& begin(std::int64_t ts_ns) {
        m_starts.push_back({ts_ns, m_out.size()});
        return m_out;
    }
    void write_sorted(JsonOut& out) const {
        const std::string& text = m_out.text();
        std::vector<std::size_t> order(m_starts.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return m_starts[a].ts_ns < m_starts[b].ts_ns; });
        for (std::size_t i = 0; i < order.size(); ++i) {
            const std::size_t k = order[i];
            const std::size_t end = k + 1 < m_starts.size() ? m_starts[k + 1].offset : text.size();
            out << (i == 0 ? "\n" : ",\n");
            out << std::string_view(text).substr(m_starts[k].offset, end - m_starts[k].offset);
        }
    }
    JsonOut& stream() { return m_out; }

private:
    struct Start {
        std::int64_t ts_ns;
        std::size_t offset;
    };
    JsonOut m_out;
    std::vector<Start> m_starts;
};

// The head every trace event shares; the caller appends its own fields and the closing brace.
void head(EventBuffer& buf, std::string_view name, std::string_view cat, char ph, int tid, std::int64_t ts_ns) {
    JsonOut& out = buf.begin(ts_ns);
    out << "{\"name\":";
    trace_detail::put_string(out, name);
    if (!cat.empty()) {
        out << ",\"cat\":";
        trace_detail::put_string(out, cat);
    }
    out << ",\"ph\":\"" << ph << "\",\"pid\":" << pid << ",\"tid\":" << tid << ",\"ts\":";
    put_us(out, ts_ns);
}

void metadata(EventBuffer& buf, std::string_view what, int tid, std::string_view key, const std::string& value_json) {
    buf.begin(std::numeric_limits<std::int64_t>::min()) << "{\"name\":\"" << what << "\",\"ph\":\"M\",\"pid\":" << pid << ",\"tid\":" << tid
        << ",\"args\":{\"" << key << "\":" << value_json << "}}";
}

std::string json_string(std::string_view text) {
    JsonOut s;
    trace_detail::put_string(s, text);
    return s.take();
}

std::string_view wait_name(std::int64_t kind) {
    switch (static_cast<WaitKind>(kind)) {
    case WaitKind::Result: return "wait result()";
    case WaitKind::Exception: return "wait exception()";
    case WaitKind::Map: return "wait map";
    case WaitKind::AsCompleted: return "wait as_completed";
    case WaitKind::Wait: return "wait wait()";
    case WaitKind::Join: return "wait join";
    case WaitKind::Gil: return "wait GIL";
    }
    return "wait";
}

void slices(EventBuffer& buf, const std::vector<LaneInterval>& intervals, int tid, std::int64_t end_ns,
            auto name_of, std::string_view cat) {
    for (const LaneInterval& i : intervals) {
        head(buf, name_of(i), cat, 'X', tid, i.begin_ns);
        JsonOut& out = buf.stream();
        out << ",\"dur\":";
        put_us(out, (i.end_ns == no_time ? end_ns : i.end_ns) - i.begin_ns);
        out << ",\"args\":{\"task_id\":" << i.task << ",\"kind\":" << i.kind << ",\"flags\":" << int{i.flags} << "}}";
    }
}

void trace_events(const RunRecord& record, const RunModel& model, EventBuffer& buf) {
    JsonOut& out = buf.stream();
    const std::int64_t end_ns = model.end_time_ns();
    const std::string process = !record.title.empty() ? record.title : !record.lesson.empty() ? record.lesson : "poolscope run";
    metadata(buf, "process_name", main_tid, "name", json_string(process));
    const auto& lanes = model.lanes();
    for (std::size_t l = 0; l < lanes.size(); ++l) {
        metadata(buf, "thread_name", tid_of_lane(l), "name", json_string(lanes[l].name));
        metadata(buf, "thread_sort_index", tid_of_lane(l), "sort_index", std::to_string(l));
        const bool has_gil = !lanes[l].gil_waits.empty() || !lanes[l].gil_holds.empty();
        if (has_gil) {
            metadata(buf, "thread_name", gil_tid_offset + tid_of_lane(l), "name", json_string(lanes[l].name + " GIL"));
            metadata(buf, "thread_sort_index", gil_tid_offset + tid_of_lane(l), "sort_index",
                     std::to_string(l * 2 + 1 + lanes.size()));
        }
    }

    // Task runs on their worker lanes, with the flow arrow from the submit landing on them.
    for (std::size_t l = 1; l < lanes.size(); ++l) {
        for (const TaskRun& run : lanes[l].runs) {
            const TaskView& task = model.tasks()[run.task - 1];
            head(buf, task.name, "task", 'X', tid_of_lane(l), run.start_ns);
            out << ",\"dur\":";
            put_us(out, (run.end_ns == no_time ? end_ns : run.end_ns) - run.start_ns);
            out << ",\"args\":{\"task_id\":" << task.id << ",\"submit_us\":";
            put_us(out, task.submit_ns);
            out << ",\"queue_wait_us\":";
            put_us(out, task.queue_wait_ns());
            out << ",\"result\":";
            trace_detail::put_string(out, task.result);
            out << ",\"outcome\":\"" << task_state_name(task.outcome) << "\"}}";
        }
        slices(buf, lanes[l].steps, tid_of_lane(l), end_ns,
               [](const LaneInterval& i) { return i.kind == static_cast<std::int64_t>(StepKind::Io) ? "io" : "cpu"; },
               "step");
    }
    // Queue time as async slices; submit instants (+ a zero-length slice the flow start can bind to).
    for (const TaskView& task : model.tasks()) {
        if (task.submit_ns == no_time) continue;
        const std::int64_t leave = task.dequeue_ns != no_time ? task.dequeue_ns : end_ns;
        // One name for all, so Perfetto stacks the queue waits in one group of async tracks.
        head(buf, "queued", "queue", 'b', main_tid, task.submit_ns);
        out << ",\"id\":" << task.id << ",\"args\":{\"task_id\":" << task.id << ",\"task\":";
        trace_detail::put_string(out, task.name);
        out << "}}";
        head(buf, "queued", "queue", 'e', main_tid, std::max(leave, task.submit_ns));
        out << ",\"id\":" << task.id << "}";
    }
    for (const Mark& mark : model.marks()) {
        const int tid = tid_of_thread(mark.thread);
        const TaskView* task = model.task(mark.task);
        if (mark.kind == MarkKind::Submit && task != nullptr) {
            head(buf, "submit " + task->name, "submit", 'X', tid, mark.time_ns);
            out << ",\"dur\":0.000,\"args\":{\"task_id\":" << task->id << "}}";
            if (task->start_ns != no_time && task->worker >= 0) {
                head(buf, "submit", "flow", 's', tid, mark.time_ns);
                out << ",\"id\":" << task->id << "}";
                head(buf, "submit", "flow", 'f', tid_of_thread(task->worker), task->start_ns);
                out << ",\"id\":" << task->id << ",\"bp\":\"e\"}";
            }
        }
        head(buf, mark_kind_name(mark.kind), "mark", 'i', tid, mark.time_ns);
        out << ",\"s\":\"t\",\"args\":{\"task_id\":" << mark.task;
        if (task != nullptr) {
            out << ",\"task\":";
            trace_detail::put_string(out, task->name);
        }
        switch (mark.kind) {
        case MarkKind::MapYield: out << ",\"index\":" << mark.value; break;
        case MarkKind::Submit: out << ",\"queue_length\":" << mark.value; break;
        case MarkKind::ShutdownBegin:
            out << ",\"wait\":" << ((mark.flags & EventFlags::ShutdownWait) != 0 ? "true" : "false")
                << ",\"cancel_futures\":" << ((mark.flags & EventFlags::ShutdownCancelFutures) != 0 ? "true" : "false");
            break;
        case MarkKind::Output: {
            const auto i = static_cast<std::size_t>(mark.value);
            out << ",\"index\":" << mark.value << ",\"text\":";
            trace_detail::put_string(out, mark.value >= 0 && i < record.output.size() ? record.output[i] : "");
            break;
        }
        case MarkKind::ProgramLine: {
            const auto i = static_cast<std::size_t>(mark.value - 1);
            out << ",\"line\":" << mark.value << ",\"code\":";
            trace_detail::put_string(out, mark.value >= 1 && i < record.program.size() ? record.program[i] : "");
            break;
        }
        case MarkKind::Deadlock:
            out << ",\"report\":";
            trace_detail::put_string(out, record.deadlock_report);
            break;
        default: break;
        }
        out << "}}";
    }

    // Waits after the marks: at equal ts the zero-length submit slice then precedes the wait that follows it.
    for (std::size_t l = 0; l < lanes.size(); ++l) {
        slices(buf, lanes[l].waits, tid_of_lane(l), end_ns, [](const LaneInterval& i) { return wait_name(i.kind); },
               "wait");
        const int gil_tid = gil_tid_offset + tid_of_lane(l);
        slices(buf, lanes[l].gil_waits, gil_tid, end_ns, [](const LaneInterval&) { return "wants GIL"; }, "gil");
        slices(buf, lanes[l].gil_holds, gil_tid, end_ns, [](const LaneInterval&) { return "holds GIL"; }, "gil");
    }

    for (const CounterSample& s : model.queue_length_samples()) {
        head(buf, "queue length", "", 'C', main_tid, s.time_ns);
        out << ",\"args\":{\"queued\":" << s.value << "}}";
    }
    for (const CounterSample& s : model.busy_worker_samples()) {
        head(buf, "busy workers", "", 'C', main_tid, s.time_ns);
        out << ",\"args\":{\"busy\":" << s.value << "}}";
    }
}

void string_array(JsonOut& out, std::string_view key, const std::vector<std::string>& items) {
    out << ",\n\"" << key << "\":[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        out << (i == 0 ? "\n" : ",\n");
        trace_detail::put_string(out, items[i]);
    }
    out << "]";
}

void poolscope_object(const RunRecord& r, JsonOut& out) {
    out << "{\"version\":" << chrome_trace_format_version << ",\"lesson\":";
    trace_detail::put_string(out, r.lesson);
    out << ",\"title\":";
    trace_detail::put_string(out, r.title);
    out << ",\"clock\":";
    trace_detail::put_string(out, r.clock);
    out << ",\"max_workers\":" << r.max_workers << ",\"thread_name_prefix\":";
    trace_detail::put_string(out, r.thread_name_prefix);
    out << ",\"dropped_events\":" << r.dropped_events << ",\"deadlock_report\":";
    trace_detail::put_string(out, r.deadlock_report);
    string_array(out, "task_names", r.task_names);
    string_array(out, "task_results", r.task_results);
    string_array(out, "output", r.output);
    string_array(out, "program", r.program);
    out << ",\n\"events\":[";
    for (std::size_t i = 0; i < r.events.size(); ++i) {
        const Event& e = r.events[i];
        out << (i == 0 ? "\n" : ",\n") << "{\"time_ns\":" << e.time_ns << ",\"sequence\":" << e.sequence
            << ",\"kind\":\"" << event_kind_name(e.kind) << "\",\"executor\":" << e.executor << ",\"thread\":" << e.thread
            << ",\"task\":" << e.task << ",\"value\":" << e.value << ",\"flags\":" << int{e.flags}
            << ",\"reserved\":" << e.reserved << "}";
    }
    out << "]}";
}

}  // namespace

std::string to_chrome_trace(const RunRecord& record) {
    const RunModel model(record);
    JsonOut out;
    out << "{\"traceEvents\":[";
    EventBuffer events;
    trace_events(record, model, events);
    events.write_sorted(out);
    out << "],\n\"displayTimeUnit\":\"ms\",\n\"poolscope\":";
    poolscope_object(record, out);
    out << "}\n";
    return out.take();
}

void write_chrome_trace(const RunRecord& record, std::ostream& out) { out << to_chrome_trace(record); }

void write_chrome_trace_file(const RunRecord& record, const std::string& path) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file) throw std::runtime_error(path + ": cannot open for writing");
    write_chrome_trace(record, file);
    file.flush();
    if (!file) throw std::runtime_error(path + ": write failed");
}

}  // namespace poolscope
