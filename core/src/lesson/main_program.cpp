// main_program.cpp — the lesson's main thread: each statement does what its Python line does, emitting a
// ProgramLine event as it reaches a line and an Output event per print. Python semantics at the edges:
// an uncaught exception skips the rest but still leaves the `with` block (waiting for the pool), and its
// traceback line is printed last; a deadlock (virtual clock only) ends the program with a report.
#include <chrono>

#include "poolscope/virtual_clock.hpp"
#include "python_text.hpp"
#include "run_state.hpp"

namespace poolscope::lesson_detail {

namespace {

Timeout timeout_of(const Statement& s) {
    if (!s.timeout_ms) return std::nullopt;
    return std::chrono::nanoseconds(static_cast<std::int64_t>(*s.timeout_ms * 1e6 + 0.5));
}

class MainProgram {
public:
    explicit MainProgram(RunState& state) : s(state), m(state.lesson) {}

    void run() {
        line(s.program.pool_line);
        std::exception_ptr uncaught;
        for (std::size_t i = 0; i < m.main.size(); ++i) {
            try {
                statement(m.main[i], s.program.statements[i], i);
            } catch (const DeadlockError& e) {
                s.note_deadlock(e.what());
                break;
            } catch (...) {
                uncaught = std::current_exception();
                break;
            }
        }
        if (m.with_block) line(s.program.pool_line);  // __exit__: shutdown(wait=True)
        finish_pool();
        if (uncaught) {
            print("Traceback (most recent call last):");
            print(python_error_line(uncaught));
        }
    }

private:
    void line(int number) const {
        if (number > 0) s.emit(EventKind::ProgramLine, 0, number);
    }

    void print(const std::string& text) {
        s.output.push_back(text);
        s.emit(EventKind::Output, 0, static_cast<std::int64_t>(s.output.size() - 1));
    }

    /// Leaves the `with` block, or exits the interpreter, which joins the workers either way. A deadlock
    /// can surface here too (a worker stuck on a future nobody will submit); each report unblocks the
    /// waiters with DeadlockError, so a few retries always get every worker out.
    void finish_pool() {
        for (int attempt = 0; attempt < 16; ++attempt) {
            try {
                s.pool->shutdown(true, false);
                return;
            } catch (const DeadlockError& e) {
                s.note_deadlock(e.what());
            }
        }
    }

    void print_formatted(const std::optional<std::string>& format,
                         const std::vector<std::pair<std::string, std::string>>& values) {
        if (!format) return;
        print(substitute(*format, [&](std::string_view key) -> std::string {
            for (const auto& [k, v] : values)
                if (k == key) return v;
            return "{" + std::string(key) + "}";
        }));
    }

    /// Runs `body`; with `catch`, an exception prints repr(error) on the handler line (Python's
    /// `except Exception as error: print(repr(error))`). Deadlocks are never caught.
    template <class Body>
    void guarded(const Statement& st, const StatementLines& l, Body body) {
        if (!st.catch_errors) {
            body();
            return;
        }
        try {
            body();
        } catch (const DeadlockError&) {
            throw;
        } catch (...) {
            line(l.handler);
            print(python_error_repr(std::current_exception()));
        }
    }

    std::vector<Future<std::string>> futures(const Statement& st) {
        std::vector<Future<std::string>> out;
        for (std::size_t t : st.tasks) out.push_back(s.future_of(t));
        return out;
    }

    void statement(const Statement& st, const StatementLines& l, std::size_t index) {
        switch (st.type) {
            case StatementType::Submit:
                for (std::size_t k = 0; k < st.tasks.size(); ++k) {
                    line(l.per_task[k]);
                    (void)s.submit(st.tasks[k]);
                }
                break;
            case StatementType::Map: map(st, l); break;
            case StatementType::Result:
                guarded(st, l, [&] {
                    for (std::size_t k = 0; k < st.tasks.size(); ++k) {
                        line(l.per_task[k]);
                        const std::string value = s.future_of(st.tasks[k]).result(timeout_of(st));
                        print_formatted(st.print, {{"result", python_str_of_repr(value)}, {"name", m.tasks[st.tasks[k]].name}});
                    }
                });
                break;
            case StatementType::AsCompleted: as_completed_loop(st, l); break;
            case StatementType::Wait: {
                line(l.first);
                const DoneAndNotDoneFutures r = wait(futures(st), timeout_of(st), st.return_when);
                line(l.body);
                print_formatted(st.print, {{"done", std::to_string(r.done.size())}, {"not_done", std::to_string(r.not_done.size())}});
                break;
            }
            case StatementType::Cancel:
                for (std::size_t k = 0; k < st.tasks.size(); ++k) {
                    line(l.per_task[k]);
                    const bool cancelled = s.future_of(st.tasks[k]).cancel();
                    print_formatted(st.print, {{"cancelled", cancelled ? "True" : "False"}, {"name", m.tasks[st.tasks[k]].name}});
                }
                break;
            case StatementType::Shutdown:
                line(l.first);
                s.pool->shutdown(st.shutdown_wait, st.cancel_futures);
                break;
            case StatementType::Io:
            case StatementType::Cpu:
                line(l.first);
                s.step(st.type == StatementType::Io ? StepKind::Io : StepKind::Cpu, s.main_durations[index], 0);
                break;
            case StatementType::Print:
                line(l.first);
                print(*st.print);
                break;
        }
    }

    void map(const Statement& st, const StatementLines& l) {
        line(l.first);
        auto& labels = RunSink::labels();
        const std::vector<std::size_t> items = st.tasks;
        guarded(st, l, [&] {
            labels.assign(items.begin(), items.end());  // map submits them in input order, on this thread
            line(l.loop);
            auto results = s.pool->map([state = &s](std::size_t task) { return state->run_task(task); }, items,
                                       timeout_of(st), st.buffersize);
            for (std::size_t k = 0;; ++k) {
                if (k > 0) line(l.loop);
                std::optional<std::string> value;
                try {
                    value = results.next();
                } catch (...) {
                    labels.clear();
                    throw;
                }
                if (!value) break;
                line(l.body);
                print_formatted(st.print, {{"result", python_str_of_repr(*value)}, {"name", m.tasks[items[k]].name}});
            }
            labels.clear();
        });
        labels.clear();
    }

    void as_completed_loop(const Statement& st, const StatementLines& l) {
        line(l.first);
        const std::vector<Future<std::string>> fs = futures(st);
        guarded(st, l, [&] {
            line(l.loop);
            auto iteration = as_completed(fs, timeout_of(st));
            while (auto future = iteration.next()) {
                line(l.body);
                std::string name;
                for (std::size_t k = 0; k < fs.size(); ++k)
                    if (fs[k] == *future) name = m.tasks[st.tasks[k]].name;
                const std::string value = future->result();
                print_formatted(st.print, {{"result", python_str_of_repr(value)}, {"name", name}});
                line(l.loop);
            }
        });
    }

    RunState& s;
    const Lesson& m;
};

}  // namespace

void run_main_program(RunState& state) { MainProgram(state).run(); }

}  // namespace poolscope::lesson_detail
