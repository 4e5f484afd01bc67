#!/bin/sh
# run_fuzz_target.sh TARGET REGRESSIONS_DIR CORPUS_DIR SECONDS — one fuzz target as a test: every file of
# REGRESSIONS_DIR (crashes found before) must run clean, then the target fuzzes for SECONDS from a corpus
# seeded with the built-in lessons and a trace and a bundle recorded by $CLI. Exit 0 when nothing crashed.
set -eu
TARGET=$1
REGRESSIONS=$2
CORPUS=$3
SECONDS_TO_RUN=$4
name=$(basename "$TARGET")
mkdir -p "$CORPUS"
# Regression files are every non-hidden file (the .gitkeep that keeps an empty directory is skipped).
regressions=$(find "$REGRESSIONS" -maxdepth 1 -type f ! -name '.*' 2>/dev/null | sort)
if [ -n "$regressions" ]; then
    # shellcheck disable=SC2086 # file names are ours: no spaces
    "$TARGET" -runs=1 $regressions
fi
case "$name" in
    fuzz_lesson) cp "$LESSONS"/*.json "$CORPUS"/ ;;
    fuzz_trace) "$CLI" run 09-exception-in-result --virtual-time --max-workers 2 --trace "$CORPUS/seed-09.json" >/dev/null
                "$CLI" run 15-wait-first-completed --virtual-time --trace "$CORPUS/seed-15.json" >/dev/null ;;
    fuzz_bundle) "$CLI" run 01 --virtual-time --bundle "$CORPUS/seed-01.poolscope.json" >/dev/null ;;
    fuzz_cli_options) printf 'run\0000001\000--virtual-time\000--max-workers\0003' > "$CORPUS/seed-run"
                      printf 'sweep\00014\000--workers\0001..8' > "$CORPUS/seed-sweep" ;;
    fuzz_app_options) printf -- '--lesson\00006\000--at\000250ms\000--size\0001280x720' > "$CORPUS/seed-app" ;;
esac
# -rss_limit_mb: a file that makes the parsers allocate without bound is a finding too.
exec "$TARGET" -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="$CORPUS/../$name-" "$CORPUS"
