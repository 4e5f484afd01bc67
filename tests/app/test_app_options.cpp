// test_app_options.cpp — the app's command line: defaults, values, and errors that name the flag.
#include <doctest/doctest.h>

#include "app_options.hpp"

using poolscope::gui::parse_app_options;

TEST_CASE("AppOptions.Parse.DefaultsOpenLessonOne") {
    const auto r = parse_app_options({});
    CHECK(r.error.empty());
    CHECK(r.options.lesson == "01-map-three-sites");
    CHECK(r.options.frames == 0);
    CHECK_FALSE(r.options.max_workers.has_value());
}

TEST_CASE("AppOptions.Parse.TestFlags") {
    const auto r = parse_app_options({"--lesson", "06", "--frames=12", "--state-dump", "/tmp/x.json", "--screenshot",
                                      "out.png", "--max-workers", "4", "--speed", "0.5", "--size", "800x600",
                                      "--bench-frames", "30"});
    REQUIRE(r.error.empty());
    CHECK(r.options.lesson == "06");
    CHECK(r.options.frames == 12);
    CHECK(r.options.state_dump == "/tmp/x.json");
    CHECK(r.options.screenshot == "out.png");
    CHECK(r.options.max_workers == 4);
    CHECK(r.options.speed == doctest::Approx(0.5));
    CHECK(r.options.width == 800);
    CHECK(r.options.height == 600);
    CHECK(r.options.bench_frames == 30);
}

TEST_CASE("AppOptions.Parse.ErrorsNameTheFlagAndValue") {
    auto r = parse_app_options({"--max-workers", "0"});
    CHECK(r.error.find("--max-workers") != std::string::npos);
    CHECK(r.error.find("'0'") != std::string::npos);
    r = parse_app_options({"--speed", "fast"});
    CHECK(r.error.find("--speed") != std::string::npos);
    r = parse_app_options({"--frames"});
    CHECK(r.error.find("needs a value") != std::string::npos);
    r = parse_app_options({"--size", "800"});
    CHECK(r.error.find("--size") != std::string::npos);
    r = parse_app_options({"--bogus"});
    CHECK(r.error.find("--bogus") != std::string::npos);
}
