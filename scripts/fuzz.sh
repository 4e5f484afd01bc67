#!/usr/bin/env bash
# Fuzz every parser for longer than CI does: scripts/fuzz.sh [SECONDS per target, default 600].
# Builds the `fuzz` preset (clang-14, libFuzzer, ASan + UBSan). A crash leaves its input in
# build/fuzz/fuzz/<target>-crash-*: copy it into fuzz/regressions/<target>/ with the fix, so every
# later run (and CI) replays it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
cmake --preset fuzz -DPOOLSCOPE_FUZZ_SECONDS="${1:-600}"
cmake --build --preset fuzz -j2
ctest --preset fuzz --output-on-failure
