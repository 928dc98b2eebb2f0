/* procsift: global options and dispatch to a command. */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cmd/command.h"
#include "util/msg.h"

static int finish(FILE *fp, int status)
{
	/* A full disk or closed pipe must not pass as success. */
	if (fflush(fp) || ferror(fp)) {
		msg_error("write error on standard output");
		return EXIT_RUNTIME;
	}
	return status;
}

int main(int argc, char **argv)
{
	struct ctx ctx = {.out = stdout};
	const struct command *cmd;
	const char *name = argc > 1 ? argv[1] : NULL;

	/* libsmartcols picks cell widths by locale; procsift's own marks
	 * follow the codeset, decided here once for every command. */
	setlocale(LC_ALL, "");
	ctx.ascii_locale = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	if (!name) {
		cmd_print_overview(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
		if (argc > 2) {
			msg_error("--version takes no operands");
			return EXIT_USAGE;
		}
		fprintf(ctx.out, "procsift %s\n", PROCSIFT_VERSION);
		return finish(ctx.out, EXIT_OK);
	}
	if (!strcmp(name, "--help") || !strcmp(name, "-h"))
		name = "help";
	cmd = command_find(name);
	if (!cmd) {
		msg_error("unknown command '%s'; try 'procsift help'", name);
		return EXIT_USAGE;
	}
	return finish(ctx.out, cmd->run(cmd, &ctx, argc - 1, argv + 1));
}
