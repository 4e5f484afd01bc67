// main.cpp — poolscope-cli's entry point; everything else is in cli.cpp so tests can call it.
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return poolscope::cli::run_cli(args, std::cout, std::cerr);
}
