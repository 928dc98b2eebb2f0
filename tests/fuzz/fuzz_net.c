/* libFuzzer target for proc/net: the first byte picks the table, the rest is
 * its text. Checks field ranges and that formatting stays in bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proc/net.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
	if (!ok)
		abort();
}

static void check_format(const struct net_sock *k, int remote)
{
	char big[512], small[6];

	memset(big, 0x5a, sizeof(big));
	net_format_endpoint(k, remote, big, sizeof(big));
	check(memchr(big, '\0', sizeof(big)) != NULL);
	memset(small, 0x5a, sizeof(small));
	net_format_endpoint(k, remote, small, sizeof(small));
	check(memchr(small, '\0', sizeof(small)) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct net_sock *socks = NULL;
	size_t n = 0, alloc = 0, bad = 0;
	enum net_proto proto;

	if (size == 0)
		return 0;
	proto = (enum net_proto)(data[0] % NET__COUNT);
	proc_net_parse(proto, (const char *)data + 1, size - 1, &socks, &n,
		       &alloc, &bad);
	check(n <= alloc);
	for (size_t i = 0; i < n; i++) {
		const struct net_sock *k = &socks[i];

		check(k->proto == proto);
		check(k->local_port <= 0xffff && k->remote_port <= 0xffff);
		check(k->state <= 0xff && k->unix_type <= 0xffff);
		check(net_tcp_state_name(k->state) != NULL);
		if (proto != NET_UNIX)
			check(k->path == NULL);
		if (k->path)
			check(!strchr(k->path, '\n') && strlen(k->path) < size);
		check_format(k, 0);
		check_format(k, 1);
	}
	check(net_proto_file(proto) != NULL);
	net_socks_free(socks, n);
	return 0;
}
