// poolscope/lesson/library.hpp — where lessons live: finds built-in lessons at runtime and resolves the
// names users type ("01-map-three-sites", "01", a path) to files. Used by poolscope-cli and the app.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace poolscope {

/// The lesson directories that exist, in search order: $POOLSCOPE_LESSONS_DIR, share/poolscope/lessons
/// next to the running executable's install prefix (<exe dir>/../share/poolscope/lessons), then the
/// source tree's assets/lessons.
std::vector<std::filesystem::path> lesson_directories();

struct LessonEntry {
    std::string id;     // file stem, "01-map-three-sites"
    std::string title;  // the lesson's title, or "(unreadable: ...)" for a broken file
    std::filesystem::path path;
};

/// Built-in lessons: the *.json files of the first lesson directory that has any, sorted by id.
std::vector<LessonEntry> builtin_lessons();

/// A path (anything with a '/' or ending in ".json") must exist; a name is looked up in
/// lesson_directories() as "<name>.json", then as a unique prefix ("01" -> "01-map-three-sites.json").
/// Throws LessonError saying where it looked, or which lessons an ambiguous prefix matches.
std::filesystem::path resolve_lesson(std::string_view name_or_path);

}  // namespace poolscope
