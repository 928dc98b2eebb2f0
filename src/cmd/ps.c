/* procsift ps: the process table, filtered and sorted. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "cmd/listing.h"
#include "proc/pids.h"
#include "util/msg.h"
#include "util/parse.h"
#include "util/regex.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

enum { PO_SORT = 1, PO_PID, PO_USER, PO_CONTAINER, PO_MATCH, PO_SINCE };

/* More keys than columns would only repeat one. */
#define PS_MAX_SORT_KEYS PC__COUNT

static const struct cmd_opt ps_opts[] = {
	LISTING_OPTS,
	OUTPUT_OPT_NDJSON,
	{PO_SORT, "sort", 's', "COLS", COMPLETE_SORT,
	 "sort by columns, comma-separated (-COL for descending)"},
	{PO_PID, "pid", 'p', "PIDS", COMPLETE_PID_LIST,
	 "only these pids (comma-separated, repeatable)"},
	{PO_USER, "user", 'u', "USERS", COMPLETE_USER,
	 "only processes whose effective or real user is one of USERS "
	 "(names or uids, comma-separated, repeatable)"},
	{PO_CONTAINER, "container", 'c', "ID", COMPLETE_CONTAINER,
	 "only this container or pod (id or pod uid prefix, container or pod "
	 "name, NAMESPACE/POD[/CONTAINER], runtime name, 'any' or 'none')"},
	{PO_MATCH, "match", 'm', "REGEX", COMPLETE_NONE,
	 "only command lines matching a PCRE2 regex (never procsift itself)"},
	{PO_SINCE, "since", 0, "DURATION", COMPLETE_NONE,
	 "only processes started within DURATION (90s, 10m, 2h, 1d)"},
	{0},
};

struct ps_state {
	struct listing l;
	struct proc_sort_key sort[PS_MAX_SORT_KEYS];
	size_t nsort;
	pid_t *pids;
	size_t npids, pids_alloc;
	uid_t *uids; /* -u, resolved */
	size_t nuids, uids_alloc;
	const char *container;
	struct regex *match;
	pid_t self; /* never matched by --match: its argv holds the regex */
	bool since_set;
	long long since; /* --since, seconds */
};

static int sort_arg(struct ps_state *st, const char *arg)
{
	const char *bad;
	size_t bad_len;
	int r = proc_sort_parse(arg, st->sort, PS_MAX_SORT_KEYS, &st->nsort,
				&bad, &bad_len);
	if (r == -E2BIG)
		msg_error("ps: too many sort keys in '%s'", arg);
	else if (r)
		msg_error("ps: unknown sort column '%.*s' in '%s'; see "
			  "'procsift ps --help'",
			  (int)bad_len, bad, arg);
	return r ? EXIT_USAGE : 0;
}

static int user_arg(struct ps_state *st, const char *arg)
{
	const char *bad;
	size_t bad_len;
	int r = parse_user_list(arg, &st->uids, &st->nuids, &st->uids_alloc,
				&bad, &bad_len);
	if (r == -ENOENT)
		msg_error("ps: unknown user '%.*s'", (int)bad_len, bad);
	else if (r)
		msg_error("ps: invalid user list '%s'", arg);
	return r ? EXIT_USAGE : 0;
}

static int since_arg(struct ps_state *st, const char *arg)
{
	uint64_t secs;
	if (parse_duration(arg, strlen(arg), &secs)) {
		msg_error("ps: invalid duration '%s' (a number and s, m, h or "
			  "d: 90s, 10m, 2h, 1d)",
			  arg);
		return EXIT_USAGE;
	}
	st->since = (long long)secs;
	st->since_set = true;
	return 0;
}

static int ps_opt(void *state, int id, const char *arg)
{
	struct ps_state *st = state;
	char err[200];
	switch (id) {
	case PO_SORT:
		return sort_arg(st, arg);
	case PO_SINCE:
		return since_arg(st, arg);
	case PO_PID:
		return cmd_pid_list("ps", arg, &st->pids, &st->npids,
				    &st->pids_alloc);
	case PO_USER:
		return user_arg(st, arg);
	case PO_CONTAINER:
		if (!*arg) {
			msg_error("ps: --container needs a value");
			return EXIT_USAGE;
		}
		st->container = arg;
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
	return listing_opt(&st->l, "ps", id, arg);
}

static bool match_user(const struct ps_state *st, const struct proc *p)
{
	size_t i;
	for (i = 0; i < st->nuids; i++)
		if (p->uid == st->uids[i] || p->ruid == st->uids[i])
			return true;
	return false;
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
	if (st->nuids && !match_user(st, p))
		return false;
	/* An age not known cannot be shown to be recent. */
	if (st->since_set && (!p->has_age || p->age > st->since))
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
	if (p->pid == st->self)
		return false;
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
	return proc_sort_cmp(*(struct proc *const *)a, *(struct proc *const *)b,
			     st->sort, st->nsort);
}

static int ps_run(const struct command *cmd, struct ctx *ctx, int argc,
		  char **argv);

const struct command cmd_ps = {
	.name = "ps",
	.summary = "list processes as a table that can be filtered and sorted",
	.details = "Kernel threads are hidden unless --all or --pid is given. "
		   "Filters combine with AND. A selection that matches "
		   "nothing prints the header and exits 1, as ps does.",
	.privileges = LISTING_PRIVILEGES,
	.opts = ps_opts,
	CMD_COLUMNS(proc_cols),
	.run = ps_run,
};

static int ps_run(const struct command *cmd, struct ctx *ctx, int argc,
		  char **argv)
{
	struct ps_state st;
	struct proc_table t;
	struct proc **rows = NULL;
	struct proc_render rend;
	size_t i, k, n = 0;
	int first, r;

	memset(&st, 0, sizeof(st));
	st.self = proc_self_pid(ctx->src);
	listing_init(&st.l);
	st.l.src = ctx->src;
	r = cmd_parse_opts(cmd, ctx, argc, argv, ps_opt, &st, &first);
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
	r = listing_finish(&st.l, "ps", ctx->out);
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
	r = listing_redact(&st.l, rows, n, "ps", ctx->ascii_locale);
	if (r)
		goto out_rows;
	for (i = k = 0; i < n; i++)
		if (matches(&st, rows[i]))
			rows[k++] = rows[i];
	n = k;
	qsort_r(rows, n, sizeof(*rows), cmp_rows, &st);
	listing_warn_gaps(&st.l, rows, n, "ps");
	rend = listing_render(ctx, &st.l, false);
	r = listing_status(out_proc_list(&rend, rows, n));
	/* ps and pgrep: nothing selected is a status of its own. */
	if (!r && !n)
		r = EXIT_NOMATCH;
out_rows:
	free(rows);
out_table:
	proc_table_release(&t);
out_state:
	regex_free(st.match);
	free(st.pids);
	free(st.uids);
	listing_release(&st.l);
	return r;
}
