/* privileged-container and stdio-to-socket on snapshots built here: what
 * each must find, the false positives it must not make, and the facets
 * it asks for. */
#include "unit/containercheck.h"

TestSuite(container, .init = setup, .fini = teardown);

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
