/* Shared by tree and ps: options, reading the table, emitting output. */
#include "cmd/listing.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "out/json.h"
#include "proc/pids.h"
#include "util/msg.h"

void listing_init(struct listing *l)
{
	memset(l, 0, sizeof(*l));
}

int listing_opt(struct listing *l, int id, const char *arg)
{
	switch (id) {
	case LO_OUTPUT:
		l->columns = arg;
		return 0;
	case LO_JSON:
		l->json = true;
		return 0;
	case LO_PRETTY:
		l->json = l->pretty = true;
		return 0;
	case LO_NOHEADINGS:
		l->noheadings = true;
		return 0;
	case LO_ALL:
		l->all = true;
		return 0;
	}
	return 1;
}

int listing_finish(struct listing *l, const char *cmd)
{
	const char *bad;
	size_t bad_len, n = sizeof(proc_cols_default) / sizeof(int);
	if (!l->columns) {
		memcpy(l->sel, proc_cols_default, sizeof(proc_cols_default));
		l->nsel = n;
		return 0;
	}
	if (out_cols_parse(proc_cols, PC__COUNT, l->columns, proc_cols_default,
			   n, l->sel, sizeof(l->sel) / sizeof(l->sel[0]),
			   &l->nsel, &bad, &bad_len)) {
		msg_error("%s: unknown column '%.*s' in '%s'; see 'procsift "
			  "%s --help'",
			  cmd, (int)bad_len, bad, l->columns, cmd);
		return EXIT_USAGE;
	}
	return 0;
}

static const char *gap_hint(int err)
{
	/* Root can still be refused (pid 1 of a sandbox, LSMs): only suggest
	 * root to someone who is not. */
	if ((err == EACCES || err == EPERM) && geteuid() != 0)
		return "; run as root to read them";
	return "";
}

/* Read exe only where it is shown: JSON is complete, text shows columns. */
static unsigned wanted(const struct listing *l)
{
	size_t i;
	if (l->json)
		return PROC_WANT_ALL;
	for (i = 0; i < l->nsel; i++)
		if (l->sel[i] == PC_EXE)
			return PROC_WANT_ALL;
	return PROC_WANT_ALL & ~PROC_WANT_EXE;
}

int listing_read(struct proc_table *t, const struct listing *l, const char *cmd)
{
	struct proc_gaps g;
	struct strbuf sb = STRBUF_INIT;
	int r = proc_pids_read(t, wanted(l)), f, hint = 0;
	if (r) {
		msg_error("%s: cannot read /proc: %s", cmd, strerror(-r));
		return EXIT_RUNTIME;
	}
	proc_table_gaps(t, &g);
	if (!g.procs)
		return 0;
	for (f = 0; f < PROC_F__COUNT; f++) {
		if (!g.field[f])
			continue;
		strbuf_addf(&sb, "%s%s: %s (%zu)", sb.len ? ", " : "",
			    proc_field_name(f), strerror(g.field_errno[f]),
			    g.field[f]);
		if (!hint)
			hint = g.field_errno[f];
	}
	msg_warn("%zu of %zu processes not fully readable: %s%s", g.procs, t->n,
		 sb.buf, gap_hint(hint));
	strbuf_release(&sb);
	return 0;
}

int listing_print_json(struct ctx *ctx, const struct listing *l,
		       struct json_object *doc)
{
	int r = out_json_print(ctx->out, doc, l->pretty);
	json_object_put(doc);
	if (r) {
		msg_error("write error: %s", strerror(-r));
		return EXIT_RUNTIME;
	}
	return 0;
}

struct out_table *listing_table(struct ctx *ctx, const struct listing *l,
				bool tree, bool ascii)
{
	struct out_table_opts o = {
		.fp = ctx->out,
		.ascii = ascii,
		.noheadings = l->noheadings,
		.tree = tree,
	};
	return out_table_new(&o, proc_cols, l->sel, l->nsel);
}

struct out_line *listing_add(struct out_table *tb, const struct listing *l,
			     struct out_line *parent, const struct proc *p)
{
	struct out_line *ln = out_table_add(tb, parent);
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	for (i = 0; i < l->nsel; i++) {
		strbuf_reset(&sb);
		proc_cell(&sb, p, (enum proc_col)l->sel[i]);
		out_line_set(ln, i, sb.buf, sb.len);
	}
	strbuf_release(&sb);
	return ln;
}

int listing_print_table(struct out_table *tb)
{
	int r = out_table_print(tb);
	out_table_free(tb);
	if (r) {
		msg_error("write error: %s", strerror(-r));
		return EXIT_RUNTIME;
	}
	return 0;
}
