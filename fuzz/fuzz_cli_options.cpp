// fuzz_cli_options.cpp — libFuzzer target: poolscope-cli's parse_command_line() (pure: nothing runs, no
// file is touched). Only UsageError may come out of it.
#include "cli.hpp"
#include "fuzz_options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        (void)poolscope::cli::parse_command_line(fuzz_arguments(data, size));
    } catch (const poolscope::cli::UsageError&) {
    }
    return 0;
}
