#ifndef CRESAMPLE_H
#define CRESAMPLE_H

#include <stdint.h>

/// The two passes of Imaging's Lanczos resize (Pillow's integer arithmetic: 32-bit sums of 8-bit samples times
/// weights with 22 fractional bits, rounded by adding half a unit, shifted and clamped), in C so that they can use
/// 32-bit vector multiplies (SSE4.1/AVX2, chosen at run time) that Swift's baseline x86-64 target lacks.
/// Callers guarantee every window lies inside its row or column (the kernel is built that way).

/// Horizontal pass over `row_count` rows of `source` (`in_width` RGB pixels each, `in_row_bytes` apart), writing
/// `out_width` RGB pixels per row to `destination`. `widened` is scratch for `in_width * 4` int32 values.
void cresample_rows(const uint8_t *source, long in_width, long row_count, uint8_t *destination, long out_width,
                    const int32_t *weights, long stride, const long *starts, const long *counts, int32_t *widened);

/// Vertical pass: `out_height` rows of `row_bytes` bytes; output row y sums `counts[y]` source rows from
/// `starts[y] - first_row`. `sums` is scratch for `row_bytes` int32 values.
void cresample_columns(const uint8_t *source, long row_bytes, long first_row, uint8_t *destination, long out_height,
                       const int32_t *weights, long stride, const long *starts, const long *counts, int32_t *sums);

#endif
