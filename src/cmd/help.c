/* procsift help [COMMAND] */
#include "cmd/command.h"

#include "util/msg.h"

static const struct cmd_opt help_opts[] = {
	{0},
};

static int noop_opt(void *state, int id, const char *arg)
{
	(void)state, (void)id, (void)arg;
	return 0;
}

static int help_run(struct ctx *ctx, int argc, char **argv);

const struct command cmd_help = {
	.name = "help",
	.summary = "show the commands, or one command's options",
	.usage = "[COMMAND]",
	.opts = help_opts,
	.operands = COMPLETE_COMMAND,
	.run = help_run,
};

static int help_run(struct ctx *ctx, int argc, char **argv)
{
	const struct command *c;
	int first, r = cmd_parse_opts(&cmd_help, ctx, argc, argv, noop_opt,
				      NULL, &first);
	if (r)
		return r < 0 ? EXIT_OK : r;
	if (first >= argc) {
		cmd_print_overview(ctx->out);
		return EXIT_OK;
	}
	if (argc - first > 1) {
		msg_error("help: one command at a time");
		return EXIT_USAGE;
	}
	c = command_find(argv[first]);
	if (!c) {
		msg_error("help: no such command '%s'; try 'procsift help'",
			  argv[first]);
		return EXIT_USAGE;
	}
	cmd_print_help(ctx->out, c);
	return EXIT_OK;
}
