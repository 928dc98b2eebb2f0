/* name-spoofing: a userland process dressed as something it is not, by
 * its comm (15 bytes, set with prctl), its argv[0] (what ps shows, set by
 * exec -a, perl's $0, setproctitle) against its exe link: one posing as a
 * kernel thread, or as a well-known daemon while running from a staging
 * place or an interpreter. A plain mismatch is not reported: scripts,
 * busybox applets, symlinked exes and self-titled servers (nginx,
 * postgres, sshd) all make one. */
#include "scan/judge.h"

#include <string.h>

#include "scan/forensic.h"

#define JUDGE "name-spoofing"
#define COMM_LEN 15 /* TASK_COMM_LEN - 1: all of comm the kernel keeps */

/* Names of kernel threads (as ps shows them without brackets); a
 * trailing '*' makes a prefix. kdevtmpfsi and kthreaddi are miners'. */
static const char *const kthread_names[] = {
	"kworker*",	   "kthreadd*",
	"ksoftirqd*",	   "kswapd*",
	"kcompactd*",	   "khugepaged",
	"kdevtmpfs*",	   "kauditd",
	"khungtaskd",	   "kblockd",
	"kintegrityd",	   "ksmd",
	"migration/*",	   "cpuhp/*",
	"idle_inject/*",   "irq/*",
	"rcu_*",	   "rcuop/*",
	"rcuos/*",	   "rcub/*",
	"jbd2/*",	   "watchdog/*",
	"watchdogd",	   "oom_reaper",
	"writeback",	   "scsi_eh_*",
	"scsi_tmf_*",	   "kthrotld",
	"ipv6_addrconf",   "kstrp",
	"netns",	   "xfsaild/*",
	"kdamond*",	   "pool_workqueue*",
	"kpsmoused",	   "kaluad",
	"ecryptfs-kthre*", NULL,
};

/* Daemons an intruder's process likes to be mistaken for. */
static const char *const daemons[] = {
	"sshd",
	"sshd-session",
	"systemd",
	"systemd-journald",
	"systemd-logind",
	"systemd-udevd",
	"systemd-resolved",
	"systemd-networkd",
	"systemd-timesyncd",
	"init",
	"cron",
	"crond",
	"atd",
	"anacron",
	"dbus-daemon",
	"dbus-broker",
	"rsyslogd",
	"syslogd",
	"syslog-ng",
	"agetty",
	"login",
	"polkitd",
	"udevd",
	"auditd",
	"chronyd",
	"ntpd",
	"containerd",
	"containerd-shim",
	"dockerd",
	"kubelet",
	"kube-proxy",
	"kube-apiserver",
	"etcd",
	"nginx",
	"httpd",
	"apache2",
	"mysqld",
	"mariadbd",
	"postgres",
	"redis-server",
	"php-fpm",
	"snapd",
	"NetworkManager",
	"irqbalance",
	"rpcbind",
	"dnsmasq",
	"avahi-daemon",
	"cupsd",
	NULL,
};

/* Interpreters whose programs can set argv[0] freely ($0), by their
 * exe's name, which may carry a version (python3.11, php8.2, ksh93): a
 * prefix would take php-fpm8.2 for php. */
static const char *const interpreters[] = {
	"perl", "python", "ruby", "php",  "node", "nodejs", "bash",  "sh",
	"dash", "zsh",	  "ksh",  "mksh", "lua",  "luajit", "tclsh", NULL,
};

/* Whether the len bytes at s are stem followed by nothing or by a
 * version: digits, '.' and '-' only, with a digit among them (php8.2,
 * python3.11, postgres-15). */
static bool versioned(const char *s, size_t len, const char *stem)
{
	size_t n = strlen(stem), i;
	bool digit = false;
	if (len < n || memcmp(s, stem, n))
		return false;
	for (i = n; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digit = true;
		else if (s[i] != '.' && s[i] != '-')
			return false;
	}
	return len == n || digit;
}

static bool interpreter(const char *s, size_t len)
{
	size_t i;
	for (i = 0; interpreters[i]; i++)
		if (versioned(s, len, interpreters[i]))
			return true;
	return false;
}

/* Whether a (alen bytes) and b name the same program: equal, or equal
 * over COMM_LEN bytes where one is a comm the kernel cut there. */
static bool same_name(const char *a, size_t alen, const char *b, size_t blen,
		      bool cut)
{
	if (alen == blen && !memcmp(a, b, alen))
		return true;
	return cut && alen >= COMM_LEN && blen >= COMM_LEN &&
	       (alen == COMM_LEN || blen == COMM_LEN) &&
	       !memcmp(a, b, COMM_LEN);
}

/* The entry of list that the len bytes at s name, or NULL; cut: s is a
 * comm, compared over COMM_LEN bytes. */
static const char *match(const char *const *list, const char *s, size_t len,
			 bool cut)
{
	size_t i;
	for (i = 0; list[i]; i++) {
		size_t n = strlen(list[i]);
		if (list[i][n - 1] == '*') {
			n--;
			if (cut && n > COMM_LEN)
				n = COMM_LEN;
			if (len >= n && !memcmp(s, list[i], n))
				return list[i];
		} else if (same_name(s, len, list[i], n, cut)) {
			return list[i];
		}
	}
	return NULL;
}

/* s without one pair of surrounding brackets ("[kworker/0:1]"). */
static const char *unbracket(const char *s, size_t *len, bool *had)
{
	*had = *len >= 2 && s[0] == '[' && s[*len - 1] == ']';
	if (*had) {
		*len -= 2;
		return s + 1;
	}
	return s;
}

/* The name argv[0] gives: its first word (before ':' or a blank, as
 * self-titled servers write "sshd: user@pts/0"), without directories. */
static const char *title_name(const char *a, size_t *len)
{
	size_t n = 0, blen;
	const char *b;
	while (n < *len && a[n] != ':' && a[n] != ' ')
		n++;
	b = forensic_base(a, n, &blen);
	*len = blen;
	return b;
}

struct names {
	const char *comm, *argv0, *exe;
	size_t comm_len, argv0_len, exe_len;
	bool deleted;
};

static void report(const struct psnap *s, const struct names *nm,
		   const char *rule, enum severity sev, const char *where,
		   const char *posing, const char *why, struct findings *out)
{
	struct finding *f =
		forensic_finding(out, s, JUDGE, rule, sev, CONF_MEDIUM, where);
	forensic_message(f, "poses as %s: %s", posing, why);
	forensic_fact(f, "comm", nm->comm, nm->comm_len);
	if (nm->argv0)
		forensic_fact(f, "argv0", nm->argv0, nm->argv0_len);
	if (nm->exe)
		forensic_fact(f, "exe", nm->exe, nm->exe_len);
	forensic_fact(f, "posing_as", posing, strlen(posing));
	forensic_fact(f, "reason", why, strlen(why));
	finding_tag(f, "T1036.005");
}

/* A kernel thread's name on a process that is none: high. A bracketed
 * argv[0] that names none is a title (celery's "[celeryd: ...]"): low. */
static bool kernel_pose(const struct psnap *s, const struct names *nm,
			struct findings *out)
{
	const char *p;
	size_t len = nm->comm_len;
	bool br;
	p = unbracket(nm->comm, &len, &br);
	if (match(kthread_names, p, len, true)) {
		report(s, nm, "kernel-thread-name", SEV_HIGH, "comm",
		       "a kernel thread",
		       "its comm is a kernel thread's name, but it is a "
		       "userland process",
		       out);
		return true;
	}
	if (!nm->argv0)
		return false;
	len = nm->argv0_len;
	p = unbracket(nm->argv0, &len, &br);
	if (match(kthread_names, p, len, false)) {
		report(s, nm, "kernel-thread-name", SEV_HIGH, "argv[0]",
		       "a kernel thread",
		       "its argv[0] is a kernel thread's name, but it is a "
		       "userland process",
		       out);
		return true;
	}
	if (br) {
		report(s, nm, "kernel-thread-name", SEV_LOW, "argv[0]",
		       "a kernel thread",
		       "its argv[0] is bracketed as ps shows kernel threads",
		       out);
		return true;
	}
	return false;
}

static void daemon_pose(const struct psnap *s, const struct names *nm,
			struct findings *out)
{
	const char *d = match(daemons, nm->comm, nm->comm_len, true), *b, *t;
	const char *where = "comm";
	size_t blen, tlen = nm->argv0_len;
	bool by_argv = false;
	if (!nm->exe)
		return;
	if (nm->argv0) {
		t = title_name(nm->argv0, &tlen);
		if (!d && (d = match(daemons, t, tlen, false))) {
			by_argv = true;
			where = "argv[0]";
		}
	}
	if (!d)
		return;
	b = forensic_base(nm->exe, nm->exe_len, &blen);
	if (forensic_in_tmp(nm->exe, nm->exe_len) ||
	    forensic_hidden(nm->exe, nm->exe_len) ||
	    forensic_prefix(nm->exe, nm->exe_len, "/memfd:") ||
	    (nm->deleted && !forensic_sys_dir(nm->exe, nm->exe_len))) {
		report(s, nm, "daemon-name-elsewhere", SEV_HIGH, where, d,
		       "its exe is in a temporary or hidden place, a memfd or "
		       "deleted",
		       out);
		return;
	}
	/* The exe is the daemon's own (its name cut as comm is), or the
	 * daemon's with a version: Debian's /usr/sbin/php-fpm8.2 titles
	 * itself "php-fpm: pool www". */
	if (same_name(b, blen, d, strlen(d), true) || versioned(b, blen, d))
		return;
	if (interpreter(b, blen)) {
		/* A script named like the daemon runs with the
		 * interpreter as exe and its own name as comm: only an
		 * argv[0] set to the daemon's name is a pose. */
		if (by_argv)
			report(s, nm, "daemon-name-interpreter", SEV_HIGH,
			       where, d,
			       "an interpreter's program set its argv[0] to "
			       "a daemon's name",
			       out);
		return;
	}
	/* Busybox and toybox applets, and anything the system's packages
	 * install (mysqld run as mariadbd), are not poses. */
	if (forensic_sys_dir(nm->exe, nm->exe_len) ||
	    forensic_eq(b, blen, "busybox") || forensic_eq(b, blen, "toybox"))
		return;
	report(s, nm, "daemon-name-mismatch", SEV_MEDIUM, where, d,
	       "its exe has another name, outside the system directories", out);
}

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	struct names nm = {0};
	(void)c;
	if (s->proc.kthread || !s->proc.comm || s->proc.state == 'Z' ||
	    s->proc.state == 'X')
		return 0;
	nm.comm = s->proc.comm;
	nm.comm_len = strnlen(nm.comm, COMM_LEN);
	if (psnap_has(s, FACET_ARGV) && s->proc.argv && s->proc.argc) {
		nm.argv0 = s->proc.argv[0];
		nm.argv0_len = strlen(nm.argv0);
	}
	nm.exe = forensic_exe(s, &nm.exe_len, &nm.deleted);
	if (kernel_pose(s, &nm, out))
		return 0;
	daemon_pose(s, &nm, out);
	return 0;
}

/* argv and the exe of every userland process (judges argv and exe read
 * them for all anyway). */
static unsigned more(const struct psnap *s)
{
	if (!forensic_userland(s))
		return 0;
	return FACET_BIT(FACET_ARGV) | FACET_BIT(FACET_EXE);
}

const struct judge judge_name_spoof = {
	.id = JUDGE,
	.kind = KIND_INDICATOR,
	.summary = "a process whose name, executable and argv[0] disagree, or "
		   "that poses as a kernel thread",
	.more = more,
	.judge = judge,
};
