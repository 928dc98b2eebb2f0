/* The one list of commands: add a command with one line here. */
#include "cmd/command.h"

#include <string.h>

extern const struct command cmd_help;
extern const struct command cmd_tree;
extern const struct command cmd_ps;
extern const struct command cmd_env;
extern const struct command cmd_fds;
extern const struct command cmd_maps;
extern const struct command cmd_show;
extern const struct command cmd_scan;
extern const struct command cmd_judges;
extern const struct command cmd_rules;
extern const struct command cmd_etcd;
extern const struct command cmd_snapshot;

/* One command a line. */
/* clang-format off */
const struct command *const command_list[] = {
	&cmd_tree,
	&cmd_ps,
	&cmd_show,
	&cmd_env,
	&cmd_fds,
	&cmd_maps,
	&cmd_scan,
	&cmd_judges,
	&cmd_rules,
	&cmd_etcd,
	&cmd_snapshot,
	&cmd_help,
	NULL,
};
/* clang-format on */

const struct command *command_find(const char *name)
{
	const struct command *const *c;
	for (c = command_list; *c; c++)
		if (!strcmp((*c)->name, name))
			return *c;
	return NULL;
}
