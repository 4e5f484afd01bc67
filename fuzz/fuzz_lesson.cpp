// fuzz_lesson.cpp — libFuzzer target: parse_lesson() on arbitrary bytes, then, for a lesson that parses,
// the Python program generated from it. Any crash, hang, sanitizer report or exception other than
// LessonError is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "poolscope/lesson/lesson.hpp"
#include "poolscope/lesson/program.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const poolscope::Lesson lesson = poolscope::parse_lesson(text, "fuzz.json", "fuzz");
        (void)poolscope::generate_program(lesson);
    } catch (const poolscope::LessonError&) {
    }
    return 0;
}
