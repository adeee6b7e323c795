#!/usr/bin/env bash
# The test command: set up what is missing, then run the whole test suite.
# Tests read the fixtures from EDGEBENCH_FIXTURES (default ../shared/fixtures) and skip, saying so,
# when they are absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh debug >/dev/null
exec swift test "$@"
