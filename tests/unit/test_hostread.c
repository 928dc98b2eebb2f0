/* Filling the host view's control-plane part (proc/hostread.h): at most
 * HOST_CTL_PER_COMP processes of a component kept (the lowest pids,
 * whatever order they come in) and the rest counted and reported; files
 * read by pid and start time (a reused pid is not read); one file named
 * by several processes held once. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc/hostread.h"
#include "proc/pidfile.h"
#include "proc/stat.h"
#include "scan/judge.h"
#include "snapkit.h"

static void note(struct host_view *h, pid_t pid, const char *comm)
{
	static const char *const argv[] = {"kube-apiserver",
					   "--profiling=false", NULL};
	struct psnap s;
	snapkit_init(&s, pid, comm);
	snapkit_argv(&s, argv);
	host_ctl_note(h, &s);
	psnap_release(&s);
}

/* A thousand processes named kube-apiserver (anyone can start them) in
 * a shuffled order: sixteen kept, the lowest pids, the rest counted. */
Test(hostread, ctl_capped_lowest_pids)
{
	struct host_view h;
	struct findings l = {0};
	const struct judge *j = judge_find("apiserver-posture", 17);
	char err[64];
	size_t i, n = 0;
	static const struct judge_ctx jc;
	host_view_init(&h);
	for (i = 0; i < 1000; i++)
		note(&h, (pid_t)(100 + (i * 7919) % 1000), "kube-apiserver");
	note(&h, 5, "etcd");
	for (i = 0; i < h.nctl; i++) {
		if (h.ctl[i].comp != CTL_APISERVER)
			continue;
		n++;
		cr_assert_lt(h.ctl[i].pid, 100 + HOST_CTL_PER_COMP);
	}
	cr_assert_eq(n, HOST_CTL_PER_COMP);
	cr_assert_eq(h.ctl_left_out[CTL_APISERVER], 1000 - HOST_CTL_PER_COMP);
	cr_assert_eq(h.ctl_left_out[CTL_ETCD], 0);
	cr_assert(j);
	cr_assert_eq(j->judge_host(&jc, &h, &l, err, sizeof(err)), 0);
	for (i = 0, n = 0; i < l.n; i++) {
		if (strcmp(l.f[i].rule, "apiserver-left-out"))
			continue;
		n++;
		cr_assert_eq(l.f[i].pid, 0);
		cr_assert_eq(l.f[i].severity, SEV_MEDIUM);
		cr_assert(strstr(l.f[i].message, "984 more processes"), "%s",
			  l.f[i].message);
	}
	cr_assert_eq(n, 1);
	findings_release(&l);
	host_view_release(&h);
}

static unsigned long long my_start(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct proc_stat st;
	int fd = proc_open_root(NULL);
	cr_assert(fd >= 0);
	cr_assert_eq(proc_read_file(fd, "self/stat", 4096, &sb, NULL), 0);
	cr_assert_eq(proc_stat_parse(sb.buf, sb.len, &st), 0);
	strbuf_release(&sb);
	close(fd);
	return st.start_ticks;
}

static struct host_ctlproc *self_ctl(struct host_view *h, const char *flag,
				     unsigned long long start)
{
	struct host_ctlproc *c = host_view_add_ctl(h);
	c->comp = CTL_APISERVER;
	c->pid = getpid();
	c->start_ticks = start;
	c->comm = xstrdup("kube-apiserver");
	c->argv = xcalloc(3, sizeof(*c->argv));
	c->argv[0] = xstrdup("kube-apiserver");
	c->argv[1] = xstrdup(flag);
	c->argc = 2;
	c->env = xcalloc(1, sizeof(*c->env));
	return c;
}

/* Files are read only from the process the walk saw (its start time),
 * and one inode named twice is held once. */
Test(hostread, ctl_files_pinned_and_shared)
{
	char path[] = "/tmp/procsift-hostread-XXXXXX", flag[128];
	struct host_view h;
	unsigned long long start = my_start();
	int fd = mkstemp(path), root;
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, "kind: Policy\n", 13), 13);
	close(fd);
	snprintf(flag, sizeof(flag), "--audit-policy-file=%s", path);
	host_view_init(&h);
	self_ctl(&h, flag, start);
	self_ctl(&h, flag, start);
	self_ctl(&h, flag, start + 1); /* the pid reused by another */
	root = proc_open_root(NULL);
	host_ctl_read_files(root, &h);
	close(root);
	cr_assert_eq(h.ctl[0].nfiles, 1);
	cr_assert_eq(h.ctl[0].files[0].err, 0, "%d %s", h.ctl[0].files[0].err,
		     h.ctl[0].files[0].why ? h.ctl[0].files[0].why : "");
	cr_assert_str_eq(h.ctl[0].files[0].data, "kind: Policy\n");
	cr_assert(!h.ctl[0].files[0].data_shared);
	cr_assert(h.ctl[1].files[0].data_shared);
	cr_assert_eq(h.ctl[1].files[0].data, h.ctl[0].files[0].data);
	cr_assert_eq(h.ctl[2].files[0].err, ESRCH);
	cr_assert_null(h.ctl[2].files[0].data);
	cr_assert(strstr(h.ctl[2].files[0].why, "gone"));
	host_view_release(&h);
	unlink(path);
}
