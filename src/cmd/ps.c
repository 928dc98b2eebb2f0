/* procsift ps: the process table, filtered and sorted. */
#include <stdlib.h>
#include <string.h>

#include "cmd/command.h"
#include "cmd/listing.h"
#include "proc/pids.h"
#include "util/msg.h"
#include "util/parse.h"
#include "util/regex.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

enum { PO_SORT = 1, PO_PID, PO_USER, PO_CONTAINER, PO_MATCH };

static const struct cmd_opt ps_opts[] = {
	LISTING_OPTS,
	{PO_SORT, "sort", 's', "COL", COMPLETE_COLUMN,
	 "sort by a column (-COL for descending)"},
	{PO_PID, "pid", 'p', "PIDS", COMPLETE_PID,
	 "only these pids (comma-separated, repeatable)"},
	{PO_USER, "user", 'u', "USER", COMPLETE_USER,
	 "only processes whose effective or real user is USER (name or uid)"},
	{PO_CONTAINER, "container", 'c', "ID", COMPLETE_NONE,
	 "only this container or pod (id or pod uid prefix, container or pod "
	 "name, NAMESPACE/POD[/CONTAINER], runtime name, 'any' or 'none')"},
	{PO_MATCH, "match", 'm', "REGEX", COMPLETE_NONE,
	 "only command lines matching a PCRE2 regex"},
	{0},
};

struct ps_state {
	struct listing l;
	const char *sort;
	pid_t *pids;
	size_t npids, pids_alloc;
	const char *user;
	const char *container;
	struct regex *match;
	int sort_col;
	bool sort_desc;
};

static int ps_opt(void *state, int id, const char *arg)
{
	struct ps_state *st = state;
	char err[200];
	switch (id) {
	case PO_SORT:
		st->sort = arg;
		return 0;
	case PO_PID:
		return cmd_pid_list("ps", arg, &st->pids, &st->npids,
				    &st->pids_alloc);
	case PO_USER:
	case PO_CONTAINER:
		if (!*arg) {
			msg_error("ps: --%s needs a value",
				  id == PO_USER ? "user" : "container");
			return EXIT_USAGE;
		}
		*(id == PO_USER ? &st->user : &st->container) = arg;
		return 0;
	case PO_MATCH:
		regex_free(st->match);
		st->match = regex_new(arg, 0, err, sizeof(err));
		if (!st->match) {
			msg_error("ps: bad --match regex: %s", err);
			return EXIT_USAGE;
		}
		return 0;
	}
	return listing_opt(&st->l, id, arg) ? EXIT_USAGE : 0;
}

static bool match_user(const struct ps_state *st, const struct proc *p)
{
	char *end;
	unsigned long v = strtoul(st->user, &end, 10);
	if (*st->user && !*end)
		return p->uid == v || p->ruid == v;
	return (p->user && !strcmp(p->user, st->user)) ||
	       (p->ruser && !strcmp(p->ruser, st->user));
}

static bool keep(const struct ps_state *st, const struct proc *p)
{
	size_t i;
	if (p->kthread && !st->l.all && !st->npids)
		return false;
	if (st->npids) {
		for (i = 0; i < st->npids && st->pids[i] != p->pid; i++)
			;
		if (i == st->npids)
			return false;
	}
	if (st->user && !match_user(st, p))
		return false;
	return !st->container || proc_in_container(p, st->container);
}

/* --match, on the command line as shown (redacted unless --reveal). */
static bool matches(const struct ps_state *st, const struct proc *p)
{
	struct strbuf sb = STRBUF_INIT;
	int r;
	if (!st->match)
		return true;
	proc_cmdline_join(p, &sb);
	r = regex_match(st->match, sb.buf, sb.len);
	strbuf_release(&sb);
	/* A match-limit error counts as no match, not a crash. */
	return r == 1;
}

/* qsort has no context argument; qsort_r (glibc) does. */
static int cmp_rows(const void *a, const void *b, void *arg)
{
	const struct ps_state *st = arg;
	const struct proc *x = *(struct proc *const *)a;
	const struct proc *y = *(struct proc *const *)b;
	int r = proc_cmp(x, y, (enum proc_col)st->sort_col);
	if (st->sort_desc)
		r = -r;
	return r ? r : (x->pid > y->pid) - (x->pid < y->pid);
}

static int parse_sort(struct ps_state *st)
{
	const char *s = st->sort;
	st->sort_col = PC_PID;
	if (!s)
		return 0;
	if (*s == '-' || *s == '+')
		st->sort_desc = *s++ == '-';
	st->sort_col = out_col_find(proc_cols, PC__COUNT, s, strlen(s));
	if (st->sort_col < 0) {
		msg_error("ps: unknown sort column '%s'", s);
		return EXIT_USAGE;
	}
	return 0;
}

static int ps_run(struct ctx *ctx, int argc, char **argv);

const struct command cmd_ps = {
	.name = "ps",
	.summary = "list processes as a table that can be filtered and sorted",
	.usage = "",
	.details = "Kernel threads are hidden unless --all or --pid is given. "
		   "Filters combine with AND.",
	.opts = ps_opts,
	.operands = COMPLETE_NONE,
	.columns = proc_cols,
	.ncolumns = PC__COUNT,
	.run = ps_run,
};

static int ps_run(struct ctx *ctx, int argc, char **argv)
{
	struct ps_state st;
	struct proc_table t;
	struct proc **rows = NULL;
	struct proc_render rend;
	size_t i, k, n = 0;
	int first, r;

	memset(&st, 0, sizeof(st));
	listing_init(&st.l);
	r = cmd_parse_opts(&cmd_ps, ctx, argc, argv, ps_opt, &st, &first);
	if (r) {
		r = r < 0 ? EXIT_OK : r;
		goto out_state;
	}
	if (first < argc) {
		msg_error("ps: unexpected operand '%s'; use --pid",
			  argv[first]);
		r = EXIT_USAGE;
		goto out_state;
	}
	if (st.match)
		st.l.need |= PROC_WANT_ARGV;
	if (st.container)
		st.l.need |= PROC_WANT_CGROUP;
	r = listing_finish(&st.l, "ps");
	if (!r)
		r = parse_sort(&st);
	if (r)
		goto out_state;
	proc_table_init(&t);
	r = listing_read(&t, &st.l, "ps");
	if (r)
		goto out_table;
	rows = xcalloc(t.n ? t.n : 1, sizeof(*rows));
	for (i = 0; i < t.n; i++)
		if (keep(&st, t.procs[i]))
			rows[n++] = t.procs[i];
	r = listing_redact(&st.l, rows, n, "ps");
	if (r)
		goto out_rows;
	for (i = k = 0; i < n; i++)
		if (matches(&st, rows[i]))
			rows[k++] = rows[i];
	n = k;
	qsort_r(rows, n, sizeof(*rows), cmp_rows, &st);
	listing_warn_gaps(rows, n);
	rend = listing_render(ctx, &st.l, false);
	r = listing_status(out_proc_list(&rend, rows, n));
out_rows:
	free(rows);
out_table:
	proc_table_release(&t);
out_state:
	regex_free(st.match);
	free(st.pids);
	listing_release(&st.l);
	return r;
}
