/* How secrets appear in output: a short prefix and the length by default,
 * and a keyed fingerprint (BLAKE2b from libsodium, key random per run
 * unless given) so equal secrets can be matched within one report while a
 * low-entropy value cannot be recovered from it. */
#ifndef UTIL_REDACT_H
#define UTIL_REDACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "util/strbuf.h"

#define REDACT_KEY_LEN 32
#define FINGERPRINT_LEN 12 /* hex digits shown of the keyed hash */

/* The ellipsis that stands for what was withheld: U+2026, or three dots
 * where text output goes to a locale that is not UTF-8 (JSON is always
 * UTF-8), so the mark is never escaped as if a process had sent it. */
#define REDACT_MARK_UTF8 "\xe2\x80\xa6"
#define REDACT_MARK_ASCII "..."

/* Where procsift's own REDACT_MARK_UTF8 sits in a string that may also
 * hold a process's bytes (a nested path in a finding's `where`): byte
 * offsets, so that text in a locale that is not UTF-8 can show "..."
 * there (the same 3 bytes) and still escape a process's own U+2026. A
 * mark past REDACT_MARKS_MAX or UINT16_MAX is not kept: it is escaped as
 * if a process had sent it, which is ugly but never hides anything. */
#define REDACT_MARKS_MAX 8
struct redact_marks {
	uint16_t off[REDACT_MARKS_MAX];
	uint8_t n;
};

/* Record a mark at off (see above for what is not kept). */
void redact_marks_add(struct redact_marks *m, size_t off);

struct redactor {
	unsigned char key[REDACT_KEY_LEN];
	bool reveal; /* --reveal: evidence is the secret itself */
	bool ascii;  /* marks as REDACT_MARK_ASCII (set by the caller) */
};

/* The ellipsis r writes (REDACT_MARK_UTF8 or REDACT_MARK_ASCII). */
const char *redact_mark(const struct redactor *r);

/* A random key (libsodium's CSPRNG), UTF-8 marks (set ascii after, for
 * text in a locale that is not UTF-8). Returns 0 or -EIO. */
int redactor_init_random(struct redactor *r, bool reveal);
/* A key from hex (16 to 64 hex digits, hashed to the key size), for
 * reports whose fingerprints must match across runs. Returns 0 or
 * -EINVAL. */
int redactor_init_hex(struct redactor *r, const char *hex, bool reveal);

/* Append the evidence for a secret: with reveal, the secret; else at most
 * its first 4 characters (none under 12 bytes) and redact_mark(r). */
void redact_evidence(const struct redactor *r, struct strbuf *sb,
		     const char *secret, size_t len);
/* Part of a value that is secret: bytes [off, off + len). */
struct redact_span {
	size_t off, len;
};
/* Append value with each span (in any order; overlapping and touching
 * ones merge) replaced by its redacted evidence, the rest as it is;
 * spans is sorted in place. */
void redact_spans(const struct redactor *red, struct strbuf *sb,
		  const char *value, size_t len, struct redact_span *spans,
		  size_t n);
/* redact_spans, and where procsift's own marks end up: the marks in value
 * (in, may be NULL) that no span reaches, and the marks of the redacted
 * evidence, as offsets from where this call began appending to sb. */
void redact_spans_marked(const struct redactor *red, struct strbuf *sb,
			 const char *value, size_t len,
			 struct redact_span *spans, size_t n,
			 const struct redact_marks *in,
			 struct redact_marks *out);

/* Append the marker that stands for n bytes withheld because they were
 * not judged (a judging cap was reached before them):
 * "…[not judged: N bytes withheld]" (the ellipsis is redact_mark(r)). The
 * same for environment values and command lines; --reveal shows the bytes
 * instead. */
void redact_withheld(const struct redactor *r, struct strbuf *sb, size_t n);

/* A fingerprint built from several pieces (a Secret's keys and values):
 * begin, add each piece, end. The same bytes added as one piece give the
 * same fingerprint as redact_fingerprint. */
struct redact_fp {
	crypto_generichash_state st;
	uint64_t seed;
};
void redact_fp_begin(const struct redactor *r, struct redact_fp *fp);
void redact_fp_add(struct redact_fp *fp, const void *buf, size_t len);
void redact_fp_end(struct redact_fp *fp, char out[FINGERPRINT_LEN + 1]);

/* Write FINGERPRINT_LEN hex digits and a NUL to out: the keyed hash of
 * the secret (see redact.c for values over 4 KiB). */
void redact_fingerprint(const struct redactor *r, const char *secret,
			size_t len, char out[FINGERPRINT_LEN + 1]);

#endif
