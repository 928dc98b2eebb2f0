/* getopt_long driven by the command's option table, plus help output, so
 * that options, help and completion come from one place. */
#include "cmd/command.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc/mounts.h"
#include "proc/pidfile.h"
#include "proc/status.h"
#include "util/msg.h"
#include "util/parse.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define HELP_ID (-1000)
/* <linux/capability.h> */
#define CAP_BIT_DAC_READ_SEARCH 2
#define CAP_BIT_SYS_PTRACE 19

/* Old short spellings still accepted wherever the new one is, so that
 * scripts keep working: -j was --json before -J (util-linux's letter). */
static int old_short(int sname)
{
	static const int old[][2] = {{'J', 'j'}};
	size_t i;
	for (i = 0; sname && i < sizeof(old) / sizeof(old[0]); i++)
		if (old[i][0] == sname)
			return old[i][1];
	return 0;
}

static size_t count_opts(const struct cmd_opt *o)
{
	size_t n = 0;
	while (o[n].lname)
		n++;
	return n;
}

int cmd_set_flag(void *state, const struct cmd_flag *flags, int id)
{
	for (; flags->id; flags++)
		if (flags->id == id) {
			*(bool *)((char *)state + flags->off) = true;
			return 0;
		}
	return 1;
}

int cmd_parse_opts(const struct command *cmd, struct ctx *ctx, int argc,
		   char **argv,
		   int (*on_opt)(void *state, int id, const char *arg),
		   void *state, int *first_operand)
{
	size_t n = count_opts(cmd->opts), i;
	struct option *lo = xcalloc(n + 2, sizeof(*lo));
	struct strbuf shorts = STRBUF_INIT;
	int c, ret = 0;

	/* Leading ':' makes a missing argument distinguishable ('?'). */
	strbuf_addstr(&shorts, ":h");
	for (i = 0; i < n; i++) {
		const struct cmd_opt *o = &cmd->opts[i];
		lo[i].name = o->lname;
		lo[i].has_arg = o->arg ? required_argument : no_argument;
		lo[i].val = (int)(i + 256);
		if (o->sname) {
			strbuf_addch(&shorts, o->sname);
			if (o->arg)
				strbuf_addch(&shorts, ':');
		}
		if (old_short(o->sname)) {
			strbuf_addch(&shorts, old_short(o->sname));
			if (o->arg)
				strbuf_addch(&shorts, ':');
		}
	}
	lo[n].name = "help";
	lo[n].val = 'h';
	optind = 0; /* glibc: a full reset, clusters included */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts.buf, lo, NULL)) != -1) {
		const struct cmd_opt *o = NULL;
		if (c == 'h') {
			cmd_print_help(ctx->out, cmd);
			ret = -1;
			goto out;
		}
		if (c == '?' || c == ':') {
			const char *what = argv[optind - 1];
			/* getopt_long's optopt is unreliable for long
			 * options (unknown, ambiguous, or given an argument
			 * they do not take): name the word as typed. */
			if (c == ':')
				msg_error("%s: option '%s' needs an argument",
					  cmd->name, what);
			else if (!strncmp(what, "--", 2))
				msg_error("%s: unknown, ambiguous or malformed "
					  "option '%s'",
					  cmd->name, what);
			else
				msg_error("%s: unknown option '-%c'", cmd->name,
					  optopt);
			msg_error("try 'procsift %s --help'", cmd->name);
			ret = EXIT_USAGE;
			goto out;
		}
		if (c >= 256) {
			o = &cmd->opts[c - 256];
		} else {
			for (i = 0; i < n && !o; i++)
				if (cmd->opts[i].sname == c ||
				    old_short(cmd->opts[i].sname) == c)
					o = &cmd->opts[i];
		}
		if (!o)
			continue;
		ret = on_opt(state, o->id, optarg);
		if (ret)
			goto out;
	}
	*first_operand = optind;
out:
	strbuf_release(&shorts);
	free(lo);
	return ret;
}

int cmd_pid_list(const char *cmd, const char *arg, pid_t **pids, size_t *n,
		 size_t *alloc)
{
	const char *p = arg;
	for (;;) {
		size_t len = strcspn(p, ",");
		pid_t pid;
		if (parse_pid(p, len, &pid)) {
			msg_error("%s: invalid pid list '%s'", cmd, arg);
			return EXIT_USAGE;
		}
		size_t i;
		for (i = 0; i < *n && (*pids)[i] != pid; i++)
			;
		/* A pid named twice is judged once. */
		if (i == *n) {
			*pids = xgrow(*pids, alloc, *n + 1, sizeof(**pids));
			(*pids)[(*n)++] = pid;
		}
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

/* procsift's own effective capabilities (0 when unknown). */
static uint64_t own_caps(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct proc_status st;
	uint64_t caps = 0;
	if (!proc_read_file(AT_FDCWD, "/proc/self/status", 1u << 20, &sb,
			    NULL) &&
	    !proc_status_parse(sb.buf, sb.len, &st) && st.has_caps)
		caps = st.cap_eff;
	strbuf_release(&sb);
	return caps;
}

bool cmd_have_read_caps(void)
{
	uint64_t caps = own_caps();
	return (caps >> CAP_BIT_SYS_PTRACE & 1) &&
	       (caps >> CAP_BIT_DAC_READ_SEARCH & 1);
}

const char *cmd_privilege_hint(const struct proc_source *src, int err)
{
	/* By which of the two are missing (bit 0: CAP_SYS_PTRACE, bit 1:
	 * CAP_DAC_READ_SEARCH), for a user and for root. Root without them:
	 * a container or a bounding set took them, and "run as root" would
	 * be no help. */
	static const char *const hint[2][4] = {
		{NULL, "run with CAP_SYS_PTRACE (or as root) to read them",
		 "run with CAP_DAC_READ_SEARCH (or as root) to read them",
		 "run with CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH (or as root) "
		 "to read them"},
		{NULL,
		 "procsift runs as root but without CAP_SYS_PTRACE (a "
		 "container or the capability bounding set removed it): run it "
		 "with CAP_SYS_PTRACE to read them",
		 "procsift runs as root but without CAP_DAC_READ_SEARCH (a "
		 "container or the capability bounding set removed it): run it "
		 "with CAP_DAC_READ_SEARCH to read them",
		 "procsift runs as root but without CAP_SYS_PTRACE and "
		 "CAP_DAC_READ_SEARCH (a container or the capability bounding "
		 "set removed them): run it with both to read them"},
	};
	uint64_t caps = own_caps();
	unsigned missing = (unsigned)!(caps >> CAP_BIT_SYS_PTRACE & 1) |
			   (unsigned)!(caps >> CAP_BIT_DAC_READ_SEARCH & 1)
				   << 1;
	if (err != EACCES && err != EPERM)
		return NULL;
	/* Not this procsift's privileges: the snapshot's. */
	if (src && src->snapshot)
		return "some files could not be read when the snapshot was "
		       "taken (its manifest.json lists which and why)";
	return hint[!geteuid()][missing];
}

const char *cmd_refused_hint(int err)
{
	struct strbuf sb = STRBUF_INIT;
	const char *h = cmd_privilege_hint(NULL, err);
	bool userns = false;
	if (h || (err != EACCES && err != EPERM))
		return h;
	/* With both capabilities, a user namespace other than the first
	 * is the usual reason: they count only inside it. Its uid_map is
	 * then not the identity map of every uid. */
	if (!proc_read_file(AT_FDCWD, "/proc/self/uid_map", 4096, &sb, NULL))
		userns = !strstr(sb.buf ? sb.buf : "", " 0 4294967295");
	strbuf_release(&sb);
	if (userns)
		return "procsift runs in a user namespace: its capabilities "
		       "do not reach processes outside it";
	return "procsift has CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH: a "
	       "sandbox or an LSM (AppArmor, SELinux) refused";
}

static bool in_group(gid_t gid)
{
	gid_t g[256];
	int n = getgroups(256, g), i;
	if (getegid() == gid)
		return true;
	for (i = 0; i < n; i++)
		if (g[i] == gid)
			return true;
	return false;
}

const char *cmd_proc_hidden(const struct proc_source *src)
{
	struct procfs_opts o;
	struct json_object *v;
	int root, r;
	/* What the procsift that took the snapshot could not see. */
	if (src && src->snapshot) {
		const char *h = NULL;
		if (src->manifest &&
		    json_object_object_get_ex(src->manifest, "hidden", &v))
			h = json_object_get_string(v);
		return !h				  ? NULL
		       : !strcmp(h, "hidepid=ptraceable") ? "hidepid=ptraceable"
		       : !strcmp(h, "hidepid=invisible")  ? "hidepid=invisible"
							  : NULL;
	}
	root = proc_open_root(src);
	if (root < 0)
		return NULL;
	r = procfs_opts_read(root, &o);
	close(root);
	/* hidepid=noaccess lists every pid (and each unreadable one is
	 * counted); invisible and ptraceable leave some out, except for a
	 * caller that may ptrace them all or is in the exempt group. */
	if (r || o.hidepid < 2 || (own_caps() >> CAP_BIT_SYS_PTRACE & 1) ||
	    (o.gid >= 0 && in_group((gid_t)o.gid)))
		return NULL;
	return o.hidepid == 4 ? "hidepid=ptraceable" : "hidepid=invisible";
}

static bool has_sort(const struct command *cmd)
{
	const struct cmd_opt *o;
	for (o = cmd->opts; o->lname; o++)
		if (!strcmp(o->lname, "sort"))
			return true;
	return false;
}

void cmd_print_help(FILE *fp, const struct command *cmd)
{
	const struct cmd_opt *o;
	fprintf(fp, "Usage: procsift %s [options]%s%s\n\n%s\n", cmd->name,
		cmd->usage && *cmd->usage ? " " : "",
		cmd->usage ? cmd->usage : "", cmd->summary);
	if (cmd->details)
		fprintf(fp, "\n%s\n", cmd->details);
	if (cmd->privileges)
		fprintf(fp, "\nPrivileges: %s\n", cmd->privileges);
	fprintf(fp, "\nOptions:\n");
	for (o = cmd->opts; o->lname; o++) {
		struct strbuf sb = STRBUF_INIT;
		if (o->sname)
			strbuf_addf(&sb, "-%c, ", o->sname);
		else
			strbuf_addstr(&sb, "    ");
		strbuf_addf(&sb, "--%s", o->lname);
		if (o->arg)
			strbuf_addf(&sb, " %s", o->arg);
		fprintf(fp, "  %-26s %s\n", sb.buf, o->help);
		strbuf_release(&sb);
	}
	fprintf(fp, "  %-26s %s\n", "-h, --help", "show this help");
	if (cmd->columns) {
		size_t i;
		int w = 14; /* the longest name, so that every help lines up */
		for (i = 0; i < cmd->ncolumns; i++)
			if ((int)strlen(cmd->columns[i].name) > w)
				w = (int)strlen(cmd->columns[i].name);
		fprintf(fp, "\nColumns (for -o%s):\n",
			cmd->ncolumns && has_sort(cmd) ? " and --sort" : "");
		for (i = 0; i < cmd->ncolumns; i++) {
			const struct out_col *c = &cmd->columns[i];
			fprintf(fp, "  %-*s %s", w, c->name, c->help);
			if (c->alias)
				fprintf(fp, " (also %s)", c->alias);
			fputc('\n', fp);
		}
	}
}

void cmd_print_overview(FILE *fp)
{
	const struct command *const *c;
	fprintf(fp, "Usage: procsift [--version] [--help] [SOURCE] COMMAND "
		    "[options]\n\n"
		    "A read-only /proc forensic inspector.\n\nCommands:\n");
	for (c = command_list; *c; c++)
		fprintf(fp, "  %-10s %s\n", (*c)->name, (*c)->summary);
	fprintf(fp, "\nSOURCE (before COMMAND; the live /proc without one):\n"
		    "  --input FILE     read a snapshot (procsift snapshot -o "
		    "FILE)\n"
		    "  --proc-root DIR  read another proc mount (the host's "
		    "/proc in a\n"
		    "                   container)\n");
	fprintf(fp, "\nRun 'procsift help COMMAND' for a command's options.\n"
		    "Exit status: 0 ok, 1 findings (scan, etcd) or nothing "
		    "selected (ps), 2 usage error, 3 runtime failure.\n");
}

int cmd_columns(const char *cmd, const struct out_col *defs, size_t ndefs,
		const char *list, const int *def, size_t ndef, int *sel,
		size_t max, size_t *nsel)
{
	const char *bad;
	size_t bad_len;
	int r;
	if (!list) {
		memcpy(sel, def, ndef * sizeof(*def));
		*nsel = ndef;
		return 0;
	}
	r = out_cols_parse(defs, ndefs, list, def, ndef, sel, max, nsel, &bad,
			   &bad_len);
	if (r == -E2BIG) {
		msg_error("%s: too many columns in '%s'", cmd, list);
		return EXIT_USAGE;
	}
	if (r) {
		msg_error("%s: unknown column '%.*s' in '%s'; see 'procsift "
			  "%s --help'",
			  cmd, (int)bad_len, bad, list, cmd);
		return EXIT_USAGE;
	}
	return 0;
}
