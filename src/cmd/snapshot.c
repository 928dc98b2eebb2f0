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
#include "etcd/locate.h"
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

static struct json_object *meta_new(const struct snapshot_state *st)
{
	struct json_object *m = json_object_new_object(), *pids;
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
out:
	/* Without a finished archive, its partial file goes. */
	snapfile_writer_free(w);
	free(st.pids);
	return r < 0 ? EXIT_OK : r;
}
