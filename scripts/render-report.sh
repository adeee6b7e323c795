#!/bin/sh
# Renders an edgebench HTML report to a PNG with headless Chromium (Debian package `chromium`).
#
# Usage: scripts/render-report.sh REPORT.html OUT.png [WIDTH [HEIGHT]]
#   WIDTH x HEIGHT is the window (default 1280x2000); the screenshot is the window, so pick a HEIGHT
#   that holds the report. Set CHROMIUM to use another binary; COLOR_SCHEME=dark renders the dark scheme.
# Exit status: 0 on success, 2 on a usage error, 3 when Chromium is missing or writes no PNG.
set -eu

if [ $# -lt 2 ] || [ $# -gt 4 ]; then
    echo "usage: $0 REPORT.html OUT.png [WIDTH [HEIGHT]]" >&2
    exit 2
fi
report=$1
out=$2
width=${3:-1280}
height=${4:-2000}

if [ ! -f "$report" ]; then
    echo "$0: no such report: $report" >&2
    exit 2
fi
browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
    for candidate in chromium chromium-browser google-chrome; do
        if command -v "$candidate" >/dev/null 2>&1; then browser=$candidate; break; fi
    done
fi
if [ -z "$browser" ]; then
    echo "$0: Chromium not found; install it (Debian: apt-get install -y chromium) or set CHROMIUM" >&2
    exit 3
fi

# Absolute paths: Chromium resolves file:// URLs and --screenshot against its own working directory.
case $report in /*) ;; *) report=$(pwd)/$report ;; esac
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
rm -f "$out"

scheme_flag=""
if [ "${COLOR_SCHEME:-}" = dark ]; then scheme_flag="--force-dark-mode --blink-settings=preferredColorScheme=0"; fi

# A private profile directory, so a running browser or a locked profile cannot interfere.
profile=$(mktemp -d "${TMPDIR:-/tmp}/render-report.XXXXXX")
trap 'rm -rf "$profile"' EXIT INT TERM

# shellcheck disable=SC2086 # scheme_flag is deliberately split into flags
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --no-default-browser-check \
    --user-data-dir="$profile" --window-size="$width,$height" --virtual-time-budget=2000 $scheme_flag \
    --screenshot="$out" "file://$report" >"$profile/chromium.log" 2>&1 || true

if [ ! -s "$out" ]; then
    echo "$0: Chromium wrote no screenshot; its output:" >&2
    cat "$profile/chromium.log" >&2
    exit 3
fi
echo "$out"
