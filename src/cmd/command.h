/* The command interface: each src/cmd/X.c exports one struct command and
 * registry.c lists them. Help, the man page check and the shell completion
 * check all read the registry and each command's option table. */
#ifndef CMD_COMMAND_H
#define CMD_COMMAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "proc/pidfile.h"
#include "render/table.h"

/* Exit statuses (procsift(1), EXIT STATUS). */
enum exit_status {
	EXIT_OK = 0,
	EXIT_FINDINGS = 1, /* scan: a finding at or above --fail-on */
	EXIT_NOMATCH = 1,  /* ps: the selection matched nothing (as ps) */
	EXIT_USAGE = 2,
	EXIT_RUNTIME = 3,
};

/* What main() hands every command: options and the output handle. */
struct ctx {
	FILE *out;	   /* results (stdout) */
	bool ascii_locale; /* the locale's codeset is not UTF-8: text output
			    * shows procsift's own marks (ellipsis, tree
			    * glyphs) in ASCII; JSON is UTF-8 regardless */
	const struct proc_source *src; /* --proc-root, --input; NULL: the
					* live /proc */
};

/* What a shell should complete for an option's argument or an operand;
 * the generated completions (cmd/complete.c) name each kind, and the
 * hand-written shell functions in completions/ complete it. */
enum complete_kind {
	COMPLETE_NONE,
	COMPLETE_PID,	   /* one pid (an operand: see the usage's "...") */
	COMPLETE_PID_LIST, /* comma-separated pids */
	COMPLETE_COLUMN,   /* comma-separated columns, "+" to append */
	COMPLETE_SORT,	   /* comma-separated columns, each -COL or +COL */
	COMPLETE_USER,	   /* comma-separated users */
	COMPLETE_FILE,
	COMPLETE_COMMAND,
	COMPLETE_CONTAINER, /* running containers' ids and names, runtimes */
	COMPLETE_SEVERITY,
	COMPLETE_JUDGE,	     /* one judge id */
	COMPLETE_JUDGE_KIND, /* comma-separated finding kinds */
	COMPLETE_COLOR,	     /* auto, always, never */
};

struct cmd_opt {
	int id;		   /* handed to the command's option callback */
	const char *lname; /* long name without "--" */
	int sname;	   /* short letter, or 0 */
	const char *arg;   /* argument name ("COLS"), or NULL for a flag */
	enum complete_kind complete;
	const char *help;
};

struct command {
	const char *name;
	const char *summary; /* one line, for `procsift help` */
	const char *usage;   /* operands after the options, e.g. "[PID]";
			      * NULL (and operands COMPLETE_NONE) for none */
	const char *details; /* a paragraph for `procsift help CMD`, or NULL */
	const char *privileges;	    /* what it needs to read other users'
				     * processes, and which kernel check asks for
				     * it: a paragraph for help and the man
				     * page's Privileges (docs/privileges.md) */
	const struct cmd_opt *opts; /* ends with an all-zero entry */
	enum complete_kind operands;
	const struct out_col *columns; /* for -o and --sort, or NULL */
	size_t ncolumns;
	int (*run)(const struct command *cmd, struct ctx *ctx, int argc,
		   char **argv); /* cmd: this command */
};

/* A struct command's columns and ncolumns from a view's column table,
 * declared with its size: the count is the table's own. */
#define CMD_COLUMNS(cols) \
	.columns = (cols), .ncolumns = sizeof(cols) / sizeof((cols)[0])

/* registry.c: the only list of commands, NULL-terminated. */
extern const struct command *const command_list[];
/* The command named name, or NULL. */
const struct command *command_find(const char *name);

/* Option parsing from cmd->opts with getopt_long. For each option found,
 * calls on_opt(state, id, arg), which returns 0 or an exit status.
 * --help/-h prints the command's help to ctx->out and yields -1 (the
 * caller exits 0). Returns 0 with *first_operand set, -1 after help, or
 * EXIT_USAGE after printing what was wrong. */
int cmd_parse_opts(const struct command *cmd, struct ctx *ctx, int argc,
		   char **argv,
		   int (*on_opt)(void *state, int id, const char *arg),
		   void *state, int *first_operand);

/* An option that only sets a bool of a command's state: its id and where
 * the bool lies in the state (offsetof). Tables end with an all-zero
 * entry. */
struct cmd_flag {
	int id;
	size_t off;
};
/* Set to true the bool of state that flags gives for id. Returns 0, or 1
 * when id is not in flags. */
int cmd_set_flag(void *state, const struct cmd_flag *flags, int id);

/* Select columns for -o LIST (NULL: the default def[0..ndef)) into
 * sel (room for max), *nsel of them. Returns 0, or EXIT_USAGE after
 * naming the unknown column (cmd names the command in the message). */
int cmd_columns(const char *cmd, const struct out_col *defs, size_t ndefs,
		const char *list, const int *def, size_t ndef, int *sel,
		size_t max, size_t *nsel);

/* Add a comma-separated pid list (each 1..INT_MAX) to *pids (grown with
 * xgrow; *n and *alloc updated). Returns 0, or EXIT_USAGE after naming
 * the bad list (cmd names the command). */
int cmd_pid_list(const char *cmd, const char *arg, pid_t **pids, size_t *n,
		 size_t *alloc);

/* What would let procsift read what err (EACCES, EPERM) refused: "run
 * with CAP_SYS_PTRACE (or as root) ..." naming the capabilities it lacks
 * in its effective set (to root: that they were removed, not "run as
 * root"); NULL when it has both (then a sandbox, an LSM or a user
 * namespace refused) or for another errno. For a snapshot (src), that
 * it could not be read when the snapshot was taken. Borrowed, static. */
const char *cmd_privilege_hint(const struct proc_source *src, int err);
/* The same, but when procsift has both capabilities, what refused it
 * anyway: a user namespace (its uid_map is not the whole identity map),
 * else "a sandbox or an LSM". NULL only for another errno. */
const char *cmd_refused_hint(int err);
/* Whether procsift has CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH in its
 * effective set. */
bool cmd_have_read_caps(void);
/* The procfs option that hides some processes from procsift
 * ("hidepid=invisible", "hidepid=ptraceable"): the /proc it walks is
 * mounted so, and procsift has neither CAP_SYS_PTRACE nor the exempt
 * gid=; NULL when it sees every process. */
const char *cmd_proc_hidden(const struct proc_source *src);

/* What the /proc a run walks does not show (cmd/visibility.c). */
struct cmd_visibility {
	const char *hidden; /* cmd_proc_hidden */
	int pidns_host;	    /* 1: the host's pid namespace; 0: another;
			     * -1: unknown */
	uint64_t pidns_ino; /* its inode; 0 when unknown */
	long hidden_tasks;  /* tasks on the host the /proc does not list,
			     * counted when something hides; else -1 */
	bool offline;	    /* read from a snapshot's manifest */
};
/* Read it for src (a snapshot: from its manifest). */
void cmd_visibility_read(const struct proc_source *src,
			 struct cmd_visibility *v);
/* Whether something is out of sight. */
bool cmd_visibility_partial(const struct cmd_visibility *v);
/* One warning line each for what hides processes, or none. */
void cmd_visibility_warn(const char *cmd, const struct cmd_visibility *v);

/* Print the help of one command. */
void cmd_print_help(FILE *fp, const struct command *cmd);
/* Print the list of commands. */
void cmd_print_overview(FILE *fp);

#endif
