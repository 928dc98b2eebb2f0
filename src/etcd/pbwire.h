/* A reader of the protobuf wire format, for etcd's and Kubernetes'
 * messages. Pure: no allocation; every length is bounded by the enclosing
 * buffer, which may be hostile (freed pages, torn WAL records). */
#ifndef ETCD_PBWIRE_H
#define ETCD_PBWIRE_H

#include <stddef.h>
#include <stdint.h>

enum pb_wire {
	PB_VARINT = 0,
	PB_FIXED64 = 1,
	PB_BYTES = 2,
	PB_FIXED32 = 5,
};

struct pb_reader {
	const uint8_t *p, *end;
};

struct pb_field {
	uint32_t num; /* field number, >= 1 */
	enum pb_wire wire;
	uint64_t v;	     /* VARINT, FIXED64, FIXED32 values */
	const uint8_t *data; /* BYTES: borrowed from the buffer */
	size_t len;
};

void pb_init(struct pb_reader *r, const void *buf, size_t len);
/* The next field. Returns 1 with *f filled, 0 at the end of the buffer,
 * or -EINVAL when the rest is not a message (a varint over 10 bytes or
 * past the end, field number 0 or over 2^29-1, wire types 3, 4, 6, 7, a
 * length past the end). */
int pb_next(struct pb_reader *r, struct pb_field *f);
/* A varint at *p (advanced) before end. Returns 0 or -EINVAL. */
int pb_varint(const uint8_t **p, const uint8_t *end, uint64_t *out);

#endif
