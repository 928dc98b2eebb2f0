/* Netlink sock_diag dumps (see sockdiag.h). */
#include "proc/sockdiag.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>

#include "util/xalloc.h"

#define TCP_ESTABLISHED_ 1 /* include/net/tcp_states.h */
#define TCP_LISTEN_ 10
#define SS_UNCONNECTED_ 1 /* /proc/net/unix's St column */
#define SS_CONNECTING_ 2
#define SS_CONNECTED_ 3
#define ACCEPTCON 0x10000 /* __SO_ACCEPTCON: /proc/net/unix's Flags */

/* Connected to the kernel (port 0): nothing else can send to it (root
 * in a container could otherwise slip a made-up message or an early
 * NLMSG_DONE into a dump of its own namespace). */
static int raw_socket(void)
{
	struct sockaddr_nl k = {.nl_family = AF_NETLINK};
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&k, sizeof(k))) {
		int e = -errno;
		close(fd);
		return e;
	}
	return fd;
}

struct joiner {
	int dir_fd;
	int r;
};

/* On a thread of its own: join the namespace, make the socket, end. The
 * namespace goes with the thread; the socket stays in it. */
static void *join(void *arg)
{
	struct joiner *j = arg;
	int ns = openat(j->dir_fd, "ns/net", O_RDONLY | O_CLOEXEC);
	if (ns < 0) {
		j->r = -errno;
		return NULL;
	}
	j->r = setns(ns, CLONE_NEWNET) ? -errno : raw_socket();
	close(ns);
	return NULL;
}

int sockdiag_open(int dir_fd)
{
	struct stat mine, theirs;
	struct joiner j = {dir_fd, -ENOSYS};
	pthread_t th;
	if (fstatat(dir_fd, "ns/net", &theirs, 0))
		return -errno;
	if (!stat("/proc/thread-self/ns/net", &mine) &&
	    mine.st_ino == theirs.st_ino && mine.st_dev == theirs.st_dev)
		return raw_socket();
	if (pthread_create(&th, NULL, join, &j))
		return -EAGAIN;
	pthread_join(th, NULL);
	return j.r;
}

static int family_of(enum net_proto p, int *proto)
{
	switch (p) {
	case NET_TCP:
	case NET_TCP6:
		*proto = IPPROTO_TCP;
		break;
	case NET_UDP:
	case NET_UDP6:
		*proto = IPPROTO_UDP;
		break;
	case NET_UNIX:
		*proto = 0;
		return AF_UNIX;
	default:
		return -1;
	}
	return net_is_v6(p) ? AF_INET6 : AF_INET;
}

static int send_request(int nl, enum net_proto p, unsigned seq)
{
	struct sockaddr_nl to = {.nl_family = AF_NETLINK};
	struct {
		struct nlmsghdr h;
		union {
			struct unix_diag_req u;
			struct inet_diag_req_v2 i;
		} r;
	} req;
	int proto, family = family_of(p, &proto);
	if (family < 0)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.h.nlmsg_seq = seq;
	if (family == AF_UNIX) {
		req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.r.u));
		req.r.u.sdiag_family = AF_UNIX;
		req.r.u.udiag_states = ~0u;
		req.r.u.udiag_show = UDIAG_SHOW_NAME;
	} else {
		req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.r.i));
		req.r.i.sdiag_family = (__u8)family;
		req.r.i.sdiag_protocol = (__u8)proto;
		req.r.i.idiag_states = ~0u;
	}
	if (sendto(nl, &req, req.h.nlmsg_len, 0, (struct sockaddr *)&to,
		   sizeof(to)) < 0)
		return -errno;
	return 0;
}

/* Walk the headers of the messages in buf: 1 at NLMSG_DONE, the errno
 * of an NLMSG_ERROR, 0 when the dump goes on; -EPROTO for a message not
 * of this dump (seq). */
static int walk(const char *buf, size_t len, unsigned seq)
{
	size_t off = 0;
	while (len - off >= sizeof(struct nlmsghdr)) {
		struct nlmsghdr h;
		memcpy(&h, buf + off, sizeof(h));
		if (h.nlmsg_len < sizeof(h) || h.nlmsg_len > len - off)
			return -EINVAL;
		if (h.nlmsg_seq != seq)
			return -EPROTO;
		if (h.nlmsg_type == NLMSG_DONE)
			return 1;
		if (h.nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr e;
			if (h.nlmsg_len < NLMSG_LENGTH(sizeof(e)))
				return -EINVAL;
			memcpy(&e, buf + off + NLMSG_HDRLEN, sizeof(e));
			return e.error < 0 && e.error > -4096 ? e.error
							      : -EINVAL;
		}
		off += NLMSG_ALIGN(h.nlmsg_len) < len - off
			       ? NLMSG_ALIGN(h.nlmsg_len)
			       : len - off;
	}
	return 0;
}

int sockdiag_dump(int nl, enum net_proto proto, size_t cap, struct strbuf *out)
{
	char buf[65536] __attribute__((aligned(NLMSG_ALIGNTO)));
	/* A sequence number of this dump's own (the clock's nanoseconds):
	 * a reply to an earlier dump that failed half-way is not taken for
	 * this one's. */
	struct timespec ts;
	unsigned seq;
	int r;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	seq = (unsigned)ts.tv_nsec ^ (unsigned)ts.tv_sec;
	r = send_request(nl, proto, seq);
	if (r)
		return r;
	for (;;) {
		struct sockaddr_nl from;
		socklen_t fl = sizeof(from);
		ssize_t got = recvfrom(nl, buf, sizeof(buf), 0,
				       (struct sockaddr *)&from, &fl);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!got)
			return -EIO;
		/* The kernel's alone (the socket is connected to it). */
		if (fl < sizeof(from) || from.nl_pid != 0)
			continue;
		r = walk(buf, (size_t)got, seq);
		if (r == -EPROTO)
			continue; /* a late reply to an earlier dump */
		if (out->len + (size_t)got > cap)
			return -E2BIG;
		if (r < 0)
			return r;
		strbuf_add(out, buf, (size_t)got);
		if (r == 1)
			return 0;
	}
}

/* The unix name attribute as the model keeps it. */
static void unix_name(struct net_sock *k, const char *p, size_t len)
{
	if (!len)
		return;
	if (p[0] == '\0') {
		/* Abstract: "@" and every byte after the NUL. */
		k->path = xmalloc(len + 1);
		k->path[0] = '@';
		memcpy(k->path + 1, p + 1, len - 1);
		k->path[len] = '\0';
		k->path_len = len;
		return;
	}
	/* A path is a C string: the kernel may count its NUL. */
	len = strnlen(p, len);
	k->path = xmemdup0(p, len);
	k->path_len = len;
}

static bool parse_unix(const struct nlmsghdr *h, struct net_sock *k)
{
	const struct unix_diag_msg *m = NLMSG_DATA(h);
	const struct rtattr *a;
	int len; /* RTA_NEXT counts down: signed, so an attribute longer
		  * than what is left ends the walk */
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*m)) ||
	    m->udiag_family != AF_UNIX)
		return false;
	len = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*m)));
	k->proto = NET_UNIX;
	k->inode = m->udiag_ino;
	k->unix_type = m->udiag_type;
	switch (m->udiag_state) {
	case TCP_LISTEN_:
		k->unix_flags = ACCEPTCON;
		k->state = SS_UNCONNECTED_;
		break;
	case TCP_ESTABLISHED_:
		k->state = SS_CONNECTED_;
		break;
	case 2: /* TCP_SYN_SENT: connecting */
		k->state = SS_CONNECTING_;
		break;
	default:
		k->state = SS_UNCONNECTED_;
		break;
	}
	a = (const struct rtattr *)((const char *)m + NLMSG_ALIGN(sizeof(*m)));
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == UNIX_DIAG_NAME && !k->path)
			unix_name(k, RTA_DATA(a), RTA_PAYLOAD(a));
	return true;
}

static bool parse_inet(enum net_proto proto, const struct nlmsghdr *h,
		       struct net_sock *k)
{
	const struct inet_diag_msg *m = NLMSG_DATA(h);
	size_t alen = net_is_v6(proto) ? 16 : 4;
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*m)) ||
	    m->idiag_family != (net_is_v6(proto) ? AF_INET6 : AF_INET))
		return false;
	k->proto = proto;
	k->inode = m->idiag_inode;
	k->uid = m->idiag_uid;
	k->state = m->idiag_state;
	k->local_port = ntohs(m->id.idiag_sport);
	k->remote_port = ntohs(m->id.idiag_dport);
	memcpy(k->local, m->id.idiag_src, alen);
	memcpy(k->remote, m->id.idiag_dst, alen);
	return true;
}

int sockdiag_parse(enum net_proto proto, const char *buf, size_t len,
		   struct net_sock **socks, size_t *n, size_t *alloc)
{
	const struct nlmsghdr *h;
	size_t off = 0;
	int proto_nr;
	if (family_of(proto, &proto_nr) < 0)
		return -EINVAL;
	/* Message by message, each copied to an aligned buffer: the bytes
	 * may come from a file, at any alignment. */
	while (len - off >= sizeof(struct nlmsghdr)) {
		union {
			struct nlmsghdr h;
			char b[1024];
		} u;
		struct nlmsghdr hh;
		struct net_sock k;
		size_t mlen;
		memcpy(&hh, buf + off, sizeof(hh));
		mlen = hh.nlmsg_len;
		if (mlen < sizeof(hh) || mlen > len - off)
			return -EINVAL;
		if (hh.nlmsg_type == NLMSG_DONE)
			return 0;
		if (hh.nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr e;
			if (mlen < NLMSG_LENGTH(sizeof(e)))
				return -EINVAL;
			memcpy(&e, buf + off + NLMSG_HDRLEN, sizeof(e));
			return e.error < 0 && e.error > -4096 ? e.error
							      : -EINVAL;
		}
		if (mlen > sizeof(u.b))
			return -EINVAL; /* no diag message is that long */
		memcpy(u.b, buf + off, mlen);
		h = &u.h;
		memset(&k, 0, sizeof(k));
		if (hh.nlmsg_type == SOCK_DIAG_BY_FAMILY &&
		    (proto == NET_UNIX ? parse_unix(h, &k)
				       : parse_inet(proto, h, &k))) {
			*socks = xgrow(*socks, alloc, *n + 1, sizeof(**socks));
			(*socks)[(*n)++] = k;
		}
		off += NLMSG_ALIGN(mlen) < len - off ? NLMSG_ALIGN(mlen)
						     : len - off;
	}
	/* No NLMSG_DONE: cut. */
	return -EINVAL;
}
