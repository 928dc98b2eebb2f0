/* Neutralising hostile /proc strings for output.
 * Text: control characters, invalid UTF-8 and invisible formatting code
 * points become visible escapes (ESC as \x1b), so a process name cannot
 * move the cursor or reorder what a responder reads; a backslash itself
 * becomes \x5c (as util-linux tools show it), so a literal "\x1b" typed
 * into a name can never pass for an escaped byte.
 * JSON: the lossless rule of docs/json.md: valid UTF-8 passes through;
 * every byte that is not part of a valid UTF-8 sequence, and every byte of
 * a sequence for U+10FF80..U+10FFFF, becomes the code point U+10FF00 + byte
 * (Supplementary Private Use Area-B), so the result is always valid UTF-8
 * and out_json_decode() gives back the exact bytes. */
#ifndef UTIL_SANITIZE_H
#define UTIL_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/* Length of the valid UTF-8 sequence at s (1..4) with its code point in
 * *cp, or 0 when s[0] does not start one (overlong forms, surrogates and
 * code points past U+10FFFF are invalid). len must be > 0. */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
/* Append the UTF-8 form of cp (< 0x110000) to sb. */
void utf8_encode(struct strbuf *sb, uint32_t cp);

/* Bytes taken by the first n characters of s (a valid UTF-8 sequence is
 * one character; any other byte is one), at most len. */
size_t utf8_prefix_len(const char *s, size_t len, size_t n);

/* Append s (len bytes, any content) to sb escaped for a terminal. */
void out_text_escape(struct strbuf *sb, const char *s, size_t len);
/* True when out_text_escape would change s. */
bool out_text_needs_escape(const char *s, size_t len);

/* Append s (len bytes, any content) to sb as valid UTF-8 under the
 * lossless rule. JSON escaping of quotes and controls is json-c's job. */
void out_json_encode(struct strbuf *sb, const char *s, size_t len);
/* Reverse out_json_encode: append the original bytes to sb. Returns 0, or
 * -EINVAL when s is not valid UTF-8 (not something the encoder makes). */
int out_json_decode(struct strbuf *sb, const char *s, size_t len);

#endif
