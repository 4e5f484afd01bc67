#!/bin/sh
# gui_time_travel.sh APP OUTDIR — the real window under Xvfb, driven by xdotool: lesson 01 starts paused,
# Right steps it to 200 ms, Left steps back twice (time travel), Home goes to t = 0, Right steps one
# event, Shift+F12 saves the timeline slide, Ctrl+O with a truncated trace opens the error dialog (Enter
# dismisses it, the run stays), a click on the time slider scrubs to mid-run, and Space plays the travel
# on until the live run has finished. Exit 77 = skipped.
set -u
. "$(dirname "$0")/gui_harness.sh"
printf '{"traceEvents": [{"ph": "M"' > "$OUT/bad.json"
start_app --lesson 01-map-three-sites --speed 0.1 --paused
find_window
# Started paused, so where the live run stops does not depend on the machine's speed: two steps take it
# to 200 ms (twitter.com done at 100 ms, youtube.com at 200 ms), python-engineer.com still running.
wait_for '"paused": true' '"time_travel": false'
"$XDOTOOL" key --window "$WID" Right
wait_for '"now_ns": 100000000,' '"paused": true'
"$XDOTOOL" key --window "$WID" Right
wait_for '"now_ns": 200000000,' '"paused": true' '"finished": false' '"time_travel": false'
echo "Right, Right: the paused live run stepped to now_ns=$(field now_ns)"

"$XDOTOOL" key --window "$WID" Left sleep 0.2 key --window "$WID" Left
wait_for '"time_travel": true'
TOTAL=$(field recording_events)
wait_for "\"cursor_events\": $((TOTAL - 2)),"
AT=$(field cursor_events)
echo "Left, Left: time travel, event $AT of $TOTAL"

"$XDOTOOL" key --window "$WID" Home
wait_for '"now_ns": 0,'
sleep 0.3
AT0=$(field cursor_events)  # everything that happened at t = 0 (the executor, map's submits)
"$XDOTOOL" key --window "$WID" Right
wait_for "\"cursor_events\": $((AT0 + 1)),"
echo "Home, Right: t = 0 ($AT0 events at t = 0), then one more event"
import -window root "$OUT/travel_start.png" 2>/dev/null || true

"$XDOTOOL" key --window "$WID" shift+F12
i=0
while [ $i -lt 100 ] && ! ls "$OUT"/poolscope-01-map-three-sites-timeline-*.png >/dev/null 2>&1; do i=$((i + 1)); sleep 0.1; done
SLIDE=$(ls "$OUT"/poolscope-01-map-three-sites-timeline-*.png 2>/dev/null | head -1)
[ -n "$SLIDE" ] || fail "Shift+F12 wrote no timeline PNG"
W=$(od -An -tu1 -j16 -N4 "$SLIDE" | awk '{print $1*16777216+$2*65536+$3*256+$4}')
[ "$W" = 1920 ] || fail "the slide is $W px wide, expected 1920 (2x)"
echo "Shift+F12: $SLIDE ($W px wide)"

"$XDOTOOL" key --window "$WID" ctrl+o
sleep 0.4
"$XDOTOOL" type --window "$WID" --delay 30 "bad.json"
sleep 0.2
"$XDOTOOL" key --window "$WID" Return
wait_for 'bad.json: the JSON ends early'
sleep 0.3
import -window root "$OUT/error_dialog.png" 2>/dev/null || true
grep -qF "\"cursor_events\": $((AT0 + 1))," "$DUMP" || fail "the run on screen changed after a bad file"
"$XDOTOOL" key --window "$WID" Return
wait_for '"error_dialog": ""'
echo "Ctrl+O bad.json: error dialog shown ($OUT/error_dialog.png), dismissed with Enter, run kept"

# Click the middle of the time slider (its rectangle is in the dump): every panel at about half the run.
RECT=$(sed -n 's/.*"time_slider": \[\([0-9]*\), \([0-9]*\), \([0-9]*\), \([0-9]*\)\].*/\1 \2 \3 \4/p' "$DUMP")
set -- $RECT
[ $# = 4 ] && [ "$3" -gt "$1" ] || fail "no time slider rectangle in the state dump"
"$XDOTOOL" mousemove --window "$WID" $(( ($1 + $3) / 2 )) $(( ($2 + $4) / 2 )) sleep 0.1 click 1 sleep 0.1 \
    mousemove --window "$WID" 5 890
mid_run() { NOW=$(field now_ns); [ -n "$NOW" ] && [ "$NOW" -gt 100000000 ] && [ "$NOW" -lt 220000000 ]; }
wait_until "the slider click scrubs to about half of 300 ms" mid_run
grep -qF '"time_travel": true' "$DUMP" || fail "slider click left time travel"
echo "time slider clicked in the middle: now_ns=$NOW"

"$XDOTOOL" key --window "$WID" space
wait_for '"time_travel": false' '"finished": true'
echo "Space: the travel caught up with the live run, which finished"
echo "PASS"
