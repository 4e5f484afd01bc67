// poolscope/log.hpp — the "concurrent.futures" logger: CPython logs a failing initializer (CRITICAL)
// and a failing done-callback (ERROR) instead of raising. Tests and the app install a handler.
#pragma once

#include <functional>
#include <string_view>

namespace poolscope {

enum class LogLevel { Debug, Info, Warning, Error, Critical };

/// Receives (level, logger name, message). The default prints "LEVEL:concurrent.futures:message" to stderr.
using LogHandler = std::function<void(LogLevel, std::string_view, std::string_view)>;

/// Installs `handler` (an empty one restores the default) and returns the previous handler.
LogHandler set_log_handler(LogHandler handler);
void log(LogLevel level, std::string_view message) noexcept;
const char* log_level_name(LogLevel level) noexcept;

}  // namespace poolscope
