/* sockbench: the TCP table read two ways on many loopback sockets
 * (issue 13, item 4): /proc/self/net/tcp parsed as procsift parses it,
 * against a netlink sock_diag dump parsed as procsift parses it. Linked
 * against procsift's objects, as rulebench is.
 *
 * Usage: sockbench [-n SOCKETS] [-R ROUNDS]
 *
 * Child processes (each within its descriptor limit, at most 10,000
 * sockets apiece, as a node's many workers hold them) each open a
 * listener on 127.0.0.1 and connections to it, both ends held, SOCKETS
 * in all; then this process times ROUNDS reads of its network
 * namespace's table each way, alternating, and kills the children by
 * pid. Prints key=value lines: sockets, the sockets each way found,
 * every round's milliseconds, the best and the median. The children
 * close with RST (SO_LINGER 0): no TIME_WAIT is left behind. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc/net.h"
#include "proc/pidfile.h"
#include "proc/sockdiag.h"
#include "util/strbuf.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void die(const char *what)
{
	fprintf(stderr, "sockbench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static size_t via_proc(int self)
{
	struct strbuf sb = STRBUF_INIT;
	struct net_sock *s = NULL;
	size_t n = 0, alloc = 0;
	if (proc_read_file(self, "net/tcp", 256u << 20, &sb, NULL))
		die("read net/tcp");
	proc_net_parse(NET_TCP, sb.buf, sb.len, &s, &n, &alloc, NULL);
	net_socks_free(s, n);
	strbuf_release(&sb);
	return n;
}

static size_t via_diag(int self)
{
	struct strbuf sb = STRBUF_INIT;
	struct net_sock *s = NULL;
	size_t n = 0, alloc = 0;
	int nl = sockdiag_open(self), r;
	if (nl < 0) {
		errno = -nl;
		die("sock_diag socket");
	}
	r = sockdiag_dump(nl, NET_TCP, 256u << 20, &sb);
	if (!r)
		r = sockdiag_parse(NET_TCP, sb.buf, sb.len, &s, &n, &alloc);
	if (r) {
		errno = -r;
		die("sock_diag dump");
	}
	close(nl);
	net_socks_free(s, n);
	strbuf_release(&sb);
	return n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* A child's share: pairs connections to a listener of its own; one byte
 * on ready when they are open; then it waits to be killed. */
static void hold(long pairs, int ready)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t sl = sizeof(sa);
	struct linger rst = {1, 0};
	struct rlimit rl;
	long i;
	int lfd;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (!getrlimit(RLIMIT_NOFILE, &rl)) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(lfd, 4096) || getsockname(lfd, (struct sockaddr *)&sa, &sl))
		die("listen");
	for (i = 0; i < pairs; i++) {
		int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), a;
		if (c < 0 || connect(c, (struct sockaddr *)&sa, sizeof(sa)))
			die("connect");
		setsockopt(c, SOL_SOCKET, SO_LINGER, &rst, sizeof(rst));
		a = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (a < 0)
			die("accept");
		setsockopt(a, SOL_SOCKET, SO_LINGER, &rst, sizeof(rst));
	}
	if (write(ready, "x", 1) != 1)
		die("ready");
	for (;;)
		pause();
}

#define PER_CHILD 10000L /* sockets */

int main(int argc, char **argv)
{
	long want = 50000, rounds = 5, kids, k, i, got = 0;
	double *tp, *td;
	size_t np = 0, nd = 0;
	pid_t *pids;
	int opt, self, ready[2];
	char c;
	while ((opt = getopt(argc, argv, "n:R:")) != -1) {
		if (opt == 'n')
			want = atol(optarg);
		else if (opt == 'R')
			rounds = atol(optarg);
		else
			return 2;
	}
	if (want < 2 || rounds < 1)
		return 2;
	kids = (want + PER_CHILD - 1) / PER_CHILD;
	pids = calloc((size_t)kids, sizeof(*pids));
	if (!pids || pipe2(ready, O_CLOEXEC))
		die("setup");
	for (k = 0; k < kids; k++) {
		long share = want / 2 - k * (PER_CHILD / 2);
		share = share > PER_CHILD / 2 ? PER_CHILD / 2 : share;
		pids[k] = fork();
		if (pids[k] < 0)
			die("fork");
		if (!pids[k]) {
			close(ready[0]);
			hold(share, ready[1]);
		}
		got += 2 * share + 1;
	}
	close(ready[1]);
	for (k = 0; k < kids; k++)
		if (read(ready[0], &c, 1) != 1)
			die("a child failed");
	self = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (self < 0)
		die("/proc/self");
	tp = calloc((size_t)rounds, sizeof(*tp));
	td = calloc((size_t)rounds, sizeof(*td));
	if (!tp || !td)
		die("calloc");
	printf("sockets=%ld\nprocesses=%ld\n", got, kids);
	printf("proc_ms=");
	for (i = 0; i < rounds; i++) {
		double t0 = now_ms();
		np = via_proc(self);
		tp[i] = now_ms() - t0;
		t0 = now_ms();
		nd = via_diag(self);
		td[i] = now_ms() - t0;
		printf("%s%.1f", i ? " " : "", tp[i]);
	}
	printf("\ndiag_ms=");
	for (i = 0; i < rounds; i++)
		printf("%s%.1f", i ? " " : "", td[i]);
	qsort(tp, (size_t)rounds, sizeof(*tp), cmp_double);
	qsort(td, (size_t)rounds, sizeof(*td), cmp_double);
	printf("\nproc_found=%zu\ndiag_found=%zu\n", np, nd);
	printf("proc_best_ms=%.1f\ndiag_best_ms=%.1f\n", tp[0], td[0]);
	printf("proc_median_ms=%.1f\ndiag_median_ms=%.1f\n", tp[rounds / 2],
	       td[rounds / 2]);
	for (k = 0; k < kids; k++)
		kill(pids[k], SIGKILL);
	for (k = 0; k < kids; k++)
		waitpid(pids[k], NULL, 0);
	return 0;
}
