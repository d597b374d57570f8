#ifndef SLUICE_JSON_ESCAPES_H
#define SLUICE_JSON_ESCAPES_H

#include <stddef.h>
#include <stdint.h>

/// Escapes a JSON string body 16 bytes at a time with SSSE3: each `"` and `\` of `source` gets a
/// backslash before it in `destination`; the last bytes (under 16) as one padded block. Stops
/// before the first block that holds a byte below 0x20 (those escapes are the caller's).
///
/// Returns the number of source bytes escaped (`length`, or the start of the block it stopped
/// before; 0 without SSSE3) and stores the number of bytes written in `*written`. Whole 16-byte
/// stores may reach past the last byte written: `destination` must have room for
/// `2 * length + 32` bytes.
size_t sluice_json_escape_blocks(const uint8_t *source, size_t length, uint8_t *destination, size_t *written);

/// Decodes a JSON string body 16 bytes at a time with SSSE3, the one-letter escapes (`\"`, `\\`,
/// `\/`, `\b`, `\f`, `\n`, `\r`, `\t`) included. Stops on the closing quote, on a byte below 0x20,
/// on any other escape (`\u` or an invalid one), or when fewer than 16 bytes are left; the byte
/// it stops on is the caller's to look at.
///
/// Returns the number of source bytes decoded (0 without SSSE3) and stores the number of bytes
/// written in `*written`, never more than decoded. Whole 16-byte stores may reach past the last
/// byte written, never past `destination + length`: it must have room for `length` bytes.
size_t sluice_json_unescape_blocks(const uint8_t *source, size_t length, uint8_t *destination, size_t *written);

#endif
