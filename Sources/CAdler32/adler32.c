// Adler-32 (RFC 1950 §8.2) with SSSE3: per 32-byte block, the byte sum goes to s1 and the
// position-weighted sum to s2 (s2 also gains 32 × s1 as it was before the block). Reduced
// modulo 65521 often enough that no 32-bit lane overflows (zlib's NMAX bound).
#include "sluice_adler32.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SLUICE_HAVE_SSSE3_PATH 1
#endif

enum { BASE = 65521, NMAX = 5552 };

static uint32_t adler32_scalar(uint32_t adler, const uint8_t *p, size_t n) {
    uint32_t s1 = adler & 0xFFFF, s2 = adler >> 16;
    while (n > 0) {
        size_t k = n < NMAX ? n : NMAX;
        n -= k;
        while (k >= 8) {
            s1 += p[0]; s2 += s1; s1 += p[1]; s2 += s1; s1 += p[2]; s2 += s1; s1 += p[3]; s2 += s1;
            s1 += p[4]; s2 += s1; s1 += p[5]; s2 += s1; s1 += p[6]; s2 += s1; s1 += p[7]; s2 += s1;
            p += 8;
            k -= 8;
        }
        while (k-- > 0) {
            s1 += *p++;
            s2 += s1;
        }
        s1 %= BASE;
        s2 %= BASE;
    }
    return (s2 << 16) | s1;
}

#ifdef SLUICE_HAVE_SSSE3_PATH
__attribute__((target("ssse3")))
static uint32_t adler32_ssse3(uint32_t adler, const uint8_t *p, size_t n) {
    uint32_t s1 = adler & 0xFFFF, s2 = adler >> 16;
    size_t blocks = n / 32;
    n -= blocks * 32;
    const __m128i weightsHigh = _mm_setr_epi8(32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17);
    const __m128i weightsLow = _mm_setr_epi8(16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1);
    const __m128i zero = _mm_setzero_si128();
    const __m128i ones = _mm_set1_epi16(1);
    while (blocks > 0) {
        size_t run = blocks < NMAX / 32 ? blocks : NMAX / 32;
        blocks -= run;
        // s1 as it was before each block of the run, summed (× 32 at the end).
        __m128i before = _mm_cvtsi32_si128((int)(s1 * run));
        __m128i sum1 = zero;
        __m128i sum2 = _mm_cvtsi32_si128((int)s2);
        do {
            const __m128i a = _mm_loadu_si128((const __m128i *)p);
            const __m128i b = _mm_loadu_si128((const __m128i *)(p + 16));
            before = _mm_add_epi32(before, sum1);
            sum1 = _mm_add_epi32(sum1, _mm_sad_epu8(a, zero));
            sum1 = _mm_add_epi32(sum1, _mm_sad_epu8(b, zero));
            sum2 = _mm_add_epi32(sum2, _mm_madd_epi16(_mm_maddubs_epi16(a, weightsHigh), ones));
            sum2 = _mm_add_epi32(sum2, _mm_madd_epi16(_mm_maddubs_epi16(b, weightsLow), ones));
            p += 32;
        } while (--run > 0);
        sum2 = _mm_add_epi32(sum2, _mm_slli_epi32(before, 5));
        // Horizontal sums of the four lanes.
        sum1 = _mm_add_epi32(sum1, _mm_shuffle_epi32(sum1, _MM_SHUFFLE(2, 3, 0, 1)));
        sum1 = _mm_add_epi32(sum1, _mm_shuffle_epi32(sum1, _MM_SHUFFLE(1, 0, 3, 2)));
        s1 += (uint32_t)_mm_cvtsi128_si32(sum1);
        sum2 = _mm_add_epi32(sum2, _mm_shuffle_epi32(sum2, _MM_SHUFFLE(2, 3, 0, 1)));
        sum2 = _mm_add_epi32(sum2, _mm_shuffle_epi32(sum2, _MM_SHUFFLE(1, 0, 3, 2)));
        s2 = (uint32_t)_mm_cvtsi128_si32(sum2);
        s1 %= BASE;
        s2 %= BASE;
    }
    return adler32_scalar((s2 << 16) | s1, p, n);
}
#endif

uint32_t sluice_adler32(uint32_t adler, const uint8_t *bytes, size_t length) {
#ifdef SLUICE_HAVE_SSSE3_PATH
    // A load and a bit test of what the runtime found at start-up (no cache of our own, which
    // threads would race to fill).
    if (__builtin_cpu_supports("ssse3")) return adler32_ssse3(adler, bytes, length);
#endif
    return adler32_scalar(adler, bytes, length);
}
