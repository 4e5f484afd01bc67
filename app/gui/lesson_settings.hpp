// lesson_settings.hpp — what the Controls panel can change about a lesson (max_workers, number of
// tasks, per-task durations, which consuming program, shutdown options, GIL) and how a changed copy of
// the lesson is made from them. The lesson runner itself lives in core (poolscope/lesson/).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "poolscope/lesson/bundle.hpp"
#include "poolscope/lesson/lesson.hpp"

namespace poolscope::gui {

enum class ProgramKind : int { AsWritten, Map, SubmitResult, AsCompleted, Wait };
inline constexpr const char* program_kind_labels[] = {"as written in the lesson", "pool.map(fn, items)",
                                                      "submit() then result()", "submit() + as_completed()",
                                                      "submit() + wait()"};

enum class DurationPreset { AllEqual, Random, OneSlowFirst };

struct LessonSettings {
    int max_workers = 3;
    int task_count = 3;
    std::vector<double> durations_ms;  // [task], the sum of its I/O and CPU steps
    ProgramKind program = ProgramKind::AsWritten;
    bool shutdown_wait = true;
    bool cancel_futures = false;
    bool gil = true;

    bool operator==(const LessonSettings&) const = default;
};

/// The settings a lesson starts with (max_workers: the lesson's, else Python's default here).
LessonSettings settings_from_lesson(const Lesson& lesson);
/// Which program kinds make sense for `lesson` (map needs one function with arguments for every task).
bool program_kind_available(const Lesson& lesson, ProgramKind kind);
/// Task count changes need tasks that do not submit or wait on each other.
bool task_count_adjustable(const Lesson& lesson);
/// A copy of `base` with the settings applied. Extra tasks are clones of the lesson's tasks, renamed.
Lesson lesson_variant(const Lesson& base, const LessonSettings& settings);
/// Resizes durations_ms to task_count, filling new entries from the lesson's tasks cyclically.
void fit_durations(LessonSettings& settings, const Lesson& base);
void apply_duration_preset(LessonSettings& settings, DurationPreset preset, std::uint64_t seed);

/// The bundle's record of these settings (everything explicit, so a reopened bundle needs no defaults).
LessonVariant lesson_variant_of(const LessonSettings& settings);
/// The settings a bundle's variant describes, on top of the lesson's own.
LessonSettings settings_from_variant(const Lesson& lesson, const LessonVariant& variant, std::optional<int> max_workers);

/// A lesson by path, name or unique prefix ("01"), via core's lesson library. Throws LessonError.
Lesson find_and_load_lesson(const std::string& name_or_path);
/// "id: title" of every built-in lesson, sorted by id.
std::vector<std::string> list_lessons();

}  // namespace poolscope::gui
