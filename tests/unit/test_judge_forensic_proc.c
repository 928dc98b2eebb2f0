/* The forensic-indicator judges on synthetic snapshots, part two:
 * name-spoofing, traced, deleted-file-held and crypto-miner, each
 * positive, negative, and against the false positives a normal host
 * offers. */
#include <sys/stat.h>

#include "unit/forensickit.h"

TestSuite(forensic_proc, .init = setup, .fini = teardown);

/* ---- name-spoofing ---- */

static void named(const char *comm, const char *exe, const char *argv0)
{
	free(s.proc.comm);
	s.proc.comm = xstrdup(comm);
	snapkit_exe(&s, exe);
	snapkit_argv(&s, (const char *const[]){argv0, "-x", NULL});
}

Test(forensic_proc, kthread_pose_by_comm)
{
	const struct finding *f;
	named("kworker/0:1", "/tmp/.k/x", "kworker/0:1");
	run("name-spoofing");
	f = one("kernel-thread-name", SEV_HIGH);
	cr_assert_str_eq(f->where, "comm");
	cr_assert_str_eq(str_fact(f, "exe"), "/tmp/.k/x");
	cr_assert_str_eq(f->tags[0], "T1036.005");
	cr_assert_eq(l.n, 1);
}

Test(forensic_proc, kthread_pose_by_argv0)
{
	const struct finding *f;
	named("sleep", "/usr/bin/sleep", "[kworker/0:1]");
	run("name-spoofing");
	f = one("kernel-thread-name", SEV_HIGH);
	cr_assert_str_eq(f->where, "argv[0]");
	cr_assert_str_eq(str_fact(f, "argv0"), "[kworker/0:1]");
	findings_release(&l);
	named("kthreaddi", "/usr/bin/kthreaddi", "kthreaddi");
	run("name-spoofing");
	one("kernel-thread-name", SEV_HIGH);
}

Test(forensic_proc, kthread_traps)
{
	named("kworker/0:1", NULL, "x");
	snapkit_argv(&s, (const char *const[]){NULL});
	s.proc.kthread = true;
	run("name-spoofing");
	none("a real kernel thread");
	s.proc.kthread = false;
	named("celery", "/usr/bin/python3.11",
	      "[celeryd: celery@h:ForkPoolWorker-1]");
	run("name-spoofing");
	one("kernel-thread-name", SEV_LOW);
}

Test(forensic_proc, daemon_pose)
{
	const struct finding *f;
	named("sshd", "/tmp/x", "sshd");
	run("name-spoofing");
	f = one("daemon-name-elsewhere", SEV_HIGH);
	cr_assert_str_eq(str_fact(f, "posing_as"), "sshd");
	findings_release(&l);
	named("perl", "/usr/bin/perl", "/usr/sbin/sshd -D");
	run("name-spoofing");
	f = one("daemon-name-interpreter", SEV_HIGH);
	cr_assert_str_eq(f->where, "argv[0]");
	findings_release(&l);
	named("nginx", "/opt/evil/x", "nginx");
	run("name-spoofing");
	one("daemon-name-mismatch", SEV_MEDIUM);
}

/* Interpreters by exact name or with a version, never by a bare prefix:
 * a versioned interpreter posing as a daemon is still caught. */
Test(forensic_proc, daemon_pose_versioned_interpreter)
{
	static const char *const exes[] = {
		"/usr/bin/python3.11", "/usr/bin/php8.2", "/usr/bin/perl5.36.0",
		"/usr/bin/python3",    "/bin/ksh93",	  "/usr/bin/luajit",
	};
	const struct finding *f;
	size_t i;
	for (i = 0; i < sizeof(exes) / sizeof(exes[0]); i++) {
		named("x", exes[i], "sshd");
		run("name-spoofing");
		f = one("daemon-name-interpreter", SEV_HIGH);
		cr_assert_str_eq(str_fact(f, "posing_as"), "sshd");
		findings_release(&l);
	}
	named("python3.11", "/usr/bin/python3.11", "php-fpm: pool www");
	run("name-spoofing");
	one("daemon-name-interpreter", SEV_HIGH);
	findings_release(&l);
	/* Not an interpreter by a prefix: a daemon-named program outside
	 * the system directories is a plain mismatch. */
	named("x", "/opt/x/php-fpmx", "sshd");
	run("name-spoofing");
	one("daemon-name-mismatch", SEV_MEDIUM);
	findings_release(&l);
	named("x", "/opt/x/sshd-evil", "sshd");
	run("name-spoofing");
	one("daemon-name-mismatch", SEV_MEDIUM);
}

Test(forensic_proc, daemon_traps)
{
	static const char *const ok[][3] = {
		{"sshd", "/usr/sbin/sshd", "sshd: root@pts/0"},
		{"kubelet", "/bin/dash", "/bin/sh"}, /* a wrapper script */
		{"crond", "/bin/busybox", "crond"},
		{"mysqld", "/usr/sbin/mariadbd", "/usr/sbin/mysqld"},
		{"systemd-journal", "/lib/systemd/systemd-journald",
		 "/lib/systemd/systemd-journald"},
		{"containerd-shim", "/usr/bin/containerd-shim-runc-v2",
		 "/usr/bin/containerd-shim-runc-v2"},
		{"nginx", "/usr/sbin/nginx", "nginx: worker process"},
		{"postgres", "/usr/lib/postgresql/15/bin/postgres",
		 "postgres: checkpointer"},
		{"python3", "/usr/bin/python3.11", "/usr/bin/python3"},
		{"x-www-browser", "/usr/lib/firefox-esr/firefox-esr",
		 "x-www-browser"},
		{"init", "/usr/lib/systemd/systemd", "/sbin/init"},
		/* Debian's php-fpm: a versioned exe that titles itself
		 * with the daemon's name (php* is no interpreter here). */
		{"php-fpm8.2", "/usr/sbin/php-fpm8.2",
		 "php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)"},
		{"php-fpm8.2", "/usr/sbin/php-fpm8.2", "php-fpm: pool www"},
		{"php-fpm8.2", "/opt/php/sbin/php-fpm8.2", "php-fpm: pool www"},
		{"postgres", "/opt/pg/bin/postgres15", "postgres: walwriter"},
	};
	size_t i;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		named(ok[i][0], ok[i][1], ok[i][2]);
		run("name-spoofing");
		none(ok[i][0]);
	}
}

/* ---- traced ---- */

static void traced_by(pid_t pid, const char *comm)
{
	char st[64];
	snprintf(st, sizeof(st), "TracerPid:\t%d\n", (int)pid);
	snapkit_status(&s, st);
	if (comm) {
		s.has_tracer = true;
		s.tracer.pid = pid;
		snprintf(s.tracer.comm, sizeof(s.tracer.comm), "%s", comm);
		s.loaded |= FACET_BIT(FACET_KIN);
	}
}

Test(forensic_proc, traced_by_debugger_and_other)
{
	const struct judge *j = judge_find("traced", 6);
	const struct finding *f;
	traced_by(777, "strace");
	cr_assert_eq(j->more(&s), FACET_BIT(FACET_KIN));
	run("traced");
	f = one("traced", SEV_MEDIUM);
	cr_assert_eq(num_fact(f, "tracer_pid"), 777);
	cr_assert_str_eq(str_fact(f, "tracer_comm"), "strace");
	cr_assert_str_eq(f->tags[0], "T1055.008");
	findings_release(&l);
	traced_by(778, "x");
	run("traced");
	one("traced", SEV_HIGH);
}

Test(forensic_proc, traced_traps)
{
	const struct judge *j = judge_find("traced", 6);
	run("traced");
	none("status not read");
	traced_by(0, NULL);
	cr_assert_eq(j->more(&s), 0);
	run("traced");
	none("TracerPid 0");
}

/* ---- deleted-file-held ---- */

static struct fd_entry *held(int fd, const char *link, unsigned ftype,
			     uint64_t size, uint64_t ino)
{
	struct fd_entry *e = snapkit_fd(&s, fd, link, 2);
	e->has_stat = true;
	e->ftype = ftype;
	e->size = size;
	e->ino = ino;
	e->dev = 42;
	return e;
}

Test(forensic_proc, deleted_file_in_tmp)
{
	const struct finding *f;
	held(3, "/tmp/payload (deleted)", S_IFREG, 4096, 1);
	held(4, "/tmp/payload (deleted)", S_IFREG, 4096, 1); /* a dup */
	run("deleted-file-held");
	f = one("deleted-file-in-tmp", SEV_MEDIUM);
	cr_assert_str_eq(f->where, "fd:3");
	cr_assert_eq(num_fact(f, "fd"), 3);
	cr_assert_str_eq(str_fact(f, "path"), "/tmp/payload");
	cr_assert_eq(num_fact(f, "size"), 4096);
	cr_assert_eq(num_fact(f, "count"), 1);
	findings_release(&l);
	snapkit_exe(&s, "/dev/shm/dropper (deleted)");
	run("deleted-file-held");
	one("deleted-file-in-tmp", SEV_HIGH);
}

Test(forensic_proc, deleted_file_classes)
{
	held(3, "/tmp/#123456 (deleted)", S_IFREG, 4096, 1);
	held(4, "/var/tmp/empty (deleted)", S_IFREG, 0, 2);
	run("deleted-file-held");
	cr_assert(num_fact(one("deleted-file-in-tmp", SEV_LOW), "tmpfile"));
	findings_release(&l);
	fd_list_release(&s.fds);
	memset(&s.fds, 0, sizeof(s.fds));
	held(5, "/var/log/auth.log (deleted)", S_IFREG, 100, 3);
	held(6, "/var/lib/big.db (deleted)", S_IFREG, 100ull << 20, 4);
	held(7, "/var/lib/small.db (deleted)", S_IFREG, 1 << 20, 5);
	run("deleted-file-held");
	one("deleted-log-held", SEV_LOW);
	one("deleted-file-large", SEV_INFO);
	cr_assert_eq(l.n, 2, "a small deleted file elsewhere is nothing");
}

Test(forensic_proc, deleted_file_traps)
{
	held(3, "/memfd:x (deleted)", S_IFREG, 4096, 1);
	held(4, "/tmp/live", S_IFREG, 4096, 2);
	held(5, "/tmp/d (deleted)", S_IFDIR, 4096, 3);
	held(6, "/tmp/unknown (deleted)", S_IFREG, 4096, 4)->has_stat = false;
	run("deleted-file-held");
	none("memfd, live file, directory, unknown type");
}

/* ---- crypto-miner ---- */

Test(forensic_proc, miner_url_in_argv)
{
	const struct finding *f;
	snapkit_argv(
		&s, (const char *const[]){
			    "./x", "-o",
			    "stratum+ssl://w4ll3t.rig:s3cretpw@pool.e.com:443/",
			    "-u", "wallet", NULL});
	run("crypto-miner");
	f = one("mining-url", SEV_HIGH);
	cr_assert_str_eq(f->where, "argv[2]");
	cr_assert_str_eq(str_fact(f, "scheme"), "stratum+ssl");
	cr_assert_str_eq(str_fact(f, "pool"), "pool.e.com:443");
	cr_assert_null(strstr(f->message, "s3cretpw"));
	cr_assert_str_eq(f->tags[0], "T1496");
}

Test(forensic_proc, miner_url_in_env_any_case)
{
	ENV("POOL=STRATUM2+TCP://pool.e.com:3333\0");
	run("crypto-miner");
	cr_assert_str_eq(one("mining-url", SEV_HIGH)->where, "env:POOL");
}

Test(forensic_proc, miner_names_options_pools)
{
	snapkit_exe(&s, "/usr/local/bin/xmrig");
	snapkit_argv(&s,
		     (const char *const[]){"xmrig", "--donate-level=1", "-o",
					   "pool.supportxmr.com:443", NULL});
	run("crypto-miner");
	one("miner-name", SEV_HIGH);
	one("miner-option", SEV_HIGH);
	one("mining-pool-host", SEV_HIGH);
	findings_release(&l);
	free(s.proc.comm);
	s.proc.comm = xstrdup("kdevtmpfsi");
	snapkit_exe(&s, NULL);
	run("crypto-miner");
	cr_assert_str_eq(one("miner-name", SEV_HIGH)->where, "comm");
}

Test(forensic_proc, miner_traps)
{
	snapkit_exe(&s, "/usr/bin/less");
	snapkit_argv(&s, (const char *const[]){
				 "less", "/usr/share/doc/stratum-notes.md",
				 "stratum+notes", "minerd.conf", NULL});
	ENV("DOC=stratum+tcp:/no\0");
	run("crypto-miner");
	none("stratum in harmless words");
	s.proc.kthread = true;
	free(s.proc.comm);
	s.proc.comm = xstrdup("xmrig");
	run("crypto-miner");
	none("a kernel thread");
}
