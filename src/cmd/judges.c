/* procsift judges: what scan can run, with --judge, --skip and --only. */
#include "cmd/command.h"
#include "cmd/outopts.h"
#include "render/judge_view.h"
#include "util/msg.h"

static const struct cmd_opt judges_opts[] = {
	OUTPUT_OPTS,
	{0},
};

static int judges_opt(void *state, int id, const char *arg)
{
	int r = out_opts_opt(state, "judges", id, arg);
	return r == 1 ? EXIT_USAGE : r;
}

static int judges_run(const struct command *cmd, struct ctx *ctx, int argc,
		      char **argv);

const struct command cmd_judges = {
	.name = "judges",
	.summary = "list the judges scan runs, with their kinds and facets",
	.details = "A judge reads facets of each process's snapshot (or, "
		   "for a host judge, what the walk collected) and reports "
		   "findings of one kind: secret, indicator or posture. "
		   "Select them in scan with --only KIND, --judge ID and "
		   "--skip ID.",
	.privileges = "None: it reads no process.",
	.opts = judges_opts,
	CMD_COLUMNS(judge_view_cols),
	.run = judges_run,
};

static int judges_run(const struct command *cmd, struct ctx *ctx, int argc,
		      char **argv)
{
	struct out_opts oo = {0};
	int sel[JC__COUNT * 2];
	struct out_list_opts o;
	int first, r = cmd_parse_opts(cmd, ctx, argc, argv, judges_opt, &oo,
				      &first);
	if (r)
		return r < 0 ? EXIT_OK : r;
	if (first < argc) {
		msg_error("judges: unexpected operand '%s'", argv[first]);
		return EXIT_USAGE;
	}
	r = out_opts_list(&oo, "judges", ctx->out, ctx->ascii_locale,
			  judge_view_cols, JC__COUNT, judge_view_default,
			  judge_view_ndefault, sel,
			  sizeof(sel) / sizeof(sel[0]), &o);
	if (r)
		return r;
	return judges_print(&o) ? EXIT_RUNTIME : EXIT_OK;
}
