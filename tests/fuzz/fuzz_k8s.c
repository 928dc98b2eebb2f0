/* libFuzzer: the Kubernetes decoders take any bytes as a stored value, a
 * key, a docker config or a token, stay inside them and free what they
 * allocate. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "etcd/k8s.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_auth(const char *registry, const char *user,
		    const char *password, size_t password_len, void *arg)
{
	size_t *n = arg;

	if (!registry || !user || !password)
		abort();
	/* Touch every byte so ASan checks the lengths. */
	*n += strlen(registry) + strlen(user);
	for (size_t i = 0; i < password_len; i++)
		*n += (uint8_t)password[i];
}

/* "e30.<base64url of data>.c2ln": the claims path sees the raw bytes as
 * a payload, which the fuzzer would rarely reach through base64url. */
static void jwt_around(const uint8_t *data, size_t size)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
				"qrstuvwxyz0123456789-_";
	size_t n = 4, i;
	uint8_t *t = malloc(size / 3 * 4 + 16);
	struct jwt_claims c;

	memcpy(t, "e30.", 4);
	for (i = 0; i + 2 < size; i += 3) {
		uint32_t v = (uint32_t)data[i] << 16 | data[i + 1] << 8 |
			     data[i + 2];

		t[n++] = a[v >> 18];
		t[n++] = a[(v >> 12) & 63];
		t[n++] = a[(v >> 6) & 63];
		t[n++] = a[v & 63];
	}
	if (size - i == 1) {
		t[n++] = a[data[i] >> 2];
		t[n++] = a[(data[i] & 3) << 4];
	} else if (size - i == 2) {
		uint32_t v = (uint32_t)data[i] << 8 | data[i + 1];

		t[n++] = a[v >> 10];
		t[n++] = a[(v >> 4) & 63];
		t[n++] = a[(v & 15) << 2];
	}
	memcpy(t + n, ".c2ln", 5);
	n += 5;
	if (!k8s_jwt_claims(t, n, &c))
		jwt_claims_release(&c);
	free(t);
}

static bool inside(const char *p, size_t n, const uint8_t *data, size_t size)
{
	const uint8_t *u = (const uint8_t *)p;

	return u >= data && u <= data + size && n <= (size_t)(data + size - u);
}

static void check_secret(const struct k8s_secret *s)
{
	size_t sum = 0;

	if (s->head_len > sizeof(s->head))
		abort();
	if (s->last_applied && s->last_applied[s->last_applied_len] != '\0')
		abort();
	for (size_t i = 0; i < s->ndata; i++) {
		if (s->data[i].key[s->data[i].key_len] != '\0' ||
		    s->data[i].value[s->data[i].len] != '\0')
			abort();
		sum += s->data[i].len;
	}
	if (s->storage == K8S_STORE_ENCRYPTED && !s->provider)
		abort();
	(void)sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct k8s_secret s;
	struct k8s_key k;
	struct jwt_claims c;
	uint8_t *dec;
	size_t declen, n = 0;
	int ret;

	k8s_secret_decode(data, size, &s);
	check_secret(&s);
	k8s_secret_release(&s);

	if (!k8s_key_split(data, size, &k)) {
		if (!inside(k.prefix, k.prefix_len, data, size) ||
		    !inside(k.resource, k.resource_len, data, size) ||
		    !inside(k.name, k.name_len, data, size) ||
		    (k.ns && !inside(k.ns, k.ns_len, data, size)))
			abort();
		if (k8s_key_is_secret(data, size) &&
		    (k.resource_len != 7 || memcmp(k.resource, "secrets", 7) ||
		     !k.ns || !k.ns_len || !k.name_len))
			abort();
	} else if (k8s_key_is_secret(data, size)) {
		abort();
	}

	ret = k8s_docker_auths(data, size, on_auth, &n);
	if (ret < 0 && ret != -EINVAL)
		abort();
	if (!k8s_jwt_claims(data, size, &c))
		jwt_claims_release(&c);
	jwt_around(data, size);
	if (!k8s_base64_decode((const char *)data, size, &dec, &declen)) {
		if (declen > size || dec[declen] != '\0')
			abort();
		free(dec);
	}
	return 0;
}
