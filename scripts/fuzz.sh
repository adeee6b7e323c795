#!/usr/bin/env bash
# Coverage-guided fuzzing of edgebench's parsers of untrusted input with libFuzzer.
#
# usage: scripts/fuzz.sh [SECONDS_PER_TARGET=30] [TARGET...]
#   TARGET: FuzzTFLite FuzzMetadata FuzzEdgeTPUPackage FuzzBMP FuzzJPEGPNG FuzzLabels (default: all)
#
# Builds the Fuzz/ package (its parser modules are symlinks into Sources/, created here) with
#   swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
# seeds each target's corpus from the fixtures ($EDGEBENCH_FIXTURES, default ../shared/fixtures), runs
# each target for SECONDS_PER_TARGET, and prints executions and coverage per target. Crashing inputs are
# saved under Fuzz/findings/<TARGET>/; the script exits 1 when any target found one (or failed to run).
#
# Environment: EDGEBENCH_FIXTURES; FUZZ_ARGS (extra libFuzzer flags); SWIFT_BACKTRACE (default enable=no); ASAN_OPTIONS (default detect_leaks=0:
# Swift's runtime caches look like leaks to LeakSanitizer, and a leak is not a safety problem here).
# Corpora grow across runs in Fuzz/corpus/<TARGET>/ (gitignored); logs go to Fuzz/corpus/logs/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=${1:-30}
shift || true
all_targets=(FuzzTFLite FuzzMetadata FuzzEdgeTPUPackage FuzzBMP FuzzJPEGPNG FuzzLabels)
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
    [[ " ${all_targets[*]} " == *" $target "* ]] || { echo "fuzz.sh: unknown target $target (known: ${all_targets[*]})" >&2; exit 2; }
done
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || { echo "fuzz.sh: SECONDS_PER_TARGET must be a positive integer" >&2; exit 2; }

fixtures=${EDGEBENCH_FIXTURES:-../shared/fixtures}
[[ $fixtures = /* ]] || fixtures=$root/$fixtures
[[ -d $fixtures/models ]] || { echo "fuzz.sh: no fixtures at $fixtures (set EDGEBENCH_FIXTURES)" >&2; exit 2; }

# The parser modules, shared with the main package through symlinks (gitignored in Fuzz/.gitignore).
link() { ln -sfn "$1" "$2"; }
link ../../Sources/ModelFormat Fuzz/Sources/ModelFormat
link ../../Sources/Imaging Fuzz/Sources/Imaging
link ../../Sources/CTurboJPEG Fuzz/Sources/CTurboJPEG
link ../../Sources/CPNG Fuzz/Sources/CPNG
link ../../Sources/CResample Fuzz/Sources/CResample
link ../../Sources/FileAccess Fuzz/Sources/FileAccess
mkdir -p Fuzz/Sources/EdgeBenchLabels
# Links from an earlier layout, when the labels target needed more files.
rm -f Fuzz/Sources/EdgeBenchLabels/{FileReading,EdgeBenchError,ExitStatus}.swift
link "../../../Sources/EdgeBench/Labels.swift" "Fuzz/Sources/EdgeBenchLabels/Labels.swift"

echo "fuzz.sh: building Fuzz/ (debug, -sanitize=fuzzer,address)" >&2
build_log=$(mktemp)
if ! (cd Fuzz && swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library) >"$build_log" 2>&1; then
    grep -v "Cannot export local symbol" "$build_log" | tail -40 >&2
    rm -f "$build_log"
    echo "fuzz.sh: build failed" >&2
    exit 1
fi
rm -f "$build_log"
bin=$(cd Fuzz && swift build -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --show-bin-path)

# Seeds are rebuilt each time from the fixtures; the working corpora persist.
rm -rf Fuzz/corpus/seeds
mkdir -p Fuzz/corpus/seeds Fuzz/corpus/logs Fuzz/findings
python3 Fuzz/tools/make_seeds.py "$fixtures" Fuzz/corpus/seeds

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
# Let libFuzzer, not the Swift runtime backtracer, handle the trap of a crashing input.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}
failed=0
results=()
for target in "${targets[@]}"; do
    corpus=Fuzz/corpus/$target
    findings=Fuzz/findings/$target
    log=Fuzz/corpus/logs/$target.log
    mkdir -p "$corpus" "$findings" "Fuzz/corpus/seeds/$target"
    before=$(find "$findings" -type f | wc -l)
    echo "fuzz.sh: $target for ${seconds}s (log: $log)" >&2
    status=0
    started=$SECONDS
    # shellcheck disable=SC2086
    "$bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$findings/" ${FUZZ_ARGS:-} "$corpus" "Fuzz/corpus/seeds/$target" >"$log" 2>&1 || status=$?
    elapsed=$((SECONDS - started))
    after=$(find "$findings" -type f | wc -l)
    crashes=$((after - before))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    # The last status line: "#N  DONE  cov: C ft: F corp: ..." (or the last pulse/NEW line).
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    if [[ $status -ne 0 || $crashes -gt 0 ]]; then
        failed=1
        echo "fuzz.sh: $target exited with status $status; new findings in $findings:" >&2
        ls -t "$findings" | head -n "$((crashes > 0 ? crashes : 1))" | sed "s|^|  $findings/|" >&2 || true
        grep -E 'ERROR: |Fatal error|SUMMARY|deadly signal|==ERROR' "$log" | head -5 >&2 || true
    fi
    results+=("$(printf '%-20s %8s %12s %8s %8s %8s %7s' "$target" "$elapsed" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$crashes" "$status")")
done

printf '%-20s %8s %12s %8s %8s %8s %7s\n' target seconds execs cov ft crashes status
printf '%s\n' "${results[@]}"
exit $failed
