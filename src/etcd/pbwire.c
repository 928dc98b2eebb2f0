/* The protobuf wire reader: varints, tags and length-delimited fields,
 * each bounded by the enclosing buffer. No allocation, since it runs once
 * per field of millions of records. */
#include "etcd/pbwire.h"

#include <errno.h>

void pb_init(struct pb_reader *r, const void *buf, size_t len)
{
	r->p = buf;
	/* NULL + 0 is undefined behaviour, and an empty value may be NULL. */
	r->end = len ? r->p + len : r->p;
}

/* The common one-byte case stays inline; longer ones take the loop. */
static inline int varint(const uint8_t **pp, const uint8_t *end, uint64_t *out)
{
	const uint8_t *p = *pp;
	uint64_t v = 0;
	unsigned i;

	if (p < end && !(*p & 0x80)) {
		*out = *p;
		*pp = p + 1;
		return 0;
	}
	for (i = 0; i < 10; i++) {
		uint8_t b;

		if (p >= end)
			return -EINVAL;
		b = *p++;
		/* The 10th byte holds bit 63 only: anything more overflows
		 * 64 bits, and a continuation makes it an 11-byte varint. */
		if (i == 9 && b > 1)
			return -EINVAL;
		v |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80)) {
			*out = v;
			*pp = p;
			return 0;
		}
	}
	return -EINVAL;
}

int pb_varint(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
	return varint(p, end, out);
}

int pb_next(struct pb_reader *r, struct pb_field *f)
{
	const uint8_t *p = r->p;
	uint64_t tag, v;

	if (p >= r->end)
		return 0;
	if (varint(&p, r->end, &tag) || (tag >> 3) == 0 ||
	    (tag >> 3) > 0x1fffffff)
		goto bad;
	f->num = (uint32_t)(tag >> 3);
	f->wire = (enum pb_wire)(tag & 7);
	f->data = NULL;
	f->len = 0;
	f->v = 0;
	switch (tag & 7) {
	case PB_VARINT:
		if (varint(&p, r->end, &f->v))
			goto bad;
		break;
	case PB_FIXED64:
		if (r->end - p < 8)
			goto bad;
		v = 0;
		for (int i = 7; i >= 0; i--)
			v = v << 8 | p[i];
		f->v = v;
		p += 8;
		break;
	case PB_FIXED32:
		if (r->end - p < 4)
			goto bad;
		f->v = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		p += 4;
		break;
	case PB_BYTES:
		if (varint(&p, r->end, &v) || v > (uint64_t)(r->end - p))
			goto bad;
		f->data = p;
		f->len = (size_t)v;
		p += v;
		break;
	default:
		/* 3 and 4 are the deprecated groups, 6 and 7 do not exist. */
		goto bad;
	}
	r->p = p;
	return 1;
bad:
	/* Stay stuck at the end so a caller that ignores the error cannot
	 * loop on it. */
	r->p = r->end;
	return -EINVAL;
}
