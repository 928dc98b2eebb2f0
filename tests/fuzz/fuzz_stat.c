/* libFuzzer: the stat parser stays inside its buffer and finds comm
 * between the first '(' and the last ')'. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proc/stat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_stat st;
	const char *b = (const char *)data;
	if (proc_stat_parse(b, size, &st))
		return 0;
	if (st.comm < b + 1 || st.comm + st.comm_len >= b + size ||
	    st.comm[-1] != '(' || st.comm[st.comm_len] != ')' ||
	    memchr(st.comm + st.comm_len + 1, ')',
		   size - (size_t)(st.comm + st.comm_len + 1 - b)))
		abort();
	return 0;
}
