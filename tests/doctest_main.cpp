// doctest's main(), compiled once into poolscope_doctest_main and linked by every test suite.
// Keep this file alone: the doctest implementation is the slowest TU in the build.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
