/* procsift snapshot: collect now, judge later (procsift --input FILE). */
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <sys/stat.h>

#include "cmd/command.h"
#include "cmd/judging.h"
#include "etcd/locate.h"
#include "proc/ctrnames.h"
#include "proc/pids.h"
#include "proc/rootfile.h"
#include "scan/rules.h"
#include "util/redact.h"
#include "proc/pidfile.h"
#include "proc/snapcollect.h"
#include "proc/snapfile.h"
#include "util/msg.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

enum { SN_OUTPUT = 1, SN_PID, SN_WITH_ETCD };

static const struct cmd_opt snapshot_opts[] = {
	{SN_OUTPUT, "output", 'o', "FILE", COMPLETE_FILE,
	 "write the snapshot to FILE (created 0600; an existing file is "
	 "never overwritten)"},
	{SN_PID, "pid", 'p', "PIDS", COMPLETE_PID_LIST,
	 "only these processes (comma-separated, repeatable)"},
	{SN_WITH_ETCD, "with-etcd", 0, NULL, COMPLETE_NONE,
	 "also copy the database and WAL files each etcd process holds, "
	 "through its descriptors and the checks procsift etcd makes"},
	{0},
};

struct snapshot_state {
	const char *output;
	pid_t *pids;
	size_t npids, alloc;
	bool with_etcd;
};

static int snapshot_opt(void *state, int id, const char *arg)
{
	struct snapshot_state *st = state;
	switch (id) {
	case SN_OUTPUT:
		st->output = arg;
		return 0;
	case SN_WITH_ETCD:
		st->with_etcd = true;
		return 0;
	case SN_PID:
		return cmd_pid_list("snapshot", arg, &st->pids, &st->npids,
				    &st->alloc);
	}
	return EXIT_USAGE;
}

static int snapshot_run(const struct command *cmd, struct ctx *ctx, int argc,
			char **argv);

const struct command cmd_snapshot = {
	.name = "snapshot",
	.summary = "collect what every view reads from /proc into one file",
	.details = "Reads, once and read-only, every /proc file that a view or "
		   "judge uses (per process: stat, status, cmdline, environ, "
		   "cgroup, maps, the exe, cwd, root, namespace and fd links, "
		   "fdinfo; per namespace: mountinfo and the network tables) "
		   "into a tar archive compressed with zstd, with a manifest "
		   "(host, boot id, kernel, time, procsift's uid and "
		   "capabilities, what could not be read, a SHA-256 of every "
		   "member). The file holds environments and command lines in "
		   "PLAINTEXT: keep it as the secrets themselves. Read it "
		   "anywhere with procsift --input FILE COMMAND.",
	.privileges =
		"CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH, as scan, to read "
		"other users' processes (environ, fds, maps, files through "
		"/proc/PID/root); what it could not read is kept as such and "
		"listed in the manifest. Reading a snapshot (--input) needs "
		"CAP_SYS_ADMIN or unprivileged user namespaces, for a private "
		"in-memory file system.",
	.opts = snapshot_opts,
	.run = snapshot_run,
};

static void add_str(struct json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v ? v : ""));
}

/* A line of /proc/self/status ("CapEff:\t000001ffffffffff"), or "". */
static void status_field(const char *field, char *out, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	size_t flen = strlen(field);
	out[0] = '\0';
	if (!proc_read_file(AT_FDCWD, "/proc/self/status", 1u << 20, &sb,
			    NULL)) {
		for (p = sb.buf; p && *p; p = strchr(p, '\n'), p += !!p)
			if (!strncmp(p, field, flen) && p[flen] == ':') {
				p += flen + 1;
				p += strspn(p, " \t");
				snprintf(out, size, "%.*s",
					 (int)strcspn(p, "\n"), p);
				break;
			}
	}
	strbuf_release(&sb);
}

static int copy_fd(struct snapfile_writer *w, pid_t pid, int fdnum, int fd)
{
	char name[96];
	struct stat st;
	if (fstat(fd, &st))
		return -errno;
	snprintf(name, sizeof(name), "%s/%d/fd/%d", SNAP_ETCD_DIR, (int)pid,
		 fdnum);
	return snapfile_add_fd(w, name, fd, (uint64_t)st.st_size);
}

/* The files each etcd holds, opened as procsift etcd opens them (the
 * holder's own access, a regular file on a local file system), copied
 * whole. etcd keeps writing meanwhile: the copy is what a read at that
 * moment gives, as the audit of the live file is. Returns 0, or -errno
 * when writing the archive failed. */
static int copy_etcd(struct snapfile_writer *w, const struct snapshot_state *st)
{
	struct etcd_procs l;
	size_t i, k;
	int r = etcd_locate(NULL, st->npids ? st->pids : NULL, st->npids, &l);
	if (r) {
		msg_warn("snapshot: --with-etcd: %s", strerror(-r));
		return 0;
	}
	for (i = 0; !r && i < l.n; i++) {
		struct host_etcd *e = &l.p[i].h;
		if (e->db_fdnum < 0)
			continue;
		etcd_host_open(e, NULL, 0, true);
		if (e->db_fd < 0) {
			msg_warn("snapshot: etcd pid %d: %s not copied: %s",
				 (int)e->pid, e->db_path, strerror(e->db_err));
			continue;
		}
		r = copy_fd(w, e->pid, e->db_fdnum, e->db_fd);
		for (k = 0; !r && k < e->nwal; k++)
			if (e->wal_fds[k] >= 0)
				r = copy_fd(w, e->pid, e->wal_fdnums[k],
					    e->wal_fds[k]);
		if (!r)
			msg_note("snapshot: etcd pid %d: %s and %zu WAL files "
				 "copied",
				 (int)e->pid, e->db_path, e->nwal);
		etcd_host_close(e);
	}
	etcd_procs_release(&l);
	return r;
}

/* Files read through a process's root, kept below its directory as
 * rootfile_read reads them offline (rootfile.h). */
struct rootcopy {
	struct snapfile_writer *w;
	int err; /* the first write error */
	size_t files;
};

static void keep(struct rootcopy *rc, int r)
{
	/* A name the archive does not take (a byte outside its names'
	 * set), or one kept already: that file is simply not offline. */
	if (r && r != -EINVAL && r != -EEXIST && !rc->err)
		rc->err = r;
}

static void root_file(void *arg, pid_t pid, const struct host_file *f)
{
	struct rootcopy *rc = arg;
	char member[600], rel[512], side[64];
	int r;
	if (!f->path || rootfile_member(f->path, rel, sizeof(rel)) ||
	    (size_t)snprintf(member, sizeof(member), "proc/%d/%s", (int)pid,
			     rel) >= sizeof(member) - 8)
		return;
	if (f->err) {
		/* Not there: offline it is not there either. */
		if (f->err == ENOENT)
			return;
		snprintf(side, sizeof(side), "%d", f->err);
		strcat(member, ".errno");
		keep(rc, snapfile_add_file(rc->w, member, side, strlen(side)));
		return;
	}
	if (!f->has_stat)
		return;
	if (f->data)
		r = snapfile_add_file(rc->w, member, f->data, f->len);
	else if (S_ISDIR(f->mode))
		r = snapfile_add_dir(rc->w, member);
	else
		r = snapfile_add_file(rc->w, member, "", 0);
	keep(rc, r);
	if (r)
		return;
	rc->files++;
	snprintf(side, sizeof(side), "%o %u %u %llu %llu", f->mode,
		 (unsigned)f->uid, (unsigned)f->gid, (unsigned long long)f->dev,
		 (unsigned long long)f->ino);
	strcat(member, ".stat");
	keep(rc, snapfile_add_file(rc->w, member, side, strlen(side)));
}

static void no_sink(void *arg, struct findings *l, struct out_stream *out)
{
	(void)arg;
	(void)out;
	findings_release(l);
}

/* The files that judges and names read through processes' roots: the
 * control plane's configuration (flags' files), ld.so.preload, and the
 * container runtimes' state files that name containers; read as scan
 * and ps read them, by the same walk (findings dropped). */
static int copy_root_files(struct snapfile_writer *w,
			   const struct snapshot_state *st)
{
	const struct judge *sel[64];
	struct rootcopy rc = {.w = w};
	struct rootfile_rec rec = {root_file, &rc};
	struct judge_opts jo;
	struct ruleset rs;
	struct redactor red;
	struct judge_ctx jc;
	struct judging j;
	struct proc_table t;
	struct out_stream out;
	char *mem = NULL;
	size_t n = 0, memlen = 0;
	int root_fd;
	for (const struct judge *const *jd = judge_list; *jd; jd++)
		if (((*jd)->host_facets & (HOST_CTLPLANE | HOST_LDPRELOAD)) &&
		    n < sizeof(sel) / sizeof(sel[0]))
			sel[n++] = *jd;
	judge_opts_init(&jo);
	jo.pids = st->pids;
	jo.npids = st->npids;
	ruleset_init(&rs);
	redactor_init_random(&red, false);
	jc = (struct judge_ctx){.rules = &rs, .red = &red};
	j = (struct judging){.jc = &jc,
			     .judges = sel,
			     .njudges = n,
			     .opts = &jo,
			     .sink = no_sink,
			     .rec = &rec};
	/* Nothing is written: the sink drops every finding (a stream in
	 * memory, not a file opened for writing). */
	memset(&out, 0, sizeof(out));
	out.fp = open_memstream(&mem, &memlen);
	if (out.fp) {
		judging_run(&j, &out, "snapshot");
		fclose(out.fp);
		free(mem);
	}
	ruleset_release(&rs);
	jo.pids = NULL;
	jo.npids = 0;
	judge_opts_release(&jo);
	/* The names ps and tree give containers. */
	proc_table_init(&t);
	root_fd = proc_open_root(NULL);
	if (root_fd >= 0 && !proc_pids_read(&t, PROC_WANT_CGROUP, NULL))
		ctrnames_fill(root_fd, &t, &rec);
	if (root_fd >= 0)
		close(root_fd);
	proc_table_release(&t);
	return rc.err;
}

static struct json_object *meta_new(const struct snapshot_state *st)
{
	struct json_object *m = json_object_new_object(), *pids;
	struct cmd_visibility vis;
	struct strbuf sb = STRBUF_INIT;
	struct utsname u;
	struct timeval tv;
	struct tm tm;
	char buf[64];
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	add_str(m, "time", buf);
	if (!gethostname(buf, sizeof(buf))) {
		buf[sizeof(buf) - 1] = '\0';
		add_str(m, "host", buf);
	}
	if (!proc_read_file(AT_FDCWD, "/proc/sys/kernel/random/boot_id", 64,
			    &sb, NULL)) {
		sb.buf[strcspn(sb.buf, "\n")] = '\0';
		add_str(m, "boot_id", sb.buf);
	}
	if (!uname(&u)) {
		add_str(m, "kernel", u.release);
		add_str(m, "kernel_version", u.version);
		add_str(m, "machine", u.machine);
	}
	add_str(m, "procsift_version", PROCSIFT_VERSION);
	json_object_object_add(m, "uid", json_object_new_int64(getuid()));
	json_object_object_add(m, "euid", json_object_new_int64(geteuid()));
	status_field("CapEff", buf, sizeof(buf));
	add_str(m, "cap_eff", buf);
	cmd_visibility_read(NULL, &vis);
	json_object_object_add(m, "hidden",
			       vis.hidden ? json_object_new_string(vis.hidden)
					  : NULL);
	/* What offline views say of the live host's visibility. */
	json_object_object_add(
		m, "pid_namespace_host",
		vis.pidns_host < 0 ? NULL
				   : json_object_new_boolean(vis.pidns_host));
	json_object_object_add(
		m, "pid_namespace",
		vis.pidns_ino ? json_object_new_int64((int64_t)vis.pidns_ino)
			      : NULL);
	json_object_object_add(m, "hidden_tasks",
			       vis.hidden_tasks >= 0
				       ? json_object_new_int64(vis.hidden_tasks)
				       : NULL);
	json_object_object_add(m, "clock_ticks",
			       json_object_new_int64(sysconf(_SC_CLK_TCK)));
	json_object_object_add(m, "page_size",
			       json_object_new_int64(sysconf(_SC_PAGESIZE)));
	pids = st->npids ? json_object_new_array() : NULL;
	for (size_t i = 0; i < st->npids; i++)
		json_object_array_add(pids, json_object_new_int(st->pids[i]));
	json_object_object_add(m, "pids", pids);
	strbuf_release(&sb);
	return m;
}

static int snapshot_run(const struct command *cmd, struct ctx *ctx, int argc,
			char **argv)
{
	struct snapshot_state st = {0};
	struct snapcollect_stats stats;
	struct snapfile_writer *w = NULL;
	int first, r;

	r = cmd_parse_opts(cmd, ctx, argc, argv, snapshot_opt, &st, &first);
	if (r)
		goto out;
	if (first < argc) {
		msg_error("snapshot: unexpected operand '%s'", argv[first]);
		r = EXIT_USAGE;
		goto out;
	}
	if (!st.output) {
		msg_error("snapshot: name the file to write with -o FILE");
		r = EXIT_USAGE;
		goto out;
	}
	if (ctx->src) {
		msg_error("snapshot: reads the live /proc only (not "
			  "--proc-root or --input)");
		r = EXIT_USAGE;
		goto out;
	}
	r = snapfile_create(st.output, &w);
	if (r) {
		msg_error("snapshot: %s: %s", st.output,
			  r == -EEXIST ? "exists; a snapshot never overwrites "
					 "a file"
				       : strerror(-r));
		r = EXIT_RUNTIME;
		goto out;
	}
	r = snap_collect(w, st.npids ? st.pids : NULL, st.npids, &stats);
	if (!r && st.npids && !stats.procs) {
		/* Nothing asked for is there: no file that says otherwise. */
		msg_error("snapshot: no process of --pid exists");
		r = EXIT_RUNTIME;
		goto out;
	}
	if (!r)
		r = copy_root_files(w, &st);
	if (!r && st.with_etcd)
		r = copy_etcd(w, &st);
	if (!r)
		r = snapfile_finish(w, meta_new(&st));
	if (r) {
		msg_error("snapshot: %s: %s", st.output, strerror(-r));
		r = EXIT_RUNTIME;
		goto out;
	}
	msg_note("snapshot %s: %zu processes, %zu members, %.1f MiB before "
		 "compression; it holds environments and command lines in "
		 "plaintext",
		 st.output, stats.procs, stats.members,
		 (double)stats.bytes / (1024.0 * 1024.0));
	if (stats.unreadable)
		msg_warn("snapshot: %zu files could not be read (listed in "
			 "the manifest)",
			 stats.unreadable);
	{
		/* What this /proc did not list is not in the snapshot
		 * either (the manifest says so too). */
		struct cmd_visibility vis;
		cmd_visibility_read(NULL, &vis);
		cmd_visibility_warn("snapshot", &vis);
	}
out:
	/* Without a finished archive, its partial file goes. */
	snapfile_writer_free(w);
	free(st.pids);
	return r < 0 ? EXIT_OK : r;
}
