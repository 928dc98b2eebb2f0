/* procsift show PID: the dossier of one process. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "cmd/outopts.h"
#include "cmd/ruleopts.h"
#include "model/dossier.h"
#include "model/env.h"
#include "model/table.h"
#include "render/show_view.h"
#include "model/nstab.h"
#include "proc/ctrnames.h"
#include "proc/files.h"
#include "proc/pidfile.h"
#include "proc/pids.h"
#include "proc/snapread.h"
#include "proc/stat.h"
#include "proc/status.h"
#include "util/msg.h"
#include "util/parse.h"
#include "util/xalloc.h"

enum { SO_REVEAL = 1 };

static const struct cmd_opt show_opts[] = {
	OUTPUT_OPTS,
	{SO_REVEAL, "reveal", 0, NULL, COMPLETE_NONE,
	 "show secrets in the command line (redacted by default)"},
	RULE_OPTS,
	{0},
};

struct show_state {
	struct out_opts oo;
	bool reveal;
	struct rule_opts ro;
	int sel[SHOW_VIEW_NCOLS * 2];
	size_t nsel;
};

static int show_opt(void *state, int id, const char *arg)
{
	struct show_state *st = state;
	if (id == SO_REVEAL) {
		st->reveal = true;
		return 0;
	}
	return rule_opts_or_output(&st->ro, &st->oo, "show", id, arg);
}

/* The secret parts of the command line, as scan's argv judge finds them,
 * unless --reveal. Returns 0 or EXIT_USAGE (a bad rule file). */
static int redact(const struct show_state *st, struct proc *p, bool ascii)
{
	struct redactor red = {.reveal = false, .ascii = ascii && !st->oo.json};
	struct ruleset rs;
	int r = 0;
	/* A rule file given is loaded (and checked) even with --reveal. */
	if ((st->reveal || !p->argv || !p->argc) && !st->ro.nfiles)
		return 0;
	ruleset_init(&rs);
	r = rule_opts_load(&st->ro, &rs, "show");
	if (!r && !st->reveal)
		rule_redact_argv(&rs, &red, p);
	ruleset_release(&rs);
	return r;
}

/* The dossier from the target's snapshot: every file read once. */
/* Returns 0, or -ESRCH when the process exited while it was read. */
static int fill(struct dossier *d, int dir_fd, int init_fd,
		struct psnap_shared *sh)
{
	const unsigned facets = show_view_facets(); /* what the fields read */
	struct strbuf sb = STRBUF_INIT;
	struct psnap s, init;
	const struct proc *q;
	const char *exe = d->p->exe;
	size_t alloc = 0, i;
	for (q = d->p; q; q = q->parent) {
		d->chain = xgrow(d->chain, &alloc, d->nchain + 1,
				 sizeof(*d->chain));
		d->chain[d->nchain++] = q->pid;
	}
	psnap_init(&s, d->p->pid);
	if (psnap_read(&s, dir_fd, facets, sh, &sb)) {
		psnap_release(&s);
		strbuf_release(&sb);
		return -ESRCH;
	}
	d->st = s.status;
	d->st_err = s.err[FACET_STATUS];
	memcpy(d->ns, s.ns, sizeof(d->ns));
	d->ns_err = s.err[FACET_NS];
	if (init_fd >= 0) {
		psnap_init(&init, 1);
		psnap_read(&init, init_fd, FACET_BIT(FACET_NS), sh, &sb);
		memcpy(d->init_ns, init.ns, sizeof(d->init_ns));
		psnap_release(&init);
	}
	d->cwd = s.cwd;
	d->root = s.root;
	s.cwd = s.root = NULL;
	d->cwd_err = s.err[FACET_CWD];
	d->root_err = s.err[FACET_ROOT];
	if (exe) {
		size_t n = strlen(exe);
		d->exe_deleted = n > 10 && !strcmp(exe + n - 10, " (deleted)");
		/* The same rule as fds and maps: a memfd is always deleted. */
		d->exe_memfd = d->exe_deleted && !strncmp(exe, "/memfd:", 7);
	}
	d->env_err = s.err[FACET_ENV];
	d->env_count = d->env_err ? -1 : (long)s.nenv;
	d->fds_err = s.err[FACET_FDS];
	d->nfds = d->fds_err && !s.fds.n ? -1 : (long)s.fds.n;
	for (i = 0; i < s.fds.n; i++)
		d->fds_by_type[s.fds.e[i].type]++;
	d->maps_err = s.err[FACET_MAPS];
	d->nmaps = d->maps_err ? -1 : (long)s.nmaps;
	for (i = 0; i < s.nmaps; i++)
		if ((unsigned)s.maps[i].kind < MAP_KIND__COUNT)
			d->maps_by_kind[s.maps[i].kind]++;
	d->nmounts = s.err[FACET_MOUNTS] || !s.mounts ? -1 : (long)s.mounts->n;
	/* The last mount on "/" is the one that shows (over-mounts). */
	for (i = s.mounts ? s.mounts->n : 0; i > 0; i--)
		if (!strcmp(s.mounts->m[i - 1].mount_point, "/")) {
			d->root_mount_options =
				xstrdup(s.mounts->m[i - 1].options);
			d->root_mount_fstype =
				xstrdup(s.mounts->m[i - 1].fstype);
			break;
		}
	psnap_release(&s);
	strbuf_release(&sb);
	return 0;
}

static int show_run(const struct command *cmd, struct ctx *ctx, int argc,
		    char **argv);

const struct command cmd_show = {
	.name = "show",
	.summary = "show the dossier of one process",
	.usage = "PID",
	.details = "Identity and parents, credentials, capabilities, "
		   "no_new_privs, seccomp, tracer, namespaces (and whether "
		   "they are pid 1's), container and pod, then counts of "
		   "environment variables, fds by type, mappings by kind and "
		   "mounts.",
	.privileges =
		"For another user's process, CAP_SYS_PTRACE (the ptrace "
		"read check guards environ, maps, the fd links and the exe, "
		"cwd, root and ns links) and CAP_DAC_READ_SEARCH (environ "
		"is mode 0400 and fd/ 0500, owned by the process's user); "
		"credentials, capabilities and seccomp come from status, "
		"which every user may read.",
	.opts = show_opts,
	.operands = COMPLETE_PID,
	CMD_COLUMNS(show_view_cols),
	.run = show_run,
};

/* The target's own pid directory is opened before the table is read and
 * its start time compared after, so a pid reused meanwhile cannot mix two
 * processes in one dossier. The table is read without argv, exe and
 * cgroup of every process (only the parent chain is needed from it);
 * those come for the target alone. */
static int load(struct dossier *d, struct proc_table *t,
		const struct proc_source *src, int root_fd, int dir_fd,
		pid_t pid)
{
	struct strbuf sb = STRBUF_INIT;
	struct proc *p;
	unsigned long long began = 0;
	int r = proc_pids_read(t, 0, src);
	if (r) {
		msg_error("show: cannot read /proc: %s", strerror(-r));
		goto out;
	}
	p = proc_table_find(t, pid);
	if (!p || proc_files_read(p, root_fd, PROC_WANT_ALL, 4u << 20, &sb)) {
		msg_error("show: no process with pid %d", (int)pid);
		r = -ESRCH;
		goto out;
	}
	began = p->start_ticks;
	if (proc_read_file(dir_fd, "stat", 4096, &sb, NULL) == 0) {
		struct proc_stat st;
		if (!proc_stat_parse(sb.buf, sb.len, &st))
			began = st.start_ticks;
	}
	if (began != p->start_ticks) {
		msg_error("show: pid %d was reused while it was read; run "
			  "again",
			  (int)pid);
		r = -ESRCH;
		goto out;
	}
	d->p = p;
	/* Its container's names: the table's comm and uid point at the
	 * runtimes; only the target's container is looked up. */
	if (p->container.id[0]) {
		struct ctrnames *cn = ctrnames_new(root_fd, t);
		ctrnames_copy(&p->names, ctrnames_get(cn, p->container.id));
		ctrnames_free(cn);
	}
out:
	strbuf_release(&sb);
	return r;
}

static int show_run(const struct command *cmd, struct ctx *ctx, int argc,
		    char **argv)
{
	struct show_state st = {0};
	struct proc_table t;
	struct dossier d;
	struct psnap_shared sh;
	pid_t pid;
	int first, r, root_fd, dir_fd = -1, init_fd;

	r = cmd_parse_opts(cmd, ctx, argc, argv, show_opt, &st, &first);
	if (!r && (argc - first != 1 ||
		   parse_pid(argv[first], strlen(argv[first]), &pid))) {
		msg_error("show: expected one PID; try 'procsift show --help'");
		r = EXIT_USAGE;
	}
	if (!r)
		r = out_opts_finish(&st.oo, "show", ctx->out);
	if (!r)
		r = out_opts_columns(
			&st.oo, "show", show_view_cols, SHOW_VIEW_NCOLS,
			show_view_default, SHOW_VIEW_NCOLS, st.sel,
			sizeof(st.sel) / sizeof(st.sel[0]), &st.nsel);
	root_fd = r ? -1 : proc_open_root(ctx->src);
	if (!r && root_fd < 0) {
		msg_error("show: cannot read /proc: %s", strerror(-root_fd));
		r = EXIT_RUNTIME;
	}
	if (r) {
		rule_opts_release(&st.ro);
		return r < 0 ? EXIT_OK : r;
	}
	memset(&d, 0, sizeof(d));
	proc_table_init(&t);
	dir_fd = proc_open_pid(root_fd, pid);
	if (dir_fd < 0) {
		/* Perhaps there, but hidden from this /proc: say so. */
		struct cmd_visibility vis;
		msg_error("show: no process with pid %d", (int)pid);
		cmd_visibility_read(ctx->src, &vis);
		cmd_visibility_warn("show", &vis);
		r = EXIT_RUNTIME;
		goto out;
	}
	if (load(&d, &t, ctx->src, root_fd, dir_fd, pid)) {
		r = EXIT_RUNTIME;
		goto out;
	}
	r = redact(&st, (struct proc *)d.p, ctx->ascii_locale);
	if (r)
		goto out;
	init_fd = proc_open_pid(root_fd, 1);
	psnap_shared_init(&sh, root_fd);
	r = fill(&d, dir_fd, init_fd, &sh);
	psnap_shared_release(&sh);
	if (init_fd >= 0)
		close(init_fd);
	if (r) {
		msg_error("show: pid %d exited while it was read", (int)pid);
		r = EXIT_RUNTIME;
		goto out;
	}
	{
		struct show_view_opts vo = {.fp = ctx->out,
					    .json = st.oo.json,
					    .pretty = st.oo.pretty,
					    .ascii = ctx->ascii_locale,
					    .style = st.oo.style,
					    .sel = st.sel,
					    .nsel = st.nsel};
		r = show_view_print(&vo, &d) ? EXIT_RUNTIME : EXIT_OK;
	}
out:
	if (dir_fd >= 0)
		close(dir_fd);
	close(root_fd);
	dossier_release(&d);
	proc_table_release(&t);
	rule_opts_release(&st.ro);
	return r;
}
