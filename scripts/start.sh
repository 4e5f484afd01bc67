#!/usr/bin/env bash
# Set up, build the `default` preset, and launch poolscope on the default lesson.
# Extra arguments are passed to the app.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh
cmake --preset default
cmake --build --preset default -j2

APP=build/default/app/poolscope
CLI=build/default/app/cli/poolscope-cli
LESSON=assets/lessons/01-map-three-sites.json

if [ -x "$APP" ]; then
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "start: warning: neither DISPLAY nor WAYLAND_DISPLAY is set; the window cannot open." >&2
    echo "start: for a headless run try: xvfb-run -a $APP" >&2
  fi
  echo "start: launching $APP $*"
  exec "$APP" "$@"
elif [ -x "$CLI" ] && [ -f "$LESSON" ]; then
  echo "start: $APP is not built yet; running the CLI on $LESSON instead"
  exec "$CLI" run "$LESSON" "$@"
else
  echo "start: nothing to launch yet: neither $APP nor $CLI (with $LESSON) exists."
  echo "start: what the build produced:"
  found=0
  while IFS= read -r f; do
    echo "  $f"
    found=1
  done < <(find build/default -type f -perm -u+x \
             -not -path '*/CMakeFiles/*' -not -name '*.so*' -not -name '*.sh' 2>/dev/null | sort)
  if [ "$found" -eq 0 ]; then echo "  (no executables)"; fi
  exit 1
fi
