# gui_harness.sh — sourced by the xdotool GUI tests (`. "$(dirname "$0")/gui_harness.sh"` with the test's
# own arguments APP OUTDIR): skips (exit 77) without xvfb-run/xdotool, re-runs the test inside
# `xvfb-run`, empties OUTDIR and defines start_app, fail, wait_for, wait_until, field and find_window.
XVFB_RUN=${POOLSCOPE_XVFB_RUN:-$(command -v xvfb-run || true)}
XDOTOOL=${POOLSCOPE_XDOTOOL:-$(command -v xdotool || true)}
case "$XVFB_RUN" in ''|*NOTFOUND) echo "SKIPPED: xvfb-run not found (apt-get install xvfb xauth)"; exit 77 ;; esac
case "$XDOTOOL" in ''|*NOTFOUND) echo "SKIPPED: xdotool not found (apt-get install xdotool)"; exit 77 ;; esac

if [ "${1:-}" != "--inside" ]; then
    mkdir -p "$2"
    exec "$XVFB_RUN" -a -s "-screen 0 1600x900x24" "$0" --inside "$1" "$2"
fi
APP=$2
OUT=$3
DUMP="$OUT/state.json"
rm -f "$DUMP" "$OUT"/*.png "$OUT"/*.json
cd "$OUT" || exit 1

# start_app ARGS...: the app with a state dump every frame. It exits by itself after the frame limit;
# timeout guards against a hang.
start_app() {
    timeout 100 "$APP" "$@" --state-dump "$DUMP" --dump-every 1 --frames 100000 >"$OUT/app.log" 2>&1 &
    APID=$!
    trap 'kill $APID 2>/dev/null' EXIT
}

fail() {
    echo "FAIL: $*"
    echo "--- last state dump:"; cat "$DUMP" 2>/dev/null
    echo "--- app log:"; cat "$OUT/app.log"
    exit 1
}

# Polls until the command succeeds (up to 15 s): wait_until DESCRIPTION COMMAND...
wait_until() {
    what=$1; shift
    i=0
    until "$@"; do
        kill -0 $APID 2>/dev/null || fail "the app exited early"
        i=$((i + 1))
        [ $i -lt 150 ] || fail "timed out waiting until $what"
        sleep 0.1
    done
}

# True when the state dump contains every given fragment.
dump_has() {
    for want in "$@"; do grep -qF -- "$want" "$DUMP" 2>/dev/null || return 1; done
}

# Polls the state dump until it contains every given fragment (up to 15 s).
wait_for() { wait_until "$*" dump_has "$@"; }

field() { sed -n "s/.*\"$1\": \([0-9]*\).*/\1/p" "$DUMP"; }

# Prints the id of the app's visible window, waiting for it to be mapped.
find_window() {
    WID=$(timeout 15 "$XDOTOOL" search --sync --onlyvisible --name '^poolscope$' | head -1)
    [ -n "$WID" ] || fail "no visible window named poolscope"
}
