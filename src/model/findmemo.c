/* The keys of the findings a scheduled scan reported: open addressing on
 * a 128-bit hash of each key (a collision, which would hide a finding,
 * is not a risk worth the room of the keys' text), rebuilt at each
 * round's end with the keys that stay. */
#include "model/findmemo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "util/strbuf.h"
#include "util/u64set.h"
#include "util/xalloc.h"

struct memo_entry {
	XXH128_hash_t h; /* of the whole key, process included */
	pid_t pid;	 /* 0: a finding without a process */
	unsigned long long start_ticks;
	uint64_t first_round; /* reported first in it; 0: empty slot */
	uint64_t last_round;  /* reported last in it */
};

struct findmemo {
	struct memo_entry *slot;
	size_t cap, n;	    /* cap a power of two, n used */
	struct u64set seen; /* processes of this round, as proc_key() */
	uint64_t round;
	struct strbuf key; /* scratch for note() */
};

struct findmemo *findmemo_new(void)
{
	struct findmemo *m = xcalloc(1, sizeof(*m));
	u64set_init(&m->seen);
	strbuf_init(&m->key, 0);
	return m;
}

void findmemo_free(struct findmemo *m)
{
	if (!m)
		return;
	free(m->slot);
	u64set_release(&m->seen);
	strbuf_release(&m->key);
	free(m);
}

static uint64_t proc_key(pid_t pid, unsigned long long start_ticks)
{
	struct {
		int64_t pid;
		uint64_t start;
	} k = {pid, start_ticks};
	return XXH3_64bits(&k, sizeof(k));
}

void findmemo_round_begin(struct findmemo *m)
{
	m->round++;
	u64set_release(&m->seen);
	u64set_init(&m->seen);
}

void findmemo_saw(struct findmemo *m, pid_t pid, unsigned long long start_ticks)
{
	u64set_add(&m->seen, proc_key(pid, start_ticks));
}

static struct memo_entry *slot_for(struct memo_entry *slot, size_t cap,
				   XXH128_hash_t h)
{
	size_t i = (size_t)h.low64 & (cap - 1);
	while (slot[i].first_round && !XXH128_isEqual(slot[i].h, h))
		i = (i + 1) & (cap - 1);
	return &slot[i];
}

/* A table of at least twice want slots, holding the entries of m that
 * keep(): the only way entries move, so growing and forgetting are one. */
static void rebuild(struct findmemo *m, size_t want,
		    bool (*keep)(const struct findmemo *,
				 const struct memo_entry *))
{
	struct memo_entry *old = m->slot, *slot;
	size_t cap = 16, i, n = 0;
	while (cap < want * 2)
		cap *= 2;
	slot = xcalloc(cap, sizeof(*slot));
	for (i = 0; i < m->cap; i++)
		if (old[i].first_round && keep(m, &old[i])) {
			*slot_for(slot, cap, old[i].h) = old[i];
			n++;
		}
	free(old);
	m->slot = slot;
	m->cap = cap;
	m->n = n;
}

static bool keep_all(const struct findmemo *m, const struct memo_entry *e)
{
	(void)m;
	(void)e;
	return true;
}

/* Reported this round, or its process still there. */
static bool keep_live(const struct findmemo *m, const struct memo_entry *e)
{
	return e->last_round == m->round ||
	       (e->pid &&
		u64set_has(&m->seen, proc_key(e->pid, e->start_ticks)));
}

/* Each string with a byte saying whether it is there, then its NUL:
 * no two keys read alike. */
static void add_str(struct strbuf *sb, const char *s)
{
	strbuf_addch(sb, s ? 1 : 0);
	if (s)
		strbuf_add(sb, s, strlen(s) + 1);
}

bool findmemo_note(struct findmemo *m, const struct finding *f)
{
	struct memo_entry *e;
	int64_t pid = f->pid;
	uint64_t start = f->start_ticks;
	XXH128_hash_t h;
	strbuf_reset(&m->key);
	strbuf_add(&m->key, &pid, sizeof(pid));
	strbuf_add(&m->key, &start, sizeof(start));
	add_str(&m->key, f->judge);
	add_str(&m->key, f->rule);
	add_str(&m->key, f->where);
	add_str(&m->key, f->has_fingerprint ? f->fingerprint : NULL);
	h = XXH3_128bits(m->key.buf, m->key.len);
	if ((m->n + 1) * 2 > m->cap)
		rebuild(m, m->n + 1, keep_all);
	e = slot_for(m->slot, m->cap, h);
	if (!e->first_round) {
		e->h = h;
		e->pid = f->pid;
		e->start_ticks = f->start_ticks;
		e->first_round = m->round;
		m->n++;
	}
	e->last_round = m->round;
	return e->first_round == m->round;
}

size_t findmemo_round_end(struct findmemo *m)
{
	size_t i, n = 0;
	for (i = 0; i < m->cap; i++)
		n += m->slot[i].first_round && keep_live(m, &m->slot[i]);
	rebuild(m, n, keep_live);
	return m->n;
}
