// fuzz_app_options.cpp — libFuzzer target: the desktop app's parse_app_options() and parse_duration_ns(),
// reached without a window (app_options.cpp is its own library). Errors come back as text, never thrown.
#include "app_options.hpp"
#include "fuzz_options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::string> args = fuzz_arguments(data, size);
    (void)poolscope::gui::parse_app_options(args);
    std::int64_t ns = 0;
    (void)poolscope::gui::parse_duration_ns(args.front(), ns);
    return 0;
}
