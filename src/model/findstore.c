/* Findings in chunks of compact records, their strings interned. */
#include "model/findstore.h"

#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "util/xalloc.h"

#define CHUNK_RECS 4096		/* records per chunk */
#define ARENA_CHUNK (64u << 10) /* bytes per string arena chunk */

/* One finding, in 56 bytes. Interned strings are ids (0 for NULL); the
 * process's comm, container and pod are one interned triple; rule and
 * judge are indexes into the few distinct pointers seen; facts and tags
 * sit in an extra block, 0 when the finding has none. */
struct rec {
	unsigned long long start_ticks;
	pid_t pid;
	uint32_t proc, where, message, evidence, extra;
	uint32_t secret_len;
	uint16_t rule, judge;
	uint8_t kind, severity, confidence, has_fp;
	uint8_t fp[FINGERPRINT_LEN / 2]; /* the hex digits as bytes */
};

_Static_assert(sizeof(struct rec) <= 56, "a finding record stays small");

/* A process's comm, container and pod, interned together. */
struct procid {
	uint32_t comm, container, pod;
};

/* Facts and tags of a finding that has any. */
struct extra {
	struct finding_fact facts[FINDING_FACTS_MAX];
	size_t nfacts;
	const char *tags[FINDING_TAGS_MAX];
	size_t ntags;
};

struct findstore {
	struct rec **chunks;
	size_t n, nchunks, chunks_alloc;
	/* Interned strings: id i is strs[i] (1-based; strs[0] unused),
	 * found through an open-addressing table of ids. */
	char **strs;
	size_t nstrs, strs_alloc;
	uint32_t *table; /* ids; 0 empty; size a power of two */
	size_t table_size;
	char **arenas; /* chunks the strings live in */
	size_t narenas, arenas_alloc, arena_used;
	char **bigs; /* long strings, one block each */
	size_t nbigs, bigs_alloc;
	struct extra **extras; /* extras[k - 1] for extra id k */
	size_t nextras, extras_alloc;
	const char **ptrs; /* rule and judge pointers: index i is ptrs[i] */
	size_t nptrs, ptrs_alloc;
	struct procid *procs; /* procs[k - 1] for proc id k */
	size_t nprocs, procs_alloc;
	uint32_t last_proc; /* a process's findings come together */
	uint32_t *order;    /* display order after findstore_sort, or NULL */
};

struct findstore *findstore_new(void)
{
	struct findstore *s = xcalloc(1, sizeof(*s));
	s->table_size = 1024;
	s->table = xcalloc(s->table_size, sizeof(*s->table));
	s->strs = xgrow(s->strs, &s->strs_alloc, 1, sizeof(*s->strs));
	s->strs[0] = NULL;
	s->nstrs = 1;
	return s;
}

void findstore_free(struct findstore *s)
{
	size_t i, k;
	if (!s)
		return;
	for (i = 0; i < s->nchunks; i++)
		free(s->chunks[i]);
	free(s->chunks);
	for (i = 0; i < s->narenas; i++)
		free(s->arenas[i]);
	free(s->arenas);
	for (i = 0; i < s->nbigs; i++)
		free(s->bigs[i]);
	free(s->bigs);
	free(s->strs);
	free(s->table);
	for (i = 0; i < s->nextras; i++) {
		for (k = 0; k < s->extras[i]->nfacts; k++)
			free(s->extras[i]->facts[k].str);
		free(s->extras[i]);
	}
	free(s->extras);
	free(s->ptrs);
	free(s->procs);
	free(s->order);
	free(s);
}

static char *arena_copy(struct findstore *s, const char *str, size_t len)
{
	char *p;
	if (len + 1 > ARENA_CHUNK / 4) {
		/* A long string (a revealed key) gets a block of its own. */
		p = xmalloc(len + 1);
		s->bigs = xgrow(s->bigs, &s->bigs_alloc, s->nbigs + 1,
				sizeof(*s->bigs));
		s->bigs[s->nbigs++] = p;
	} else {
		if (!s->narenas || s->arena_used + len + 1 > ARENA_CHUNK) {
			s->arenas = xgrow(s->arenas, &s->arenas_alloc,
					  s->narenas + 1, sizeof(*s->arenas));
			s->arenas[s->narenas++] = xmalloc(ARENA_CHUNK);
			s->arena_used = 0;
		}
		p = s->arenas[s->narenas - 1] + s->arena_used;
		s->arena_used += len + 1;
	}
	memcpy(p, str, len);
	p[len] = '\0';
	return p;
}

static void rehash(struct findstore *s)
{
	size_t size = s->table_size * 2, i;
	uint32_t *t = xcalloc(size, sizeof(*t));
	for (i = 1; i < s->nstrs; i++) {
		size_t h = XXH3_64bits(s->strs[i], strlen(s->strs[i])) &
			   (size - 1);
		while (t[h])
			h = (h + 1) & (size - 1);
		t[h] = (uint32_t)i;
	}
	free(s->table);
	s->table = t;
	s->table_size = size;
}

static uint32_t intern(struct findstore *s, const char *str)
{
	size_t len, h;
	if (!str)
		return 0;
	len = strlen(str);
	h = XXH3_64bits(str, len) & (s->table_size - 1);
	while (s->table[h]) {
		const char *t = s->strs[s->table[h]];
		if (!strcmp(t, str))
			return s->table[h];
		h = (h + 1) & (s->table_size - 1);
	}
	s->strs =
		xgrow(s->strs, &s->strs_alloc, s->nstrs + 1, sizeof(*s->strs));
	s->strs[s->nstrs] = arena_copy(s, str, len);
	s->table[h] = (uint32_t)s->nstrs;
	if (++s->nstrs * 2 > s->table_size)
		rehash(s);
	return (uint32_t)(s->nstrs - 1);
}

static struct rec *rec_at(const struct findstore *s, size_t i)
{
	return &s->chunks[i / CHUNK_RECS][i % CHUNK_RECS];
}

static struct rec *rec_new(struct findstore *s)
{
	if (s->n == s->nchunks * CHUNK_RECS) {
		s->chunks = xgrow(s->chunks, &s->chunks_alloc, s->nchunks + 1,
				  sizeof(*s->chunks));
		s->chunks[s->nchunks++] =
			xcalloc(CHUNK_RECS, sizeof(struct rec));
	}
	return rec_at(s, s->n++);
}

/* The index of pointer p among those seen (rule ids and judge ids are few:
 * a linear search). */
static unsigned ptr_index(struct findstore *s, const char *p)
{
	size_t i;
	for (i = 0; i < s->nptrs; i++)
		if (s->ptrs[i] == p)
			return (unsigned)i;
	s->ptrs =
		xgrow(s->ptrs, &s->ptrs_alloc, s->nptrs + 1, sizeof(*s->ptrs));
	s->ptrs[s->nptrs] = p;
	return (unsigned)s->nptrs++;
}

/* The id of a process's (comm, container, pod): the same as the last
 * finding's, usually. */
static uint32_t proc_id(struct findstore *s, const struct finding *f)
{
	struct procid p = {intern(s, f->comm), intern(s, f->container),
			   intern(s, f->pod_uid)};
	if (s->last_proc && !memcmp(&s->procs[s->last_proc - 1], &p, sizeof(p)))
		return s->last_proc;
	s->procs = xgrow(s->procs, &s->procs_alloc, s->nprocs + 1,
			 sizeof(*s->procs));
	s->procs[s->nprocs++] = p;
	return s->last_proc = (uint32_t)s->nprocs;
}

static uint8_t hexval(char c)
{
	return (uint8_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
}

void findstore_add(struct findstore *s, struct finding *f)
{
	struct rec *r = rec_new(s);
	size_t i;
	free(s->order);
	s->order = NULL;
	r->rule = (uint16_t)ptr_index(s, f->rule);
	r->judge = (uint16_t)ptr_index(s, f->judge);
	r->start_ticks = f->start_ticks;
	r->pid = f->pid;
	r->proc = proc_id(s, f);
	r->where = intern(s, f->where);
	r->message = intern(s, f->message);
	r->evidence = intern(s, f->evidence);
	r->secret_len = (uint32_t)f->secret_len;
	r->kind = (uint8_t)f->kind;
	r->severity = (uint8_t)f->severity;
	r->confidence = (uint8_t)f->confidence;
	r->has_fp = f->has_fingerprint;
	for (i = 0; f->has_fingerprint && i < FINGERPRINT_LEN / 2; i++)
		r->fp[i] = (uint8_t)(hexval(f->fingerprint[2 * i]) << 4 |
				     hexval(f->fingerprint[2 * i + 1]));
	r->extra = 0;
	if (f->nfacts || f->ntags) {
		struct extra *x = xcalloc(1, sizeof(*x));
		memcpy(x->facts, f->facts, sizeof(x->facts));
		x->nfacts = f->nfacts;
		memcpy(x->tags, f->tags, sizeof(x->tags));
		x->ntags = f->ntags;
		f->nfacts = 0; /* the fact strings moved */
		s->extras = xgrow(s->extras, &s->extras_alloc, s->nextras + 1,
				  sizeof(*s->extras));
		s->extras[s->nextras++] = x;
		r->extra = (uint32_t)s->nextras;
	}
	finding_release(f);
}

void findstore_add_all(struct findstore *s, struct findings *l)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		findstore_add(s, &l->f[i]);
	l->n = 0;
}

size_t findstore_count(const struct findstore *s)
{
	return s->n;
}

static const struct rec *at(const struct findstore *s, size_t i)
{
	return rec_at(s, s->order ? s->order[i] : i);
}

static void fp_text(const struct rec *r, char out[FINGERPRINT_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	size_t i;
	for (i = 0; i < FINGERPRINT_LEN / 2; i++) {
		out[2 * i] = hex[r->fp[i] >> 4];
		out[2 * i + 1] = hex[r->fp[i] & 15];
	}
	out[FINGERPRINT_LEN] = '\0';
}

void findstore_get(const struct findstore *s, size_t i, struct finding *out)
{
	const struct rec *r = at(s, i);
	const struct procid *p = &s->procs[r->proc - 1];
	memset(out, 0, sizeof(*out));
	out->kind = (enum finding_kind)r->kind;
	out->rule = s->ptrs[r->rule];
	out->judge = s->ptrs[r->judge];
	out->severity = (enum severity)r->severity;
	out->confidence = (enum confidence)r->confidence;
	out->pid = r->pid;
	out->start_ticks = r->start_ticks;
	out->comm = s->strs[p->comm];
	out->container = s->strs[p->container];
	out->pod_uid = s->strs[p->pod];
	out->where = s->strs[r->where];
	out->message = s->strs[r->message];
	out->evidence = s->strs[r->evidence];
	out->secret_len = r->secret_len;
	out->has_fingerprint = r->has_fp;
	if (r->has_fp)
		fp_text(r, out->fingerprint);
	if (r->extra) {
		const struct extra *x = s->extras[r->extra - 1];
		memcpy(out->facts, x->facts, sizeof(out->facts));
		out->nfacts = x->nfacts;
		memcpy(out->tags, x->tags, sizeof(out->tags));
		out->ntags = x->ntags;
	}
}

enum severity findstore_severity(const struct findstore *s, size_t i)
{
	return (enum severity)at(s, i)->severity;
}

pid_t findstore_pid(const struct findstore *s, size_t i)
{
	return at(s, i)->pid;
}

const char *findstore_rule(const struct findstore *s, size_t i)
{
	return s->ptrs[at(s, i)->rule];
}

const char *findstore_where(const struct findstore *s, size_t i)
{
	const char *w = s->strs[at(s, i)->where];
	return w ? w : "";
}

const char *findstore_key_tail(const struct findstore *s, size_t i,
			       char buf[FINGERPRINT_LEN + 1])
{
	const struct rec *r = at(s, i);
	if (r->has_fp) {
		fp_text(r, buf);
		return buf;
	}
	return s->strs[r->message] ? s->strs[r->message] : "";
}

static int cmp_order(const void *a, const void *b, void *arg)
{
	const struct findstore *s = arg;
	const struct rec *x = rec_at(s, *(const uint32_t *)a);
	const struct rec *y = rec_at(s, *(const uint32_t *)b);
	const char *wx = s->strs[x->where], *wy = s->strs[y->where];
	int r;
	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	r = strcmp(wx ? wx : "", wy ? wy : "");
	if (!r)
		r = strcmp(s->ptrs[x->rule], s->ptrs[y->rule]);
	/* Stable: adding order breaks ties. */
	return r ? r
		 : (*(const uint32_t *)a > *(const uint32_t *)b) -
			       (*(const uint32_t *)a < *(const uint32_t *)b);
}

void findstore_sort(struct findstore *s)
{
	uint32_t *o = xcalloc(s->n ? s->n : 1, sizeof(*o));
	size_t i;
	for (i = 0; i < s->n; i++)
		o[i] = (uint32_t)i;
	free(s->order);
	s->order = NULL;
	if (s->n > 1)
		qsort_r(o, s->n, sizeof(*o), cmp_order, s);
	s->order = o;
}
