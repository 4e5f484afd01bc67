#!/bin/sh
# gui_max_workers.sh APP OUTDIR — starts poolscope on lesson 01 under Xvfb, drags the max_workers slider
# and presses "2" and "1" with xdotool, and checks through --state-dump that the number of worker lanes
# followed, with the previous run kept for comparison; then Space, Right, Ctrl+=, Ctrl+S and F12.
# Exit 77 = skipped (no xvfb-run/xdotool).
set -u
. "$(dirname "$0")/gui_harness.sh"
start_app --lesson 01-map-three-sites --speed 0.1
find_window
echo "window $WID is up"

wait_for '"worker_lanes": 3' '"finished": true'
echo "lesson 01 ran on 3 worker lanes"

# Drag the max_workers slider (its rectangle is in the state dump) from the middle to its left end: 1.
RECT=$(sed -n 's/.*"max_workers_slider": \[\([0-9]*\), \([0-9]*\), \([0-9]*\), \([0-9]*\)\].*/\1 \2 \3 \4/p' "$DUMP")
set -- $RECT
[ $# = 4 ] && [ "$3" -gt "$1" ] || fail "no max_workers slider rectangle in the state dump"
Y=$(( ($2 + $4) / 2 ))
# The button stays down until the app has seen the pointer at the left end: a slow frame (sanitizer
# builds) would otherwise see the release first and keep the value from the middle of the drag.
"$XDOTOOL" mousemove --window "$WID" $(( ($1 + $3) / 2 )) $Y sleep 0.1 mousedown 1 sleep 0.1 \
    mousemove --window "$WID" $(( ($1 * 3 + $3) / 4 )) $Y sleep 0.1 mousemove --window "$WID" $1 $Y
wait_for '"max_workers": 1'
"$XDOTOOL" mouseup 1
wait_for '"max_workers": 1' '"run_max_workers": 1' '"worker_lanes": 1' '"finished": true' '"previous_worker_lanes": 3'
echo "slider dragged to the left end: 1 worker lane; the run from before the drag (3 lanes) kept"

"$XDOTOOL" key --window "$WID" 2
wait_for '"max_workers": 2' '"run_max_workers": 2' '"worker_lanes": 2' '"finished": true' '"previous_worker_lanes": 1'
echo "key 2: 2 worker lanes, previous run (1 lane) kept"

# One worker: 600 ms of lesson time at 0.1x (6 s), so the run is still going when Space arrives even on a
# loaded machine.
"$XDOTOOL" key --window "$WID" 1 sleep 0.1 key --window "$WID" space
wait_for '"run_max_workers": 1' '"worker_lanes": 1' '"paused": true' '"finished": false' '"previous_worker_lanes": 2'
echo "key 1 + space: 1 worker lane, paused mid-run, previous run (2 lanes) kept"
# Paused time stands still; Right lets it make one jump: to 300 ms, when python-engineer.com (the first
# of the three calls on the single worker) finishes.
grep -qF '"now_ns": 300000000' "$DUMP" && fail "time reached 300 ms before the step"
"$XDOTOOL" key --window "$WID" Right
wait_for '"now_ns": 300000000' '"paused": true' '"finished": false'
echo "Right: stepped to 300 ms (python-engineer.com done), still paused"

# Ctrl+= rebuilds the fonts one step larger; Ctrl+S and F12 write into the working directory.
"$XDOTOOL" key --window "$WID" ctrl+equal
wait_for '"scale": 1.1'
"$XDOTOOL" key --window "$WID" ctrl+s sleep 0.2 key --window "$WID" F12
i=0
while [ $i -lt 100 ] && ! { ls "$OUT"/poolscope-01-map-three-sites-*.json && ls "$OUT"/poolscope-01-map-three-sites-window-*.png; } >/dev/null 2>&1; do
    i=$((i + 1)); sleep 0.1
done
ls "$OUT"/poolscope-01-map-three-sites-*.json >/dev/null 2>&1 || fail "Ctrl+S wrote no trace into $OUT"
ls "$OUT"/poolscope-01-map-three-sites-window-*.png >/dev/null 2>&1 || fail "F12 wrote no screenshot into $OUT"
grep -q '"traceEvents"' "$OUT"/poolscope-01-map-three-sites-*.json || fail "the saved trace is not a Chrome trace"
echo "Ctrl+=, Ctrl+S, F12: scale 1.125, trace and screenshot saved"

import -window root "$OUT/after_keys.png" 2>/dev/null || true
echo "PASS"
exit 0
