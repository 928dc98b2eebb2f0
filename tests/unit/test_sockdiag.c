/* sockdiag_parse on byte strings made here, hostile ones included, and a
 * live dump of this process's own namespace (issue 13, item 4). */
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <fcntl.h>
#include <errno.h>
#include <unistd.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#include "proc/sockdiag.h"

/* Append one unix message: ino, state, and a name attribute of len
 * bytes (none when name is NULL). */
static void add_unix(struct strbuf *sb, unsigned ino, unsigned state,
		     const char *name, size_t len)
{
	char buf[512] = {0};
	struct nlmsghdr *h = (void *)buf;
	struct unix_diag_msg *m = NLMSG_DATA(h);
	size_t at = NLMSG_LENGTH(sizeof(*m));
	m->udiag_family = AF_UNIX;
	m->udiag_type = SOCK_STREAM;
	m->udiag_state = (unsigned char)state;
	m->udiag_ino = ino;
	if (name) {
		struct rtattr *a = (void *)(buf + NLMSG_ALIGN(at));
		a->rta_type = UNIX_DIAG_NAME;
		a->rta_len = (unsigned short)RTA_LENGTH(len);
		memcpy(RTA_DATA(a), name, len);
		at = NLMSG_ALIGN(at) + RTA_ALIGN(a->rta_len);
	}
	h->nlmsg_len = (unsigned)at;
	h->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	strbuf_add(sb, buf, NLMSG_ALIGN(at));
}

static void add_done(struct strbuf *sb)
{
	struct nlmsghdr h = {.nlmsg_len = NLMSG_LENGTH(4),
			     .nlmsg_type = NLMSG_DONE};
	char pad[4] = {0};
	strbuf_add(sb, &h, sizeof(h));
	strbuf_add(sb, pad, sizeof(pad));
}

Test(sockdiag, unix_names_whole)
{
	static const char abs[] = "\0evil\nname\0with nul";
	struct strbuf sb = STRBUF_INIT;
	struct net_sock *s = NULL;
	size_t n = 0, alloc = 0;
	add_unix(&sb, 11, 10, "/run/x.sock\0", 12); /* a path counts its NUL */
	add_unix(&sb, 12, 1, abs, sizeof(abs) - 1);
	add_unix(&sb, 13, 7, NULL, 0);
	add_done(&sb);
	cr_assert_eq(sockdiag_parse(NET_UNIX, sb.buf, sb.len, &s, &n, &alloc),
		     0);
	cr_assert_eq(n, 3);
	cr_assert_str_eq(s[0].path, "/run/x.sock");
	cr_assert_eq(s[0].path_len, 11);
	cr_assert(s[0].unix_flags & 0x10000, "listening");
	cr_assert_eq(s[1].state, 3, "connected");
	cr_assert_eq(s[1].path_len, sizeof(abs) - 1);
	cr_assert(!memcmp(s[1].path, "@evil\nname\0with nul", s[1].path_len));
	cr_assert_null(s[2].path);
	cr_assert(!s[0].ambiguous && !s[1].ambiguous);
	net_socks_free(s, n);
	strbuf_release(&sb);
}

Test(sockdiag, hostile_dumps)
{
	struct strbuf sb = STRBUF_INIT;
	struct net_sock *s = NULL;
	size_t n = 0, alloc = 0, cut;
	struct nlmsghdr h = {0};
	struct {
		struct nlmsghdr h;
		struct nlmsgerr e;
	} err = {{.nlmsg_len = sizeof(err), .nlmsg_type = NLMSG_ERROR},
		 {.error = -ENOENT}};
	add_unix(&sb, 1, 1, "/a", 2);
	cut = sb.len;
	/* No NLMSG_DONE: cut short. */
	cr_assert_eq(sockdiag_parse(NET_UNIX, sb.buf, cut, &s, &n, &alloc),
		     -EINVAL);
	/* Every prefix of a dump: never a crash, never past the bytes. */
	add_done(&sb);
	for (size_t i = 0; i < sb.len; i++) {
		char *copy = malloc(i ? i : 1);
		memcpy(copy, sb.buf, i);
		sockdiag_parse(NET_UNIX, copy, i, &s, &n, &alloc);
		free(copy);
	}
	/* A length past the end, and a length below a header. */
	h.nlmsg_len = 1u << 30;
	h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	cr_assert_eq(sockdiag_parse(NET_TCP, (const char *)&h, sizeof(h), &s,
				    &n, &alloc),
		     -EINVAL);
	h.nlmsg_len = 3;
	cr_assert_eq(sockdiag_parse(NET_TCP, (const char *)&h, sizeof(h), &s,
				    &n, &alloc),
		     -EINVAL);
	/* The kernel's "no such module": its errno. */
	cr_assert_eq(sockdiag_parse(NET_UNIX, (const char *)&err, sizeof(err),
				    &s, &n, &alloc),
		     -ENOENT);
	/* Raw sockets have no diag table here. */
	cr_assert_eq(sockdiag_parse(NET_RAW, sb.buf, sb.len, &s, &n, &alloc),
		     -EINVAL);
	net_socks_free(s, n);
	strbuf_release(&sb);
}

/* This process's namespace, live: a listener it holds is found, by
 * inode, with its port. */
Test(sockdiag, live_own_namespace)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t sl = sizeof(sa);
	struct strbuf sb = STRBUF_INIT;
	struct net_sock *s = NULL;
	size_t n = 0, alloc = 0, i;
	struct stat st;
	int self = open("/proc/self", O_RDONLY | O_DIRECTORY), nl, found = 0;
	int l = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert(l >= 0 && !bind(l, (void *)&sa, sizeof(sa)) &&
		  !listen(l, 1) && !getsockname(l, (void *)&sa, &sl) &&
		  !fstat(l, &st));
	nl = sockdiag_open(self);
	if (nl < 0)
		cr_skip_test("no sock_diag here: %s", strerror(-nl));
	cr_assert_eq(sockdiag_dump(nl, NET_TCP, 1u << 26, &sb), 0);
	cr_assert_eq(sockdiag_parse(NET_TCP, sb.buf, sb.len, &s, &n, &alloc),
		     0);
	for (i = 0; i < n; i++)
		if (s[i].inode == st.st_ino)
			found = s[i].local_port == ntohs(sa.sin_port) &&
				s[i].state == 10;
	cr_assert(found, "listener %lu not in the dump of %zu",
		  (unsigned long)st.st_ino, n);
	net_socks_free(s, n);
	strbuf_release(&sb);
	close(nl);
	close(l);
	close(self);
}
