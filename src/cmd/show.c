/* procsift show PID: the dossier of one process. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "cmd/ruleopts.h"
#include "model/dossier.h"
#include "model/env.h"
#include "model/table.h"
#include "out/show_view.h"
#include "proc/environ.h"
#include "proc/fds.h"
#include "proc/files.h"
#include "proc/maps.h"
#include "proc/mountinfo.h"
#include "proc/pidfile.h"
#include "proc/pids.h"
#include "proc/stat.h"
#include "proc/status.h"
#include "scan/secrets.h"
#include "util/msg.h"
#include "util/parse.h"
#include "util/xalloc.h"

enum { SO_JSON = 1, SO_PRETTY, SO_REVEAL };

static const struct cmd_opt show_opts[] = {
	{SO_JSON, "json", 'j', NULL, COMPLETE_NONE,
	 "JSON output (docs/json.md)"},
	{SO_PRETTY, "pretty", 0, NULL, COMPLETE_NONE, "indent JSON output"},
	{SO_REVEAL, "reveal", 0, NULL, COMPLETE_NONE,
	 "show secrets in the command line (redacted by default)"},
	RULE_OPTS,
	{0},
};

struct show_state {
	bool json, pretty, reveal;
	struct rule_opts ro;
};

static int show_opt(void *state, int id, const char *arg)
{
	struct show_state *st = state;
	switch (id) {
	case SO_JSON:
	case SO_PRETTY:
		st->json = true;
		st->pretty = st->pretty || id == SO_PRETTY;
		return 0;
	case SO_REVEAL:
		st->reveal = true;
		return 0;
	}
	return rule_opts_opt(&st->ro, id, arg) ? EXIT_USAGE : 0;
}

/* The secret parts of the command line, as scan's argv judge finds them,
 * unless --reveal. Returns 0 or EXIT_USAGE (a bad rule file). */
static int redact(const struct show_state *st, struct proc *p)
{
	struct redactor red = {.reveal = false};
	struct ruleset rs;
	int r = 0;
	if (st->reveal || !p->argv || !p->argc)
		return 0;
	ruleset_init(&rs);
	r = rule_opts_load(&st->ro, &rs, "show");
	if (!r)
		p->argv_redacted =
			secrets_redact_argv(&rs, &red, p->argv, p->argc);
	ruleset_release(&rs);
	return r;
}

/* "net:[4026531840]" -> 4026531840, or 0 with *err set. */
static uint64_t ns_inode(int dir_fd, enum ns_kind k, int *err)
{
	char name[40], buf[64];
	unsigned long long v;
	ssize_t n;
	snprintf(name, sizeof(name), "ns/%s", ns_name(k));
	n = readlinkat(dir_fd, name, buf, sizeof(buf) - 1);
	if (n < 0) {
		/* Older kernels lack time namespaces: not an error. */
		if (errno != ENOENT && !*err)
			*err = errno;
		return 0;
	}
	buf[n] = '\0';
	return sscanf(strchr(buf, '[') ? strchr(buf, '[') : buf, "[%llu]",
		      &v) == 1
		       ? v
		       : 0;
}

static void read_ns(struct dossier *d, int dir_fd, int init_fd)
{
	int k, ignore = 0;
	for (k = 0; k < NS__COUNT; k++) {
		d->ns[k] = ns_inode(dir_fd, k, &d->ns_err);
		if (init_fd >= 0)
			d->init_ns[k] = ns_inode(init_fd, k, &ignore);
	}
}

static void read_links(struct dossier *d, int dir_fd)
{
	const char *exe = d->p->exe;
	d->cwd_err = -proc_readlink(dir_fd, "cwd", &d->cwd);
	d->root_err = -proc_readlink(dir_fd, "root", &d->root);
	if (exe) {
		size_t n = strlen(exe);
		d->exe_deleted = n > 10 && !strcmp(exe + n - 10, " (deleted)");
		/* The same rule as fds and maps: a memfd is always deleted. */
		d->exe_memfd = d->exe_deleted && !strncmp(exe, "/memfd:", 7);
	}
}

static void read_counts(struct dossier *d, int dir_fd, struct strbuf *sb)
{
	struct fd_list fds = {0};
	struct env_var *vars = NULL;
	size_t n, i;
	int r = proc_read_mem_file(dir_fd, "environ", 16u << 20, sb, NULL);
	d->env_count = -1;
	if (r) {
		d->env_err = -r;
	} else {
		proc_environ_parse(sb->buf, sb->len, &vars, &n);
		d->env_count = (long)n;
		free(vars);
	}
	d->nfds = -1;
	if (proc_fds_read(dir_fd, false, &fds, sb)) {
		d->fds_err = fds.err;
	} else {
		d->nfds = (long)fds.n;
		for (i = 0; i < fds.n; i++)
			d->fds_by_type[fds.e[i].type]++;
	}
	fd_list_release(&fds);
}

static int count_map(const struct map_entry *e, void *arg)
{
	struct dossier *d = arg;
	if ((unsigned)e->kind < MAP_KIND__COUNT)
		d->maps_by_kind[e->kind]++;
	d->nmaps++;
	return 0;
}

static void read_maps_mounts(struct dossier *d, int dir_fd, struct strbuf *sb)
{
	struct mount_entry *m = NULL;
	size_t n = 0, i;
	int r = proc_read_file(dir_fd, "maps", 64u << 20, sb, NULL);
	d->nmaps = -1;
	if (r) {
		d->maps_err = -r;
	} else {
		d->nmaps = 0;
		proc_maps_each(sb->buf, sb->len, count_map, d, NULL);
	}
	d->nmounts = -1;
	if (proc_read_file(dir_fd, "mountinfo", 64u << 20, sb, NULL))
		return;
	proc_mountinfo_parse(sb->buf, sb->len, &m, &n, NULL);
	d->nmounts = (long)n;
	/* The last mount on "/" is the one that shows (over-mounts). */
	for (i = n; i > 0; i--)
		if (!strcmp(m[i - 1].mount_point, "/")) {
			d->root_mount_options = xstrdup(m[i - 1].options);
			d->root_mount_fstype = xstrdup(m[i - 1].fstype);
			break;
		}
	mount_entries_free(m, n);
}

static void fill(struct dossier *d, int dir_fd, int init_fd)
{
	struct strbuf sb = STRBUF_INIT;
	const struct proc *q;
	size_t alloc = 0;
	int r;
	for (q = d->p; q; q = q->parent) {
		d->chain = xgrow(d->chain, &alloc, d->nchain + 1,
				 sizeof(*d->chain));
		d->chain[d->nchain++] = q->pid;
	}
	r = proc_read_file(dir_fd, "status", 1u << 20, &sb, NULL);
	if (r || proc_status_parse(sb.buf, sb.len, &d->st))
		d->st_err = r ? -r : EINVAL;
	read_ns(d, dir_fd, init_fd);
	read_links(d, dir_fd);
	read_counts(d, dir_fd, &sb);
	read_maps_mounts(d, dir_fd, &sb);
	strbuf_release(&sb);
}

static int show_run(struct ctx *ctx, int argc, char **argv);

const struct command cmd_show = {
	.name = "show",
	.summary = "show the dossier of one process",
	.usage = "PID",
	.details = "Identity and parents, credentials, capabilities, "
		   "no_new_privs, seccomp, tracer, namespaces (and whether "
		   "they are pid 1's), container and pod, then counts of "
		   "environment variables, fds by type, mappings by kind and "
		   "mounts.",
	.opts = show_opts,
	.operands = COMPLETE_PID,
	.run = show_run,
};

/* The target's own pid directory is opened before the table is read and
 * its start time compared after, so a pid reused meanwhile cannot mix two
 * processes in one dossier. The table is read without argv, exe and
 * cgroup of every process (only the parent chain is needed from it);
 * those come for the target alone. */
static int load(struct dossier *d, struct proc_table *t, int root_fd,
		int dir_fd, pid_t pid)
{
	struct strbuf sb = STRBUF_INIT;
	struct proc *p;
	unsigned long long began = 0;
	int r = proc_pids_read(t, 0);
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
out:
	strbuf_release(&sb);
	return r;
}

static int show_run(struct ctx *ctx, int argc, char **argv)
{
	struct show_state st = {0};
	struct proc_table t;
	struct dossier d;
	pid_t pid;
	int first, r, root_fd, dir_fd = -1, init_fd;

	r = cmd_parse_opts(&cmd_show, ctx, argc, argv, show_opt, &st, &first);
	if (!r && (argc - first != 1 ||
		   parse_pid(argv[first], strlen(argv[first]), &pid))) {
		msg_error("show: expected one PID; try 'procsift show --help'");
		r = EXIT_USAGE;
	}
	root_fd = r ? -1 : proc_open_root();
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
		msg_error("show: no process with pid %d", (int)pid);
		r = EXIT_RUNTIME;
		goto out;
	}
	if (load(&d, &t, root_fd, dir_fd, pid)) {
		r = EXIT_RUNTIME;
		goto out;
	}
	r = redact(&st, (struct proc *)d.p);
	if (r)
		goto out;
	init_fd = proc_open_pid(root_fd, 1);
	fill(&d, dir_fd, init_fd);
	if (init_fd >= 0)
		close(init_fd);
	r = show_view_print(ctx->out, &d, st.json, st.pretty) ? EXIT_RUNTIME
							      : EXIT_OK;
out:
	if (dir_fd >= 0)
		close(dir_fd);
	close(root_fd);
	dossier_release(&d);
	proc_table_release(&t);
	rule_opts_release(&st.ro);
	return r;
}
