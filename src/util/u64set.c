/* A set of 64-bit values with open addressing and linear probing. */
#include "util/u64set.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void u64set_init(struct u64set *s)
{
	memset(s, 0, sizeof(*s));
}

void u64set_release(struct u64set *s)
{
	free(s->slot);
	memset(s, 0, sizeof(*s));
}

/* Values are often small consecutive numbers (revisions): mix them so
 * that they spread over the table. */
static size_t slot_of(uint64_t v, size_t cap)
{
	v ^= v >> 33;
	v *= 0xff51afd7ed558ccdull;
	v ^= v >> 33;
	return (size_t)v & (cap - 1);
}

static void insert(uint64_t *slot, size_t cap, uint64_t v)
{
	size_t i = slot_of(v, cap);
	while (slot[i] && slot[i] != v)
		i = (i + 1) & (cap - 1);
	slot[i] = v;
}

bool u64set_has(const struct u64set *s, uint64_t v)
{
	size_t i;
	if (!v)
		return s->has_zero;
	if (!s->cap)
		return false;
	for (i = slot_of(v, s->cap); s->slot[i]; i = (i + 1) & (s->cap - 1))
		if (s->slot[i] == v)
			return true;
	return false;
}

bool u64set_add(struct u64set *s, uint64_t v)
{
	if (!v) {
		bool was = s->has_zero;
		s->has_zero = true;
		return !was;
	}
	if (u64set_has(s, v))
		return false;
	if ((s->n + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64, i;
		uint64_t *slot = xcalloc(cap, sizeof(*slot));
		for (i = 0; i < s->cap; i++)
			if (s->slot[i])
				insert(slot, cap, s->slot[i]);
		free(s->slot);
		s->slot = slot;
		s->cap = cap;
	}
	insert(s->slot, s->cap, v);
	s->n++;
	return true;
}

uint64_t u64_hash(uint64_t h, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t i;
	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}
