/* libFuzzer: the hidden-pid probe's Tgid reader stays inside its buffer,
 * and says "leader" only for a Tgid: line that names the pid. The first
 * 4 bytes are the pid, the rest the status text. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc/pidprobe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char want[32];
	uint32_t pid;
	const char *text;
	size_t len;
	if (size < 4)
		return 0;
	memcpy(&pid, data, 4);
	pid &= 0x7fffffff;
	text = (const char *)data + 4;
	len = size - 4;
	if (!pid_probe_is_leader(text, len, (pid_t)pid))
		return 0;
	snprintf(want, sizeof(want), "Tgid:");
	if (!memmem(text, len, want, strlen(want)))
		abort();
	snprintf(want, sizeof(want), "%u", (unsigned)pid);
	if (!memmem(text, len, want, strlen(want)))
		abort();
	return 0;
}
