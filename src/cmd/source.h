/* The global options that choose where /proc is read from: --proc-root
 * DIR (another proc mount, such as the host's /proc mounted into a
 * container) and --input FILE (a snapshot taken by `procsift snapshot`). */
#ifndef CMD_SOURCE_H
#define CMD_SOURCE_H

#include "proc/pidfile.h"

struct snapfile;

struct cmd_source {
	struct proc_source src;
	bool set;	       /* an option chose a source */
	struct snapfile *snap; /* --input's loaded snapshot, or NULL */
};

/* Take the global options at argv[1..] (argv[0] is the program): sets
 * *used to the number of arguments taken. Returns 0, or EXIT_USAGE or
 * EXIT_RUNTIME after saying what was wrong. */
int cmd_source_parse(int argc, char **argv, struct cmd_source *s, int *used);
/* The source for struct ctx: NULL for the live /proc (borrowed). */
const struct proc_source *cmd_source_get(const struct cmd_source *s);
void cmd_source_release(struct cmd_source *s);

#endif
