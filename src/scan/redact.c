/* Redaction and keyed fingerprints. */
#include "scan/redact.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "util/sanitize.h"

int redactor_init_random(struct redactor *r, bool reveal)
{
	if (sodium_init() < 0)
		return -EIO;
	randombytes_buf(r->key, sizeof(r->key));
	r->reveal = reveal;
	return 0;
}

int redactor_init_hex(struct redactor *r, const char *hex, bool reveal)
{
	unsigned char raw[64];
	size_t len = 0;
	if (sodium_init() < 0)
		return -EIO;
	if (sodium_hex2bin(raw, sizeof(raw), hex, strlen(hex), NULL, &len,
			   NULL) ||
	    len < 8 || len > 32 || strlen(hex) != 2 * len)
		return -EINVAL;
	/* Any length of key material becomes a full-size key. */
	crypto_generichash(r->key, sizeof(r->key), raw, len, NULL, 0);
	sodium_memzero(raw, sizeof(raw));
	r->reveal = reveal;
	return 0;
}

void redact_evidence(const struct redactor *r, struct strbuf *sb,
		     const char *secret, size_t len)
{
	if (r->reveal) {
		strbuf_add(sb, secret, len);
		return;
	}
	strbuf_add(sb, secret, len >= 12 ? utf8_prefix_len(secret, len, 4) : 0);
	strbuf_addstr(sb, "\xe2\x80\xa6"); /* U+2026 */
}

void redact_fingerprint(const struct redactor *r, const char *secret,
			size_t len, char out[FINGERPRINT_LEN + 1])
{
	/* BLAKE2b gives at least 16 bytes; the report keeps the first 6. */
	unsigned char h[crypto_generichash_BYTES_MIN];
	crypto_generichash(h, sizeof(h), (const unsigned char *)secret, len,
			   r->key, sizeof(r->key));
	sodium_bin2hex(out, FINGERPRINT_LEN + 1, h, FINGERPRINT_LEN / 2);
}
