// fuzz_bundle.cpp — libFuzzer target: read_bundle_string() on arbitrary bytes; a bundle that reads is
// written again (the writer refuses nothing the reader accepted).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "poolscope/lesson/bundle.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const poolscope::Bundle bundle = poolscope::read_bundle_string(text, "fuzz.poolscope.json");
        (void)poolscope::to_bundle_json(bundle);
    } catch (const poolscope::TraceFormatError&) {
    }
    return 0;
}
