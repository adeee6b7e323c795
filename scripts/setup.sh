#!/usr/bin/env bash
# Installs what edgebench needs to build and run on Debian/Ubuntu, only when it is missing:
# the JPEG/PNG -dev packages, libusb (for libedgetpu), pkg-config, pip; then builds edgebench
# and installs the pinned LiteRT runtime (ai-edge-litert 2.3.0) into ~/.cache/edgebench.
# Usage: scripts/setup.sh [debug|release]
set -euo pipefail
cd "$(dirname "$0")/.."
configuration="${1:-debug}"

packages=(libturbojpeg0-dev libpng-dev libsqlite3-dev sqlite3 libusb-1.0-0 pkg-config)
command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1 || packages+=(python3-pip)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "edgebench setup: installing Debian packages: ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The software GPU (lavapipe) for the GPU backend's tests; optional: without it GPU tests are skipped.
if [ "${EDGEBENCH_SKIP_LAVAPIPE:-0}" = "0" ] && grep -q 'VERSION_CODENAME=bookworm' /etc/os-release 2>/dev/null; then
    scripts/install-lavapipe.sh >&2 || echo "edgebench setup: lavapipe not installed; GPU tests will be skipped" >&2
fi

swift build -c "$configuration" --product edgebench >&2
binary="$(swift build -c "$configuration" --show-bin-path)/edgebench"
if ! "$binary" runtime >/dev/null 2>&1; then
    "$binary" runtime install >&2
fi
echo "$binary"
