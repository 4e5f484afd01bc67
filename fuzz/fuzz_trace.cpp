// fuzz_trace.cpp — libFuzzer target: read_chrome_trace_string() on arbitrary bytes; a trace that reads
// is then reduced by RunModel and written back (what replay and the app do with it).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "poolscope/trace/chrome_trace.hpp"
#include "poolscope/trace/run_model.hpp"
#include "poolscope/trace/text_report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const poolscope::RunRecord record = poolscope::read_chrome_trace_string(text, "fuzz.json");
        const poolscope::RunModel model(record);
        (void)poolscope::render_timeline(model, 80);
        (void)poolscope::render_summary(model, std::nullopt);
        (void)poolscope::to_chrome_trace(record);
    } catch (const poolscope::TraceFormatError&) {
    }
    return 0;
}
