#!/bin/sh
# gui_headless_screenshot.sh APP OUTDIR — `poolscope --lesson 01 --virtual-time --at 250ms --screenshot`
# twice under Xvfb: both PNGs must be byte-identical (the virtual clock makes the picture repeatable),
# and the picture must be the app: each of lesson 01's three task colours is sampled inside the lane
# rectangle the state dump reports for the worker that ran it. Exit 77 = skipped (no xvfb-run).
set -u
APP=$1
OUT=$2
XVFB_RUN=${POOLSCOPE_XVFB_RUN:-$(command -v xvfb-run || true)}
case "$XVFB_RUN" in ''|*NOTFOUND) echo "SKIPPED: xvfb-run not found (apt-get install xvfb xauth)"; exit 77 ;; esac
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$OUT"
rm -f "$OUT"/shot1.png "$OUT"/shot2.png "$OUT"/state.json
for n in 1 2; do
    timeout 50 "$XVFB_RUN" -a -s "-screen 0 1600x900x24" "$APP" --lesson 01-map-three-sites --max-workers 3 \
        --virtual-time --at 250ms --size 1600x900 --screenshot "$OUT/shot$n.png" --state-dump "$OUT/state.json" ||
        fail "run $n exited with $?"
done
cmp -s "$OUT/shot1.png" "$OUT/shot2.png" || fail "the two screenshots differ ($OUT/shot1.png, $OUT/shot2.png)"
echo "two runs, identical PNGs: $OUT/shot1.png"
cat "$OUT/state.json"
grep -qF '"now_ns": 250000000' "$OUT/state.json" || fail "not shown at 250 ms"
grep -qF '"worker_lanes": 3' "$OUT/state.json" || fail "expected 3 worker lanes"

# The lanes' rectangles and each task's colour come from the app's own dump ("lane_rects": [[x0, y0,
# x1, y1, task colour as RRGGBB of the task that ran there first], ...]). Sample the middle of each
# worker lane's first block in the PNG (ImageMagick's txt: output: "x,y: (r,g,b)  #RRGGBB ...").
CONVERT=/usr/bin/convert
[ -x "$CONVERT" ] || CONVERT=$(command -v convert || true)
[ -n "$CONVERT" ] || { echo "no ImageMagick convert: picture check skipped"; exit 0; }
SAMPLES=$(sed -n 's/.*"block_samples": \[\([^]]*\)\].*/\1/p' "$OUT/state.json" | tr -d ' "')
[ -n "$SAMPLES" ] || fail "the state dump has no block_samples"
COUNT=0
for s in $(echo "$SAMPLES" | tr ',' ' '); do
    X=${s%%:*}; REST=${s#*:}; Y=${REST%%:*}; WANT=${REST#*:}
    GOT=$("$CONVERT" "$OUT/shot1.png" -crop "1x1+$X+$Y" +repage txt:- | sed -n 's/.*#\([0-9A-Fa-f]\{6\}\).*/\1/p' | head -1)
    echo "pixel $X,$Y: $GOT (task colour $WANT)"
    [ "$GOT" = "$WANT" ] || fail "pixel $X,$Y is #$GOT, expected the task colour #$WANT"
    COUNT=$((COUNT + 1))
done
[ "$COUNT" -eq 3 ] || fail "expected 3 task blocks sampled, got $COUNT"
echo "three task colours where their lanes are"

# --slide: the timeline alone at 2x (1920 px wide, 16:9 at most), from an offscreen framebuffer.
rm -f "$OUT/slide.png"
timeout 50 "$XVFB_RUN" -a -s "-screen 0 1600x900x24" "$APP" --lesson 01-map-three-sites --max-workers 2 \
    --virtual-time --at 150ms --screenshot "$OUT/shot3.png" --slide "$OUT/slide.png" || fail "--slide run exited with $?"
SIZE=$(od -An -tu1 -j16 -N8 "$OUT/slide.png" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}')
W=${SIZE%x*}; H=${SIZE#*x}
[ "$W" = 1920 ] && [ "$H" -le 1080 ] && [ "$H" -ge 500 ] || fail "slide is $SIZE, expected 1920 wide and 500..1080 high"
echo "PASS: slide $OUT/slide.png ($SIZE)"
