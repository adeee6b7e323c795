#!/usr/bin/env bash
# The test command: set up what is missing, then run the whole test suite.
# Tests read the fixtures from EDGEBENCH_FIXTURES (default ../shared/fixtures) and skip, saying so,
# when they are absent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh debug >/dev/null
# Use the project-local software GPU when it is installed (GPU tests are enabled by it).
source scripts/vulkan-env.sh
exec swift test "$@"
