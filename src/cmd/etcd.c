/* procsift etcd: find etcd and its database through /proc (or read a
 * copied one with --file), and list every Kubernetes Secret revision with
 * its storage and state, the findings, and a summary. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/command.h"
#include "cmd/outopts.h"
#include "cmd/ruleopts.h"
#include "etcd/audit.h"
#include "etcd/bbolt.h"
#include "etcd/locate.h"
#include "proc/ctrnames.h"
#include "proc/pidfile.h"
#include "render/etcd_view.h"
#include "scan/judge_etcd.h"
#include "util/msg.h"
#include "util/parse.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

enum {
	EC_PID = 1,
	EC_FILE,
	EC_WAL,
	EC_RESOURCES,
	EC_NO_CARVE,
	EC_NO_WAL,
	EC_NO_HELM,
	EC_REVEAL,
	EC_KEY,
	EC_FAIL_ON,
};

static const struct cmd_opt etcd_opts[] = {
	{EC_PID, "pid", 'p', "PID", COMPLETE_PID,
	 "read the database of this etcd process (one: a report is about "
	 "one database)"},
	{EC_FILE, "file", 'f', "PATH", COMPLETE_FILE,
	 "read a copied database (etcdctl snapshot save, or a copy of "
	 "member/snap/db) instead of a running etcd"},
	{EC_WAL, "wal", 0, "PATH", COMPLETE_FILE,
	 "with --file: also scan this WAL file (repeatable)"},
	OUTPUT_OPTS,
	{EC_RESOURCES, "all-resources", 0, NULL, COMPLETE_NONE,
	 "also count keys and revisions of every resource"},
	{EC_NO_CARVE, "no-carve", 0, NULL, COMPLETE_NONE,
	 "do not look for old revisions in free pages"},
	{EC_NO_WAL, "no-wal", 0, NULL, COMPLETE_NONE,
	 "do not scan the write-ahead log"},
	{EC_NO_HELM, "no-helm", 0, NULL, COMPLETE_NONE,
	 "list Helm release Secrets without decoding them (faster; their "
	 "values and manifests are not judged)"},
	{EC_REVEAL, "reveal", 0, NULL, COMPLETE_NONE,
	 "show secret values in full"},
	{EC_KEY, "fingerprint-key", 0, "HEX", COMPLETE_NONE,
	 "fingerprint key (16-64 hex digits) instead of a random one"},
	{EC_FAIL_ON, "fail-on", 0, "SEV", COMPLETE_SEVERITY,
	 "exit 1 when a finding at or above SEV exists"},
	RULE_OPTS,
	{0},
};

struct etcd_cmd_state {
	struct rule_opts ro;
	const struct proc_source *src; /* the /proc read (ctx->src) */
	pid_t pid;		       /* the one --pid, or 0 */
	pid_t *pids; /* every --pid (a list is parsed, to refuse it) */
	size_t npids, pids_alloc;
	struct out_opts oo;
	const char *file, *key;
	const char **wal;
	size_t nwal, wal_alloc;
	bool resources, no_carve, no_wal, no_helm, reveal;
	int fail_on;
	int sel[ETCD_VIEW_NCOLS * 2];
	size_t nsel;
};

/* clang-format off */
#define FLAG(id, field) {id, offsetof(struct etcd_cmd_state, field)}
/* clang-format on */
static const struct cmd_flag etcd_flags[] = {
	FLAG(EC_RESOURCES, resources), FLAG(EC_NO_CARVE, no_carve),
	FLAG(EC_NO_WAL, no_wal),       FLAG(EC_NO_HELM, no_helm),
	FLAG(EC_REVEAL, reveal),       {0},
};

static int etcd_opt(void *state, int id, const char *arg)
{
	struct etcd_cmd_state *st = state;
	if (!cmd_set_flag(st, etcd_flags, id))
		return 0;
	switch (id) {
	case EC_PID:
		return cmd_pid_list("etcd", arg, &st->pids, &st->npids,
				    &st->pids_alloc);
	case EC_FILE:
		st->file = arg;
		return 0;
	case EC_WAL:
		st->wal = xgrow(st->wal, &st->wal_alloc, st->nwal + 1,
				sizeof(*st->wal));
		st->wal[st->nwal++] = arg;
		return 0;
	case EC_KEY:
		st->key = arg;
		return 0;
	case EC_FAIL_ON:
		st->fail_on = severity_parse(arg);
		if (st->fail_on < 0) {
			msg_error("etcd: unknown severity '%s' (info, low, "
				  "medium, high, critical)",
				  arg);
			return EXIT_USAGE;
		}
		return 0;
	}
	return rule_opts_or_output(&st->ro, &st->oo, "etcd", id, arg);
}

/* Open a file named on the command line: read-only, never blocking on a
 * FIFO or a device, and only a regular file. Returns the fd or -1 after
 * saying why. */
static int open_file(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		msg_error("etcd: %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		msg_error("etcd: %s: not a regular file", path);
		close(fd);
		return -1;
	}
	return fd;
}

/* The one etcd to read: the one asked for, or the only one with its
 * database open (the others are named). Returns its index or -1 after
 * saying why. */
static int pick(const struct etcd_procs *l, pid_t pid)
{
	size_t i;
	int found = -1;
	if (!l->n) {
		if (pid)
			msg_error("etcd: no process %d", (int)pid);
		else
			msg_error("etcd: no etcd process found; use --file "
				  "to read a copied database");
		return -1;
	}
	for (i = 0; i < l->n; i++) {
		if (l->p[i].h.db_fdnum < 0)
			continue;
		if (found < 0)
			found = (int)i;
		else
			msg_warn("etcd: pid %d also has a database open "
				 "(%s); read it with --pid %d",
				 (int)l->p[i].h.pid, l->p[i].h.db_path,
				 (int)l->p[i].h.pid);
	}
	if (found >= 0)
		return found;
	if (l->p[0].err)
		msg_error("etcd: pid %d: cannot read its open files: %s%s%s",
			  (int)l->p[0].h.pid, strerror(l->p[0].err),
			  cmd_refused_hint(l->p[0].err) ? "; " : "",
			  cmd_refused_hint(l->p[0].err)
				  ? cmd_refused_hint(l->p[0].err)
				  : "");
	else
		msg_error("etcd: pid %d has no member/snap/db open%s%s",
			  (int)l->p[0].h.pid,
			  l->p[0].data_dir ? "; its data directory is " : "",
			  l->p[0].data_dir ? l->p[0].data_dir : "");
	return -1;
}

/* etcd's container and pod, and their names as the runtime's state files
 * give them (as scan names its findings'), for rep's findings. */
static void name_report(const struct proc_source *src,
			const struct host_etcd *e, struct etcd_report *rep)
{
	struct ctrnames *cn;
	int root_fd;
	rep->container = e->container ? xstrdup(e->container) : NULL;
	rep->pod_uid = e->pod_uid ? xstrdup(e->pod_uid) : NULL;
	if (!e->container || (root_fd = proc_open_root(src)) < 0)
		return;
	cn = ctrnames_new(root_fd, NULL);
	ctrnames_copy(&rep->names, ctrnames_get(cn, e->container));
	ctrnames_free(cn);
	close(root_fd);
}

/* Open the database and WAL of the etcd process, or the files named.
 * Fills rep's process and paths, *db_fd and wal_fds (-1 for a WAL that
 * could not be opened). Returns 0 or EXIT_RUNTIME. */
static int open_sources(const struct etcd_cmd_state *st, struct etcd_procs *l,
			struct etcd_report *rep, int *db_fd, int **wal_fds)
{
	struct host_etcd *e;
	size_t i;
	int k, r;
	if (st->file) {
		*db_fd = open_file(st->file);
		if (*db_fd < 0)
			return EXIT_RUNTIME;
		rep->db = xstrdup(st->file);
		*wal_fds = xcalloc(st->nwal + 1, sizeof(**wal_fds));
		rep->wal = xcalloc(st->nwal + 1, sizeof(*rep->wal));
		for (i = 0; !st->no_wal && i < st->nwal; i++) {
			int fd = open_file(st->wal[i]);
			if (fd < 0)
				return EXIT_RUNTIME; /* a file named: fail */
			(*wal_fds)[rep->nwal] = fd;
			rep->wal[rep->nwal++] = xstrdup(st->wal[i]);
		}
		return 0;
	}
	r = etcd_locate(st->src, st->pid ? &st->pid : NULL, st->pid ? 1 : 0, l);
	if (r) {
		msg_error("etcd: cannot read /proc: %s", strerror(-r));
		return EXIT_RUNTIME;
	}
	k = pick(l, st->pid);
	if (k < 0)
		return EXIT_RUNTIME;
	e = &l->p[k].h;
	etcd_host_open(e, st->src, 0, !st->no_wal);
	if (e->db_fd < 0) {
		msg_error("etcd: pid %d: cannot open fd %d (%s): %s",
			  (int)e->pid, e->db_fdnum, e->db_path,
			  e->db_err == ENODATA
				  ? "not in this snapshot (procsift snapshot "
				    "--with-etcd copies it)"
			  : e->db_err == EPERM ? "not a regular file"
			  : e->db_err == EACCES
				  ? "the process could not read it itself "
				    "(O_PATH, or a file its user may not "
				    "read)"
			  : e->db_err == EREMOTE
				  ? "on a network or FUSE file "
				    "system, which may not answer"
				  : strerror(e->db_err));
		return EXIT_RUNTIME;
	}
	/* The descriptors move to the caller. */
	*db_fd = e->db_fd;
	e->db_fd = -1;
	rep->pid = e->pid;
	rep->start_ticks = e->start_ticks;
	rep->comm = xstrdup(e->comm);
	name_report(st->src, e, rep);
	rep->db = xstrdup(e->db_path);
	*wal_fds = xcalloc(e->nwal + 1, sizeof(**wal_fds));
	rep->wal = xcalloc(e->nwal + 1, sizeof(*rep->wal));
	for (i = 0; !st->no_wal && i < e->nwal; i++) {
		if (e->wal_fds[i] < 0) {
			msg_warn("etcd: cannot open WAL %s: %s",
				 e->wal_paths[i], strerror(-e->wal_fds[i]));
			continue;
		}
		(*wal_fds)[rep->nwal] = e->wal_fds[i];
		e->wal_fds[i] = -1;
		rep->wal[rep->nwal++] = xstrdup(e->wal_paths[i]);
	}
	return 0;
}

static int etcd_run(const struct command *cmd, struct ctx *ctx, int argc,
		    char **argv);

const struct command cmd_etcd = {
	.name = "etcd",
	.summary = "audit etcd's database for Kubernetes Secrets",
	.details =
		"Finds etcd and its member/snap/db through /proc (or reads "
		"--file), never locking or writing it, and lists every "
		"revision of every Kubernetes Secret: plaintext, json or "
		"encrypted (provider and key), live, superseded, deleted, or "
		"recovered from free pages; then the findings and a summary. "
		"Values are redacted unless --reveal. Exit 1 with --fail-on "
		"when a finding at or above it exists, 3 when the database "
		"cannot be read, is not an etcd database or is corrupt, or a "
		"--wal file is not an etcd WAL.",
	.privileges =
		"CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH when etcd runs as "
		"another user: the database and the WAL are opened through "
		"/proc/PID/fd/N (a ptrace read check), and are files of "
		"mode 0600 (a permission check on the file itself). With "
		"--file, read permission on the file (or "
		"CAP_DAC_READ_SEARCH).",
	.opts = etcd_opts,
	CMD_COLUMNS(etcd_view_cols),
	.run = etcd_run,
};

/* Why a file is not an etcd WAL, from what reading it gave. */
static const char *not_wal_why(const struct etcd_wal_file *wf)
{
	if (!wf->size)
		return "empty file";
	if (!wf->torn)
		return "only zeros at its start (no record was ever written)";
	return "no WAL record at offset 0 (etcd opens every segment with a "
	       "crc record)";
}

/* Say what each WAL file gave. A file the user named with --wal that is
 * not a WAL, or cannot be read, is an error (EXIT_RUNTIME): a report of
 * "0 plaintext writes" would read as a clean WAL. Found through /proc, it
 * costs a warning. Returns 0 or EXIT_RUNTIME. */
static int wal_messages(const struct etcd_cmd_state *st,
			const struct etcd_report *rep)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = 0;
	size_t i;
	for (i = 0; rep->wal_files && i < rep->nwal; i++) {
		const struct etcd_wal_file *wf = &rep->wal_files[i];
		strbuf_reset(&sb);
		if (wf->err == -EMEDIUMTYPE)
			strbuf_addf(&sb, "etcd: %s: not an etcd WAL: %s",
				    rep->wal[i], not_wal_why(wf));
		else if (wf->err)
			strbuf_addf(&sb, "etcd: reading the WAL %s: %s",
				    rep->wal[i], strerror(-wf->err));
		if (wf->err && st->file) {
			msg_error("%s", sb.buf);
			ret = EXIT_RUNTIME;
		} else if (wf->err) {
			msg_warn("%s", sb.buf);
		}
		if (wf->crc_errors)
			msg_warn("etcd: %s: %llu WAL record%s with a bad CRC, "
				 "the first at offset %llu: what was read "
				 "from there on is untrusted (findings of "
				 "low confidence)",
				 rep->wal[i],
				 (unsigned long long)wf->crc_errors,
				 wf->crc_errors == 1 ? "" : "s",
				 (unsigned long long)wf->first_bad_crc);
	}
	strbuf_release(&sb);
	return ret;
}

static int audit(const struct etcd_cmd_state *st, struct etcd_report *rep,
		 int db_fd, const int *wal_fds, const struct ruleset *rs,
		 const struct redactor *red)
{
	struct judge_ctx jc = {.rules = rs, .red = red};
	struct etcd_audit_opts ao = {
		.on_value = judge_etcd_value,
		.arg = &jc,
		.red = red,
		.carve = !st->no_carve,
		.no_helm = st->no_helm,
		.all_resources = st->resources,
	};
	char err[BOLT_ERR_LEN] = "";
	int r = etcd_audit_db(db_fd, &ao, rep, err, sizeof(err));
	if (r == -EMEDIUMTYPE) {
		msg_error("etcd: %s: not an etcd database: %s", rep->db, err);
		return EXIT_RUNTIME;
	}
	if (r == -EINVAL) {
		msg_error("etcd: %s: corrupt: %s", rep->db, err);
		return EXIT_RUNTIME;
	}
	if (r == -EAGAIN) {
		msg_error("etcd: %s: %s", rep->db, err);
		return EXIT_RUNTIME;
	}
	if (r) {
		msg_error("etcd: %s: %s", rep->db, strerror(-r));
		return EXIT_RUNTIME;
	}
	if (rep->moved)
		msg_warn("etcd: %s changed during each of 5 reads; this "
			 "report may mix states of it",
			 rep->db);
	if (rep->nwal)
		etcd_audit_wal(wal_fds, rep->wal, rep->nwal, &ao, rep);
	return wal_messages(st, rep);
}

static int etcd_run(const struct command *cmd, struct ctx *ctx, int argc,
		    char **argv)
{
	struct etcd_cmd_state st;
	struct ruleset rs;
	struct redactor red;
	struct etcd_procs procs = {0};
	struct etcd_report rep;
	struct etcd_view_opts vo;
	int first, r, db_fd = -1, *wal_fds = NULL;
	size_t i;

	memset(&st, 0, sizeof(st));
	st.src = ctx->src;
	st.fail_on = -1;
	ruleset_init(&rs);
	etcd_report_init(&rep);
	r = cmd_parse_opts(cmd, ctx, argc, argv, etcd_opt, &st, &first);
	if (!r && first < argc) {
		msg_error("etcd: unexpected operand '%s'", argv[first]);
		r = EXIT_USAGE;
	}
	/* One report is about one database; scan audits every etcd named
	 * (issue 11: --pid takes lists everywhere, and here says why not). */
	if (!r && st.npids > 1) {
		msg_error("etcd: --pid names one etcd process (%zu given): "
			  "a report is about one database; run etcd once per "
			  "pid, or 'procsift scan --judge etcd --pid LIST' "
			  "for the findings of all",
			  st.npids);
		r = EXIT_USAGE;
	}
	st.pid = st.npids ? st.pids[0] : 0;
	if (!r && st.file && st.pid) {
		msg_error("etcd: --file and --pid exclude each other");
		r = EXIT_USAGE;
	}
	if (!r && st.nwal && !st.file) {
		msg_error("etcd: --wal goes with --file (a running etcd's WAL "
			  "is found through /proc)");
		r = EXIT_USAGE;
	}
	if (!r)
		r = out_opts_finish(&st.oo, "etcd", ctx->out);
	if (!r)
		r = out_opts_columns(
			&st.oo, "etcd", etcd_view_cols, etcd_view_ncols,
			etcd_view_default, etcd_view_ndefault, st.sel,
			sizeof(st.sel) / sizeof(st.sel[0]), &st.nsel);
	if (!r && (st.key ? redactor_init_hex(&red, st.key, st.reveal)
			  : redactor_init_random(&red, st.reveal))) {
		msg_error("etcd: bad --fingerprint-key (16 to 64 hex digits)");
		r = EXIT_USAGE;
	}
	/* Evidence is made while auditing, for the one format shown. */
	red.ascii = ctx->ascii_locale && !st.oo.json;
	if (!r)
		r = rule_opts_load(&st.ro, &rs, "etcd");
	if (!r)
		r = open_sources(&st, &procs, &rep, &db_fd, &wal_fds);
	if (!r)
		r = audit(&st, &rep, db_fd, wal_fds, &rs, &red);
	if (!r)
		etcd_report_name_findings(&rep);
	if (!r) {
		etcd_report_sort(&rep);
		vo = (struct etcd_view_opts){
			.fp = ctx->out,
			.json = st.oo.json,
			.pretty = st.oo.pretty,
			.noheadings = st.oo.noheadings,
			.ascii = ctx->ascii_locale,
			.style = st.oo.style,
			.resources = st.resources,
			.sel = st.sel,
			.nsel = st.nsel,
		};
		r = etcd_view_print(&vo, &rep) ? EXIT_RUNTIME : 0;
	}
	for (i = 0; !r && st.fail_on >= 0 && i < rep.findings.n; i++)
		if ((int)rep.findings.f[i].severity >= st.fail_on)
			r = EXIT_FINDINGS;
	for (i = 0; !r && st.fail_on >= 0 && i < rep.nrows; i++)
		if (etcd_row_severity(&rep.rows[i]) >= st.fail_on)
			r = EXIT_FINDINGS;
	if (db_fd >= 0)
		close(db_fd);
	for (i = 0; wal_fds && i < rep.nwal; i++)
		close(wal_fds[i]);
	free(wal_fds);
	etcd_report_release(&rep);
	etcd_procs_release(&procs);
	ruleset_release(&rs);
	rule_opts_release(&st.ro);
	free(st.wal);
	free(st.pids);
	return r < 0 ? EXIT_OK : r;
}
