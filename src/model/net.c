/* Naming sockets for the views: protocols, TCP states, endpoints. */
#include "model/net.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

bool net_is_v6(enum net_proto p)
{
	return p == NET_TCP6 || p == NET_UDP6 || p == NET_RAW6;
}

void net_socks_free(struct net_sock *s, size_t n)
{
	if (!s)
		return;
	for (size_t i = 0; i < n; i++)
		free(s[i].path);
	free(s);
}

const char *net_proto_file(enum net_proto p)
{
	static const char *const names[NET__COUNT] = {
		[NET_TCP] = "tcp",   [NET_TCP6] = "tcp6", [NET_UDP] = "udp",
		[NET_UDP6] = "udp6", [NET_RAW] = "raw",	  [NET_RAW6] = "raw6",
		[NET_UNIX] = "unix",
	};

	return (unsigned)p < NET__COUNT ? names[p] : NULL;
}

const char *net_tcp_state_name(unsigned st)
{
	/* include/net/tcp_states.h */
	static const char *const names[] = {
		NULL,		"ESTABLISHED", "SYN_SENT",  "SYN_RECV",
		"FIN_WAIT1",	"FIN_WAIT2",   "TIME_WAIT", "CLOSE",
		"CLOSE_WAIT",	"LAST_ACK",    "LISTEN",    "CLOSING",
		"NEW_SYN_RECV",
	};

	if (st == 0 || st >= sizeof(names) / sizeof(names[0]))
		return "UNKNOWN";
	return names[st];
}

static bool all_zero(const uint8_t *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i])
			return false;
	return true;
}

void net_format_endpoint(const struct net_sock *s, int remote, char *buf,
			 size_t size)
{
	const uint8_t *addr = remote ? s->remote : s->local;
	unsigned port = remote ? s->remote_port : s->local_port;
	bool v6 = net_is_v6(s->proto);
	char a[INET6_ADDRSTRLEN] = "*", p[12] = "*";

	if (size == 0)
		return;
	if (s->proto == NET_UNIX) {
		/* No peer path in /proc/net/unix: the remote end is "". */
		snprintf(buf, size, "%s", !remote && s->path ? s->path : "");
		return;
	}
	if (!all_zero(addr, v6 ? 16 : 4) &&
	    !inet_ntop(v6 ? AF_INET6 : AF_INET, addr, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	/* Port 0 is "any", as ss(8) shows it; for raw sockets the "port" is
	 * the IP protocol number. */
	if (port)
		snprintf(p, sizeof(p), "%u", port);
	if (v6 && a[0] != '*')
		snprintf(buf, size, "[%s]:%s", a, p);
	else
		snprintf(buf, size, "%s:%s", a, p);
}
