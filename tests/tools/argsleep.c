/* argsleep: a sleeper that takes any arguments, for the posture tests: a
 * copy of it named kube-apiserver, etcd or kubelet shows the flags it was
 * given in /proc/PID/cmdline and does nothing with them.
 *
 * Usage: NAME [ARG...]
 *
 * With ARGSLEEP_ROOT=DIR in its environment it chroots into DIR first
 * (root only), so that /proc/PID/root is DIR and a file its flags name
 * resolves inside DIR. It writes "ready\n" to standard output once set up
 * (and closes it), then sleeps until SIGTERM, SIGINT or SIGHUP, or until
 * its parent dies (PR_SET_PDEATHSIG SIGKILL). */
#include <sys/prctl.h>

#include "tool.h"

int main(int argc, char **argv)
{
	const char *root = getenv("ARGSLEEP_ROOT");
	struct sigaction sa;
	(void)argc;
	(void)argv;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL))
		die("prctl");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (root && *root && (chroot(root) || chdir("/")))
		die("chroot %s", root);
	if (fputs("ready\n", stdout) == EOF || fclose(stdout))
		die("stdout");
	while (!stop_sig)
		pause();
	return 0;
}
