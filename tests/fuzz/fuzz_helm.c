/* libFuzzer: Helm release decoding takes any bytes as the base64 text of
 * data.release, as the decoded bytes (gzip or JSON: the input is base64
 * encoded here, so the fuzzer shapes the gzip itself), and as a rendered
 * manifest. Caps hold (never more than HELM_MAX_INFLATED bytes), every
 * part is inside its buffer, and nothing leaks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "etcd/helm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int touch(void *arg, const char *where, size_t where_len,
		 const char *value, size_t len)
{
	size_t *sum = arg, i;
	if (strlen(where) != where_len)
		abort();
	/* Every byte, so that ASan checks the lengths. */
	for (i = 0; i < len; i++)
		*sum += (uint8_t)value[i];
	return 0;
}

static void release(const char *text, size_t len)
{
	struct helm_release r;
	size_t sum = 0;
	helm_release_inflate(text, len, &r);
	if (r.len > HELM_MAX_INFLATED || (r.json && r.json[r.len] != '\0'))
		abort();
	helm_release_parts(&r, touch, &sum);
	if ((unsigned)r.stop > HELM_PARTS_CAPPED)
		abort();
	helm_release_free_contents(&r);
}

static char *b64(const uint8_t *s, size_t n, size_t *outlen)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
				"qrstuvwxyz0123456789+/";
	char *out = malloc(n / 3 * 4 + 8), *o = out;
	size_t i;
	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 |
			     s[i + 2];
		*o++ = a[v >> 18];
		*o++ = a[(v >> 12) & 63];
		*o++ = a[(v >> 6) & 63];
		*o++ = a[v & 63];
	}
	if (n - i) {
		uint32_t v = (uint32_t)s[i] << 16 |
			     (n - i == 2 ? (uint32_t)s[i + 1] << 8 : 0);
		*o++ = a[v >> 18];
		*o++ = a[(v >> 12) & 63];
		*o++ = n - i == 2 ? a[(v >> 6) & 63] : '=';
		*o++ = '=';
	}
	*outlen = (size_t)(o - out);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n, parts = 0, sum = 0;
	char *t;
	release((const char *)data, size);
	t = b64(data, size, &n);
	release(t, n);
	free(t);
	helm_manifest_parts((const char *)data, size, "m", 1, touch, &sum,
			    &parts);
	if (parts > HELM_MAX_PARTS)
		abort();
	return 0;
}
