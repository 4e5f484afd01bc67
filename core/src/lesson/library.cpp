// library.cpp — lesson lookup: environment override, the install prefix of the executable, the source tree.
#include "poolscope/lesson/library.hpp"

#include <algorithm>
#include <cstdlib>
#include <system_error>

#include "poolscope/lesson/lesson.hpp"
#include "poolscope/printable.hpp"

#ifndef POOLSCOPE_SOURCE_LESSONS_DIR
#define POOLSCOPE_SOURCE_LESSONS_DIR ""
#endif

namespace poolscope {

namespace fs = std::filesystem;

namespace {
bool is_dir(const fs::path& path) {
    std::error_code error;
    return fs::is_directory(path, error);
}

std::vector<fs::path> json_files(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code error;
    for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error))
        if (it->path().extension() == ".json") files.push_back(it->path());
    std::sort(files.begin(), files.end());
    return files;
}
}  // namespace

std::vector<fs::path> lesson_directories() {
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("POOLSCOPE_LESSONS_DIR"); env != nullptr && *env != '\0') candidates.emplace_back(env);
    std::error_code error;
    const fs::path exe = fs::read_symlink("/proc/self/exe", error);
    if (!error) candidates.push_back(exe.parent_path().parent_path() / "share" / "poolscope" / "lessons");
    if (*POOLSCOPE_SOURCE_LESSONS_DIR != '\0') candidates.emplace_back(POOLSCOPE_SOURCE_LESSONS_DIR);
    std::vector<fs::path> dirs;
    for (const fs::path& dir : candidates)
        if (is_dir(dir) && std::find(dirs.begin(), dirs.end(), dir) == dirs.end()) dirs.push_back(dir);
    return dirs;
}

std::vector<LessonEntry> builtin_lessons() {
    for (const fs::path& dir : lesson_directories()) {
        const std::vector<fs::path> files = json_files(dir);
        if (files.empty()) continue;
        std::vector<LessonEntry> entries;
        for (const fs::path& file : files) {
            LessonEntry entry{file.stem().string(), "", file};
            try {
                entry.title = load_lesson(file).title;
            } catch (const LessonError& e) {
                entry.title = std::string("(unreadable: ") + e.what() + ")";
            }
            entries.push_back(std::move(entry));
        }
        return entries;
    }
    return {};
}

fs::path resolve_lesson(std::string_view name_or_path) {
    const std::string text(name_or_path);
    if (text.empty()) throw LessonError("no lesson given; expected a lesson name (see `poolscope-cli lessons`) or a .json file");
    const bool looks_like_path = text.find('/') != std::string::npos || fs::path(text).extension() == ".json";
    if (looks_like_path) {
        // Something that exists but is not a file (a directory, a FIFO) is passed on: reading it says what
        // it is, which helps more than "no such file".
        std::error_code error;
        if (!fs::exists(fs::symlink_status(text, error)))
            throw LessonError(printable(text, false) + ": no such lesson file");
        return text;
    }
    const std::vector<fs::path> dirs = lesson_directories();
    for (const fs::path& dir : dirs) {
        const fs::path exact = dir / (text + ".json");
        std::error_code error;
        if (fs::is_regular_file(exact, error)) return exact;
    }
    for (const fs::path& dir : dirs) {
        std::vector<fs::path> matches;
        for (const fs::path& file : json_files(dir))
            if (file.stem().string().rfind(text, 0) == 0) matches.push_back(file);
        if (matches.size() == 1) return matches.front();
        if (matches.size() > 1) {
            std::string names;
            for (const fs::path& m : matches) names += (names.empty() ? "" : ", ") + m.stem().string();
            throw LessonError(printable("lesson name '" + text + "' is ambiguous: it matches " + names, false));
        }
    }
    std::string where;
    for (const fs::path& dir : dirs) where += (where.empty() ? "" : ", ") + dir.string();
    throw LessonError(printable("no lesson named '" + shortened(text, 100) + "' (looked in: " +
                                    (where.empty() ? "no lesson directory found" : where) +
                                    "); run `poolscope-cli lessons` for the list",
                                false));
}

}  // namespace poolscope
