#ifndef EDGEBENCH_CFUZZERDRIVER_H
#define EDGEBENCH_CFUZZERDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt `FuzzerDriver`), exported for programs that own `main`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

/// Runs libFuzzer with `callback` as the fuzz target.
///
/// SwiftPM links debug executables with `--defsym main=<Target>_main`, so libFuzzer's own `main` is never
/// pulled from its archive: each fuzz target defines `<Target>_main` and calls this instead.
static inline int edgebench_fuzzer_main(int argc, char **argv, int (*callback)(const uint8_t *, size_t)) {
    return LLVMFuzzerRunDriver(&argc, &argv, callback);
}

#endif
