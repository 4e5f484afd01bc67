// bundle_detail.hpp — private to bundle.cpp and bundle_read.cpp: the key the bundle object lives under
// and the limits both the writer and the reader enforce (so save never writes what load rejects).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace poolscope::bundle_detail {

inline constexpr std::string_view root_key = "poolscope_bundle";
inline constexpr int max_workers_limit = 1024; // as the lesson format's max_workers
inline constexpr int task_count_limit = 4096;
inline constexpr double speed_limit = 1000.0;            // as poolscope-cli --speed
inline constexpr double duration_limit_ms = 3'600'000.0; // as lesson durations: one hour
inline constexpr std::int64_t duration_limit_ns = 3'600'000'000'000;
inline constexpr std::int64_t time_limit_ns = std::int64_t{1} << 61; // as trace event times

/// "\"as_written\", \"map\", ..." for messages.
std::string program_list();

} // namespace poolscope::bundle_detail
