// log.cpp — the pluggable "concurrent.futures" logger.
#include "poolscope/log.hpp"

#include <cstdio>
#include <mutex>
#include <string>

namespace poolscope {

namespace {
std::mutex handler_mutex;
LogHandler& handler_slot() {
    static LogHandler handler;
    return handler;
}
}  // namespace

const char* log_level_name(LogLevel level) noexcept {
    switch (level) {
        case LogLevel::Debug: return "DEBUG";
        case LogLevel::Info: return "INFO";
        case LogLevel::Warning: return "WARNING";
        case LogLevel::Error: return "ERROR";
        case LogLevel::Critical: return "CRITICAL";
    }
    return "LOG";
}

LogHandler set_log_handler(LogHandler handler) {
    std::lock_guard guard(handler_mutex);
    LogHandler previous = std::move(handler_slot());
    handler_slot() = std::move(handler);
    return previous;
}

void log(LogLevel level, std::string_view message) noexcept {
    try {
        LogHandler handler;
        {
            std::lock_guard guard(handler_mutex);
            handler = handler_slot();
        }
        if (handler) {
            handler(level, "concurrent.futures", message);
            return;
        }
        const std::string line = std::string(log_level_name(level)) + ":concurrent.futures:" + std::string(message) + "\n";
        std::fputs(line.c_str(), stderr);
    } catch (...) {
        // Logging must never take a worker down.
    }
}

}  // namespace poolscope
