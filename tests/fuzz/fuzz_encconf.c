/* libFuzzer: the EncryptionConfiguration parser on any bytes (YAML, JSON,
 * alias bombs): it returns 0 or -EINVAL with a why, stays within its
 * caps (no hang: aliases are never expanded, walks have a budget) and
 * every field it sets is in range. The same bytes go through the judge
 * that reads such a file. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/k8sconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[KC_WHY_LEN] = "";
	struct kc_encconf e;
	size_t i;
	int r = kc_encconf_parse((const char *)data, size, &e, why,
				 sizeof(why));
	if (r && (r != -EINVAL || !why[0]))
		abort();
	if (r)
		return 0;
	if (strnlen(e.kind, sizeof(e.kind)) == sizeof(e.kind) ||
	    strnlen(e.matched_by, sizeof(e.matched_by)) == sizeof(e.matched_by))
		abort();
	if (e.secrets != (e.nprov > 0))
		abort();
	for (i = 0; i < e.nprov && i < KC_PROVIDERS_MAX; i++)
		if (e.prov[i] > KC_PROV_UNKNOWN)
			abort();
	if (e.kms_version && (e.kms_version < 1 || e.kms_version > 2 ||
			      e.prov[0] != KC_PROV_KMS))
		abort();
	return 0;
}
