// JSON string escapes, 16 bytes at a time (SSSE3). Log lines that carry JSON themselves are full
// of quotes (one every seven bytes in a typical service log), so a byte loop that stops at each
// escape costs more than everything else about the string. Here a block's escapes are found with
// one compare per kind, and the bytes are moved into place with one shuffle per 8-byte half:
// - escaping inserts a backslash before each flagged byte (a table of 256 "expand" shuffles);
// - unescaping drops each escape's backslash (a table of 256 "compact" shuffles), after the
//   letters that decode to something else (`n` → 0x0A, ...) are changed in the register.
// Anything rarer (control bytes, `\u` escapes, the closing quote) is left to the Swift caller.
#include "sluice_json_escapes.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SLUICE_HAVE_SSSE3_PATH 1
#endif

#ifdef SLUICE_HAVE_SSSE3_PATH

/// For each 8-bit mask of flagged bytes: the shuffle that spreads 8 bytes over 8 + popcount
/// places with index 8 (a backslash, see `escape_half`) before each flagged byte; 0x80 pads.
static uint8_t expand_shuffles[256][16];
/// For each 8-bit mask of dropped bytes: the indices of the kept bytes, packed low; 0x80 pads.
static uint8_t compact_shuffles[256][8];
/// What the letter after a backslash decodes to; 0 for `u` and for letters that are no escape.
static uint8_t simple_escapes[256];

__attribute__((constructor))
static void make_tables(void) {
    for (int mask = 0; mask < 256; mask++) {
        int out = 0;
        for (int i = 0; i < 8; i++) {
            if (mask & (1 << i)) expand_shuffles[mask][out++] = 8;
            expand_shuffles[mask][out++] = (uint8_t)i;
        }
        while (out < 16) expand_shuffles[mask][out++] = 0x80;
        out = 0;
        for (int i = 0; i < 8; i++) {
            if (!(mask & (1 << i))) compact_shuffles[mask][out++] = (uint8_t)i;
        }
        while (out < 8) compact_shuffles[mask][out++] = 0x80;
    }
    simple_escapes['"'] = '"';
    simple_escapes['\\'] = '\\';
    simple_escapes['/'] = '/';
    simple_escapes['b'] = 0x08;
    simple_escapes['f'] = 0x0C;
    simple_escapes['n'] = 0x0A;
    simple_escapes['r'] = 0x0D;
    simple_escapes['t'] = 0x09;
}

static int have_ssse3(void) {
    return __builtin_cpu_supports("ssse3") && __builtin_cpu_supports("popcnt");
}

/// Bit i set where byte i of `x` is below 0x20.
__attribute__((target("ssse3,popcnt")))
static inline unsigned control_bytes(__m128i x) {
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x));
}

/// Writes one 8-byte half (the low half of `half`) with a backslash before each byte flagged in
/// `mask`; returns the bytes written (8 + flagged).
__attribute__((target("ssse3,popcnt")))
static inline size_t escape_half(__m128i half, unsigned mask, uint8_t *destination) {
    const __m128i source = _mm_unpacklo_epi64(half, _mm_set1_epi8('\\'));
    const __m128i shuffle = _mm_loadu_si128((const __m128i *)expand_shuffles[mask]);
    _mm_storeu_si128((__m128i *)destination, _mm_shuffle_epi8(source, shuffle));
    return 8 + (size_t)__builtin_popcount(mask);
}

__attribute__((target("ssse3,popcnt")))
static size_t escape_blocks_ssse3(const uint8_t *source, size_t length, uint8_t *destination, size_t *written) {
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    size_t consumed = 0;
    uint8_t *out = destination;
    while (consumed + 16 <= length) {
        const __m128i x = _mm_loadu_si128((const __m128i *)(source + consumed));
        const unsigned flagged = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)));
        if (control_bytes(x) != 0) {
            *written = (size_t)(out - destination);
            return consumed;
        }
        if (flagged == 0) {
            _mm_storeu_si128((__m128i *)out, x);
            out += 16;
        } else {
            out += escape_half(x, flagged & 0xFF, out);
            out += escape_half(_mm_unpackhi_epi64(x, x), flagged >> 8, out);
        }
        consumed += 16;
    }
    const size_t rest = length - consumed;
    if (rest > 0) {
        // The last bytes as one more block, padded with a byte that needs no escape: its
        // expansion starts with theirs, so only their share of it counts as written.
        uint8_t padded[16];
        memset(padded, 'a', sizeof padded);
        memcpy(padded, source + consumed, rest);
        const __m128i x = _mm_loadu_si128((const __m128i *)padded);
        if (control_bytes(x) == 0) {
            const unsigned flagged = (unsigned)_mm_movemask_epi8(
                _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)));
            const size_t low = escape_half(x, flagged & 0xFF, out);
            escape_half(_mm_unpackhi_epi64(x, x), flagged >> 8, out + low);
            out += rest + (size_t)__builtin_popcount(flagged);
            consumed = length;
        }
    }
    *written = (size_t)(out - destination);
    return consumed;
}

/// Writes the first `keep` bytes of `x` without the bytes flagged in `dropped` (bits below
/// `keep`); returns the bytes written.
__attribute__((target("ssse3,popcnt")))
static inline size_t compact_block(__m128i x, unsigned dropped, unsigned keep, uint8_t *destination) {
    const unsigned removed = (dropped | (0xFFFFu << keep)) & 0xFFFF;
    const unsigned low = removed & 0xFF, high = removed >> 8;
    const __m128i shuffle = _mm_unpacklo_epi64(
        _mm_loadl_epi64((const __m128i *)compact_shuffles[low]),
        _mm_add_epi8(_mm_loadl_epi64((const __m128i *)compact_shuffles[high]), _mm_set1_epi8(8)));
    // Pads (0x80) stay pads after adding 8: 0x88 still has its high bit set.
    const __m128i packed = _mm_shuffle_epi8(x, shuffle);
    _mm_storel_epi64((__m128i *)destination, packed);
    const size_t lowCount = 8 - (size_t)__builtin_popcount(low);
    _mm_storel_epi64((__m128i *)(destination + lowCount), _mm_unpackhi_epi64(packed, packed));
    return lowCount + 8 - (size_t)__builtin_popcount(high);
}

/// A block's escapes in order, when the quick test in `unescape_blocks` does not settle them:
/// each starts at a backslash that is not itself an escape's letter. Sets the escapes' starts,
/// the bytes to XOR into the block (letters that decode to another byte), and `keep`/`stopped`
/// when an escape ends the block early (its letter in the next block; or one for the caller).
static inline unsigned find_escapes(const uint8_t *block, unsigned backslashes, unsigned *keep, int *stopped,
                                    uint64_t *changeLow, uint64_t *changeHigh) {
    unsigned starts = 0;
    while (backslashes != 0) {
        const unsigned at = (unsigned)__builtin_ctz(backslashes);
        if (at == 15) {  // its letter is in the next block, which starts here
            *keep = 15;
            break;
        }
        const uint8_t letter = block[at + 1];
        const uint8_t decoded = simple_escapes[letter];
        if (decoded == 0) {
            *keep = at;
            *stopped = 1;
            break;
        }
        const uint64_t change = (uint64_t)(letter ^ decoded);
        if (at + 1 < 8) *changeLow |= change << (8 * (at + 1));
        else *changeHigh |= change << (8 * (at - 7));
        starts |= 1u << at;
        backslashes &= ~(3u << at);
    }
    return starts;
}

__attribute__((target("ssse3,popcnt")))
static size_t unescape_blocks_ssse3(const uint8_t *source, size_t length, uint8_t *destination, size_t *written) {
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i slash = _mm_set1_epi8('/');
    size_t consumed = 0;
    uint8_t *out = destination;
    while (consumed + 16 <= length) {
        const uint8_t *block = source + consumed;
        __m128i x = _mm_loadu_si128((const __m128i *)block);
        const unsigned backslashes = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, backslash));
        const unsigned quotes = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, quote));
        const unsigned ends = quotes | control_bytes(x);
        if ((backslashes | ends) == 0) {
            _mm_storeu_si128((__m128i *)out, x);
            out += 16;
            consumed += 16;
            continue;
        }
        unsigned keep = 16;
        int stopped = 0;  // at something that is the caller's
        unsigned starts;
        const unsigned slashes = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, slash));
        if ((backslashes & (backslashes >> 1)) == 0 && ((backslashes << 1) & 0xFFFF & ~(quotes | slashes)) == 0) {
            // The common case, JSON inside a string: no two backslashes side by side, so each
            // starts an escape, and every letter is `"` or `/`, which decode to themselves.
            starts = backslashes & 0x7FFF;
            if (backslashes & 0x8000) keep = 15;  // its letter is in the next block
        } else {
            uint64_t changeLow = 0, changeHigh = 0;
            starts = find_escapes(block, backslashes, &keep, &stopped, &changeLow, &changeHigh);
            if ((changeLow | changeHigh) != 0) {
                x = _mm_xor_si128(x, _mm_set_epi64x((long long)changeHigh, (long long)changeLow));
            }
        }
        // An unescaped quote or a control byte ends the run; an escape's letter does not.
        const unsigned realEnds = ends & ~(starts << 1) & ((1u << keep) - 1);
        if (realEnds != 0) {
            keep = (unsigned)__builtin_ctz(realEnds);
            stopped = 1;
        }
        out += compact_block(x, starts & ((1u << keep) - 1), keep, out);
        consumed += keep;
        if (stopped) break;
    }
    *written = (size_t)(out - destination);
    return consumed;
}

#endif

size_t sluice_json_escape_blocks(const uint8_t *source, size_t length, uint8_t *destination, size_t *written) {
#ifdef SLUICE_HAVE_SSSE3_PATH
    if (have_ssse3()) return escape_blocks_ssse3(source, length, destination, written);
#endif
    (void)source;
    (void)length;
    (void)destination;
    *written = 0;
    return 0;
}

size_t sluice_json_unescape_blocks(const uint8_t *source, size_t length, uint8_t *destination, size_t *written) {
#ifdef SLUICE_HAVE_SSSE3_PATH
    if (have_ssse3()) return unescape_blocks_ssse3(source, length, destination, written);
#endif
    (void)source;
    (void)length;
    (void)destination;
    *written = 0;
    return 0;
}
