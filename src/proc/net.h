/* Parsers for /proc/PID/net/{tcp,tcp6,udp,udp6,raw,raw6,unix}. Pure. */
#ifndef PROC_NET_H
#define PROC_NET_H

#include <stddef.h>
#include <stdint.h>

#include "model/net.h"

/* Parse the whole text of one table (header line first; may be hostile)
 * and append its sockets to *socks (grown with xgrow; *n and *alloc are
 * updated). Lines that do not parse are added to *bad (may be NULL; the
 * caller zeroes it). A unix socket path holding a newline can forge a line
 * here: sock_diag (sockdiag.h), preferred where procsift may ask it,
 * avoids that. */
void proc_net_parse(enum net_proto proto, const char *buf, size_t len,
		    struct net_sock **socks, size_t *n, size_t *alloc,
		    size_t *bad);

#endif
