/* The forensic-indicator judges on synthetic snapshots, part one: exe,
 * anon-exec-memory, deleted-lib-mapped, loader-hijack (process and host
 * parts) and anti-forensics-env, each positive, negative, and against the
 * false positives a normal host offers. */
#include <errno.h>

#include "unit/forensickit.h"

TestSuite(forensic, .init = setup, .fini = teardown);

/* ---- exe ---- */

Test(forensic, exe_memfd)
{
	const struct finding *f;
	snapkit_exe(&s, "/memfd:payload (deleted)");
	run("exe");
	f = one("exe-memfd", SEV_CRITICAL);
	cr_assert_str_eq(str_fact(f, "memfd_name"), "payload");
	cr_assert_str_eq(f->where, "exe");
	cr_assert_str_eq(f->tags[0], "T1620");
	cr_assert_eq(l.n, 1, "a memfd is not also exe-deleted");
}

Test(forensic, exe_deleted_in_tmp)
{
	const struct finding *f;
	snapkit_exe(&s, "/tmp/x.1/dropper (deleted)");
	run("exe");
	f = one("exe-deleted", SEV_HIGH);
	cr_assert_str_eq(str_fact(f, "exe"), "/tmp/x.1/dropper");
	cr_assert(num_fact(f, "deleted"));
	f = one("exe-in-tmp", SEV_HIGH);
	cr_assert(num_fact(f, "deleted"));
}

Test(forensic, exe_deleted_by_place)
{
	snapkit_exe(&s, "/usr/sbin/sshd (deleted)");
	run("exe");
	one("exe-deleted", SEV_LOW); /* an upgrade, most likely */
	findings_release(&l);
	snapkit_exe(&s, "/opt/app/bin/app (deleted)");
	run("exe");
	one("exe-deleted", SEV_MEDIUM);
	findings_release(&l);
	snapkit_exe(&s, "/root/.cache/x (deleted)");
	run("exe");
	one("exe-deleted", SEV_HIGH);
	cr_assert_null(snapkit_find(&l, "exe-in-tmp"));
}

Test(forensic, exe_in_shm)
{
	snapkit_exe(&s, "/dev/shm/x");
	run("exe");
	one("exe-in-tmp", SEV_HIGH);
	cr_assert_eq(l.n, 1);
}

Test(forensic, exe_traps)
{
	snapkit_exe(&s, "/usr/bin/sleep");
	run("exe");
	none("/usr/bin/sleep");
	snapkit_exe(&s, "/tmpfoo/bin/x");
	run("exe");
	none("/tmpfoo is not /tmp");
	snapkit_exe(&s, "/memfd:x");
	run("exe");
	none("a live file named /memfd:x");
	snapkit_exe(&s, NULL);
	s.proc.kthread = true;
	run("exe");
	none("kernel thread");
}

/* ---- anon-exec-memory ---- */

#define LIBC                                                  \
	"7f0000000000-7f0000001000 r-xp 00000000 08:01 1234 " \
	"/usr/lib/libc.so.6\n"
#define VDSO "7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0 [vdso]\n"
#define VSYS \
	"ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]\n"

Test(forensic, anon_rwx)
{
	const struct finding *f;
	snapkit_maps(&s, LIBC VDSO VSYS
		     "7f1000000000-7f1000003000 rwxp 00000000 00:00 0 \n"
		     "7f2000000000-7f2000001000 r-xp 00000000 00:00 0 \n");
	run("anon-exec-memory");
	f = one("anon-exec-memory", SEV_HIGH);
	cr_assert_eq(num_fact(f, "count"), 2);
	cr_assert_eq(num_fact(f, "bytes"), 4 * 4096);
	cr_assert_str_eq(str_fact(f, "first"), "7f1000000000-7f1000003000");
	cr_assert_str_eq(str_fact(f, "perms"), "rwxp");
	cr_assert_str_eq(str_fact(f, "backing"), "anon");
	cr_assert_not(num_fact(f, "jit"));
	cr_assert_str_eq(f->where, "maps:7f1000000000-7f1000003000");
	cr_assert_eq(l.n, 1, "one finding a process");
}

Test(forensic, anon_named_and_memfd)
{
	const struct finding *f;
	snapkit_exe(&s, "/usr/bin/app");
	snapkit_maps(&s, "7f1000000000-7f1000001000 r-xp 00000000 00:00 0 "
			 "[anon:shellcode]\n"
			 "7f2000000000-7f2000001000 r-xs 00000000 00:05 77 "
			 "/memfd:stage (deleted)\n");
	run("anon-exec-memory");
	f = one("anon-exec-memory", SEV_HIGH);
	cr_assert_eq(num_fact(f, "count"), 2);
}

Test(forensic, anon_exec_traps)
{
	/* Libraries, the vdso, uprobes, and a memfd exe's own text. */
	snapkit_exe(&s, "/memfd:payload (deleted)");
	snapkit_maps(&s, LIBC VDSO VSYS
		     "7f3000000000-7f3000001000 r-xp 00000000 00:00 0 "
		     "[uprobes]\n"
		     "55d000000000-55d000001000 r-xp 00000000 00:05 9 "
		     "/memfd:payload (deleted)\n"
		     "7f4000000000-7f4000001000 rw-p 00000000 00:00 0 \n");
	run("anon-exec-memory");
	none("no injected memory");
}

Test(forensic, anon_exec_jit_runtime)
{
	const struct finding *f;
	snapkit_exe(&s, "/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
	snapkit_maps(&s, "7f1000000000-7f1000010000 rwxp 00000000 00:00 0 \n");
	run("anon-exec-memory");
	f = one("anon-exec-memory", SEV_LOW);
	cr_assert(num_fact(f, "jit"));
	cr_assert(strstr(str_fact(f, "jit_reason"), "java"));
}

Test(forensic, anon_exec_jit_library)
{
	const struct finding *f;
	snapkit_exe(&s, "/opt/app/launcher");
	snapkit_maps(&s, "7f0000000000-7f0000100000 r-xp 00000000 08:01 1 "
			 "/usr/lib/jvm/lib/server/libjvm.so\n"
			 "7f1000000000-7f1000010000 rwxp 00000000 00:00 0 \n");
	run("anon-exec-memory");
	f = one("anon-exec-memory", SEV_LOW);
	cr_assert(strstr(str_fact(f, "jit_reason"), "libjvm.so"));
}

Test(forensic, anon_exec_jit_name_from_tmp_is_no_runtime)
{
	snapkit_exe(&s, "/tmp/java");
	snapkit_maps(&s, "7f1000000000-7f1000010000 rwxp 00000000 00:00 0 \n");
	run("anon-exec-memory");
	one("anon-exec-memory", SEV_HIGH);
}

/* ---- deleted-lib-mapped ---- */

Test(forensic, deleted_lib_tmp)
{
	const struct finding *f;
	snapkit_maps(&s, LIBC "7f1000000000-7f1000001000 r--p 00000000 08:01 9 "
			      "/tmp/.x/libevil.so (deleted)\n"
			      "7f1000001000-7f1000002000 r-xp 00001000 08:01 9 "
			      "/tmp/.x/libevil.so (deleted)\n"
			      "7f1000003000-7f1000004000 r-xp 00003000 08:01 9 "
			      "/tmp/.x/libevil.so (deleted)\n");
	run("deleted-lib-mapped");
	f = one("deleted-lib-mapped", SEV_HIGH);
	cr_assert_str_eq(str_fact(f, "path"), "/tmp/.x/libevil.so");
	cr_assert_eq(num_fact(f, "mappings"), 2);
	cr_assert_str_eq(f->where, "maps:7f1000001000-7f1000002000");
	cr_assert_eq(l.n, 1, "one finding a path");
}

Test(forensic, deleted_lib_upgraded_is_info)
{
	snapkit_maps(&s, "7f1000001000-7f1000002000 r-xp 00001000 08:01 9 "
			 "/usr/lib/x86_64-linux-gnu/libssl.so.3 (deleted)\n");
	run("deleted-lib-mapped");
	one("deleted-lib-mapped", SEV_INFO);
}

Test(forensic, deleted_lib_traps)
{
	snapkit_exe(&s, "/opt/app/bin/app (deleted)");
	snapkit_maps(&s, "55d000000000-55d000001000 r-xp 00000000 08:01 3 "
			 "/opt/app/bin/app (deleted)\n"
			 "7f2000000000-7f2000001000 r-xp 00000000 00:05 77 "
			 "/memfd:jit (deleted)\n"
			 "7f3000000000-7f3000001000 r--p 00000000 08:01 5 "
			 "/tmp/data (deleted)\n");
	run("deleted-lib-mapped");
	none("the exe's text, a memfd and a non-executable mapping");
}

Test(forensic, deleted_lib_libffi_and_cap)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	snapkit_maps(&s, "7f1000000000-7f1000001000 r-xs 00000000 08:01 9 "
			 "/tmp/ffiAbC123 (deleted)\n");
	run("deleted-lib-mapped");
	cr_assert(num_fact(one("deleted-lib-mapped", SEV_LOW), "libffi"));
	findings_release(&l);
	for (i = 0; i < 10; i++)
		strbuf_addf(&sb,
			    "7f%02zu00000000-7f%02zu00001000 r-xp 0 08:01 %zu "
			    "/opt/l%zu.so (deleted)\n",
			    i, i, i + 1, i);
	snapkit_maps(&s, sb.buf);
	run("deleted-lib-mapped");
	cr_assert_eq(l.n, 8, "%zu findings", l.n);
	cr_assert_eq(num_fact(&l.f[7], "other_paths"), 2);
	strbuf_release(&sb);
}

/* Netty and JNA unpack their native code in /tmp, load and delete it. */
Test(forensic, deleted_lib_jvm_unpacked)
{
	const struct finding *f;
	snapkit_exe(&s, "/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
	snapkit_maps(&s, "7f1000001000-7f1000002000 r-xp 00001000 08:01 9 "
			 "/tmp/libnetty_transport_native_epoll_x86_64123.so "
			 "(deleted)\n");
	run("deleted-lib-mapped");
	f = one("deleted-lib-mapped", SEV_LOW);
	cr_assert(num_fact(f, "jvm"));
	findings_release(&l);
	snapkit_exe(&s, "/tmp/java (deleted)");
	run("deleted-lib-mapped");
	one("deleted-lib-mapped", SEV_HIGH); /* a java from /tmp is none */
}

/* ---- loader-hijack ---- */

Test(forensic, ld_preload_by_place)
{
	const struct finding *f;
	ENV("PATH=/usr/bin\0LD_PRELOAD=/tmp/x/libhook.so\0");
	run("loader-hijack");
	f = one("loader-hijack", SEV_HIGH);
	cr_assert_str_eq(f->where, "env:LD_PRELOAD");
	cr_assert_str_eq(str_fact(f, "variable"), "LD_PRELOAD");
	cr_assert_str_eq(str_fact(f, "value"), "/tmp/x/libhook.so");
	cr_assert_str_eq(f->tags[0], "T1574.006");
	findings_release(&l);
	ENV("LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2\0");
	run("loader-hijack");
	one("loader-hijack", SEV_LOW);
	findings_release(&l);
	ENV("LD_PRELOAD=/opt/agent/libagent.so lib/libfoo.so\0");
	run("loader-hijack");
	f = one("loader-hijack", SEV_HIGH); /* the relative one */
	cr_assert_str_eq(str_fact(f, "element"), "lib/libfoo.so");
	findings_release(&l);
	ENV("LD_PRELOAD=/opt/agent/libagent.so\0");
	run("loader-hijack");
	one("loader-hijack", SEV_MEDIUM);
	findings_release(&l);
	ENV("LD_AUDIT=/usr/lib/libaudit-hook.so\0");
	run("loader-hijack");
	one("loader-hijack", SEV_MEDIUM);
}

/* glibc searches a name without '/' in the library path, as it does a
 * DT_NEEDED: the way Ruby and Python images preload an allocator. */
Test(forensic, ld_preload_bare_name)
{
	const struct finding *f;
	ENV("LD_PRELOAD=libjemalloc.so.2\0");
	run("loader-hijack");
	f = one("loader-hijack", SEV_LOW);
	cr_assert(strstr(str_fact(f, "reason"), "library path"));
	findings_release(&l);
	ENV("LD_PRELOAD=libtcmalloc.so.4:/usr/lib/libstdbuf.so\0");
	run("loader-hijack");
	one("loader-hijack", SEV_LOW);
	findings_release(&l);
	ENV("LD_PRELOAD=/opt/agent/libagent.so libfoo.so\0");
	run("loader-hijack");
	f = one("loader-hijack", SEV_MEDIUM); /* the /opt one is worse */
	cr_assert_str_eq(str_fact(f, "element"), "/opt/agent/libagent.so");
	findings_release(&l);
	ENV("LD_PRELOAD=./libx.so\0");
	run("loader-hijack");
	f = one("loader-hijack", SEV_HIGH);
	cr_assert(strstr(str_fact(f, "reason"), "relative"));
	findings_release(&l);
	ENV("LD_PRELOAD=.libx.so\0");
	run("loader-hijack");
	one("loader-hijack", SEV_HIGH); /* hidden, wherever it is found */
	findings_release(&l);
	ENV("LD_AUDIT=libaudit-hook.so\0");
	run("loader-hijack");
	one("loader-hijack", SEV_MEDIUM);
	findings_release(&l);
	ENV("LD_LIBRARY_PATH=lib\0");
	run("loader-hijack");
	f = one("loader-hijack", SEV_MEDIUM); /* a directory: the cwd's */
	cr_assert(strstr(str_fact(f, "reason"), "relative"));
}

Test(forensic, ld_library_path)
{
	const struct finding *f;
	ENV("LD_LIBRARY_PATH=/usr/local/nvidia/lib:/usr/local/nvidia/lib64\0"
	    "LD_PRELOAD=\0");
	run("loader-hijack");
	none("library directories, an empty LD_PRELOAD");
	ENV("LD_LIBRARY_PATH=$ORIGIN/../lib\0");
	run("loader-hijack");
	none("$ORIGIN");
	ENV("LD_LIBRARY_PATH=:/usr/local/lib\0");
	run("loader-hijack");
	f = one("loader-hijack", SEV_LOW);
	cr_assert(strstr(str_fact(f, "reason"), "working directory"));
	findings_release(&l);
	ENV("LD_LIBRARY_PATH=/usr/lib:/dev/shm/.l\0");
	run("loader-hijack");
	f = one("loader-hijack", SEV_HIGH);
	cr_assert_str_eq(str_fact(f, "element"), "/dev/shm/.l");
	findings_release(&l);
	ENV("LD_LIBRARY_PATH=lib\0");
	run("loader-hijack");
	one("loader-hijack", SEV_MEDIUM);
}

static int host_run(struct host_view *h)
{
	const struct judge *j = judge_find("loader-hijack", 13);
	char err[128] = "";
	cr_assert(j->judge_host && (j->host_facets & HOST_LDPRELOAD));
	return j->judge_host(&jc, h, &l, err, sizeof(err));
}

static void preload(struct host_view *h, const char *data, int err)
{
	host_view_init(h);
	h->has_ld_preload = true;
	h->ld_preload.path = xstrdup("/etc/ld.so.preload");
	h->ld_preload.err = err;
	if (data) {
		h->ld_preload.data = xstrdup(data);
		h->ld_preload.len = strlen(data);
	}
}

Test(forensic, ld_so_preload_host)
{
	const struct finding *f;
	struct host_view h;
	preload(&h, NULL, ENOENT);
	cr_assert_eq(host_run(&h), 0);
	none("absent");
	host_view_release(&h);
	preload(&h, " \n\t\n", 0);
	host_run(&h);
	none("blank");
	host_view_release(&h);
	preload(&h, "/lib/x86_64-linux-gnu/libsnoopy.so\n", 0);
	host_run(&h);
	f = snapkit_find(&l, "loader-hijack");
	cr_assert(f && f->severity == SEV_HIGH && f->pid == 0);
	cr_assert_str_eq(f->where, "file:/etc/ld.so.preload");
	cr_assert_eq(num_fact(f, "entries"), 1);
	findings_release(&l);
	host_view_release(&h);
	preload(&h, "/usr/local/lib/libprocesshider.so /dev/shm/.x.so\n", 0);
	host_run(&h);
	f = snapkit_find(&l, "loader-hijack");
	cr_assert(f && f->severity == SEV_CRITICAL);
	cr_assert_eq(num_fact(f, "entries"), 2);
	cr_assert_str_eq(str_fact(f, "worst"), "/dev/shm/.x.so");
	findings_release(&l);
	host_view_release(&h);
	preload(&h, "# managed by puppet\n#/usr/lib/libsnoopy.so\n", 0);
	host_run(&h);
	none("comments only: rtld blanks them");
	host_view_release(&h);
	preload(&h, "  # /dev/shm/.x.so\n/lib/libsnoopy.so#/tmp/y.so\n", 0);
	host_run(&h);
	f = snapkit_find(&l, "loader-hijack");
	cr_assert(f && f->severity == SEV_HIGH, "a comment is not an entry");
	cr_assert_eq(num_fact(f, "entries"), 1);
	cr_assert_str_eq(str_fact(f, "libraries"), "/lib/libsnoopy.so");
	findings_release(&l);
	host_view_release(&h);
	preload(&h, "# hook\nlibsnoopy.so:/usr/lib/libx.so\t/tmp/z.so", 0);
	host_run(&h);
	f = snapkit_find(&l, "loader-hijack");
	cr_assert(f && f->severity == SEV_CRITICAL);
	cr_assert_eq(num_fact(f, "entries"), 3);
	cr_assert_str_eq(str_fact(f, "worst"), "/tmp/z.so");
	findings_release(&l);
	host_view_release(&h);
	preload(&h, "libsnoopy.so\n", 0);
	host_run(&h);
	f = snapkit_find(&l, "loader-hijack");
	cr_assert(f && f->severity == SEV_HIGH, "a bare name is searched");
	findings_release(&l);
	host_view_release(&h);
	preload(&h, "lib/x.so\n", 0);
	host_run(&h);
	f = snapkit_find(&l, "loader-hijack");
	cr_assert(f && f->severity == SEV_CRITICAL, "a relative path");
	findings_release(&l);
	host_view_release(&h);
	preload(&h, NULL, EACCES);
	host_run(&h);
	f = snapkit_find(&l, "ld-so-preload-unread");
	cr_assert(f && f->severity == SEV_LOW);
	findings_release(&l);
	host_view_release(&h);
	host_view_init(&h);
	host_run(&h);
	none("not looked at");
	host_view_release(&h);
}

/* ---- anti-forensics-env ---- */

Test(forensic, history_disabled)
{
	const struct finding *f;
	ENV("PATH=/bin\0HISTFILE=/dev/null\0");
	run("anti-forensics-env");
	f = one("history-disabled", SEV_MEDIUM);
	cr_assert_str_eq(f->where, "env:HISTFILE");
	cr_assert_str_eq(str_fact(f, "variables"), "HISTFILE=/dev/null");
	findings_release(&l);
	ENV("HISTSIZE=0\0HISTFILESIZE=0\0PATH=/bin\0");
	run("anti-forensics-env");
	cr_assert_eq(num_fact(one("history-disabled", SEV_MEDIUM), "count"), 2);
	cr_assert_eq(l.n, 1);
}

Test(forensic, bpfdoor_env)
{
	const struct finding *f;
	ENV("HOME=/tmp\0HISTFILE=/dev/null\0MYSQL_HISTFILE=/dev/null\0"
	    "PATH=/bin:/usr/kerberos/sbin\0");
	run("anti-forensics-env");
	f = one("bpfdoor-env", SEV_HIGH);
	cr_assert(num_fact(f, "bpfdoor"));
	cr_assert_str_eq(str_fact(f, "home"), "/tmp");
	cr_assert_eq(l.n, 1);
}

Test(forensic, history_traps)
{
	ENV("HISTFILE=/root/.bash_history\0HISTSIZE=1000\0HOME=/tmp\0"
	    "PATH=/bin\0");
	run("anti-forensics-env");
	none("usual history settings, HOME=/tmp alone");
}

static struct host_ref ref;

static void aged(unsigned long long age_s)
{
	ref = (struct host_ref){.now_ticks = 1000 + age_s * 100, .hz = 100};
	jc.host = &ref;
}

Test(forensic, daemon_without_path)
{
	const struct finding *f;
	aged(7200);
	ENV("HOME=/\0LANG=C\0");
	run("anti-forensics-env");
	f = one("daemon-without-path", SEV_LOW);
	cr_assert_eq(num_fact(f, "age_s"), 7200);
}

Test(forensic, daemon_without_path_traps)
{
	aged(10);
	ENV("HOME=/\0LANG=C\0");
	run("anti-forensics-env");
	none("fresh");
	aged(7200);
	snapkit_tty(&s, 34816);
	run("anti-forensics-env");
	none("with a terminal");
	snapkit_tty(&s, 0);
	ENV("nginx: worker process\0\0\0");
	run("anti-forensics-env");
	none("an environment written over by a title");
	ENV("");
	run("anti-forensics-env");
	none("empty");
	ENV("HOME=/\0");
	s.proc.pid = 1;
	run("anti-forensics-env");
	none("init");
	s.proc.pid = 4242;
	jc.host = NULL;
	run("anti-forensics-env");
	none("no clock");
}
