/* etcd's mvcc records as stored in bbolt bucket "key": the revision key
 * and the mvccpb.KeyValue value. Pure decoders; pointers borrow from the
 * input. */
#ifndef ETCD_MVCC_H
#define ETCD_MVCC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mvcc_rev {
	int64_t main, sub;
	bool tombstone; /* 18-byte key ending in 't' */
};

/* Parse a revision key: 8 bytes big-endian main, '_', 8 bytes sub, and
 * an optional 't'. Returns 0 or -EINVAL (any other length or shape). */
int mvcc_rev_parse(const uint8_t *k, size_t len, struct mvcc_rev *rev);

struct mvcc_kv {
	const uint8_t *key; /* field 1 */
	size_t klen;
	int64_t create_revision, mod_revision, version, lease; /* 2, 3, 4, 6 */
	const uint8_t *value; /* field 5; NULL when absent (a tombstone) */
	size_t vlen;
};

/* Decode a KeyValue (fields in any order, unknown fields skipped). Returns
 * 0, or -EINVAL when it is not a message or has no key. */
int mvcc_kv_parse(const uint8_t *buf, size_t len, struct mvcc_kv *kv);

#endif
