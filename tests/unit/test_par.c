/* The two-thread machinery: out/par.c (pieces rendered on two threads,
 * written in order), out/longtable.c (long tables in pieces that line
 * up) and etcd/pipe.c (items from a producer thread to consumers). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "etcd/pipe.h"
#include "render/longtable.h"
#include "render/par.h"
#include "util/strbuf.h"

static void render_numbers(size_t start, size_t end, struct strbuf *sb,
			   void *arg)
{
	size_t i;
	(void)arg;
	for (i = start; i < end; i++)
		strbuf_addf(sb, "%zu\n", i);
}

/* Everything written to a temporary file, read back. */
static char *slurp(FILE *fp, size_t *len)
{
	char *buf;
	long n;
	fflush(fp);
	n = ftell(fp);
	cr_assert_geq(n, 0);
	buf = malloc((size_t)n + 1);
	rewind(fp);
	cr_assert_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

Test(par, pieces_in_order)
{
	static const size_t sizes[] = {0, 1, 6, 7, 8, 20, 10000};
	size_t k;
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		struct strbuf want = STRBUF_INIT;
		FILE *fp = tmpfile();
		size_t len;
		char *got;
		render_numbers(0, sizes[k], &want, NULL);
		cr_assert_eq(
			out_par_write(fp, sizes[k], 7, render_numbers, NULL),
			0);
		got = slurp(fp, &len);
		cr_assert_eq(len, want.len, "n=%zu: %zu bytes, want %zu",
			     sizes[k], len, want.len);
		cr_assert(!memcmp(got, want.buf ? want.buf : "", len),
			  "n=%zu: out of order", sizes[k]);
		free(got);
		fclose(fp);
		strbuf_release(&want);
	}
}

static const struct out_col cols[] = {
	{"name", "NAME", "name", 10, 0, "", .alias = NULL},
	{"n", "N", "n", 3, OUT_COL_RIGHT, "", .alias = NULL},
	{"tail", "TAIL", "tail", 10, 0, "", .alias = NULL},
};

static void cell(size_t row, size_t col, struct strbuf *sb, void *arg)
{
	(void)arg;
	if (col == 0) /* widths that vary, the widest deep in the list */
		strbuf_addf(sb, "r%zu%s", row, row == 4321 ? "-widest" : "");
	else if (col == 1)
		strbuf_addf(sb, "%zu", row * 7);
	else
		strbuf_addstr(sb, row % 2 ? "odd" : "even\x1b");
}

Test(longtable, pieces_line_up)
{
	static const int sel[] = {0, 1, 2};
	size_t n = 3 * OUT_LONG_PIECE + 17, len, lines = 0, at_n = 0;
	FILE *fp = tmpfile();
	struct out_table_opts o = {.fp = fp};
	char *out, *p, *nl;
	cr_assert_eq(out_long_table(&o, cols, sel, 3, n, cell, NULL, NULL), 0);
	out = slurp(fp, &len);
	/* One header, then every row in order, the N column (right
	 * aligned) ending in the same place on every line. */
	for (p = out; *p; p = nl + 1) {
		char want[32];
		size_t end;
		nl = strchr(p, '\n');
		cr_assert_not_null(nl);
		if (lines) {
			snprintf(want, sizeof(want), "r%zu", lines - 1);
			cr_assert(!strncmp(p, want, strlen(want)),
				  "line %zu: %.30s", lines, p);
			cr_assert(strstr(p, "\\x1b") || strstr(p, "odd"),
				  "escape lost on line %zu", lines);
		}
		/* TAIL follows the right-aligned N column: it starts in the
		 * same place on every line. */
		end = (size_t)((lines ? strstr(p,
					       (lines - 1) % 2 ? "odd" : "even")
				      : strstr(p, "TAIL")) -
			       p);
		if (!at_n)
			at_n = end;
		cr_assert_eq(end, at_n,
			     "line %zu: TAIL starts at %zu, not %zu: %.60s",
			     lines, end, at_n, p);
		lines++;
	}
	cr_assert_eq(lines, n + 1);
	free(out);
	fclose(fp);
}

/* The producer: n items whose key is the index. */
static int produce_n(const struct pipe_emit *e, void *arg)
{
	size_t n = *(size_t *)arg, i;
	uint8_t val[300];
	memset(val, 'v', sizeof(val));
	for (i = 0; i < n; i++) {
		int r = e->item((const uint8_t *)&i, sizeof(i), val,
				i % 5 ? 10 : sizeof(val), i, e->arg);
		if (r)
			return r;
	}
	return 0;
}

struct tally {
	size_t count, last, stop_at;
	unsigned long long sum;
	bool in_order;
};

static int consume(const uint8_t *key, size_t klen, const uint8_t *val,
		   size_t vlen, uint64_t pgid, void *arg)
{
	struct tally *t = arg;
	size_t i;
	cr_assert_eq(klen, sizeof(i));
	memcpy(&i, key, sizeof(i));
	cr_assert_eq(pgid, i);
	cr_assert_eq(vlen, i % 5 ? 10u : 300u);
	cr_assert_eq(val[vlen - 1], 'v');
	if (t->count && i <= t->last)
		t->in_order = false;
	t->last = i;
	t->count++;
	t->sum += i;
	return t->stop_at && t->count == t->stop_at ? 42 : 0;
}

Test(pipe, one_consumer_in_order)
{
	size_t n = 200000;
	struct tally t = {.in_order = true};
	void *cargs[1] = {&t};
	cr_assert_eq(
		item_pipe_run(produce_n, &n, consume, NULL, 4096, cargs, 1), 0);
	cr_assert_eq(t.count, n);
	cr_assert(t.in_order);
}

Test(pipe, two_consumers_see_each_item_once)
{
	size_t n = 200000;
	struct tally a = {.in_order = true}, b = {.in_order = true};
	void *cargs[2] = {&a, &b};
	cr_assert_eq(
		item_pipe_run(produce_n, &n, consume, NULL, 4096, cargs, 2), 0);
	cr_assert_eq(a.count + b.count, n);
	cr_assert_eq(a.sum + b.sum, (unsigned long long)n * (n - 1) / 2);
	/* Each sees its own batches in order. */
	cr_assert(a.in_order && b.in_order);
}

Test(pipe, consumer_stops_producer)
{
	size_t n = 5000000;
	struct tally a = {.in_order = true, .stop_at = 1000},
		     b = {.in_order = true, .stop_at = 1000};
	void *cargs[2] = {&a, &b};
	cr_assert_eq(
		item_pipe_run(produce_n, &n, consume, NULL, 4096, cargs, 2),
		42);
	cr_assert_lt(a.count + b.count, n);
}
