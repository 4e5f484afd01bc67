// main.cpp — poolscope-cli's entry point; everything else is in cli.cpp so tests can call it.
// What reaches the terminal is made printable here, once for every command: titles, task names,
// printed lines and messages come from files, and an ESC or OSC sequence in them must not drive the
// terminal (newlines and tabs stay; see poolscope/printable.hpp).
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "poolscope/printable.hpp"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::ostringstream out, err;
    const int code = poolscope::cli::run_cli(args, out, err);
    std::cout << poolscope::printable(out.str()) << std::flush;
    std::cerr << poolscope::printable(err.str()) << std::flush;
    return code;
}
