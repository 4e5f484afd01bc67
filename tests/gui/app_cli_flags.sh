#!/bin/sh
# app_cli_flags.sh APP VERSION OUTDIR — the desktop app's command line without a window: --version prints
# the project version, --help lists the record-and-share flags, and --replay with a bad or missing file
# prints the reader's message on stderr and exits 2 before any window opens (so no X server is needed).
set -u
APP=$1
VERSION=$2
OUT=$3
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$OUT"
V=$(env -u DISPLAY "$APP" --version) || fail "--version exited with $?"
[ "$V" = "poolscope $VERSION" ] || fail "--version printed '$V', expected 'poolscope $VERSION'"
env -u DISPLAY "$APP" --help > "$OUT/help.txt" || fail "--help exited with $?"
for flag in --replay --screenshot --at --virtual-time --size --slide --version; do
    grep -q -- "$flag" "$OUT/help.txt" || fail "--help does not mention $flag"
done
printf '{"traceEvents": [' > "$OUT/truncated.json"
printf '{"title": "a lesson"}' > "$OUT/lesson.json"
printf '{"poolscope_bundle": {"version": 99}}' > "$OUT/bad.poolscope.json"
for bad in truncated.json lesson.json bad.poolscope.json missing.json; do
    env -u DISPLAY "$APP" --replay "$OUT/$bad" > "$OUT/stdout.txt" 2> "$OUT/stderr.txt"
    rc=$?
    [ $rc -eq 2 ] || fail "--replay $bad exited with $rc, expected 2"
    grep -q "$bad" "$OUT/stderr.txt" || fail "--replay $bad: stderr does not name the file: $(cat "$OUT/stderr.txt")"
    echo "--replay $bad: exit 2: $(head -c 200 "$OUT/stderr.txt")"
done
env -u DISPLAY "$APP" --at soon 2> "$OUT/stderr.txt"
[ $? -eq 2 ] || fail "--at soon should exit 2"
grep -q -- "--at" "$OUT/stderr.txt" || fail "--at soon: no message"
echo "PASS"
