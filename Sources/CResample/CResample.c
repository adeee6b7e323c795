#include "CResample.h"

#include <string.h>

#define FRACTION_BITS 22
#define ROUNDING (1 << (FRACTION_BITS - 1))

/* Sums wrap as unsigned (Swift's &+ and &*, no undefined overflow); read back as signed for the shift. */
static inline uint8_t clip(uint32_t sum) {
    int32_t value = (int32_t)sum >> FRACTION_BITS;
    return value < 0 ? 0 : value > 255 ? 255 : (uint8_t)value;
}

static inline void widen_row(const uint8_t *line, long in_width, uint32_t *widened) {
    for (long x = 0; x < in_width; x++) {
        widened[4 * x] = line[3 * x];
        widened[4 * x + 1] = line[3 * x + 1];
        widened[4 * x + 2] = line[3 * x + 2];
        widened[4 * x + 3] = 0;
    }
}

/* The same loops compiled three times: for AVX2, for SSE4.1, and for the baseline. */
#define ROWS_BODY                                                                                              \
    for (long row = 0; row < row_count; row++) {                                                               \
        widen_row(source + row * in_width * 3, in_width, (uint32_t *)widened);                                 \
        uint8_t *out = destination + row * out_width * 3;                                                      \
        for (long x = 0; x < out_width; x++) {                                                                 \
            const uint32_t *window = (const uint32_t *)widened + 4 * starts[x];                                \
            const uint32_t *taps = (const uint32_t *)weights + x * stride;                                     \
            uint32_t r = ROUNDING, g = ROUNDING, b = ROUNDING, z = ROUNDING;                                   \
            long count = counts[x];                                                                            \
            for (long t = 0; t < count; t++) {                                                                 \
                uint32_t w = taps[t];                                                                          \
                r += window[4 * t] * w;                                                                        \
                g += window[4 * t + 1] * w;                                                                    \
                b += window[4 * t + 2] * w;                                                                    \
                z += window[4 * t + 3] * w;                                                                    \
            }                                                                                                  \
            (void)z;                                                                                           \
            out[3 * x] = clip(r);                                                                              \
            out[3 * x + 1] = clip(g);                                                                          \
            out[3 * x + 2] = clip(b);                                                                          \
        }                                                                                                      \
    }

#define COLUMNS_BODY                                                                                           \
    for (long y = 0; y < out_height; y++) {                                                                    \
        uint32_t *acc = (uint32_t *)sums;                                                                      \
        for (long i = 0; i < row_bytes; i++) acc[i] = ROUNDING;                                                \
        const uint32_t *taps = (const uint32_t *)weights + y * stride;                                         \
        long first = starts[y] - first_row;                                                                    \
        for (long tap = 0; tap < counts[y]; tap++) {                                                           \
            uint32_t w = taps[tap];                                                                            \
            const uint8_t *line = source + (first + tap) * row_bytes;                                          \
            for (long i = 0; i < row_bytes; i++) acc[i] += (uint32_t)line[i] * w;                              \
        }                                                                                                      \
        uint8_t *out = destination + y * row_bytes;                                                            \
        for (long i = 0; i < row_bytes; i++) out[i] = clip(acc[i]);                                            \
    }

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

/* Two taps per step: two widened pixels (R G B 0 R G B 0) times (w0 ×4, w1 ×4). Integer sums wrap, so their
   order does not change the result. */
__attribute__((target("avx2")))
static void rows_avx2(const uint8_t *source, long in_width, long row_count, uint8_t *destination, long out_width,
                      const int32_t *weights, long stride, const long *starts, const long *counts, int32_t *widened) {
    const __m256i spread = _mm256_setr_epi32(0, 0, 0, 0, 1, 1, 1, 1);
    for (long row = 0; row < row_count; row++) {
        widen_row(source + row * in_width * 3, in_width, (uint32_t *)widened);
        uint8_t *out = destination + row * out_width * 3;
        for (long x = 0; x < out_width; x++) {
            const int32_t *window = widened + 4 * starts[x];
            const int32_t *taps = weights + x * stride;
            long count = counts[x], t = 0;
            __m256i wide = _mm256_setzero_si256();
            for (; t + 1 < count; t += 2) {
                __m256i pixels = _mm256_loadu_si256((const __m256i *)(window + 4 * t));
                __m256i pair = _mm256_castsi128_si256(_mm_loadl_epi64((const __m128i *)(taps + t)));
                wide = _mm256_add_epi32(wide, _mm256_mullo_epi32(pixels, _mm256_permutevar8x32_epi32(pair, spread)));
            }
            __m128i sum = _mm_add_epi32(_mm256_castsi256_si128(wide), _mm256_extracti128_si256(wide, 1));
            if (t < count) {
                sum = _mm_add_epi32(sum, _mm_mullo_epi32(_mm_loadu_si128((const __m128i *)(window + 4 * t)), _mm_set1_epi32(taps[t])));
            }
            sum = _mm_add_epi32(sum, _mm_set1_epi32(ROUNDING));
            out[3 * x] = clip((uint32_t)_mm_cvtsi128_si32(sum));
            out[3 * x + 1] = clip((uint32_t)_mm_extract_epi32(sum, 1));
            out[3 * x + 2] = clip((uint32_t)_mm_extract_epi32(sum, 2));
        }
    }
}

__attribute__((target("sse4.1")))
static void rows_sse41(const uint8_t *source, long in_width, long row_count, uint8_t *destination, long out_width,
                       const int32_t *weights, long stride, const long *starts, const long *counts, int32_t *widened) {
    for (long row = 0; row < row_count; row++) {
        widen_row(source + row * in_width * 3, in_width, (uint32_t *)widened);
        uint8_t *out = destination + row * out_width * 3;
        for (long x = 0; x < out_width; x++) {
            const int32_t *window = widened + 4 * starts[x];
            const int32_t *taps = weights + x * stride;
            __m128i sum = _mm_set1_epi32(ROUNDING);
            for (long t = 0; t < counts[x]; t++) {
                sum = _mm_add_epi32(sum, _mm_mullo_epi32(_mm_loadu_si128((const __m128i *)(window + 4 * t)), _mm_set1_epi32(taps[t])));
            }
            out[3 * x] = clip((uint32_t)_mm_cvtsi128_si32(sum));
            out[3 * x + 1] = clip((uint32_t)_mm_extract_epi32(sum, 1));
            out[3 * x + 2] = clip((uint32_t)_mm_extract_epi32(sum, 2));
        }
    }
}
__attribute__((target("avx2")))
static void columns_avx2(const uint8_t *source, long row_bytes, long first_row, uint8_t *destination, long out_height,
                         const int32_t *weights, long stride, const long *starts, const long *counts, int32_t *sums) {
    COLUMNS_BODY
}
__attribute__((target("sse4.1")))
static void columns_sse41(const uint8_t *source, long row_bytes, long first_row, uint8_t *destination, long out_height,
                          const int32_t *weights, long stride, const long *starts, const long *counts, int32_t *sums) {
    COLUMNS_BODY
}
#define HAVE_DISPATCH 1
#endif

static void rows_baseline(const uint8_t *source, long in_width, long row_count, uint8_t *destination, long out_width,
                          const int32_t *weights, long stride, const long *starts, const long *counts, int32_t *widened) {
    ROWS_BODY
}

static void columns_baseline(const uint8_t *source, long row_bytes, long first_row, uint8_t *destination, long out_height,
                             const int32_t *weights, long stride, const long *starts, const long *counts, int32_t *sums) {
    COLUMNS_BODY
}

void cresample_rows(const uint8_t *source, long in_width, long row_count, uint8_t *destination, long out_width,
                    const int32_t *weights, long stride, const long *starts, const long *counts, int32_t *widened) {
#ifdef HAVE_DISPATCH
    if (__builtin_cpu_supports("avx2")) { rows_avx2(source, in_width, row_count, destination, out_width, weights, stride, starts, counts, widened); return; }
    if (__builtin_cpu_supports("sse4.1")) { rows_sse41(source, in_width, row_count, destination, out_width, weights, stride, starts, counts, widened); return; }
#endif
    rows_baseline(source, in_width, row_count, destination, out_width, weights, stride, starts, counts, widened);
}

void cresample_columns(const uint8_t *source, long row_bytes, long first_row, uint8_t *destination, long out_height,
                       const int32_t *weights, long stride, const long *starts, const long *counts, int32_t *sums) {
#ifdef HAVE_DISPATCH
    if (__builtin_cpu_supports("avx2")) { columns_avx2(source, row_bytes, first_row, destination, out_height, weights, stride, starts, counts, sums); return; }
    if (__builtin_cpu_supports("sse4.1")) { columns_sse41(source, row_bytes, first_row, destination, out_height, weights, stride, starts, counts, sums); return; }
#endif
    columns_baseline(source, row_bytes, first_row, destination, out_height, weights, stride, starts, counts, sums);
}
