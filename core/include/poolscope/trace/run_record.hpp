// poolscope/trace/run_record.hpp — everything poolscope keeps about one run: the recorded events plus
// the names and texts events refer to by number. A trace file holds exactly this (lossless round trip);
// the lesson runner produces it; RunModel (run_model.hpp) turns it into what the GUI and CLI show.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "poolscope/event.hpp"

namespace poolscope {

struct RunRecord {
    std::string lesson;              // lesson id, e.g. "01-map-three-sites"; "" for ad-hoc runs
    std::string title;               // human title of the lesson
    std::string clock = "virtual";   // "virtual", "controllable" or "steady"
    int max_workers = 0;
    std::string thread_name_prefix;  // resolved, e.g. "ThreadPoolExecutor-0"; worker k is "<prefix>_<k>"
    std::vector<std::string> task_names;    // [task id - 1], e.g. "scrape_site('twitter.com')"
    std::vector<std::string> task_results;  // [task id - 1]: repr of the value, "ValueError: boom", or ""
    std::vector<std::string> output;        // printed lines; an Output event's value indexes this
    std::vector<std::string> program;       // the equivalent Python program; ProgramLine's value is a 1-based line
    std::vector<Event> events;              // in sequence order
    std::uint64_t dropped_events = 0;
    std::string deadlock_report;            // "" unless the run deadlocked
};

}  // namespace poolscope
