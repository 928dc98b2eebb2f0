/* libFuzzer: the keyword prefilter against a naive search. The first
 * byte is the number of keywords (0..31); each is a length byte (0..15)
 * and that many bytes, and keyword k belongs to rule k / 2 (so rules
 * share hits). The rest is the text. Every rule id must be hit exactly
 * when one of its keywords occurs in the text, ASCII case folded, by
 * the trigram filter and by the bigram reference alike. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/prefilter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

#define MAX_KW 32
#define MAX_IDS (MAX_KW / 2)

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static int occurs(const uint8_t *kw, size_t klen, const uint8_t *t, size_t len)
{
	size_t i, j;
	if (!klen)
		return 0;
	for (i = 0; i + klen <= len; i++) {
		for (j = 0; j < klen && fold(t[i + j]) == fold(kw[j]); j++)
			;
		if (j == klen)
			return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *kw[MAX_KW];
	size_t klen[MAX_KW], nkw, i, off = 1;
	unsigned char hits[MAX_IDS + 1], want[MAX_IDS + 1];
	struct prefilter *pf;

	if (!size)
		return 0;
	nkw = data[0] % MAX_KW;
	for (i = 0; i < nkw && off < size; i++) {
		klen[i] = data[off++] % 16;
		if (klen[i] > size - off)
			klen[i] = size - off;
		kw[i] = data + off;
		off += klen[i];
	}
	nkw = i;
	pf = prefilter_new();
	for (i = 0; i < nkw; i++)
		prefilter_add(pf, (const char *)kw[i], klen[i],
			      (uint32_t)(i / 2));
	prefilter_build(pf);
	/* A sentinel past the last id must stay untouched. */
	memset(hits, 0, sizeof(hits));
	memset(want, 0, sizeof(want));
	prefilter_scan(pf, (const char *)data + off, size - off, hits);
	for (i = 0; i < nkw; i++)
		if (occurs(kw[i], klen[i], data + off, size - off))
			want[i / 2] = 1;
	for (i = 0; i <= MAX_IDS; i++)
		CHECK(hits[i] == want[i]);
	/* Scanning is read-only: twice gives the same. */
	memset(hits, 0, sizeof(hits));
	prefilter_scan(pf, (const char *)data + off, size - off, hits);
	CHECK(!memcmp(hits, want, sizeof(hits)));
	/* The portable trigram loop and the fallback find the same. */
	prefilter_force_scalar(pf);
	memset(hits, 0, sizeof(hits));
	prefilter_scan(pf, (const char *)data + off, size - off, hits);
	CHECK(!memcmp(hits, want, sizeof(hits)));
	prefilter_force_bigram(pf);
	memset(hits, 0, sizeof(hits));
	prefilter_scan(pf, (const char *)data + off, size - off, hits);
	CHECK(!memcmp(hits, want, sizeof(hits)));
	prefilter_free(pf);
	return 0;
}
