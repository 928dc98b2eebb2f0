/* libFuzzer: the protobuf wire reader stays inside its buffer at every
 * nesting level, and the mvcc decoders on the same bytes return slices
 * of them. */
#include <stdint.h>
#include <stdlib.h>

#include "etcd/mvcc.h"
#include "etcd/pbwire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const uint8_t *buf, size_t len, int depth)
{
	struct pb_reader r;
	struct pb_field f;
	int ret;

	pb_init(&r, buf, len);
	while ((ret = pb_next(&r, &f)) > 0) {
		if (f.num < 1 || f.num > 0x1fffffff)
			abort();
		switch (f.wire) {
		case PB_BYTES:
			if (f.data < buf ||
			    f.len > (size_t)(buf + len - f.data))
				abort();
			if (depth < 8)
				walk(f.data, f.len, depth + 1);
			break;
		case PB_FIXED32:
			if (f.v > UINT32_MAX)
				abort();
			break;
		case PB_VARINT:
		case PB_FIXED64:
			break;
		default:
			abort();
		}
		if (r.p < buf || r.p > buf + len)
			abort();
	}
	if (ret < 0 && pb_next(&r, &f) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mvcc_rev rev;
	struct mvcc_kv kv;
	const uint8_t *p = data;
	uint64_t v;

	walk(data, size, 0);
	if (!pb_varint(&p, data + size, &v) &&
	    (p <= data || p > data + size || p - data > 10))
		abort();
	if (!mvcc_rev_parse(data, size, &rev) &&
	    (size < 17 || size > 18 || rev.tombstone != (size == 18)))
		abort();
	if (!mvcc_kv_parse(data, size, &kv)) {
		if (!kv.key || kv.key < data ||
		    kv.klen > (size_t)(data + size - kv.key))
			abort();
		if (kv.value && (kv.value < data ||
				 kv.vlen > (size_t)(data + size - kv.value)))
			abort();
	}
	return 0;
}
