/* Redaction and keyed fingerprints. */
#include "util/redact.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <xxhash.h>

#include "util/sanitize.h"

int redactor_init_random(struct redactor *r, bool reveal)
{
	if (sodium_init() < 0)
		return -EIO;
	randombytes_buf(r->key, sizeof(r->key));
	r->reveal = reveal;
	r->ascii = false;
	return 0;
}

int redactor_init_hex(struct redactor *r, const char *hex, bool reveal)
{
	unsigned char raw[64];
	size_t len = 0;
	if (sodium_init() < 0)
		return -EIO;
	if (sodium_hex2bin(raw, sizeof(raw), hex, strlen(hex), NULL, &len,
			   NULL) ||
	    len < 8 || len > 32 || strlen(hex) != 2 * len)
		return -EINVAL;
	/* Any length of key material becomes a full-size key. */
	crypto_generichash(r->key, sizeof(r->key), raw, len, NULL, 0);
	sodium_memzero(raw, sizeof(raw));
	r->reveal = reveal;
	r->ascii = false;
	return 0;
}

const char *redact_mark(const struct redactor *r)
{
	return r->ascii ? REDACT_MARK_ASCII : REDACT_MARK_UTF8;
}

void redact_evidence(const struct redactor *r, struct strbuf *sb,
		     const char *secret, size_t len)
{
	if (r->reveal) {
		strbuf_add(sb, secret, len);
		return;
	}
	strbuf_add(sb, secret, len >= 12 ? utf8_prefix_len(secret, len, 4) : 0);
	strbuf_addstr(sb, redact_mark(r));
}

void redact_withheld(const struct redactor *r, struct strbuf *sb, size_t n)
{
	strbuf_addf(sb, "%s[not judged: %zu byte%s withheld]", redact_mark(r),
		    n, n == 1 ? "" : "s");
}

/* Over this many bytes, a value is first reduced to a 128-bit XXH3
 * digest (seeded from the key), and the keyed BLAKE2b covers the digest
 * and the length: equal values still match, the fingerprint stays keyed
 * (nothing can be checked against it without the key), and a 100 KiB
 * value costs microseconds instead of a tenth of a millisecond. Small
 * values, where guessing is the risk, go to BLAKE2b whole. */
#define FP_DIRECT_MAX 4096

static uint64_t seed_of(const struct redactor *r)
{
	uint64_t seed;
	memcpy(&seed, r->key, sizeof(seed));
	return seed;
}

void redact_fp_begin(const struct redactor *r, struct redact_fp *fp)
{
	crypto_generichash_init(&fp->st, r->key, sizeof(r->key),
				crypto_generichash_BYTES_MIN);
	fp->seed = seed_of(r);
}

void redact_fp_add(struct redact_fp *fp, const void *buf, size_t len)
{
	if (len > FP_DIRECT_MAX) {
		unsigned char d[24];
		XXH128_hash_t h = XXH3_128bits_withSeed(buf, len, fp->seed);
		uint64_t n = len;
		memcpy(d, &h.low64, 8);
		memcpy(d + 8, &h.high64, 8);
		memcpy(d + 16, &n, 8);
		crypto_generichash_update(&fp->st, d, sizeof(d));
		return;
	}
	crypto_generichash_update(&fp->st, buf, len);
}

void redact_fp_end(struct redact_fp *fp, char out[FINGERPRINT_LEN + 1])
{
	/* BLAKE2b gives at least 16 bytes; the report keeps the first 6. */
	unsigned char h[crypto_generichash_BYTES_MIN];
	crypto_generichash_final(&fp->st, h, sizeof(h));
	sodium_bin2hex(out, FINGERPRINT_LEN + 1, h, FINGERPRINT_LEN / 2);
}

void redact_fingerprint(const struct redactor *r, const char *secret,
			size_t len, char out[FINGERPRINT_LEN + 1])
{
	struct redact_fp fp;
	redact_fp_begin(r, &fp);
	redact_fp_add(&fp, secret, len);
	redact_fp_end(&fp, out);
}

static int cmp_span(const void *a, const void *b)
{
	const struct redact_span *x = a, *y = b;
	return (x->off > y->off) - (x->off < y->off);
}

void redact_marks_add(struct redact_marks *m, size_t off)
{
	if (m->n < REDACT_MARKS_MAX && off <= UINT16_MAX)
		m->off[m->n++] = (uint16_t)off;
}

/* Append value[from, to) and the marks of in that lie whole inside it. */
static void copy_marked(struct strbuf *sb, size_t base, const char *value,
			size_t from, size_t to, const struct redact_marks *in,
			struct redact_marks *out)
{
	size_t k, at = sb->len - base;
	strbuf_add(sb, value + from, to - from);
	for (k = 0; in && out && k < in->n; k++)
		if (in->off[k] >= from && in->off[k] + 3u <= to)
			redact_marks_add(out, at + (in->off[k] - from));
}

void redact_spans(const struct redactor *red, struct strbuf *sb,
		  const char *value, size_t len, struct redact_span *spans,
		  size_t n)
{
	redact_spans_marked(red, sb, value, len, spans, n, NULL, NULL);
}

void redact_spans_marked(const struct redactor *red, struct strbuf *sb,
			 const char *value, size_t len,
			 struct redact_span *spans, size_t n,
			 const struct redact_marks *in,
			 struct redact_marks *out)
{
	size_t at = 0, i = 0, base = sb->len;
	if (n)
		qsort(spans, n, sizeof(*spans), cmp_span);
	while (i < n) {
		size_t off = spans[i].off, end = off + spans[i].len;
		if (off > len)
			break;
		/* Overlapping and touching spans are one secret. */
		for (i++; i < n && spans[i].off <= end; i++)
			if (spans[i].off + spans[i].len > end)
				end = spans[i].off + spans[i].len;
		if (end > len)
			end = len;
		copy_marked(sb, base, value, at, off, in, out);
		redact_evidence(red, sb, value + off, end - off);
		if (out && !red->reveal && !red->ascii)
			redact_marks_add(out, sb->len - base - 3);
		at = end;
	}
	copy_marked(sb, base, value, at, len, in, out);
}
