/* The etcd audit: the live tree of bucket "key", carving of unreachable
 * pages, the state of each revision, the findings, and the WAL. */
#include "etcd/audit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etcd/audit_impl.h"
#include "etcd/bbolt.h"
#include "etcd/pipe.h"
#include "etcd/wal.h"
#include "util/xalloc.h"

static void audit_init(struct audit *a, const struct etcd_audit_opts *o,
		       struct etcd_report *rep)
{
	memset(a, 0, sizeof(*a));
	a->o = o;
	a->rep = rep;
	strbuf_init(&a->sb, 256);
	strbuf_init(&a->where, 256);
	u64set_init(&a->recovered);
	u64set_init(&a->res_keys);
	u64set_init(&a->wal_seen);
}

static void audit_release(struct audit *a)
{
	free(a->leafbuf);
	strbuf_release(&a->sb);
	strbuf_release(&a->where);
	free(a->live);
	u64set_release(&a->recovered);
	u64set_release(&a->res_keys);
	u64set_release(&a->wal_seen);
}

/* Keys and revisions per resource, for --all-resources. */
static void count_resource(struct audit *a, const struct mvcc_kv *kv)
{
	struct etcd_report *rep = a->rep;
	struct k8s_key k;
	const char *pre = "", *res = "(other)";
	size_t plen = 0, rlen = 7, i;
	struct etcd_resource *e = NULL;
	if (!k8s_key_split(kv->key, kv->klen, &k)) {
		pre = k.prefix;
		plen = k.prefix_len;
		res = k.resource;
		rlen = k.resource_len;
	}
	for (i = 0; i < rep->nres && !e; i++)
		if (strlen(rep->res[i].prefix) == plen &&
		    !memcmp(rep->res[i].prefix, pre, plen) &&
		    strlen(rep->res[i].resource) == rlen &&
		    !memcmp(rep->res[i].resource, res, rlen))
			e = &rep->res[i];
	if (!e) {
		rep->res = xgrow(rep->res, &rep->res_alloc, rep->nres + 1,
				 sizeof(*rep->res));
		e = &rep->res[rep->nres++];
		memset(e, 0, sizeof(*e));
		e->prefix = xmemdup0(pre, plen);
		e->resource = xmemdup0(res, rlen);
	}
	e->revisions++;
	if (u64set_add(&a->res_keys,
		       u64_hash(U64_HASH_INIT, kv->key, kv->klen)))
		e->keys++;
}

static int on_live(const uint8_t *key, size_t klen, const uint8_t *val,
		   size_t vlen, uint64_t pgid, void *arg)
{
	struct audit *a = arg;
	struct mvcc_rev rev;
	struct mvcc_kv kv;
	(void)pgid;
	a->rep->items++;
	if (mvcc_rev_parse(key, klen, &rev) || mvcc_kv_parse(val, vlen, &kv)) {
		a->rep->bad_items++;
		return 0;
	}
	a->live =
		xgrow(a->live, &a->live_alloc, a->nlive + 1, sizeof(*a->live));
	a->live[a->nlive++] = rev;
	if (a->o->all_resources)
		count_resource(a, &kv);
	if (k8s_key_is_secret(kv.key, kv.klen))
		audit_add_secret(a, &rev, &kv, false, 0);
	return 0;
}

/* By (main, sub): one transaction gives several keys the same main
 * revision. */
static int cmp_rev(const void *x, const void *y)
{
	const struct mvcc_rev *a = x, *b = y;
	if (a->main != b->main)
		return a->main < b->main ? -1 : 1;
	return a->sub < b->sub ? -1 : a->sub > b->sub;
}

static bool in_live(const struct audit *a, const struct mvcc_rev *rev)
{
	return a->nlive &&
	       bsearch(rev, a->live, a->nlive, sizeof(*a->live), cmp_rev);
}

/* An item of a stale leaf: a revision the live tree no longer has is
 * reported once, from the first page it is found on. */
static int on_carved(const uint8_t *key, size_t klen, const uint8_t *val,
		     size_t vlen, uint64_t pgid, void *arg)
{
	struct audit *a = arg;
	struct mvcc_rev rev;
	struct mvcc_kv kv;
	uint64_t id;
	if (mvcc_rev_parse(key, klen, &rev) || mvcc_kv_parse(val, vlen, &kv))
		return 0;
	if (in_live(a, &rev) || !k8s_key_is_secret(kv.key, kv.klen))
		return 0;
	id = u64_hash(U64_HASH_INIT, key, klen);
	if (!u64set_add(&a->recovered, id))
		return 0;
	audit_add_secret(a, &rev, &kv, true, pgid);
	return 0;
}

static int cmp_key(const struct etcd_row *x, const struct etcd_row *y)
{
	if (x->key_len != y->key_len)
		return x->key_len < y->key_len ? -1 : 1;
	return memcmp(x->key, y->key, x->key_len);
}

static int cmp_row_ptr(const void *p, const void *q)
{
	const struct etcd_row *x = *(struct etcd_row *const *)p;
	const struct etcd_row *y = *(struct etcd_row *const *)q;
	int c = cmp_key(x, y);
	if (c)
		return c;
	if (x->revision != y->revision)
		return x->revision < y->revision ? -1 : 1;
	return x->sub < y->sub ? -1 : x->sub > y->sub;
}

/* Per key of the live tree: the newest revision is live unless it is a
 * tombstone, which makes every revision of the key deleted; older ones
 * are superseded. Recovered rows learn their key's newest revision. */
static void set_states(struct etcd_report *rep)
{
	struct etcd_row **v = xcalloc(rep->nrows + 1, sizeof(*v));
	size_t n = 0, i, j, k;
	for (i = 0; i < rep->nrows; i++)
		if (rep->rows[i].state != ETCD_RECOVERED)
			v[n++] = &rep->rows[i];
	qsort(v, n, sizeof(*v), cmp_row_ptr);
	for (i = 0; i < n; i = j) {
		const struct etcd_row *newest;
		for (j = i + 1; j < n && !cmp_key(v[i], v[j]); j++)
			;
		newest = v[j - 1];
		for (k = i; k < j; k++) {
			v[k]->newest = newest->revision;
			v[k]->state = newest->tombstone ? ETCD_DELETED
				      : k == j - 1	? ETCD_LIVE
							: ETCD_SUPERSEDED;
		}
	}
	for (i = 0; i < rep->nrows; i++) {
		struct etcd_row *w = &rep->rows[i], **hit;
		size_t lo = 0, hi = n;
		if (w->state != ETCD_RECOVERED)
			continue;
		while (lo < hi) { /* the last live-tree row of w's key */
			size_t mid = lo + (hi - lo) / 2;
			if (cmp_key(v[mid], w) <= 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		hit = lo ? &v[lo - 1] : NULL;
		if (hit && !cmp_key(*hit, w))
			w->newest = (*hit)->revision;
	}
	free(v);
}

static void reset_report(struct etcd_report *rep)
{
	struct etcd_report keep = *rep;
	/* Keep what the caller set; drop what the walk found. */
	keep.rows = NULL;
	keep.nrows = keep.alloc = 0;
	keep.res = NULL;
	keep.nres = keep.res_alloc = 0;
	memset(&keep.findings, 0, sizeof(keep.findings));
	keep.items = keep.bad_items = 0;
	rep->comm = NULL;
	rep->db = NULL;
	rep->wal = NULL;
	rep->nwal = 0;
	etcd_report_release(rep);
	*rep = keep;
}

struct produce_arg {
	struct bolt_db *db;
	char *err;
	size_t errlen;
};

/* The walk reads the tree; leaves with overflow pages (large values, the
 * bulk of a big database) are read by the decoding threads themselves. */
static int produce_walk(const struct pipe_emit *e, void *arg)
{
	struct produce_arg *pa = arg;
	return bolt_walk_bucket_split(pa->db, "key", e->item, e->leaf, e->arg,
				      pa->err, pa->errlen);
}

static int produce_carve(const struct pipe_emit *e, void *arg)
{
	struct produce_arg *pa = arg;
	return bolt_carve(pa->db, e->item, e->arg);
}

/* A big leaf handed over by the walk: read it here and decode its items. */
static int on_leaf(uint64_t pgid, const uint8_t *page, uint32_t overflow,
		   void *arg)
{
	struct audit *a = arg;
	return bolt_read_leaf(a->fd, a->page_size, pgid, page, overflow,
			      &a->leafbuf, &a->leafalloc, on_live, a, a->err,
			      sizeof(a->err));
}

/* Decoding threads for the walk: two cores are the common case, and the
 * page reading thread needs little. */
#define WALK_CONSUMERS 2

/* Move what a second decoding thread found into a's report. */
static void merge(struct audit *a, struct audit *b)
{
	struct etcd_report *to = a->rep, *from = b->rep;
	size_t i;
	for (i = 0; i < from->nrows; i++)
		*etcd_report_add_row(to) = from->rows[i];
	from->nrows = 0;
	for (i = 0; i < from->findings.n; i++)
		*findings_add(&to->findings) = from->findings.f[i];
	from->findings.n = 0;
	to->items += from->items;
	to->bad_items += from->bad_items;
	for (i = 0; i < b->nlive; i++) {
		a->live = xgrow(a->live, &a->live_alloc, a->nlive + 1,
				sizeof(*a->live));
		a->live[a->nlive++] = b->live[i];
	}
}

/* The walk on several decoding threads; each has its own audit state and
 * report, merged afterwards (rows and findings are sorted later anyway).
 * Counting per resource shares state, so it keeps to one thread. */
static int walk(struct audit *a, struct produce_arg *pa)
{
	struct etcd_report side[WALK_CONSUMERS];
	struct audit aside[WALK_CONSUMERS];
	void *cargs[WALK_CONSUMERS] = {a};
	size_t n = a->o->all_resources ? 1 : WALK_CONSUMERS, i;
	int r;
	a->fd = pa->db->fd;
	a->page_size = pa->db->page_size;
	for (i = 1; i < n; i++) {
		etcd_report_init(&side[i]);
		/* Borrowed for the findings' process fields. */
		side[i].pid = a->rep->pid;
		side[i].start_ticks = a->rep->start_ticks;
		side[i].comm = a->rep->comm;
		audit_init(&aside[i], a->o, &side[i]);
		aside[i].fd = a->fd;
		aside[i].page_size = a->page_size;
		cargs[i] = &aside[i];
	}
	r = item_pipe_run(produce_walk, pa, on_live, on_leaf, pa->db->page_size,
			  cargs, n);
	/* A leaf a decoding thread found corrupt says why in its own err. */
	for (i = 0; r && i < n && !pa->err[0]; i++)
		if (((struct audit *)cargs[i])->err[0])
			snprintf(pa->err, pa->errlen, "%s",
				 ((struct audit *)cargs[i])->err);
	for (i = 1; i < n; i++) {
		merge(a, &aside[i]);
		audit_release(&aside[i]);
		side[i].comm = NULL;
		etcd_report_release(&side[i]);
	}
	return r;
}

/* Reading pages and decoding what is on them overlap: the walk and the
 * carve read on a thread of their own (src/etcd/pipe.c). */
static int audit_once(struct audit *a, struct bolt_db *db, char *err,
		      size_t errlen)
{
	struct produce_arg pa = {db, err, errlen};
	struct bolt_stats st;
	void *one[1] = {a};
	int r = walk(a, &pa);
	/* A sound bbolt file of another program (Vault, Consul): not
	 * etcd's, rather than a damaged one. */
	if (r == -ENOENT)
		snprintf(err, errlen,
			 "a bbolt file without etcd's bucket \"key\"");
	if (r)
		return r == -ENOENT ? -EMEDIUMTYPE : r;
	if (a->nlive > 1)
		qsort(a->live, a->nlive, sizeof(*a->live), cmp_rev);
	/* One decoding thread: carving dedupes against what it found. */
	if (a->o->carve && (r = item_pipe_run(produce_carve, &pa, on_carved,
					      NULL, db->page_size, one, 1)))
		return r;
	bolt_get_stats(db, &st);
	a->rep->pages_reachable = st.reachable;
	a->rep->pages_free = st.free;
	a->rep->pages_past_hwm = st.past_hwm;
	a->rep->stale_leaves = st.stale_leaves;
	return 0;
}

static int cmp_finding(const void *p, const void *q)
{
	const struct finding *x = p, *y = q;
	int c;
	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	c = strcmp(x->where, y->where);
	return c ? c : strcmp(x->rule, y->rule);
}

void etcd_findings_sort(struct etcd_report *rep)
{
	if (rep->findings.n > 1)
		qsort(rep->findings.f, rep->findings.n,
		      sizeof(*rep->findings.f), cmp_finding);
}

/* Reads of a database that changes under the walk, at most. */
#define ETCD_ATTEMPTS 5

int etcd_audit_db(int fd, const struct etcd_audit_opts *o,
		  struct etcd_report *rep, char *err, size_t errlen)
{
	struct bolt_db db;
	struct audit a;
	bool moved = false;
	int r, attempt, rr;
	size_t i;
	r = bolt_open(&db, fd, err, errlen);
	if (r)
		goto out;
	for (attempt = 1;; attempt++) {
		audit_init(&a, o, rep);
		rep->size = db.size;
		rep->page_size = db.page_size;
		rep->txid = db.meta[db.chosen].txid;
		rep->hwm = db.meta[db.chosen].pgid;
		err[0] = '\0';
		r = audit_once(&a, &db, err, errlen);
		rr = bolt_recheck(&db, &moved, err, errlen);
		if (rr) {
			r = rr;
			break;
		}
		if (!moved)
			break; /* r stands: 0, or what is wrong with the file */
		/* A live etcd committed while we read: pages we walked may
		 * have been reused, which can also look like corruption. */
		if (attempt == ETCD_ATTEMPTS) {
			if (!r) {
				rep->moved = true;
				break;
			}
			snprintf(err, errlen,
				 "changed %d times while it was read (etcd is "
				 "writing fast): run again, or read a copy "
				 "(etcdctl snapshot save)",
				 ETCD_ATTEMPTS);
			r = -EAGAIN;
			break;
		}
		audit_release(&a);
		reset_report(rep);
		rep->retried = true;
	}
	if (!r) {
		set_states(rep);
		for (i = 0; i < rep->nrows; i++)
			if (etcd_row_severity(&rep->rows[i]) >= 0)
				rep->rows[i].nfindings++;
		etcd_findings_sort(rep);
	}
	audit_release(&a);
out:
	bolt_release(&db);
	return r;
}

struct wal_walk {
	struct audit a;
	const char *path;
};

static int on_wal_put(const struct wal_put *p, void *arg)
{
	struct wal_walk *ww = arg;
	struct audit *a = &ww->a;
	struct etcd_report *rep = a->rep;
	struct k8s_secret s;
	struct finding *f;
	char fp[FINGERPRINT_LEN + 1];
	size_t len;
	uint64_t h;
	rep->wal_puts++;
	if (!k8s_key_is_secret(p->key, p->klen))
		return 0;
	rep->wal_secret_puts++;
	k8s_secret_decode_borrow(p->value, p->vlen, &s);
	if (!audit_is_plaintext(&s))
		goto out;
	strbuf_reset(&a->where);
	audit_data_evidence(a, &s, fp, &len, &a->where);
	h = u64_hash(u64_hash(U64_HASH_INIT, p->key, p->klen), fp, sizeof(fp));
	if (!u64set_add(&a->wal_seen, h))
		goto out;
	rep->wal_plaintext++;
	f = audit_finding(a, ETCD_RULE_WAL, SEV_HIGH);
	/* Bytes no CRC vouches for may be damage or a plant: still shown,
	 * since they may be all that is left of a Secret. */
	if (p->untrusted) {
		f->confidence = CONF_LOW;
		rep->wal_untrusted++;
	}
	f->evidence = xmemdup0(a->where.buf ? a->where.buf : "", a->where.len);
	f->secret_len = len;
	memcpy(f->fingerprint, fp, sizeof(fp));
	strbuf_reset(&a->sb);
	strbuf_addstr(&a->sb, "etcd-wal:");
	strbuf_add(&a->sb, p->key, p->klen);
	strbuf_addf(&a->sb, "@index %llu", (unsigned long long)p->index);
	f->where = xmemdup0(a->sb.buf, a->sb.len);
	strbuf_reset(&a->sb);
	strbuf_addf(&a->sb,
		    "Secret %s%s%s written in plaintext to the WAL %s "
		    "(raft index %llu), type %s",
		    s.ns ? s.ns : "", s.ns ? "/" : "", s.name ? s.name : "?",
		    ww->path, (unsigned long long)p->index,
		    s.type ? s.type : "?");
	if (p->untrusted)
		strbuf_addstr(&a->sb, "; read after a WAL record whose CRC "
				      "did not match: untrusted");
	f->message = xmemdup0(a->sb.buf, a->sb.len);
out:
	k8s_secret_release(&s);
	return 0;
}

int etcd_audit_wal(const int *fds, char *const *paths, size_t n,
		   const struct etcd_audit_opts *o, struct etcd_report *rep)
{
	struct wal_walk ww;
	size_t i;
	int r = 0;
	audit_init(&ww.a, o, rep);
	free(rep->wal_files);
	rep->wal_files = xcalloc(n + 1, sizeof(*rep->wal_files));
	for (i = 0; i < n; i++) {
		struct etcd_wal_file *wf = &rep->wal_files[i];
		struct wal_stats st;
		memset(&st, 0, sizeof(st));
		ww.path = paths[i];
		wf->err = wal_scan(fds[i], on_wal_put, &ww, &st);
		wf->size = st.size;
		wf->records = st.records;
		wf->crc_errors = st.crc_errors;
		wf->first_bad_crc = st.first_bad_crc;
		wf->torn = st.torn;
		rep->wal_crc_errors += st.crc_errors;
		rep->wal_torn = rep->wal_torn || st.torn;
		if (!r)
			r = wf->err;
	}
	audit_release(&ww.a);
	etcd_findings_sort(rep);
	return r;
}
