/* etcd mvcc records: revision keys (big-endian main '_' sub ['t']) and
 * mvccpb.KeyValue values, decoded in place. */
#include "etcd/mvcc.h"

#include <errno.h>

#include "etcd/pbwire.h"

static int64_t be64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return (int64_t)v;
}

int mvcc_rev_parse(const uint8_t *k, size_t len, struct mvcc_rev *rev)
{
	if ((len != 17 && len != 18) || k[8] != '_' ||
	    (len == 18 && k[17] != 't'))
		return -EINVAL;
	rev->main = be64(k);
	rev->sub = be64(k + 9);
	rev->tombstone = len == 18;
	return 0;
}

int mvcc_kv_parse(const uint8_t *buf, size_t len, struct mvcc_kv *kv)
{
	struct pb_reader r;
	struct pb_field f;
	bool have_key = false;
	int ret;

	*kv = (struct mvcc_kv){0};
	pb_init(&r, buf, len);
	while ((ret = pb_next(&r, &f)) > 0) {
		/* A field with the wrong wire type is skipped as unknown,
		 * as protobuf decoders of a newer schema would. */
		if (f.wire == PB_BYTES && f.num == 1) {
			kv->key = f.data;
			kv->klen = f.len;
			have_key = true;
		} else if (f.wire == PB_BYTES && f.num == 5) {
			kv->value = f.data;
			kv->vlen = f.len;
		} else if (f.wire == PB_VARINT) {
			/* int64: a negative value is a 10-byte varint whose
			 * two's complement bits are the number. */
			int64_t v = (int64_t)f.v;

			if (f.num == 2)
				kv->create_revision = v;
			else if (f.num == 3)
				kv->mod_revision = v;
			else if (f.num == 4)
				kv->version = v;
			else if (f.num == 6)
				kv->lease = v;
		}
	}
	if (ret < 0 || !have_key)
		return -EINVAL;
	return 0;
}
