// lesson_run.cpp — calls poolscope::run_lesson with the GUI's clock and sink.
#include "lesson_run.hpp"

#include "poolscope/lesson/runner.hpp"

namespace poolscope::gui {

RunRecord run_lesson_instantly(const Lesson& lesson) {
    RunOptions options;
    options.clock = LessonClock::Virtual;
    options.pace = false;
    return run_lesson(lesson, options);
}

RunRecord metadata_of(const RunRecord& instant) {
    RunRecord meta = instant;
    meta.events.clear();
    return meta;
}

std::unique_ptr<LiveRun> start_live_lesson(const Lesson& lesson, RunRecord metadata, LiveRun::Options options) {
    auto job = [lesson](VirtualClock& clock, EventSink& sink) {
        RunOptions o;
        o.clock = LessonClock::Virtual;
        o.external_clock = &clock;
        o.sink = &sink;
        return run_lesson(lesson, o);
    };
    return std::make_unique<LiveRun>(std::move(metadata), std::move(job), options);
}

}  // namespace poolscope::gui
