/* Findings in chunks of compact records, their strings interned. */
#include "model/findstore.h"

#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "util/xalloc.h"

#define CHUNK_RECS 4096		/* records per chunk */
#define ARENA_CHUNK (64u << 10) /* bytes per string arena chunk */

/* What a finding says, apart from the process it is about: shared by
 * every process that reports the same (a variable inherited by a thousand
 * workers is one body). Interned strings are ids (0 for NULL); facts sit
 * in an extra block, 0 when the finding has none, and a body with facts
 * is never shared (facts describe one process). Rule, judge and tags are
 * pointers to strings the caller keeps (rule sets, judges' static ids,
 * ATT&CK ids): each combination is numbered as it comes. */
struct body {
	uint32_t source; /* index into sources: rule, judge and tags */
	uint32_t where, message, evidence, extra;
	uint32_t marks; /* where's marks as a string (marks_text) */
	uint32_t secret_len;
	unsigned char kind : 2, severity : 3, confidence : 2, has_fp : 1;
	uint8_t fp[FINGERPRINT_LEN / 2]; /* the hex digits as bytes */
};

/* A process findings are about: its pid, start time, and comm,
 * container and pod interned. */
struct proc {
	unsigned long long start_ticks;
	pid_t pid;
	uint32_t comm, container, pod;
	uint32_t ctr_name, ctr_image, pod_name, pod_ns;
};

_Static_assert(sizeof(struct body) <= 36, "a body stays small");
_Static_assert(KIND__COUNT <= 4 && SEV_CRITICAL < 8 && CONF_HIGH < 4,
	       "kind, severity and confidence fit their bits");

/* Who reported a finding, and its tags. */
struct source {
	const char *rule, *judge;
	const char *tags[FINDING_TAGS_MAX];
	size_t ntags;
};

/* One finding: which process, which body. Eight bytes is what each
 * finding of tens of thousands costs once bodies repeat. */
struct rec {
	uint32_t proc, body;
};

/* The facts of a finding that has any. */
struct extra {
	struct finding_fact facts[FINDING_FACTS_MAX];
	size_t nfacts;
};

/* An open-addressing table of 1-based ids (0 empty), size a power of
 * two: strings and bodies are interned through one each. */
struct idtable {
	uint32_t *slot;
	size_t size;
};

/* A growing array of fixed-size items in chunks of CHUNK_RECS that never
 * move: no copy and no doubled block while tens of thousands grow. */
struct chunked {
	char **chunk;
	size_t n, alloc;
};

struct findstore {
	struct chunked recs;
	/* Interned strings: id i is strs[i] (1-based; strs[0] unused). */
	char **strs;
	size_t nstrs, strs_alloc;
	struct idtable str_ids;
	char **arenas; /* chunks the strings live in */
	size_t narenas, arenas_alloc, arena_used;
	char **bigs; /* long strings, one block each */
	size_t nbigs, bigs_alloc;
	struct extra **extras; /* extras[k - 1] for extra id k */
	size_t nextras, extras_alloc;
	struct chunked bodies; /* body id k is item k - 1 */
	struct idtable body_ids;
	struct source *sources; /* index i is sources[i] */
	size_t nsources, sources_alloc;
	struct idtable source_ids; /* ids i + 1 */
	struct chunked procs;	   /* proc id k is item k - 1 */
	uint32_t last_proc;	   /* a process's findings come together */
	uint32_t *order; /* display order after findstore_sort, or NULL */
};

static void *chunked_at(const struct chunked *c, size_t i, size_t size)
{
	return c->chunk[i / CHUNK_RECS] + i % CHUNK_RECS * size;
}

/* A new zeroed item at the end of c. */
static void *chunked_add(struct chunked *c, size_t size)
{
	if (c->n % CHUNK_RECS == 0) {
		c->chunk = xgrow(c->chunk, &c->alloc, c->n / CHUNK_RECS + 1,
				 sizeof(*c->chunk));
		c->chunk[c->n / CHUNK_RECS] = xcalloc(CHUNK_RECS, size);
	}
	return chunked_at(c, c->n++, size);
}

static void chunked_free(struct chunked *c)
{
	size_t i;
	for (i = 0; i * CHUNK_RECS < c->n; i++)
		free(c->chunk[i]);
	free(c->chunk);
}

static void idtable_init(struct idtable *t)
{
	t->size = 1024;
	t->slot = xcalloc(t->size, sizeof(*t->slot));
}

/* The hash of id's key: a string's bytes or a body's. */
typedef uint64_t (*key_hash_fn)(const struct findstore *s, uint32_t id);

/* Double t when half full; ids are rehashed by their keys. */
static void idtable_grow(const struct findstore *s, struct idtable *t,
			 size_t used, key_hash_fn hash)
{
	size_t size = t->size * 2, i, h;
	uint32_t *slot;
	if (used * 2 <= t->size)
		return;
	slot = xcalloc(size, sizeof(*slot));
	for (i = 0; i < t->size; i++) {
		if (!t->slot[i])
			continue;
		h = hash(s, t->slot[i]) & (size - 1);
		while (slot[h])
			h = (h + 1) & (size - 1);
		slot[h] = t->slot[i];
	}
	free(t->slot);
	t->slot = slot;
	t->size = size;
}

struct findstore *findstore_new(void)
{
	struct findstore *s = xcalloc(1, sizeof(*s));
	idtable_init(&s->str_ids);
	idtable_init(&s->body_ids);
	idtable_init(&s->source_ids);
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
	chunked_free(&s->recs);
	chunked_free(&s->bodies);
	chunked_free(&s->procs);
	for (i = 0; i < s->narenas; i++)
		free(s->arenas[i]);
	free(s->arenas);
	for (i = 0; i < s->nbigs; i++)
		free(s->bigs[i]);
	free(s->bigs);
	free(s->strs);
	free(s->str_ids.slot);
	free(s->body_ids.slot);
	free(s->source_ids.slot);
	free(s->sources);
	for (i = 0; i < s->nextras; i++) {
		for (k = 0; k < s->extras[i]->nfacts; k++)
			free(s->extras[i]->facts[k].str);
		free(s->extras[i]);
	}
	free(s->extras);
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

static uint64_t str_hash(const struct findstore *s, uint32_t id)
{
	return XXH3_64bits(s->strs[id], strlen(s->strs[id]));
}

static uint32_t intern(struct findstore *s, const char *str)
{
	struct idtable *t = &s->str_ids;
	size_t len, h;
	if (!str)
		return 0;
	len = strlen(str);
	h = XXH3_64bits(str, len) & (t->size - 1);
	while (t->slot[h]) {
		if (!strcmp(s->strs[t->slot[h]], str))
			return t->slot[h];
		h = (h + 1) & (t->size - 1);
	}
	s->strs =
		xgrow(s->strs, &s->strs_alloc, s->nstrs + 1, sizeof(*s->strs));
	s->strs[s->nstrs] = arena_copy(s, str, len);
	t->slot[h] = (uint32_t)s->nstrs++;
	idtable_grow(s, t, s->nstrs, str_hash);
	return (uint32_t)(s->nstrs - 1);
}

static struct body *body_at(const struct findstore *s, uint32_t id)
{
	return chunked_at(&s->bodies, id - 1, sizeof(struct body));
}

static struct proc *proc_at(const struct findstore *s, uint32_t id)
{
	return chunked_at(&s->procs, id - 1, sizeof(struct proc));
}

static uint64_t body_hash(const struct findstore *s, uint32_t id)
{
	/* Bodies are zeroed before they are filled: padding hashes alike. */
	return XXH3_64bits(body_at(s, id), sizeof(struct body));
}

/* The table of bodies again, after findstore_sort dropped it. */
static void body_ids_rebuild(struct findstore *s)
{
	struct idtable *t = &s->body_ids;
	size_t id, h, n = 0;
	idtable_init(t);
	for (id = 1; id <= s->bodies.n; id++) {
		if (body_at(s, (uint32_t)id)->extra)
			continue;
		h = body_hash(s, (uint32_t)id) & (t->size - 1);
		while (t->slot[h])
			h = (h + 1) & (t->size - 1);
		t->slot[h] = (uint32_t)id;
		idtable_grow(s, t, ++n, body_hash);
	}
}

/* The id of body b: an equal one's if there is one (never for a body
 * with facts or tags), else b's, added. */
static uint32_t body_id(struct findstore *s, const struct body *b)
{
	struct idtable *t = &s->body_ids;
	size_t h;
	if (!t->slot)
		body_ids_rebuild(s);
	h = XXH3_64bits(b, sizeof(*b)) & (t->size - 1);
	while (!b->extra && t->slot[h]) {
		if (!memcmp(body_at(s, t->slot[h]), b, sizeof(*b)))
			return t->slot[h];
		h = (h + 1) & (t->size - 1);
	}
	*(struct body *)chunked_add(&s->bodies, sizeof(*b)) = *b;
	if (!b->extra) {
		t->slot[h] = (uint32_t)s->bodies.n;
		idtable_grow(s, t, s->bodies.n, body_hash);
	}
	return (uint32_t)s->bodies.n;
}

static uint64_t source_hash(const struct findstore *s, uint32_t id)
{
	return XXH3_64bits(&s->sources[id - 1], sizeof(struct source));
}

/* The index of f's (rule, judge, tags) among those seen: pointers
 * compared, not strings (they are a rule set's, the judges' own and
 * static). */
static uint32_t source_index(struct findstore *s, const struct finding *f)
{
	struct idtable *t = &s->source_ids;
	struct source x;
	size_t h;
	memset(&x, 0, sizeof(x));
	x.rule = f->rule;
	x.judge = f->judge;
	x.ntags = f->ntags < FINDING_TAGS_MAX ? f->ntags : FINDING_TAGS_MAX;
	memcpy(x.tags, f->tags, x.ntags * sizeof(x.tags[0]));
	h = XXH3_64bits(&x, sizeof(x)) & (t->size - 1);
	while (t->slot[h]) {
		const struct source *y = &s->sources[t->slot[h] - 1];
		if (!memcmp(y, &x, sizeof(x)))
			return t->slot[h] - 1;
		h = (h + 1) & (t->size - 1);
	}
	s->sources = xgrow(s->sources, &s->sources_alloc, s->nsources + 1,
			   sizeof(*s->sources));
	s->sources[s->nsources++] = x;
	t->slot[h] = (uint32_t)s->nsources;
	idtable_grow(s, t, s->nsources, source_hash);
	return (uint32_t)(s->nsources - 1);
}

static struct rec *rec_at(const struct findstore *s, size_t i)
{
	return chunked_at(&s->recs, i, sizeof(struct rec));
}

/* The id of the process f is about: the same as the last finding's,
 * usually. */
static uint32_t proc_id(struct findstore *s, const struct finding *f)
{
	struct proc p;
	memset(&p, 0, sizeof(p));
	p.start_ticks = f->start_ticks;
	p.pid = f->pid;
	p.comm = intern(s, f->comm);
	p.container = intern(s, f->container);
	p.pod = intern(s, f->pod_uid);
	p.ctr_name = intern(s, f->container_name);
	p.ctr_image = intern(s, f->container_image);
	p.pod_name = intern(s, f->pod_name);
	p.pod_ns = intern(s, f->pod_namespace);
	if (s->last_proc && !memcmp(proc_at(s, s->last_proc), &p, sizeof(p)))
		return s->last_proc;
	*(struct proc *)chunked_add(&s->procs, sizeof(p)) = p;
	return s->last_proc = (uint32_t)s->procs.n;
}

static uint8_t hexval(char c)
{
	return (uint8_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
}

/* f's facts in a block of their own (the fact strings move); 0 when it
 * has none. */
static uint32_t extra_id(struct findstore *s, struct finding *f)
{
	struct extra *x;
	if (!f->nfacts)
		return 0;
	x = xcalloc(1, sizeof(*x));
	memcpy(x->facts, f->facts, sizeof(x->facts));
	x->nfacts = f->nfacts;
	f->nfacts = 0;
	s->extras = xgrow(s->extras, &s->extras_alloc, s->nextras + 1,
			  sizeof(*s->extras));
	s->extras[s->nextras++] = x;
	return (uint32_t)s->nextras;
}

/* Marks as a string to intern: four hex digits an offset; "" for none
 * (interned as NULL, id 0). */
static void marks_text(const struct redact_marks *m, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t k, j;
	for (k = 0; k < m->n; k++)
		for (j = 0; j < 4; j++)
			*out++ = hex[m->off[k] >> (12 - 4 * j) & 15];
	*out = '\0';
}

static void marks_parse(const char *t, struct redact_marks *m)
{
	size_t j;
	m->n = 0;
	for (; t && t[0] && m->n < REDACT_MARKS_MAX; t += 4) {
		unsigned v = 0;
		for (j = 0; j < 4; j++)
			v = v << 4 | (unsigned)hexval(t[j]);
		m->off[m->n++] = (uint16_t)v;
	}
}

void findstore_add(struct findstore *s, struct finding *f)
{
	char marks[4 * REDACT_MARKS_MAX + 1];
	struct body b;
	struct rec *r;
	size_t i;
	free(s->order);
	s->order = NULL;
	memset(&b, 0, sizeof(b));
	b.source = source_index(s, f);
	b.where = intern(s, f->where);
	marks_text(&f->where_marks, marks);
	b.marks = marks[0] ? intern(s, marks) : 0;
	b.message = intern(s, f->message);
	b.evidence = intern(s, f->evidence);
	b.secret_len = (uint32_t)f->secret_len;
	b.kind = f->kind & 3;
	b.severity = f->severity & 7;
	b.confidence = f->confidence & 3;
	b.has_fp = f->has_fingerprint;
	for (i = 0; f->has_fingerprint && i < FINGERPRINT_LEN / 2; i++)
		b.fp[i] = (uint8_t)(hexval(f->fingerprint[2 * i]) << 4 |
				    hexval(f->fingerprint[2 * i + 1]));
	b.extra = extra_id(s, f);
	r = chunked_add(&s->recs, sizeof(*r));
	r->proc = proc_id(s, f);
	r->body = body_id(s, &b);
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
	return s->recs.n;
}

static const struct rec *at(const struct findstore *s, size_t i)
{
	return rec_at(s, s->order ? s->order[i] : i);
}

static void fp_text(const struct body *b, char out[FINGERPRINT_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	size_t i;
	for (i = 0; i < FINGERPRINT_LEN / 2; i++) {
		out[2 * i] = hex[b->fp[i] >> 4];
		out[2 * i + 1] = hex[b->fp[i] & 15];
	}
	out[FINGERPRINT_LEN] = '\0';
}

void findstore_get(const struct findstore *s, size_t i, struct finding *out)
{
	const struct rec *r = at(s, i);
	const struct proc *p = proc_at(s, r->proc);
	const struct body *b = body_at(s, r->body);
	memset(out, 0, sizeof(*out));
	out->kind = (enum finding_kind)b->kind;
	out->rule = s->sources[b->source].rule;
	out->judge = s->sources[b->source].judge;
	memcpy(out->tags, s->sources[b->source].tags, sizeof(out->tags));
	out->ntags = s->sources[b->source].ntags;
	out->severity = (enum severity)b->severity;
	out->confidence = (enum confidence)b->confidence;
	out->pid = p->pid;
	out->start_ticks = p->start_ticks;
	out->comm = s->strs[p->comm];
	out->container = s->strs[p->container];
	out->pod_uid = s->strs[p->pod];
	out->container_name = s->strs[p->ctr_name];
	out->container_image = s->strs[p->ctr_image];
	out->pod_name = s->strs[p->pod_name];
	out->pod_namespace = s->strs[p->pod_ns];
	out->where = s->strs[b->where];
	marks_parse(s->strs[b->marks], &out->where_marks);
	out->message = s->strs[b->message];
	out->evidence = s->strs[b->evidence];
	out->secret_len = b->secret_len;
	out->has_fingerprint = b->has_fp;
	if (b->has_fp)
		fp_text(b, out->fingerprint);
	if (b->extra) {
		const struct extra *x = s->extras[b->extra - 1];
		memcpy(out->facts, x->facts, sizeof(out->facts));
		out->nfacts = x->nfacts;
	}
}

static int cmp_order(const void *a, const void *b, void *arg)
{
	const struct findstore *s = arg;
	const struct rec *rx = rec_at(s, *(const uint32_t *)a);
	const struct rec *ry = rec_at(s, *(const uint32_t *)b);
	const struct body *x = body_at(s, rx->body);
	const struct body *y = body_at(s, ry->body);
	pid_t px = proc_at(s, rx->proc)->pid, py = proc_at(s, ry->proc)->pid;
	const char *wx = s->strs[x->where], *wy = s->strs[y->where];
	int r;
	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if (px != py)
		return px < py ? -1 : 1;
	r = strcmp(wx ? wx : "", wy ? wy : "");
	if (!r)
		r = strcmp(s->sources[x->source].rule,
			   s->sources[y->source].rule);
	/* Stable: adding order breaks ties. */
	return r ? r
		 : (*(const uint32_t *)a > *(const uint32_t *)b) -
			       (*(const uint32_t *)a < *(const uint32_t *)b);
}

void findstore_sort(struct findstore *s)
{
	uint32_t *o = xcalloc(s->recs.n ? s->recs.n : 1, sizeof(*o));
	size_t i;
	for (i = 0; i < s->recs.n; i++)
		o[i] = (uint32_t)i;
	free(s->order);
	s->order = NULL;
	/* Sorting comes when the findings are all in: the table that
	 * interns bodies goes (it is rebuilt if more come), so that it is
	 * not held while they are printed. */
	free(s->body_ids.slot);
	s->body_ids.slot = NULL;
	if (s->recs.n > 1)
		qsort_r(o, s->recs.n, sizeof(*o), cmp_order, s);
	s->order = o;
}
