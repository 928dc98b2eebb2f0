/* libFuzzer: the audit Policy, KubeletConfiguration and etcd
 * configuration parsers on any bytes: 0 or -EINVAL with a why, within their
 * caps, and the results consistent (a leak is at Request or RequestResponse,
 * found no later than the rule that catches every Secret request). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scan/k8sconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void kubelet(const uint8_t *data, size_t size)
{
	char why[KC_WHY_LEN] = "";
	struct kc_kubelet k;
	int r = kc_kubelet_parse((const char *)data, size, &k, why,
				 sizeof(why));
	if (r && (r != -EINVAL || !why[0]))
		abort();
	if (r)
		return;
	if (k.anonymous < -1 || k.anonymous > 1 || k.read_only_port < -1 ||
	    k.read_only_port > 65535 ||
	    strnlen(k.authz_mode, sizeof(k.authz_mode)) == sizeof(k.authz_mode))
		abort();
}

static void etcd(const uint8_t *data, size_t size)
{
	char why[KC_WHY_LEN] = "";
	struct kc_etcd e;
	int r = kc_etcd_parse((const char *)data, size, &e, why, sizeof(why));
	if (r && (r != -EINVAL || !why[0]))
		abort();
	if (r)
		return;
	if (e.client.client_cert_auth < -1 || e.client.client_cert_auth > 1 ||
	    e.peer.client_cert_auth < -1 || e.peer.client_cert_auth > 1 ||
	    strnlen(e.listen_client_urls, KC_URLS_LEN) == KC_URLS_LEN ||
	    strnlen(e.listen_peer_urls, KC_URLS_LEN) == KC_URLS_LEN)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[KC_WHY_LEN] = "";
	struct kc_audit a;
	int r = kc_audit_parse((const char *)data, size, &a, why, sizeof(why));
	kubelet(data, size);
	etcd(data, size);
	if (r && (r != -EINVAL || !why[0]))
		abort();
	if (r)
		return 0;
	if (!a.nrules)
		abort();
	if (a.leaks &&
	    (a.leak_level < KC_LEVEL_REQUEST ||
	     a.leak_level > KC_LEVEL_REQRESP || a.leak_rule >= a.nrules))
		abort();
	if (a.has_catchall && (a.catchall_rule >= a.nrules ||
			       (a.leaks && a.leak_rule > a.catchall_rule)))
		abort();
	return 0;
}
