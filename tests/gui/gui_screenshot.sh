#!/bin/sh
# gui_screenshot.sh APP OUTDIR — runs lesson 01 to the end in a real window under Xvfb and writes a PNG
# with --screenshot; checks the state dump (three worker lanes, three blocks drawn) and the PNG's size.
# Exit 77 = skipped (no xvfb-run).
set -u
APP=$1
OUT=$2
XVFB_RUN=${POOLSCOPE_XVFB_RUN:-$(command -v xvfb-run || true)}
case "$XVFB_RUN" in ''|*NOTFOUND) echo "SKIPPED: xvfb-run not found (apt-get install xvfb xauth)"; exit 77 ;; esac
mkdir -p "$OUT"
rm -f "$OUT/lesson01.png" "$OUT/state.json"
timeout 50 "$XVFB_RUN" -a -s "-screen 0 1600x900x24" "$APP" --lesson 01-map-three-sites --speed 10 \
    --screenshot "$OUT/lesson01.png" --state-dump "$OUT/state.json" || { echo "FAIL: app exited with $?"; exit 1; }
cat "$OUT/state.json"
grep -qF '"worker_lanes": 3' "$OUT/state.json" || { echo "FAIL: expected 3 worker lanes"; exit 1; }
grep -qF '"blocks_drawn": 3' "$OUT/state.json" || { echo "FAIL: expected 3 task blocks drawn"; exit 1; }
[ -s "$OUT/lesson01.png" ] || { echo "FAIL: no screenshot"; exit 1; }
# PNG header: width and height are big-endian at bytes 16..23.
SIZE=$(od -An -tu1 -j16 -N8 "$OUT/lesson01.png" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}')
[ "$SIZE" = "1600x900" ] || { echo "FAIL: screenshot is $SIZE, expected 1600x900"; exit 1; }
echo "PASS: $OUT/lesson01.png ($SIZE)"
