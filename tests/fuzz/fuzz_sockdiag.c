/* libFuzzer target for sockdiag_parse: the first byte picks the table
 * (unix, tcp, tcp6, udp, udp6), the rest is a dump as the kernel (or a
 * snapshot's net/NAME.diag member) gives it. Checks that every socket's
 * name is as long as it says and ends in a NUL. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proc/sockdiag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum net_proto protos[] = {NET_UNIX, NET_TCP, NET_TCP6,
						NET_UDP, NET_UDP6};
	struct net_sock *s = NULL;
	size_t n = 0, alloc = 0, i;
	char *copy;
	if (!size)
		return 0;
	/* A copy of exactly the bytes: ASan sees a read past them. */
	copy = malloc(size - 1 ? size - 1 : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	sockdiag_parse(protos[data[0] % 5], copy, size - 1, &s, &n, &alloc);
	for (i = 0; i < n; i++) {
		if (s[i].path && s[i].path[s[i].path_len] != '\0')
			abort();
		if (!s[i].path && s[i].path_len)
			abort();
	}
	net_socks_free(s, n);
	free(copy);
	return 0;
}
