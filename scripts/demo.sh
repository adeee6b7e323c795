#!/usr/bin/env bash
# The seed experiment in one command: set up what is missing, build (release), run `edgebench demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
binary="$(scripts/setup.sh release)"
exec "$binary" demo "$@"
