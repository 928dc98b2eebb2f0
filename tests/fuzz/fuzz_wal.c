/* libFuzzer: the etcd WAL reader over a buffer reports only keys and
 * values inside that buffer, stops where it says it stopped, and counts
 * what it reported; CRC mismatches are counted among the records read. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "etcd/wal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_state {
	const uint8_t *buf;
	size_t size;
	uint64_t calls;
	uint64_t stop_at; /* 0: never stop */
	unsigned sum;	  /* touches every byte, for ASan */
};

static void inside(const struct fuzz_state *s, const uint8_t *p, size_t n)
{
	if (n == 0)
		return;
	if (p < s->buf || n > s->size || (size_t)(p - s->buf) > s->size - n)
		abort();
}

static int check_put(const struct wal_put *p, void *arg)
{
	struct fuzz_state *s = arg;

	if (!p->key || p->klen == 0 || !p->value)
		abort();
	inside(s, p->key, p->klen);
	inside(s, p->value, p->vlen);
	if (p->offset >= s->size)
		abort();
	for (size_t i = 0; i < p->klen; i++)
		s->sum += p->key[i];
	for (size_t i = 0; i < p->vlen; i++)
		s->sum += p->value[i];
	s->calls++;
	return s->calls == s->stop_at ? 5 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_state s = {.buf = data, .size = size};
	struct wal_stats st;
	int ret;

	/* Odd sizes also exercise the callback's stop. */
	s.stop_at = size & 1 ? 1 : 0;
	ret = wal_scan_buf(data, size, check_put, &s, &st);
	/* Not a WAL: said only when not one record was read. */
	if (ret == -EMEDIUMTYPE && (st.records || s.calls))
		abort();
	if (ret != 0 && ret != -EMEDIUMTYPE &&
	    !(ret == 5 && s.stop_at && s.calls == s.stop_at))
		abort();
	if (st.crc_errors > st.records ||
	    (st.crc_errors && st.first_bad_crc >= st.end) || st.size != size)
		abort();
	if (st.puts != s.calls || st.end > size || st.entries > st.records)
		abort();
	if (ret == 5 && st.torn)
		abort();
	/* Frames are at least 8 bytes each. */
	if (st.records > st.end / 8)
		abort();
	return 0;
}
