/* Sockets as procsift models them: what the socket tables of a network
 * namespace say about one socket, and how views name its protocol, state
 * and ends. proc/net.c parses the tables into these. */
#ifndef MODEL_NET_H
#define MODEL_NET_H

#include <stdbool.h>
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
	size_t path_len;     /* its bytes (an abstract name from sock_diag
			      * may hold NULs) */
	bool ambiguous;	     /* from /proc/net/unix, which is line-based:
			      * the name may have been cut at a newline */
};

void net_socks_free(struct net_sock *s, size_t n);
/* Whether p is one of the IPv6 tables (16-byte addresses). */
bool net_is_v6(enum net_proto p);

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
