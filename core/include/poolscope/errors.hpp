// poolscope/errors.hpp — the exception types of concurrent.futures, with CPython's messages.
// Python's tree: Error(Exception) > CancelledError, InvalidStateError; TimeoutError is the builtin (3.11+);
// BrokenExecutor(RuntimeError) > BrokenThreadPool. Timeout and Cancelled carry empty messages, as in CPython.
#pragma once

#include <exception>
#include <stdexcept>
#include <string>

namespace poolscope {

/// Base of the errors concurrent.futures defines itself (`concurrent.futures._base.Error`).
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message = "") : std::runtime_error(message) {}
};

/// `concurrent.futures.CancelledError`: `result()` or `exception()` on a cancelled future.
class CancelledError : public Error {
public:
    CancelledError() : Error("") {}
};

/// `TimeoutError`: a `result`, `exception`, `map` or `as_completed` deadline passed.
class TimeoutError : public Error {
public:
    explicit TimeoutError(const std::string& message = "") : Error(message) {}
};

/// `concurrent.futures.InvalidStateError`: e.g. `set_result` on a future that is already done.
class InvalidStateError : public Error {
public:
    explicit InvalidStateError(const std::string& message) : Error(message) {}
};

/// `concurrent.futures.BrokenExecutor`: the executor can no longer run work.
class BrokenExecutor : public std::runtime_error {
public:
    explicit BrokenExecutor(const std::string& message) : std::runtime_error(message) {}
};

/// `concurrent.futures.thread.BrokenThreadPool`: a worker's initializer failed.
class BrokenThreadPool : public BrokenExecutor {
public:
    explicit BrokenThreadPool(const std::string& message) : BrokenExecutor(message) {}
};

/// Not in Python (where the program would hang): raised under the virtual clock when every thread of
/// a run is blocked with nothing left to wake it. `what()` says who waits on what.
class DeadlockError : public Error {
public:
    explicit DeadlockError(const std::string& report) : Error(report) {}
};

/// An exception raised by a lesson's task, carrying Python's exception type name ("ValueError").
class PythonError : public std::runtime_error {
public:
    PythonError(std::string type, const std::string& message) : std::runtime_error(message), m_type(std::move(type)) {}
    const std::string& type() const noexcept { return m_type; }

private:
    std::string m_type;
};

/// Python's name for the exception in `error`: "TimeoutError", "CancelledError", a PythonError's type,
/// else the demangled C++ type ("std::runtime_error"). "" for nullptr.
std::string exception_type_name(const std::exception_ptr& error);
/// The message of the exception in `error` (what()), "" when it has none.
std::string exception_message(const std::exception_ptr& error);

inline constexpr const char* broken_thread_pool_message =
    "A thread initializer failed, the thread pool is not usable anymore";

}  // namespace poolscope
