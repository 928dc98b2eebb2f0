/* procsift maps PID...|--all: memory mappings, or per file with
 * --summary. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/command.h"
#include "cmd/each.h"
#include "render/maps_view.h"
#include "proc/maps.h"
#include "proc/pidfile.h"
#include "util/msg.h"
#include "util/xalloc.h"

enum { MAPS_SUMMARY = 1 };

static const struct cmd_opt maps_opts[] = {
	EACH_OPTS,
	{MAPS_SUMMARY, "summary", 's', NULL, COMPLETE_NONE,
	 "one row per file: size added up, permissions seen"},
	{0},
};

struct maps_state {
	struct each e;
	bool summary;
	struct out_stream out;
};

static int maps_opt(void *state, int id, const char *arg)
{
	struct maps_state *st = state;
	int r;
	if (id == MAPS_SUMMARY) {
		st->summary = true;
		return 0;
	}
	r = each_opt(&st->e, "maps", id, arg);
	return r == 1 ? EXIT_USAGE : r;
}

static int one(const struct each_proc *p, struct out_stream *out, void *arg)
{
	const struct maps_state *st = arg;
	const struct psnap *s = p->snap;
	struct proc_maps m = {.pid = p->pid, .comm = p->comm};
	m.truncated = s->truncated & FACET_BIT(FACET_MAPS);
	if (m.truncated)
		msg_warn("maps: pid %d has more than %u MiB of mappings; the "
			 "rest is not shown",
			 (int)p->pid, PSNAP_MAPS_CAP >> 20);
	m.err = s->err[FACET_MAPS];
	m.e = s->maps;
	m.n = s->nmaps;
	maps_view_emit(out, &m, st->summary);
	return -m.err;
}

static int maps_run(struct ctx *ctx, int argc, char **argv);

const struct command cmd_maps = {
	.name = "maps",
	.summary = "list memory mappings, or a per-file summary",
	.usage = "PID...|--all",
	.details = "Kinds: file, anon, heap, stack, vdso, memfd, deleted, "
		   "other. Paths are as the kernel writes them (a newline in "
		   "a file name shows as \\012).",
	.opts = maps_opts,
	.operands = COMPLETE_PID,
	.columns = maps_cols,
	.ncolumns = MC__COUNT,
	.run = maps_run,
};

static int maps_run(struct ctx *ctx, int argc, char **argv)
{
	struct maps_state st;
	int first, r, r2;
	memset(&st, 0, sizeof(st));
	r = cmd_parse_opts(&cmd_maps, ctx, argc, argv, maps_opt, &st, &first);
	if (!r)
		r = each_operands(&st.e, "maps", argc, argv, first);
	if (!r)
		r = st.summary
			    ? each_columns(&st.e, "maps", ctx->out, maps_cols,
					   MC__COUNT, maps_cols_summary, 6)
			    : each_columns(&st.e, "maps", ctx->out, maps_cols,
					   MC__COUNT, maps_cols_default, 8);
	if (r) {
		each_release(&st.e);
		return r < 0 ? EXIT_OK : r;
	}
	each_need_comm(&st.e, MC_COMM);
	st.e.facets = FACET_BIT(FACET_MAPS);
	st.out = each_stream(&st.e, ctx->out, ctx->ascii_locale, maps_cols);
	out_stream_begin(&st.out);
	r = each_run(&st.e, "maps", "maps", &st.out, one, &st);
	r2 = out_stream_end(&st.out);
	each_release(&st.e);
	return r ? r : (r2 ? EXIT_RUNTIME : 0);
}
