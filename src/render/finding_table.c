/* Findings as a text table from their column table (finding_cols.c), by
 * default SEVERITY RULE PID COMMAND CONTAINER WHERE EVIDENCE, one row per
 * secret and place with the processes that share it (the row key also
 * names a finding's JSON group). */
#include "render/finding_view.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "render/colrow.h"
#include "render/longtable.h"
#include "render/table.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static uint64_t row_hash(const struct finding *f);

void finding_group(const struct finding *f, char out[13])
{
	snprintf(out, 13, "%012llx",
		 (unsigned long long)(row_hash(f) & 0xffffffffffffULL));
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* A row of the text table: the findings idx[first .. first + n) of the
 * list, which share rule, where and fingerprint. */
struct row {
	uint32_t first, n;
};

struct cell_ctx {
	const struct finding_list *l;
	const uint32_t *idx;
	const struct row *rows;
	bool ascii;	/* procsift's own marks in where as "..." */
	const int *sel; /* the shown columns */
};

/* Cell col of a row through its column's getter. */
static void finding_cell(size_t row, size_t col, struct strbuf *sb, void *arg)
{
	const struct cell_ctx *cc = arg;
	const struct row *r = &cc->rows[row];
	/* A copy of a few pointers from a store or an array: cheap, and
	 * safe on the two threads that may render pieces at once. */
	struct finding f;
	struct finding_row fr = {.f = &f,
				 .l = cc->l,
				 .idx = cc->idx + r->first,
				 .n = r->n,
				 .ascii = cc->ascii};
	cc->l->get(cc->l->src, cc->idx[r->first], &f);
	out_row_text(sb, &finding_cols[cc->sel[col]], &fr);
}

/* The SEVERITY cell's colour; no other cell has one. */
static enum out_color finding_color(size_t row, size_t col, void *arg)
{
	static const enum out_color by_sev[] = {
		[SEV_INFO] = OUT_COLOR_NONE,	     [SEV_LOW] = OUT_COLOR_BLUE,
		[SEV_MEDIUM] = OUT_COLOR_YELLOW,     [SEV_HIGH] = OUT_COLOR_RED,
		[SEV_CRITICAL] = OUT_COLOR_BOLD_RED,
	};
	const struct cell_ctx *cc = arg;
	struct finding f;
	if (cc->sel[col] != FC_SEVERITY)
		return OUT_COLOR_NONE;
	cc->l->get(cc->l->src, cc->idx[cc->rows[row].first], &f);
	return by_sev[f.severity];
}

/* The row key of finding i: rule, where, severity, and the fingerprint
 * (the message when there is none), hashed. */
static uint64_t row_hash(const struct finding *f)
{
	const char *tail = f->has_fingerprint ? f->fingerprint : f->message;
	uint64_t h = XXH3_64bits(f->rule, strlen(f->rule) + 1);
	/* Each piece seeds the next: rule, where, severity and the tail. */
	h = XXH3_64bits_withSeed(f->where, strlen(f->where) + 1, h);
	h += (uint64_t)f->severity * 2 + f->has_fingerprint;
	return tail ? XXH3_64bits_withSeed(tail, strlen(tail), h) : h;
}

/* The order of row keys (severity, rule, where, then fingerprint or
 * message): 0 when findings a and b belong in one row. */
static int cmp_key_row(const struct finding *a, const struct finding *b)
{
	int r;
	if (a->severity != b->severity)
		return a->severity < b->severity ? -1 : 1;
	if ((r = strcmp(a->rule, b->rule)) || (r = strcmp(a->where, b->where)))
		return r;
	if (a->has_fingerprint != b->has_fingerprint)
		return a->has_fingerprint ? 1 : -1;
	if (a->has_fingerprint)
		return strcmp(a->fingerprint, b->fingerprint);
	return cmp_str(a->message, b->message);
}

/* A finding's row hash, cut to 32 bits, and its position: eight bytes
 * a finding while rows are formed. */
struct keyed {
	uint32_t hash, pos;
};

/* By hash, by row key where hashes collide (so that a row's members
 * are always together), then by position (a row's first member is its
 * earliest in the list). */
static int cmp_keyed(const void *a, const void *b, void *arg)
{
	const struct finding_list *l = arg;
	const struct keyed *x = a, *y = b;
	struct finding f, g;
	int r;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	l->get(l->src, x->pos, &f);
	l->get(l->src, y->pos, &g);
	r = cmp_key_row(&f, &g);
	return r ? r : (x->pos > y->pos) - (x->pos < y->pos);
}

static int cmp_row(const void *a, const void *b, void *arg)
{
	const uint32_t *idx = arg;
	uint32_t x = idx[((const struct row *)a)->first];
	uint32_t y = idx[((const struct row *)b)->first];
	return (x > y) - (x < y);
}

/* Group a list into rows: idx gets the findings in row order, *rows the
 * rows (allocated here), in the order of their first member. The keys
 * are freed before the rows are made: the peak is what a list of tens of
 * thousands of findings costs. */
static size_t group_rows(const struct finding_list *l, uint32_t *idx,
			 struct row **rows)
{
	struct keyed *k = xcalloc(l->n, sizeof(*k));
	uint8_t *starts = NULL;
	struct finding f, g;
	size_t i, n = 0;
	for (i = 0; i < l->n; i++) {
		l->get(l->src, i, &f);
		k[i].hash = (uint32_t)row_hash(&f);
		k[i].pos = (uint32_t)i;
	}
	qsort_r(k, l->n, sizeof(*k), cmp_keyed, (void *)l);
	starts = xcalloc(l->n, 1);
	for (i = 0; i < l->n; i++) {
		idx[i] = k[i].pos;
		starts[i] = 1;
		if (i && k[i].hash == k[i - 1].hash) {
			l->get(l->src, idx[i - 1], &f);
			l->get(l->src, idx[i], &g);
			starts[i] = cmp_key_row(&f, &g) != 0;
		}
		n += starts[i];
	}
	free(k);
	*rows = xcalloc(n ? n : 1, sizeof(**rows));
	for (i = 0, n = 0; i < l->n; i++) {
		if (starts[i])
			(*rows)[n++] = (struct row){(uint32_t)i, 0};
		(*rows)[n - 1].n++;
	}
	free(starts);
	/* Rows in the order of their first member in the list. */
	qsort_r(*rows, n, sizeof(**rows), cmp_row, idx);
	return n;
}

int findings_print_text(const struct finding_text_opts *fo,
			const struct finding_list *l)
{
	struct out_table_opts o = {.fp = fo->fp,
				   .style = fo->style,
				   .ascii = fo->ascii,
				   .noheadings = fo->noheadings};
	uint32_t *idx = xcalloc(l->n ? l->n : 1, sizeof(*idx));
	struct row *rows = NULL;
	/* As out_table_new decides for the table's own marks (this caller
	 * is not told the locale). */
	struct cell_ctx cc = {
		.l = l,
		.idx = idx,
		.sel = fo->sel,
		.ascii = strcmp(nl_langinfo(CODESET), "UTF-8") != 0,
	};
	size_t i, nrows;
	int r;
	if (fo->group && l->n > 1) {
		nrows = group_rows(l, idx, &rows);
	} else {
		rows = xcalloc(l->n ? l->n : 1, sizeof(*rows));
		for (i = 0; i < l->n; i++) {
			idx[i] = (uint32_t)i;
			rows[i] = (struct row){(uint32_t)i, 1};
		}
		nrows = l->n;
	}
	cc.rows = rows;
	r = out_long_table(&o, finding_cols, fo->sel, fo->nsel, nrows,
			   finding_cell, finding_color, &cc);
	free(idx);
	free(rows);
	return r;
}
