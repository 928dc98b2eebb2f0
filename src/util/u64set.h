/* A set of 64-bit values (hashes, revisions): open addressing, grows by
 * doubling. For dedupe in the etcd audit. */
#ifndef UTIL_U64SET_H
#define UTIL_U64SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct u64set {
	uint64_t *slot; /* 0 marks an empty slot; the value 0 is kept aside */
	size_t n, cap;
	bool has_zero;
};

void u64set_init(struct u64set *s);
void u64set_release(struct u64set *s);
/* Add v; returns true when it was not there yet. */
bool u64set_add(struct u64set *s, uint64_t v);
bool u64set_has(const struct u64set *s, uint64_t v);

/* FNV-1a 64 of len bytes, continuing from h (start with U64_HASH_INIT). */
#define U64_HASH_INIT 0xcbf29ce484222325ull
uint64_t u64_hash(uint64_t h, const void *buf, size_t len);

#endif
