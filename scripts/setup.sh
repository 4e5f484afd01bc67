#!/usr/bin/env bash
# Install the Debian 12 packages poolscope needs. Idempotent: installs only what is missing, and runs
# `apt-get update` only when something is missing. Uses sudo when not run as root.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libglfw3-dev libimgui-dev libstb-dev doctest-dev python3-glad libgl-dev libgl1-mesa-dri
  nlohmann-json3-dev libboost-dev libbenchmark-dev
  xvfb xauth xdotool imagemagick fonts-dejavu-core
  clang-14 libclang-rt-14-dev libfuzzer-14-dev
)

if ! command -v dpkg >/dev/null 2>&1; then
  echo "setup: dpkg not found; poolscope's setup targets Debian 12 (bookworm)." >&2
  echo "setup: install the equivalents of: ${PACKAGES[*]}" >&2
  exit 1
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  # `dpkg -s` also succeeds for removed-but-not-purged packages, so check the Status line.
  if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed$'; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} required packages are installed."
  exit 0
fi

echo "setup: missing packages: ${missing[*]}"

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "setup: not root and sudo is not available; run as root:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
echo "setup: installed ${#missing[@]} package(s)."
