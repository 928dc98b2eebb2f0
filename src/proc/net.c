/* Parsers for the socket tables in /proc/PID/net (tcp, udp, raw and their v6
 * twins share one layout; unix has its own). Pure and linear; the input is
 * hostile (NULs, no newline, cut lines, a unix path may hold anything). */
#include "proc/net.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/parse.h"
#include "util/xalloc.h"

struct span {
	const char *p;
	size_t n;
};

/* Whitespace-separated tokens; the kernel pads columns with spaces. */
struct tokens {
	const char *s;
	size_t len, pos;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool next_token(struct tokens *t, struct span *out)
{
	while (t->pos < t->len && is_blank(t->s[t->pos]))
		t->pos++;
	if (t->pos == t->len)
		return false;
	out->p = t->s + t->pos;
	while (t->pos < t->len && !is_blank(t->s[t->pos]))
		t->pos++;
	out->n = (size_t)(t->s + t->pos - out->p);
	return true;
}

/* 1..16 hex digits, nothing else, at most max. */
static bool parse_dec(struct span s, uint64_t max, uint64_t *v)
{
	return parse_dec_u64(s.p, s.n, max, v);
}

static bool parse_hex(struct span s, uint64_t max, uint64_t *v)
{
	uint64_t x = 0;

	if (s.n == 0 || s.n > 16)
		return false;
	for (size_t i = 0; i < s.n; i++) {
		int d = parse_hex_digit(s.p[i]);

		if (d < 0)
			return false;
		x = x << 4 | (uint64_t)d;
	}
	if (x > max)
		return false;
	*v = x;
	return true;
}

/* "hex:hex", as in tx_queue:rx_queue; checked only to catch shifted lines. */
static bool is_hex_pair(struct span s)
{
	const char *c = memchr(s.p, ':', s.n);
	uint64_t v;

	return c &&
	       parse_hex((struct span){s.p, (size_t)(c - s.p)}, UINT64_MAX,
			 &v) &&
	       parse_hex((struct span){c + 1, s.n - (size_t)(c - s.p) - 1},
			 UINT64_MAX, &v);
}

/* The slot number, "%4d:" (inet, decimal) or "%pK:" (unix, hex). */
static bool parse_slot(struct span s, bool hex)
{
	uint64_t v;

	if (s.n < 2 || s.p[s.n - 1] != ':')
		return false;
	s.n--;
	return hex ? parse_hex(s, UINT64_MAX, &v)
		   : parse_dec(s, UINT64_MAX, &v);
}

/* "ADDR:PORT". The kernel prints each 32-bit word of the address with %08X
 * as the CPU reads it, so copying the parsed word back in host order gives
 * the network-order bytes on any endianness. */
static bool parse_endpoint(struct span s, bool v6, uint8_t addr[16],
			   unsigned *port)
{
	size_t words = v6 ? 4 : 1;
	uint64_t v;

	if (s.n != words * 8 + 1 + 4 || s.p[words * 8] != ':')
		return false;
	for (size_t w = 0; w < words; w++) {
		uint32_t u;

		if (!parse_hex((struct span){s.p + w * 8, 8}, UINT32_MAX, &v))
			return false;
		u = (uint32_t)v;
		memcpy(addr + w * 4, &u, 4);
	}
	if (!parse_hex((struct span){s.p + words * 8 + 1, 4}, 0xffff, &v))
		return false;
	*port = (unsigned)v;
	return true;
}

/* sl local remote st tx:rx tr:tm retrnsmt uid timeout inode [...]. */
static bool parse_inet(struct span line, bool v6, struct net_sock *k)
{
	struct tokens t = {line.p, line.n, 0};
	struct span f[10];
	uint64_t v;

	for (size_t i = 0; i < 10; i++)
		if (!next_token(&t, &f[i]))
			return false;
	if (!parse_slot(f[0], false) ||
	    !parse_endpoint(f[1], v6, k->local, &k->local_port) ||
	    !parse_endpoint(f[2], v6, k->remote, &k->remote_port))
		return false;
	if (!parse_hex(f[3], 0xff, &v))
		return false;
	k->state = (unsigned)v;
	if (!is_hex_pair(f[4]) || !is_hex_pair(f[5]) ||
	    !parse_hex(f[6], UINT64_MAX, &v))
		return false;
	if (!parse_dec(f[7], UINT32_MAX, &v))
		return false;
	k->uid = (unsigned)v;
	/* f[8], the timeout, is "%8d" and may be negative; not needed. */
	return parse_dec(f[9], UINT64_MAX, &k->inode);
}

/* Num RefCount Protocol Flags Type St Inode [Path]. */
static bool parse_unix(struct span line, struct net_sock *k)
{
	struct tokens t = {line.p, line.n, 0};
	struct span f[7];
	uint64_t v;

	for (size_t i = 0; i < 7; i++)
		if (!next_token(&t, &f[i]))
			return false;
	if (!parse_slot(f[0], true))
		return false;
	for (size_t i = 1; i < 4; i++)
		if (!parse_hex(f[i], UINT32_MAX, &v))
			return false;
	k->unix_flags = (unsigned)v; /* f[3], the last one parsed */
	if (!parse_hex(f[4], 0xffff, &v))
		return false;
	k->unix_type = (unsigned)v;
	if (!parse_hex(f[5], 0xff, &v))
		return false;
	k->state = (unsigned)v;
	if (!parse_dec(f[6], UINT64_MAX, &k->inode))
		return false;
	/* The kernel writes one space, then the path byte for byte (NULs in
	 * an abstract name as '@'). Taking everything after that one space
	 * keeps spaces inside, and at the start of, a relative path. */
	if (t.len - t.pos <= 1)
		return true; /* unnamed (a lone trailing blank is padding) */
	if (line.p[t.pos] != ' ')
		return false;
	k->path = xmemdup0(line.p + t.pos + 1, t.len - t.pos - 1);
	k->path_len = t.len - t.pos - 1;
	return true;
}

static bool parse_line(enum net_proto proto, struct span line,
		       struct net_sock *k)
{
	memset(k, 0, sizeof(*k));
	k->proto = proto;
	if (proto == NET_UNIX)
		return parse_unix(line, k);
	return parse_inet(line, net_is_v6(proto), k);
}

static bool is_empty(struct span l)
{
	for (size_t i = 0; i < l.n; i++)
		if (!is_blank(l.p[i]))
			return false;
	return true;
}

void proc_net_parse(enum net_proto proto, const char *buf, size_t len,
		    struct net_sock **socks, size_t *n, size_t *alloc,
		    size_t *bad)
{
	size_t start = 0, nbad = 0;
	bool first = true, added = false;

	if ((unsigned)proto >= NET__COUNT)
		return;
	/* A NUL ends a line, as a newline does, so a NUL-padded buffer still
	 * parses and no NUL reaches a path. */
	for (size_t i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n' && buf[i] != '\0')
			continue;
		struct span l = {buf + start, i - start};
		struct net_sock k;

		start = i + 1;
		if (is_empty(l)) {
			/* A name ending in a newline leaves an empty line. */
			if (added && proto == NET_UNIX && !first && i < len)
				(*socks)[*n - 1].ambiguous = true;
			added = false;
			continue;
		}
		if (parse_line(proto, l, &k)) {
			*socks = xgrow(*socks, alloc, *n + 1, sizeof(**socks));
			(*socks)[(*n)++] = k;
			added = true;
			first = false;
			continue;
		}
		if (!first) {
			nbad++; /* the first line is the column header */
			/* What does not parse after a unix line may be the
			 * rest of its name, cut at a newline. */
			if (added && proto == NET_UNIX)
				(*socks)[*n - 1].ambiguous = true;
		}
		added = false;
		first = false;
	}
	if (bad)
		*bad += nbad;
}
