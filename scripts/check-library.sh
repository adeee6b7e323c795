#!/usr/bin/env bash
# The library's own checks, run by CI after the test suite (one build at a time, never inside `swift test`):
# the example package builds against the library products and classifies the fixture images correctly,
# and the DocC documentation of EdgeBenchKit builds without warnings.
# SWIFT overrides the compiler driver (e.g. a wrapper that serialises builds).
set -euo pipefail
cd "$(dirname "$0")/.."
swift=${SWIFT:-swift}
fixtures=${EDGEBENCH_FIXTURES:-../shared/fixtures}

$swift build --package-path Examples/ClassifyFolder
output=$(Examples/ClassifyFolder/.build/debug/ClassifyFolder \
    "$fixtures/models/mobilenet_v2_1.0_224_quant.tflite" "$fixtures/images" "$fixtures/labels/imagenet_labels.txt")
printf '%s\n' "$output"
# Known answers for the fixture images (labels of classification_cases.csv's rows).
for expected in $'parrot.jpg\tmacaw' $'grace_hopper.bmp\tmilitary uniform' $'cat.bmp\tEgyptian cat'; do
    if ! grep -qF "$expected"$'\t' <<<"$output"; then
        echo "check-library: ClassifyFolder did not print '${expected//$'\t'/ -> }'" >&2
        exit 1
    fi
done
lines=$(grep -c $'\t' <<<"$output" || true)
images=$(find "$fixtures/images" -maxdepth 1 -type f \( -name '*.jpg' -o -name '*.png' -o -name '*.bmp' \) | wc -l)
if [ "$lines" -ne "$images" ]; then
    echo "check-library: ClassifyFolder printed $lines lines for $images images" >&2
    exit 1
fi

$swift package generate-documentation --target EdgeBenchKit --warnings-as-errors
