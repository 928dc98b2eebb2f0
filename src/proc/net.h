/* Parsers for /proc/PID/net/{tcp,tcp6,udp,udp6,raw,raw6,unix}. Pure. */
#ifndef PROC_NET_H
#define PROC_NET_H

#include <stddef.h>
#include <stdint.h>

enum net_proto {
	NET_TCP,
	NET_TCP6,
	NET_UDP,
	NET_UDP6,
	NET_RAW,
	NET_RAW6,
	NET_UNIX,
	NET__COUNT,
};

struct net_sock {
	enum net_proto proto;
	uint64_t inode;
	uint8_t local[16], remote[16]; /* network byte order; 4 bytes used
					* for v4 protocols */
	unsigned local_port, remote_port;
	unsigned state; /* st field: TCP_ESTABLISHED = 1 ... */
	unsigned uid;
	/* unix only */
	unsigned unix_type;  /* SOCK_STREAM = 1, SOCK_DGRAM = 2, ... */
	unsigned unix_flags; /* __SO_ACCEPTCON (0x10000): listening */
	char *path;	     /* owned: the path ("@name" abstract);
			      * NULL when unnamed */
};

/* Parse the whole text of one table (header line first; may be hostile)
 * and append its sockets to *socks (grown with xgrow; *n and *alloc are
 * updated). Lines that do not parse are added to *bad (may be NULL; the
 * caller zeroes it). A unix socket path holding a newline can forge a line
 * here: only netlink sock_diag would avoid that. */
void proc_net_parse(enum net_proto proto, const char *buf, size_t len,
		    struct net_sock **socks, size_t *n, size_t *alloc,
		    size_t *bad);
void net_socks_free(struct net_sock *s, size_t n);

/* The file name below /proc/PID/net ("tcp6") and the name shown ("tcp6"). */
const char *net_proto_file(enum net_proto p);
/* TCP state name: "ESTABLISHED", "LISTEN", ...; "UNKNOWN" otherwise.
 * For UDP the kernel uses the same numbers (7 = CLOSE: unconnected). */
const char *net_tcp_state_name(unsigned st);
/* Format addr:port for a socket end into buf ("127.0.0.1:8080",
 * "[::1]:22", "*:*" for unspecified). */
void net_format_endpoint(const struct net_sock *s, int remote, char *buf,
			 size_t size);

#endif
