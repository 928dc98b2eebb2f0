/* Tests for proc/net. The tables are real: captured on the test host while a
 * Python script held TCP/UDP/raw sockets on v4 and v6 and unix sockets (a
 * listener, a path with a space, an abstract name, a socketpair). */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc/net.h"

#define TCP_HDR                                                                \
	"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "  \
	"retrnsmt   uid  timeout inode                                       " \
	" "                                                                    \
	"             \n"
#define TCP_LISTEN_8080                                                       \
	"   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 " \
	"00000000     0        0 1346836 1 00000000d0f41e82 100 0 0 10 0   "  \
	"                \n"
#define V6_HDR                                                                 \
	"  sl  local_address                         remote_address          " \
	"              st tx_queue rx_queue tr tm->when retrnsmt   uid  "      \
	"timeout inode\n"
#define UNIX_HDR "Num       RefCount Protocol Flags    Type St Inode Path\n"

static struct net_sock *socks;
static size_t n, alloc, bad;

static void reset(void)
{
	net_socks_free(socks, n);
	socks = NULL;
	n = alloc = bad = 0;
}

static size_t parse_n(enum net_proto p, const char *s, size_t len)
{
	reset();
	proc_net_parse(p, s, len, &socks, &n, &alloc, &bad);
	return n;
}

static size_t parse(enum net_proto p, const char *s)
{
	return parse_n(p, s, strlen(s));
}

static void expect_end(size_t i, int remote, const char *want)
{
	char buf[80];

	net_format_endpoint(&socks[i], remote, buf, sizeof(buf));
	cr_assert_str_eq(buf, want);
}

static void fini(void)
{
	reset();
}

TestSuite(net, .fini = fini);

Test(net, tcp_real)
{
	const char f[] = TCP_HDR
		"   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 "
		"00:00000000 00000000     0        0 1592 1 00000000637079ff "
		"100 0 0 10 0                      \n" TCP_LISTEN_8080
		"   2: 0100007F:1F90 0100007F:D8BE 01 00000000:00000000 "
		"00:00000000 00000000     0        0 1346838 1 "
		"00000000ead9394f "
		"20 0 0 10 -1                   \n"
		"   3: 0100007F:D8BE 0100007F:1F90 01 00000000:00000000 "
		"00:00000000 00000000     0        0 1346837 2 "
		"0000000085f2b10a "
		"20 0 0 10 -1                   \n";
	static const uint8_t lo[4] = {127, 0, 0, 1};

	cr_assert_eq(parse(NET_TCP, f), 4);
	cr_assert_eq(bad, 0);
	cr_assert_eq(socks[0].proto, NET_TCP);
	cr_assert_eq(socks[0].inode, 1592);
	cr_assert_str_eq(net_tcp_state_name(socks[0].state), "LISTEN");
	expect_end(0, 0, "*:2024");
	expect_end(0, 1, "*:*");
	cr_assert(memcmp(socks[1].local, lo, 4) == 0);
	cr_assert_eq(socks[1].local_port, 8080);
	expect_end(1, 0, "127.0.0.1:8080");
	cr_assert_str_eq(net_tcp_state_name(socks[2].state), "ESTABLISHED");
	expect_end(2, 1, "127.0.0.1:55486");
	cr_assert_eq(socks[3].inode, 1346837);
	cr_assert_eq(socks[3].uid, 0);
	cr_assert_null(socks[3].path);
}

Test(net, tcp6_real)
{
	const char f[] =
		V6_HDR "   0: 00000000000000000000000000000000:DEB9 "
		       "00000000000000000000000000000000:0000 0A "
		       "00000000:00000000 00:00000000 00000000     0        0 "
		       "1346842 1 0000000047143870 100 0 0 10 0\n"
		       "   2: 00000000000000000000000001000000:08AE "
		       "00000000000000000000000001000000:A896 01 "
		       "00000000:00000000 00:00000000 00000000     0        0 "
		       "1346841 1 0000000013210c0b 20 0 0 10 -1\n";
	static const uint8_t lo6[16] = {[15] = 1};

	cr_assert_eq(parse(NET_TCP6, f), 2);
	expect_end(0, 0, "*:57017");
	cr_assert(memcmp(socks[1].local, lo6, 16) == 0);
	expect_end(1, 0, "[::1]:2222");
	expect_end(1, 1, "[::1]:43158");
}

Test(net, udp_raw_real)
{
	const char udp[] =
		"   sl  local_address rem_address   st tx_queue rx_queue tr "
		"tm->when retrnsmt   uid  timeout inode ref pointer drops     "
		"       \n"
		" 3980: 00000000:14E9 00000000:0000 07 00000000:00000000 "
		"00:00000000 00000000     0        0 1346843 2 "
		"00000000ff7b6193 "
		"0       \n"
		"13595: 020200C0:BA78 0302010A:0035 01 00000000:00000000 "
		"00:00000000 00000000     0        0 1346844 2 "
		"000000008d2c9000 "
		"0       \n";

	cr_assert_eq(parse(NET_UDP, udp), 2);
	cr_assert_str_eq(net_tcp_state_name(socks[0].state), "CLOSE");
	expect_end(0, 0, "*:5353");
	expect_end(1, 0, "192.0.2.2:47736");
	expect_end(1, 1, "10.1.2.3:53");

	cr_assert_eq(parse(NET_UDP6, V6_HDR
			   " 3927: 00000000000000000000000001000000:14B4 "
			   "00000000000000000000000000000000:0000 07 "
			   "00000000:00000000 00:00000000 00000000     0     "
			   "   0 1346845 2 00000000fa384cdb 0\n"),
		     1);
	expect_end(0, 0, "[::1]:5300");
	/* For raw sockets the "port" is the protocol: ICMP, ICMPv6. */
	cr_assert_eq(parse(NET_RAW,
			   " 250: 00000000:0001 00000000:0000 07 "
			   "00000000:00000000 00:00000000 00000000     0     "
			   "   0 1346846 2 00000000323c7c5f 0\n"),
		     1);
	expect_end(0, 0, "*:1");
	cr_assert_eq(parse(NET_RAW6, V6_HDR
			   "  138: 00000000000000000000000000000000:003A "
			   "00000000000000000000000000000000:0000 07 "
			   "00000000:00000000 00:00000000 00000000     0     "
			   "   0 1346847 2 00000000ca0f591c 0\n"),
		     1);
	expect_end(0, 0, "*:58");
	cr_assert_eq(socks[0].proto, NET_RAW6);
}

Test(net, unix_real)
{
	const char f[] = UNIX_HDR
		"00000000cecb0953: 00000003 00000000 00000000 0001 03  1588\n"
		"000000002fe81aee: 00000003 00000000 00000000 0001 03 1346852 "
		"/tmp/netcap/sock\n"
		"0000000090290df2: 00000002 00000000 00010000 0001 01 1346848 "
		"/tmp/netcap/sock\n"
		"0000000083ac2822: 00000002 00000000 00000000 0002 01 1346849 "
		"/tmp/netcap/with space.sock\n"
		"00000000e27780a7: 00000002 00000000 00010000 0001 01 1346850 "
		"@procsift test\n";

	cr_assert_eq(parse(NET_UNIX, f), 5);
	cr_assert_eq(bad, 0);
	cr_assert_null(socks[0].path);
	cr_assert_eq(socks[0].inode, 1588);
	cr_assert_eq(socks[0].state, 3); /* SS_CONNECTED */
	expect_end(0, 0, "");
	cr_assert_str_eq(socks[1].path, "/tmp/netcap/sock");
	cr_assert_eq(socks[2].unix_type, 1);
	cr_assert_str_eq(socks[3].path, "/tmp/netcap/with space.sock");
	cr_assert_eq(socks[3].unix_type, 2);
	cr_assert_str_eq(socks[4].path, "@procsift test");
	expect_end(4, 0, "@procsift test");
	expect_end(4, 1, "");
}

Test(net, unix_paths_hostile)
{
	cr_assert_eq(parse(NET_UNIX,
			   "0: 00000002 00000000 00000000 0001 01 7   two "
			   "spaces\t tab \n"
			   "0: 00000002 00000000 00000000 0001 01 8 \n"
			   "0: 00000002 00000000 00000000 0001 01 9\t/tab\n"
			   "0: 00000002 00000000 00000000 0001 01 1x /x\n"
			   "0: 00000002 00000000 00000000 10001 01 1 /x\n"),
		     2);
	cr_assert_eq(bad, 3);
	cr_assert_str_eq(socks[0].path, "  two spaces\t tab ");
	cr_assert_null(socks[1].path); /* a lone trailing blank */
}

Test(net, empty_header_only_no_newline)
{
	cr_assert_eq(parse(NET_TCP, ""), 0);
	cr_assert_eq(parse(NET_TCP, TCP_HDR), 0);
	cr_assert_eq(bad, 0);
	cr_assert_eq(parse(NET_UNIX, UNIX_HDR "\n\n   \n"), 0);
	cr_assert_eq(bad, 0);
	/* A data line without its newline; no header at all. */
	cr_assert_eq(
		parse_n(NET_TCP, TCP_LISTEN_8080, strlen(TCP_LISTEN_8080) - 1),
		1);
	cr_assert_eq(socks[0].inode, 1346836);
}

Test(net, nuls)
{
	const char f[] = TCP_HDR "   1: 0100007F:1F90 00000000:0000 0A "
				 "00000000:00000000 00:000\0000000 00000000 "
				 "0 0 5 1\n" TCP_LISTEN_8080 "\0\0\0\0";

	cr_assert_eq(parse_n(NET_TCP, f, sizeof(f) - 1), 1);
	cr_assert_eq(bad, 2); /* both halves of the split line */
	const char u[] = UNIX_HDR "0: 00000002 00000000 00000000 0001 01 9 "
				  "/a\0/b\n";
	cr_assert_eq(parse_n(NET_UNIX, u, sizeof(u) - 1), 1);
	cr_assert_str_eq(socks[0].path, "/a");
	cr_assert_eq(bad, 1);
}

Test(net, bad_addresses_and_ports)
{
	static const char *const lines[] = {
		/* non-hex address; 7 and 9 digits; port > 0xffff */
		"1: 0100007G:1F90 00000000:0000 0A 0:0 0:0 0 0 0 5",
		"1: 100007F:1F90 00000000:0000 0A 0:0 0:0 0 0 0 5",
		"1: 00100007F:1F90 00000000:0000 0A 0:0 0:0 0 0 0 5",
		"1: 0100007F:10000 00000000:0000 0A 0:0 0:0 0 0 0 5",
		"1: 0100007F:1F9 00000000:0000 0A 0:0 0:0 0 0 0 5",
		"1: 0100007F:-1F9 00000000:0000 0A 0:0 0:0 0 0 0 5",
		"1: 0100007F1F90 00000000:0000 0A 0:0 0:0 0 0 0 5",
		/* state > 0xff, uid > 2^32-1, inode not decimal, cut line */
		"1: 0100007F:1F90 00000000:0000 100 0:0 0:0 0 0 0 5",
		"1: 0100007F:1F90 00000000:0000 0A 0:0 0:0 0 4294967296 0 5",
		"1: 0100007F:1F90 00000000:0000 0A 0:0 0:0 0 0 0 0x5",
		"1: 0100007F:1F90 00000000:0000 0A 0:0 0:0 0 0 0",
		"1: 0100007F:1F90 00000000:0000 0A 00:0 00 0 0 0 5",
		"x: 0100007F:1F90 00000000:0000 0A 0:0 0:0 0 0 0 5",
		"1 0100007F:1F90 00000000:0000 0A 0:0 0:0 0 0 0 5",
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(*lines); i++) {
		char f[256];

		snprintf(f, sizeof(f), "hdr\n%s\n", lines[i]);
		cr_assert_eq(parse(NET_TCP, f), 0, "%s", lines[i]);
		cr_assert_eq(bad, 1, "%s", lines[i]);
	}
	cr_assert_eq(parse(NET_TCP,
			   "1: 0100007f:ffff 00000000:0000 ff 0:0 0:0 0 "
			   "4294967295 0 18446744073709551615"),
		     1);
	expect_end(0, 0, "127.0.0.1:65535"); /* lower case hex is fine */
	cr_assert_eq(socks[0].uid, 4294967295u);
	cr_assert_eq(socks[0].inode, UINT64_MAX);
	cr_assert_str_eq(net_tcp_state_name(socks[0].state), "UNKNOWN");
	/* A v4 line in the v6 table, and the reverse, are rejected. */
	cr_assert_eq(parse(NET_TCP6, TCP_HDR TCP_LISTEN_8080), 0);
	cr_assert_eq(bad, 1);
}

Test(net, appends_and_counts)
{
	proc_net_parse(NET_TCP, TCP_LISTEN_8080, strlen(TCP_LISTEN_8080),
		       &socks, &n, &alloc, &bad);
	proc_net_parse(NET_UNIX, UNIX_HDR "junk\n", strlen(UNIX_HDR) + 5,
		       &socks, &n, &alloc, &bad);
	proc_net_parse(NET_UNIX, "0: 2 0 0 1 1 4 /s", 17, &socks, &n, &alloc,
		       NULL);
	cr_assert_eq(n, 2);
	cr_assert_eq(bad, 1);
	cr_assert_geq(alloc, n);
	cr_assert_eq(socks[0].proto, NET_TCP);
	cr_assert_eq(socks[1].proto, NET_UNIX);
	cr_assert_str_eq(socks[1].path, "/s");
	proc_net_parse(NET__COUNT, TCP_LISTEN_8080, strlen(TCP_LISTEN_8080),
		       &socks, &n, &alloc, &bad);
	cr_assert_eq(n, 2);
	net_socks_free(NULL, 0);
}

Test(net, long_lines)
{
	size_t big = 100 * 1024;
	const char *head = "0: 00000002 00000000 00000000 0001 01 9 /";
	size_t hl = strlen(head);
	char *l = malloc(hl + big);

	memcpy(l, head, hl);
	memset(l + hl, 'p', big);
	cr_assert_eq(parse_n(NET_UNIX, l, hl + big), 1);
	cr_assert_eq(strlen(socks[0].path), big + 1);
	memset(l, '0', hl + big);
	cr_assert_eq(parse_n(NET_TCP, l, hl + big), 0);
	memset(l, ' ', hl + big);
	cr_assert_eq(parse_n(NET_TCP6, l, hl + big), 0);
	cr_assert_eq(bad, 0);
	free(l);
}

Test(net, names)
{
	static const char *const st[] = {
		"UNKNOWN",	"ESTABLISHED", "SYN_SENT",  "SYN_RECV",
		"FIN_WAIT1",	"FIN_WAIT2",   "TIME_WAIT", "CLOSE",
		"CLOSE_WAIT",	"LAST_ACK",    "LISTEN",    "CLOSING",
		"NEW_SYN_RECV", "UNKNOWN",
	};

	for (unsigned i = 0; i < sizeof(st) / sizeof(*st); i++)
		cr_assert_str_eq(net_tcp_state_name(i), st[i]);
	cr_assert_str_eq(net_tcp_state_name(~0u), "UNKNOWN");
	cr_assert_str_eq(net_proto_file(NET_TCP), "tcp");
	cr_assert_str_eq(net_proto_file(NET_UDP6), "udp6");
	cr_assert_str_eq(net_proto_file(NET_RAW6), "raw6");
	cr_assert_str_eq(net_proto_file(NET_UNIX), "unix");
	cr_assert_null(net_proto_file(NET__COUNT));
}

Test(net, format_endpoint)
{
	struct net_sock s = {.proto = NET_TCP6, .local_port = 443};
	char buf[64];

	memcpy(s.local, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
	net_format_endpoint(&s, 0, buf, sizeof(buf));
	cr_assert_str_eq(buf, "[2001:db8::1]:443");
	memcpy(s.local, "\0\0\0\0\0\0\0\0\0\0\xff\xff\x0a\0\0\x01", 16);
	net_format_endpoint(&s, 0, buf, sizeof(buf));
	cr_assert_str_eq(buf, "[::ffff:10.0.0.1]:443");
	s.local_port = 0;
	net_format_endpoint(&s, 0, buf, sizeof(buf));
	cr_assert_str_eq(buf, "[::ffff:10.0.0.1]:*");
	/* Truncation stays NUL-terminated; size 0 writes nothing. */
	net_format_endpoint(&s, 0, buf, 5);
	cr_assert_str_eq(buf, "[::f");
	buf[0] = 'z';
	net_format_endpoint(&s, 0, buf, 0);
	cr_assert_eq(buf[0], 'z');
}

/* A name cut at a newline (the rest of it on a line that does not parse,
 * or an empty line for a name that ends in one) marks the entry before
 * as ambiguous; an entry followed by a good line, or last, is not. */
Test(net, unix_name_cut_marked_ambiguous)
{
	cr_assert_eq(parse(NET_UNIX,
			   UNIX_HDR "0000000000000000: 00000002 00000000 "
				    "00010000 0001 01 11 @cut\n"
				    "rest of the name\n"
				    "0000000000000000: 00000002 00000000 "
				    "00010000 0001 01 12 @nl\n"
				    "\n"
				    "0000000000000000: 00000002 00000000 "
				    "00010000 0001 01 13 @ok\n"
				    "0000000000000000: 00000002 00000000 "
				    "00010000 0001 01 14 @last\n"),
		     4);
	cr_assert(socks[0].ambiguous && socks[1].ambiguous);
	cr_assert(!socks[2].ambiguous && !socks[3].ambiguous);
	cr_assert_eq(socks[0].path_len, 4);
}
