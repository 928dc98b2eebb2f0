#!/usr/bin/python3
"""Fill a running etcd with the procsift etcd test scenario and write a
JSON manifest of what was written, for tests/e2e/test_etcd.c.

Usage: etcdfill.py ENDPOINT SCENARIO OUTFILE
  SCENARIO basic    23 Secrets in 5 namespaces, stored as kube-apiserver
                    does (protobuf, JSON, each encryption prefix), plus
                    ConfigMaps and other resources; then rotations
                    (superseded revisions) and deletions (tombstones).
  SCENARIO compact  basic, then a physical compaction at the current
                    revision, then a few more writes: the compacted
                    revisions are gone from the live tree but stay in
                    freed pages of the db file. The two Secrets written
                    after it share one txn (one commit, one revision).
  SCENARIO helm     Helm release Secrets (type helm.sh/release.v1, data
                    "release": base64 of gzip of the release JSON, as
                    Helm's storage driver writes them): "shop" in two
                    revisions, whose user values hold a database password
                    and whose manifest holds a Secret with a GitHub token;
                    a decompression bomb; one that is not base64.
Every write is one etcd txn, as kube-apiserver writes. At the end the
backend is force-committed, so the db file holds everything.

Manifest:
{"scenario", "revision" (last), "compact_revision" (null or R),
 "secrets": [{"namespace", "name", "key", "type", "keys": [...],
   "storage", "provider", "key_name", "kms_key_id"  (of the newest
       revision that has a value: "plaintext" (k8s\\0), "json",
       "encrypted"),
   "state": "live" | "deleted" | "compacted" (deleted, and all of it
       compacted away),
   "revisions": [{"revision", "storage" ("none" for the tombstone),
       "provider", "key_name", "kms_key_id", "tombstone",
       "state": "live" | "superseded" | "deleted" | "recovered"
       (recovered: removed from the live tree by the compaction),
       "compacted", "create_revision", "version" (0 for the tombstone),
       "uid", "created", "last_applied" (plaintext or json only, else
       null), "values": {key: text} (plaintext or json only),
       "value_hex": the exact stored value}]}],
 "configmaps": [{"namespace", "name", "key"}],
 "other_keys": [...],
 "resources": {"configmaps": {"keys", "revisions" (null after a
     compaction)}, ...}  for the resources other than secrets,
 "secret_values": [...]   values that must never be printed without
                          --reveal (long, unique), with their base64}
"""
import base64
import gzip
import json
import os
import random
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import k8senc  # noqa: E402

CREATED = 1714557600  # 2024-05-01T10:00:00Z
rng = random.Random(20240501)


def rand_text(n, alphabet="abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"
              "23456789"):
    return "".join(rng.choice(alphabet) for _ in range(n))


def rand_bytes(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def fake_pem(kind, nbytes):
    """A well-formed PEM block around random bytes (not a usable key)."""
    body = base64.b64encode(rand_bytes(nbytes)).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return (f"-----BEGIN {kind}-----\n" + "\n".join(lines) +
            f"\n-----END {kind}-----\n")


def fake_jwt(namespace, secret_name, sa):
    header = {"alg": "RS256", "kid": rand_text(43)}
    payload = {
        "iss": "kubernetes/serviceaccount",
        "kubernetes.io/serviceaccount/namespace": namespace,
        "kubernetes.io/serviceaccount/secret.name": secret_name,
        "kubernetes.io/serviceaccount/service-account.name": sa,
        "kubernetes.io/serviceaccount/service-account.uid":
            k8senc.default_uid("ServiceAccount", namespace, sa),
        "sub": f"system:serviceaccount:{namespace}:{sa}",
    }
    enc = [b64url(json.dumps(x, separators=(",", ":")).encode())
           for x in (header, payload)]
    return ".".join(enc + [b64url(rand_bytes(256))])


class Filler:
    def __init__(self, endpoint):
        self.c = k8senc.EtcdClient(endpoint)
        self.secrets = {}  # key -> manifest entry
        self.order = []
        self.configmaps = []
        self.other = []
        self.res = {}  # resource -> [set of keys, revisions written]
        self.leak = set()
        self.batch = None  # (key, value, revision entry) for one txn

    # -- writers --

    def _entry(self, ns, name, type_):
        key = f"/registry/secrets/{ns}/{name}"
        if key not in self.secrets:
            self.secrets[key] = {"namespace": ns, "name": name, "key": key,
                                 "type": type_, "revisions": []}
            self.order.append(key)
        return self.secrets[key]

    def _record(self, e, value, storage, provider=None, key_name=None,
                kms_key_id=None, values=None, last_applied=False):
        if self.batch is not None:
            rev = None
        else:
            rev = self.c.txn_put(e["key"].encode(), value)
        plain = storage in ("plaintext", "json")
        e["revisions"].append({
            "revision": rev, "storage": storage, "provider": provider,
            "key_name": key_name, "kms_key_id": kms_key_id,
            "tombstone": False,
            "uid": k8senc.default_uid("Secret", e["namespace"], e["name"])
            if plain else None,
            "created": k8senc.rfc3339(CREATED) if plain else None,
            "last_applied": last_applied, "values": values,
            "value_hex": value.hex()})
        if self.batch is not None:
            self.batch.append((e["key"].encode(), value,
                               e["revisions"][-1]))
        return rev

    def secret(self, ns, name, data, type_="Opaque", json_storage=False,
               annotations=None, leak=()):
        """A plaintext Secret (protobuf or JSON). leak: the data keys whose
        values must not be printed (all of them when empty)."""
        e = self._entry(ns, name, type_)
        data = {k: v.encode() if isinstance(v, str) else v
                for k, v in data.items()}
        e["keys"] = sorted(data)
        enc = k8senc.encode_secret_json if json_storage else \
            k8senc.encode_secret_pb
        value = enc(ns, name, data, type_, created=CREATED,
                    annotations=annotations)
        for k in (leak or data):
            self._leak(data[k])
        return self._record(e, value, "json" if json_storage else
                            "plaintext",
                            values={k: v.decode("latin-1")
                                    for k, v in data.items()},
                            last_applied=bool(annotations) and
                            k8senc.LAST_APPLIED in annotations)

    def encrypted(self, ns, name, provider, key_name, type_="Opaque",
                  keys=("password",)):
        e = self._entry(ns, name, type_)
        e.setdefault("keys", sorted(keys))
        payload = rand_bytes(16 + 16 * rng.randint(4, 12))
        if provider == "kms2":
            kid = "arn:aws:kms:eu-west-1:111122223333:key/" + \
                str(k8senc.uuid.UUID(bytes=rand_bytes(16)))
            value = k8senc.encode_kms_v2(key_name, kid, payload,
                                         rand_bytes(32))
            return self._record(e, value, "encrypted", "kms", key_name,
                                kid)
        if provider == "kms":
            value = k8senc.encode_kms_v1(key_name, rand_bytes(256), payload)
        else:
            value = k8senc.encode_encrypted(provider, key_name, payload)
        return self._record(e, value, "encrypted", provider, key_name)

    def delete(self, ns, name):
        e = self.secrets[f"/registry/secrets/{ns}/{name}"]
        rev = self.c.delete(e["key"].encode())
        e["revisions"].append({
            "revision": rev, "storage": "none", "provider": None,
            "key_name": None, "kms_key_id": None, "tombstone": True,
            "uid": None, "created": None, "last_applied": False,
            "values": None, "value_hex": None})

    def configmap(self, ns, name, data):
        key = f"/registry/configmaps/{ns}/{name}"
        self.c.txn_put(key.encode(), k8senc.encode_configmap_pb(
            ns, name, data, created=CREATED))
        self._count(key)
        self.configmaps.append({"namespace": ns, "name": name, "key": key})

    def raw(self, key, value):
        self.c.txn_put(key.encode(), value)
        self.other.append(key)
        self._count(key)

    def _count(self, key):
        r = self.res.setdefault(key.split("/")[2], [set(), 0])
        r[0].add(key)
        r[1] += 1

    def _leak(self, v):
        """Record v and its base64 form for the no-leak test. Text output
        replaces newlines, so a multi-line value is searched for line by
        line (PEM armour lines are not secret)."""
        if isinstance(v, str):
            v = v.encode()
        if len(v) < 8:
            return
        self.leak.add(base64.b64encode(v).decode())
        for line in v.decode().split("\n"):
            if len(line) >= 8 and not line.startswith("-----"):
                self.leak.add(line)

    # -- the scenario --

    def churn(self, n):
        """A ConfigMap that controllers rewrite all the time (a leader
        election record). Its old revisions go first in the compaction,
        and the lowest freed pages (the first bbolt reuses) hold them."""
        key = "/registry/configmaps/kube-system/cluster-autoscaler-status"
        for i in range(n):
            self.c.txn_put(key.encode(), k8senc.encode_configmap_pb(
                "kube-system", "cluster-autoscaler-status",
                {"status": f"round {i}: " + rand_text(900)},
                created=CREATED))
            self._count(key)
        self.c.force_commit()

    def basic(self):
        pw = lambda: rand_text(20)  # noqa: E731
        self.churn(12)
        # Plain Opaque Secrets; db-creds is rotated twice below.
        self.secret("default", "db-creds",
                    {"password": "dbpw-v1-" + pw(), "username": "app_rw"},
                    leak=("password",))
        self.secret("default", "api-key", {"token": "ak-" + pw() + pw()})
        self.secret("default", "basic-auth",
                    {"username": "ops-admin", "password": "ba-" + pw()},
                    type_="kubernetes.io/basic-auth", leak=("password",))
        self.secret("prod", "tls-cert", {
            "tls.crt": fake_pem("CERTIFICATE", 600),
            "tls.key": fake_pem("RSA PRIVATE KEY", 900)},
            type_="kubernetes.io/tls")
        user, upw = "deployer", "reg-" + pw()
        auth = base64.b64encode(f"{user}:{upw}".encode()).decode()
        self.secret("prod", "regcred", {".dockerconfigjson": json.dumps(
            {"auths": {"registry.example.com": {
                "username": user, "password": upw, "auth": auth}}},
            separators=(",", ":"))},
            type_="kubernetes.io/dockerconfigjson")
        self._leak(upw)
        self._leak(auth)
        self.secret("kube-system", "default-token-x7k2p", {
            "ca.crt": fake_pem("CERTIFICATE", 500),
            "namespace": "kube-system",
            "token": fake_jwt("kube-system", "default-token-x7k2p",
                              "default")},
            type_="kubernetes.io/service-account-token",
            annotations={
                "kubernetes.io/service-account.name": "default",
                "kubernetes.io/service-account.uid": k8senc.default_uid(
                    "ServiceAccount", "kube-system", "default")},
            leak=("token",))
        self.secret("kube-system", "bootstrap-token-9kq3zt", {
            "token-id": "9kq3zt",
            "token-secret": rand_text(16, "abcdefghijklmnopqrstuvwxyz0123"
                                      "456789"),
            "usage-bootstrap-authentication": "true",
            "usage-bootstrap-signing": "true",
            "auth-extra-groups":
                "system:bootstrappers:kubeadm:default-node-token",
            "expiration": "2030-01-01T00:00:00Z"},
            type_="bootstrap.kubernetes.io/token", leak=("token-secret",))
        self.secret("prod", "deploy-ssh", {
            "ssh-privatekey": fake_pem("OPENSSH PRIVATE KEY", 400)},
            type_="kubernetes.io/ssh-auth")
        applied = {"password": "la-" + pw(), "username": "svc_report"}
        self.secret("prod", "applied-secret", applied,
                    annotations={k8senc.LAST_APPLIED: k8senc.last_applied(
                        "prod", "applied-secret",
                        {k: v.encode() for k, v in applied.items()})},
                    leak=("password",))
        self.secret("staging", "db-password", {"password": "st-" + pw()})
        self.secret("staging", "old-creds",
                    {"password": "old-" + pw(), "username": "legacy_user"},
                    leak=("password",))
        self.secret("monitoring", "grafana-admin",
                    {"admin-password": "gf-" + pw(), "admin-user": "admin"},
                    leak=("admin-password",))
        # Large enough to need an overflow page.
        self.secret("default", "big-secret", {
            "bundle.pem": "".join(fake_pem("PRIVATE KEY", 1200)
                                  for _ in range(4))})
        # JSON-stored Secrets (data base64 in the stored value).
        self.secret("default", "json-one", {"password": "j1-" + pw()},
                    json_storage=True)
        self.secret("staging", "json-two",
                    {"api-token": "j2-" + pw(), "user": "json_user"},
                    json_storage=True, leak=("api-token",))
        self.secret("monitoring", "json-three", {"secret": "j3-" + pw()},
                    json_storage=True)
        # Encrypted at rest, one per provider.
        self.encrypted("prod", "enc-aescbc", "aescbc", "key1")
        self.encrypted("prod", "enc-aesgcm", "aesgcm", "key2")
        self.encrypted("prod", "enc-secretbox", "secretbox", "key3")
        self.encrypted("prod", "enc-kms1", "kms", "vault-kms")
        self.encrypted("prod", "enc-kms2", "kms2", "aws-kms",
                       type_="kubernetes.io/tls", keys=("tls.crt", "tls.key"))
        self.encrypted("staging", "enc-deleted", "aescbc", "key1")
        # Written before encryption was enabled, then rewritten encrypted.
        self.secret("prod", "migrated", {"password": "mig-" + pw()})

        # Not Secrets.
        self.configmap("default", "app-config",
                       {"LOG_LEVEL": "debug", "FEATURE_X": "on"})
        self.configmap("kube-system", "kube-proxy",
                       {"config.conf": "mode: iptables\n"})
        self.configmap("prod", "settings", {"region": "eu-west-1"})
        for ns in ("default", "prod", "staging", "monitoring",
                   "kube-system"):
            self.raw(f"/registry/namespaces/{ns}", b"k8s\x00" +
                     k8senc.pb_bytes(1, k8senc.pb_bytes(1, "v1") +
                                     k8senc.pb_bytes(2, "Namespace")) +
                     k8senc.pb_bytes(2, k8senc.pb_bytes(1, k8senc.pb_bytes(
                         1, ns))) + k8senc.pb_bytes(3, "") +
                     k8senc.pb_bytes(4, ""))
        self.raw("/registry/serviceaccounts/kube-system/default",
                 b"k8s\x00" + rand_bytes(40))

        # History: rotations, a migration to encryption, deletions.
        self.secret("default", "db-creds",
                    {"password": "dbpw-v2-" + pw(), "username": "app_rw"},
                    leak=("password",))
        self.secret("default", "db-creds",
                    {"password": "dbpw-v3-" + pw(), "username": "app_rw"},
                    leak=("password",))
        self.secret("staging", "json-two",
                    {"api-token": "j2v2-" + pw(), "user": "json_user"},
                    json_storage=True, leak=("api-token",))
        self.encrypted("prod", "migrated", "aescbc", "key1")
        self.secret("monitoring", "grafana-admin",
                    {"admin-password": "gf2-" + pw(), "admin-user": "admin"},
                    leak=("admin-password",))
        self.delete("default", "api-key")
        self.delete("staging", "old-creds")
        self.delete("staging", "enc-deleted")

    def helm_release(self, ns, name, version, release, raw=None):
        """A Helm release Secret sh.helm.release.v1.NAME.vVERSION: the
        release dict as Go's json.Marshal writes it, gzip (best
        compression, as Helm), then base64, in data "release". raw: the
        value of data "release" as given instead."""
        body = raw if raw is not None else base64.b64encode(gzip.compress(
            k8senc._go_json(release).encode(), compresslevel=9,
            mtime=0))
        key_name = f"sh.helm.release.v1.{name}.v{version}"
        return self.secret(ns, key_name, {"release": body},
                           type_="helm.sh/release.v1", leak=("release",))

    def helm(self):
        pw = rand_text(24)
        token = "ghp_" + rand_text(36, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh"
                                   "ijklmnopqrstuvwxyz0123456789")
        self._leak(pw)
        self._leak(token)
        self.helm_pw, self.helm_token = pw, token
        manifest = (
            "---\n# Source: webshop/templates/secret.yaml\n"
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: shop-api\n"
            "  labels:\n    app.kubernetes.io/instance: shop\n"
            "type: Opaque\ndata:\n  api-token: " +
            base64.b64encode(token.encode()).decode() + "\n"
            "---\n# Source: webshop/templates/configmap.yaml\n"
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
            "  name: shop-config\ndata:\n  LOG_LEVEL: info\n"
            "  DB_HOST: shop-postgresql\n"
            "---\n# Source: webshop/templates/deployment.yaml\n"
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
            "  name: shop\nspec:\n  replicas: 2\n  template:\n"
            "    spec:\n      containers:\n      - name: web\n"
            "        image: \"nginx:1.25\"\n        env:\n"
            "        - name: DB_PASSWORD\n          valueFrom:\n"
            "            secretKeyRef: {name: shop-db, key: password}\n")
        chart = {
            "metadata": {"name": "webshop", "version": "1.4.2",
                         "apiVersion": "v2", "appVersion": "2.0.1"},
            "lock": None,
            "templates": [{"name": "templates/secret.yaml", "data":
                           base64.b64encode(b"apiVersion: v1\nkind: "
                                            b"Secret\n").decode()}],
            "values": {"image": {"repository": "nginx", "tag": "1.25"},
                       "postgresql": {"auth": {"username": "shop",
                                               "password": ""}}},
            "schema": None, "files": []}
        for version, status in ((1, "superseded"), (2, "deployed")):
            self.helm_release("prod", "shop", version, {
                "name": "shop",
                "info": {"first_deployed": "2024-05-01T10:00:00Z",
                         "last_deployed": "2024-05-01T10:00:00Z",
                         "deleted": "", "description": "Install complete",
                         "status": status},
                "chart": chart,
                "config": {"postgresql": {"auth": {"password": pw}},
                           "replicaCount": 2},
                "manifest": manifest, "version": version,
                "namespace": "prod",
                "hooks": [{"name": "shop-migrate", "kind": "Job",
                           "path": "webshop/templates/migrate.yaml",
                           "manifest": "apiVersion: batch/v1\nkind: Job\n"
                           "metadata:\n  name: shop-migrate\n",
                           "events": ["pre-upgrade"],
                           "last_run": {"started_at": "", "completed_at": "",
                                        "phase": ""},
                           "weight": 0, "delete_policies": []}]})
        # 16 MiB of zeros: about 16 KB of gzip, far past the ratio cap.
        self.helm_release("prod", "bomb", 1, None, raw=base64.b64encode(
            gzip.compress(bytes(16 << 20), compresslevel=9, mtime=0)))
        self.helm_release("prod", "garbled", 1, None, raw=b"H4sI!not-base64")

    def compact(self):
        self.c.force_commit()
        rev = self.c.compact(physical=True)
        self.c.force_commit()
        # A little more traffic after the compaction, in one commit:
        # each commit reuses the lowest freed pages.
        self.batch = []
        self.secret("default", "after-compact",
                    {"password": "ac-" + rand_text(20)})
        self.encrypted("prod", "enc-after", "aesgcm", "key2")
        rev_after = self.c.txn_puts([(k, v) for k, v, _ in self.batch])
        for _, _, r in self.batch:
            r["revision"] = rev_after
        self.batch = None
        return rev

    # -- the manifest --

    def manifest(self, scenario, compact_rev):
        out = []
        for key in self.order:
            e = self.secrets[key]
            revs = e["revisions"]
            deleted = revs[-1]["tombstone"]
            newest = [r for r in revs if not r["tombstone"]][-1]
            create, version = 0, 0
            for r in revs:
                # etcd's KeyValue: a tombstone has neither (both 0).
                if r["tombstone"]:
                    create, version = 0, 0
                    r["create_revision"] = r["version"] = 0
                    continue
                create = create or r["revision"]
                version += 1
                r["create_revision"], r["version"] = create, version
            for i, r in enumerate(revs):
                if deleted:
                    r["state"] = "deleted"
                else:
                    r["state"] = "live" if i == len(revs) - 1 else \
                        "superseded"
                # Compaction at R drops every revision below R that is not
                # its key's newest, and a newest tombstone at or below R.
                r["compacted"] = bool(compact_rev) and (
                    (i < len(revs) - 1 and r["revision"] < compact_rev) or
                    (deleted and r["revision"] <= compact_rev))
                if r["compacted"]:
                    r["state"] = "recovered"
            e.update({"storage": newest["storage"],
                      "provider": newest["provider"],
                      "key_name": newest["key_name"],
                      "kms_key_id": newest["kms_key_id"],
                      "state": "deleted" if deleted else "live"})
            if compact_rev and deleted and revs[-1]["compacted"]:
                e["state"] = "compacted"
            out.append(e)
        return {"scenario": scenario, "revision": self.c.revision(),
                "compact_revision": compact_rev, "secrets": out,
                "configmaps": self.configmaps, "other_keys": self.other,
                "resources": {k: {"keys": len(v[0]),
                                  "revisions": None if compact_rev else v[1]}
                              for k, v in sorted(self.res.items())},
                "secret_values": sorted(self.leak)}


def main(argv):
    if len(argv) != 4 or argv[2] not in ("basic", "compact", "helm"):
        sys.stderr.write(__doc__)
        return 2
    endpoint, scenario, outfile = argv[1:]
    f = Filler(endpoint)
    compact_rev = None
    if scenario == "helm":
        f.helm()
    else:
        f.basic()
        compact_rev = f.compact() if scenario == "compact" else None
    f.c.force_commit()
    doc = f.manifest(scenario, compact_rev)
    if scenario == "helm":
        doc["helm"] = {"password": f.helm_pw, "token": f.helm_token}
    f.c.close()
    tmp = outfile + ".tmp"
    with open(tmp, "w") as fp:
        json.dump(doc, fp, indent=1)
        fp.write("\n")
    os.rename(tmp, outfile)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
