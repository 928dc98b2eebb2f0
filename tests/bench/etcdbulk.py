#!/usr/bin/python3
"""Fill a running etcd with Kubernetes Secrets until its bbolt database is
at least TARGET_BYTES big (for the `procsift etcd` benchmark).

Usage: etcdbulk.py [--seed N] [--small N] ENDPOINT TARGET_BYTES DBPATH

ENDPOINT is etcd's client URL ("127.0.0.1:2379"), DBPATH its
member/snap/db, read (never locked) for the size: the high-water mark of
the newest valid meta page (pgid * page size), so the file is at least
that big. Values are encoded with tests/tools/k8senc.py; writes go over
etcd's JSON gateway on one persistent connection, many puts and deletes
per /v3/kv/txn (at most BATCH_BYTES of keys and values and BATCH_OPS ops
a txn: start etcd with --max-txn-ops >= BATCH_OPS and --max-request-bytes
well above BATCH_BYTES). One txn is one main revision, its writes sub
revisions 0, 1, ... (kube-apiserver writes one object a txn; the batching
is what makes a 1 GiB fill take minutes).

The mix, roughly what a large production etcd holds:
  - Helm release Secrets (type helm.sh/release.v1, name
    sh.helm.release.v1.RELEASE.vN, one data key `release`: 20-100 KiB of
    base64 text of a real gzip of a release JSON, its manifest a
    Deployment with a random blob). Installs,
    upgrades (the new vN, and the previous version rewritten as Helm does
    when it marks it superseded), the history capped at 10 versions (the
    oldest deleted), a few uninstalls (every version deleted). Most bytes.
  - --small N (default 24000) small Secrets spread over the fill: Opaque
    passwords (some with a kubectl last-applied-configuration annotation),
    basic-auth, kubernetes.io/tls with PEM-looking material,
    dockerconfigjson, legacy service-account tokens (JWT-shaped, ca.crt,
    namespace); 12 % of them rotated later (a superseded revision), 4 %
    deleted (a tombstone).
  - Storage chosen per Secret: 70 % protobuf, 10 % JSON, 20 % encrypted
    (k8s:enc:aescbc:v1:key1: or key2: + random bytes as long as the
    AES-CBC ciphertext would be); a rotated plaintext Secret turns
    encrypted one time in ten (encryption at rest switched on later).
Random content comes from random.Random(SEED), so a rebuild writes the same
values (etcd's page layout still varies with timing).

Progress goes to stderr; at the end, KEY=VALUE statistics go to stdout.
"""
import base64
import collections
import gzip
import http.client
import json
import os
import random
import string
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import k8senc  # noqa: E402  (tests/tools/k8senc.py)

BATCH_BYTES = 3 << 20   # keys + values a txn (the gateway adds base64)
BATCH_OPS = 1000
HISTORY_MAX = 10        # helm's default --history-max
PREFIX = "/registry/secrets/"
BASE_TIME = 1704067200  # 2024-01-01T00:00:00Z

ALNUM = string.ascii_letters + string.digits


def die(msg):
    sys.stderr.write(f"etcdbulk: {msg}\n")
    sys.exit(1)


# ---- the database size, read from the meta pages ----

def _fnv1a64(data):
    h = 0xCBF29CE484222325
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def _meta(buf):
    """(txid, pgid, page_size) of a valid meta page image, else None."""
    if len(buf) < 80:
        return None
    magic, version, psize = struct.unpack_from("<III", buf, 16)
    pgid, txid, csum = struct.unpack_from("<QQQ", buf, 56)
    if magic != 0xED0CDAED or version != 2 or psize < 512:
        return None
    if csum != _fnv1a64(buf[16:72]):
        return None
    return txid, pgid, psize


def db_hwm(path):
    """pgid * page size of the newest valid meta, or 0."""
    try:
        with open(path, "rb") as f:
            m0 = _meta(f.read(4096))
            psize = m0[2] if m0 else 4096
            f.seek(psize)
            m1 = _meta(f.read(4096))
    except OSError:
        return 0
    metas = [m for m in (m0, m1) if m]
    if not metas:
        return 0
    txid, pgid, psize = max(metas)
    return pgid * psize


# ---- content ----

class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        r = self.rng
        self.namespaces = (
            ["default", "kube-system", "monitoring", "ingress-nginx",
             "cert-manager", "argocd", "logging", "istio-system"] +
            [f"team-{i:03d}" for i in range(200)])
        # a few busy namespaces, a long tail
        self.ns_weights = [r.choice((1, 1, 1, 2, 3, 8))
                           for _ in self.namespaces]
        self.serial = 0
        self.clock = BASE_TIME

    def ns(self):
        return self.rng.choices(self.namespaces, self.ns_weights)[0]

    def token(self, n, alphabet=ALNUM):
        return "".join(self.rng.choices(alphabet, k=n))

    def created(self):
        self.clock += self.rng.randint(1, 90)
        return self.clock

    def b64(self, nbytes):
        return base64.b64encode(self.rng.randbytes(nbytes))

    def b64url(self, raw):
        return base64.urlsafe_b64encode(raw).rstrip(b"=")

    def pem(self, label, nbytes):
        body = self.b64(nbytes)
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        return (b"-----BEGIN " + label + b"-----\n" + b"\n".join(lines) +
                b"\n-----END " + label + b"-----\n")

    def jwt(self, ns, name, sa, uid):
        hdr = {"alg": "RS256", "kid": self.token(43)}
        claims = {
            "iss": "kubernetes/serviceaccount",
            "kubernetes.io/serviceaccount/namespace": ns,
            "kubernetes.io/serviceaccount/secret.name": name,
            "kubernetes.io/serviceaccount/service-account.name": sa,
            "kubernetes.io/serviceaccount/service-account.uid": uid,
            "sub": f"system:serviceaccount:{ns}:{sa}"}
        enc = [self.b64url(json.dumps(x, separators=(",", ":")).encode())
               for x in (hdr, claims)]
        return b".".join(enc + [self.b64url(self.rng.randbytes(256))])

    def uid(self):
        b = bytearray(self.rng.randbytes(16))
        b[6] = (b[6] & 0x0F) | 0x40
        b[8] = (b[8] & 0x3F) | 0x80
        h = b.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def small(self, ns, name, kind, old=None):
        """(type, data, annotations) for a small Secret of kind; old = the
        previous (type, data, annotations) when rotating."""
        r = self.rng
        if kind == "opaque":
            user = old[1]["username"] if old else \
                r.choice((b"admin", b"app", b"svc", b"postgres", b"root"))
            pw = self.token(r.randint(16, 32)).encode()
            data = {"username": user, "password": pw}
            if r.random() < 0.3:
                data["DATABASE_URL"] = (b"postgres://" + user + b":" + pw +
                                        b"@db." + ns.encode() +
                                        b".svc:5432/app")
            ann = None
            if r.random() < 0.1:
                ann = {k8senc.LAST_APPLIED:
                       k8senc.last_applied(ns, name, data)}
            return "Opaque", data, ann
        if kind == "basic-auth":
            return ("kubernetes.io/basic-auth",
                    {"username": b"user-" + self.token(6).encode(),
                     "password": self.token(24).encode()}, None)
        if kind == "tls":
            return ("kubernetes.io/tls",
                    {"tls.crt": self.pem(b"CERTIFICATE", r.randint(800, 1400)),
                     "tls.key": self.pem(b"RSA PRIVATE KEY",
                                         r.randint(1150, 1250))}, None)
        if kind == "docker":
            user = "robot$" + self.token(8).lower()
            pw = self.token(32)
            reg = r.choice(("registry.example.com", "ghcr.io",
                            "quay.io", "123456789012.dkr.ecr.eu-west-1."
                            "amazonaws.com"))
            auth = base64.b64encode(f"{user}:{pw}".encode()).decode()
            cfg = {"auths": {reg: {"username": user, "password": pw,
                                   "auth": auth}}}
            return ("kubernetes.io/dockerconfigjson",
                    {".dockerconfigjson": json.dumps(
                        cfg, separators=(",", ":")).encode()}, None)
        if kind == "sa-token":
            sa = name.rsplit("-token-", 1)[0]
            uid = self.uid()
            return ("kubernetes.io/service-account-token",
                    {"ca.crt": self.pem(b"CERTIFICATE", 800),
                     "namespace": ns.encode(),
                     "token": self.jwt(ns, name, sa, uid)},
                    {"kubernetes.io/service-account.name": sa,
                     "kubernetes.io/service-account.uid": uid})
        raise ValueError(kind)

    SMALL_KINDS = (("opaque", 40), ("sa-token", 25), ("tls", 15),
                   ("docker", 12), ("basic-auth", 8))

    def small_name(self, kind):
        self.serial += 1
        app = f"app{self.rng.randint(0, 4999):04d}"
        if kind == "sa-token":
            return f"{app}-token-{self.token(5).lower()}-{self.serial}"
        suffix = {"opaque": "credentials", "basic-auth": "basic-auth",
                  "tls": "tls", "docker": "regcred"}[kind]
        return f"{app}-{suffix}-{self.serial}"

    def release_text(self):
        """A Helm release as Helm stores it: base64 of gzip of the release
        JSON, 20-100 KiB of text. The bulk is a Deployment manifest whose
        annotation holds random base64 (it barely compresses, so the text
        is about as long as that blob); procsift inflates and reads it
        like a real release, and its Deployment is not judged."""
        n = self.rng.randint(20 << 10, 100 << 10)
        blob = self.b64(n * 3 // 4).decode()
        manifest = ("---\n# Source: app/templates/deployment.yaml\n"
                    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
                    "  name: app\n  annotations:\n"
                    "    checksum/config: " + blob + "\n"
                    "spec:\n  replicas: 2\n")
        rel = {"name": "app", "namespace": "default", "version": 1,
               "info": {"status": "deployed"},
               "chart": {"metadata": {"name": "app", "version": "1.0.0"},
                         "values": {"replicaCount": 2,
                                    "image": {"repository": "nginx"}}},
               "config": {"image": {"tag": "1.27"}},
               "manifest": manifest}
        raw = json.dumps(rel, separators=(",", ":")).encode()
        return base64.b64encode(gzip.compress(raw, mtime=0))


def pick_storage(r):
    x = r.random()
    if x < 0.2:
        return "encrypted"
    if x < 0.3:
        return "json"
    return "pb"


# ---- the fill ----

class Fill:
    def __init__(self, endpoint, target, dbpath, seed, small_total):
        self.client = k8senc.EtcdClient(endpoint, timeout=300)
        self.target, self.dbpath = target, dbpath
        self.g = Gen(seed)
        self.r = self.g.rng
        self.small_total = small_total
        self.small_rot_total = small_total * 12 // 100
        self.small_del_total = small_total * 4 // 100
        self.small = {}          # key -> [ns, name, kind, storage, last]
        self.small_live = []     # keys, for random picks
        self.releases = []       # live releases
        self.ops = []
        self.batch_keys = set()
        self.batch_bytes = 0
        self.live = set()        # keys that currently exist
        self.hwm = 0
        self.s = collections.Counter()
        self.t0 = time.monotonic()
        self.last_report = 0.0

    # -- encoding --

    def value(self, ns, name, typ, data, ann, storage, created):
        """The stored bytes for storage "pb", "json" or "encrypted:KEY"."""
        if storage == "json":
            return k8senc.encode_secret_json(ns, name, data, typ,
                                             created=created,
                                             annotations=ann)
        pb = k8senc.encode_secret_pb(ns, name, data, typ, created=created,
                                     annotations=ann)
        if storage == "pb":
            return pb
        # AES-CBC: a 16-byte IV, then PKCS#7-padded blocks
        n = 16 + (len(pb) // 16 + 1) * 16
        return k8senc.encode_encrypted("aescbc", storage.split(":", 1)[1],
                                       self.r.randbytes(n))

    def storage_for(self, base):
        if base == "encrypted":
            return "encrypted:" + ("key2" if self.r.random() < 0.3
                                   else "key1")
        return base

    # -- batching --

    def put(self, key, value, storage, what):
        if key in self.batch_keys:
            self.flush()
        kb = key.encode()
        self.ops.append({"request_put": {
            "key": base64.b64encode(kb).decode(),
            "value": base64.b64encode(value).decode()}})
        self.batch_keys.add(key)
        self.batch_bytes += len(kb) + len(value)
        s = self.s
        s["puts"] += 1
        s["put_value_bytes"] += len(value)
        s["puts_" + storage.split(":")[0]] += 1
        if storage.startswith("encrypted:"):
            s["puts_aescbc_" + storage.split(":")[1]] += 1
        s["puts_" + what] += 1
        if key in self.live:
            s["expect_superseded"] += 1
        else:
            s["keys_created"] += 1
            self.live.add(key)
        if self.batch_bytes >= BATCH_BYTES or len(self.ops) >= BATCH_OPS:
            self.flush()

    def delete(self, key, what):
        if key in self.batch_keys:
            self.flush()
        assert key in self.live
        self.ops.append({"request_delete_range": {
            "key": base64.b64encode(key.encode()).decode()}})
        self.batch_keys.add(key)
        self.batch_bytes += len(key)
        self.live.discard(key)
        self.s["deletes"] += 1
        self.s["deletes_" + what] += 1
        if len(self.ops) >= BATCH_OPS:
            self.flush()

    def flush(self):
        if not self.ops:
            return
        reply = self.client.call("kv/txn", {"success": self.ops})
        if not reply.get("succeeded"):
            die("txn did not succeed")
        self.s["txns"] += 1
        self.s["revision"] = int(reply.get("header", {}).get("revision", 0))
        self.ops = []
        self.batch_keys = set()
        self.batch_bytes = 0
        self.hwm = db_hwm(self.dbpath)
        self.progress()

    def progress(self, force=False):
        now = time.monotonic()
        if not force and now - self.last_report < 5:
            return
        self.last_report = now
        el = now - self.t0
        mib = self.hwm / 1048576
        rate = mib / el if el > 0 else 0
        eta = (self.target - self.hwm) / 1048576 / rate if rate > 0 else 0
        sys.stderr.write(
            f"etcdbulk: {mib:7.1f} / {self.target / 1048576:.0f} MiB, "
            f"{self.s['txns']} txns, {self.s['puts']} puts, "
            f"{self.s['deletes']} deletes, {self.s['small_created']} small "
            f"Secrets, {len(self.releases)} releases, {el:.0f} s"
            f"{f', ~{eta:.0f} s left' if self.hwm < self.target else ''}\n")

    # -- small Secrets --

    def small_create(self):
        g = self.g
        kind = self.r.choices([k for k, _ in g.SMALL_KINDS],
                              [w for _, w in g.SMALL_KINDS])[0]
        ns = g.ns()
        name = g.small_name(kind)
        base = pick_storage(self.r)
        storage = self.storage_for(base)
        typ, data, ann = g.small(ns, name, kind)
        key = PREFIX + ns + "/" + name
        self.small[key] = [ns, name, kind, storage, (typ, data, ann)]
        self.small_live.append(key)
        self.s["small_created"] += 1
        self.s["small_" + kind] += 1
        self.put(key, self.value(ns, name, typ, data, ann, storage,
                                 g.created()), storage, "small")

    def small_pick(self):
        while self.small_live:
            i = self.r.randrange(len(self.small_live))
            key = self.small_live[i]
            if key in self.small:
                return i, key
            self.small_live[i] = self.small_live[-1]
            self.small_live.pop()
        return None, None

    def small_rotate(self):
        _, key = self.small_pick()
        if key is None:
            return
        ent = self.small[key]
        ns, name, kind, storage, old = ent
        if storage == "pb" and self.r.random() < 0.1:
            storage = self.storage_for("encrypted")
            self.s["small_turned_encrypted"] += 1
        typ, data, ann = self.g.small(ns, name, kind, old)
        ent[3], ent[4] = storage, (typ, data, ann)
        self.s["small_rotated"] += 1
        self.put(key, self.value(ns, name, typ, data, ann, storage,
                                 self.g.created()), storage, "small")

    def small_delete(self):
        i, key = self.small_pick()
        if key is None:
            return
        del self.small[key]
        self.small_live[i] = self.small_live[-1]
        self.small_live.pop()
        self.s["small_deleted"] += 1
        self.delete(key, "small")

    def small_catch_up(self, frac):
        s = self.s
        while s["small_created"] < min(self.small_total,
                                       int(frac * self.small_total) + 1):
            self.small_create()
        while s["small_rotated"] < int(frac * self.small_rot_total):
            self.small_rotate()
        while s["small_deleted"] < int(frac * self.small_del_total):
            self.small_delete()

    # -- Helm releases --

    def helm_put(self, rel, version, status):
        ns, name = rel["ns"], f"sh.helm.release.v1.{rel['name']}.v{version}"
        storage = rel["storage"]
        if storage.startswith("encrypted"):
            storage = self.storage_for("encrypted")
        data = {"release": self.g.release_text()}
        self.put(PREFIX + ns + "/" + name,
                 self.value(ns, name, "helm.sh/release.v1", data, None,
                            storage, self.g.created()),
                 storage, "helm_" + status)

    def helm_step(self):
        r, s = self.r, self.s
        x = r.random()
        if not self.releases or x < 0.08:
            rel = {"ns": self.g.ns(), "storage": pick_storage(r),
                   "name": f"{r.choice(('api', 'web', 'db', 'cache', 'mq', 'ui', 'auth', 'jobs'))}"
                           f"-{len(self.releases) + s['releases_uninstalled']:05d}",
                   "versions": collections.deque()}
            self.releases.append(rel)
            s["releases_installed"] += 1
            rel["versions"].append(1)
            self.helm_put(rel, 1, "deployed")
        elif x < 0.085 and len(self.releases) > 50:
            i = r.randrange(len(self.releases))
            rel = self.releases[i]
            self.releases[i] = self.releases[-1]
            self.releases.pop()
            s["releases_uninstalled"] += 1
            for v in rel["versions"]:
                self.delete(PREFIX + rel["ns"] +
                            f"/sh.helm.release.v1.{rel['name']}.v{v}",
                            "helm")
        else:
            rel = r.choice(self.releases)
            vs = rel["versions"]
            cur = vs[-1]
            vs.append(cur + 1)
            s["helm_upgrades"] += 1
            self.helm_put(rel, cur + 1, "deployed")
            self.helm_put(rel, cur, "superseded")
            while len(vs) > HISTORY_MAX:
                old = vs.popleft()
                self.delete(PREFIX + rel["ns"] +
                            f"/sh.helm.release.v1.{rel['name']}.v{old}",
                            "helm")

    def run(self):
        self.hwm = db_hwm(self.dbpath)
        while self.hwm < self.target:
            self.helm_step()
            self.small_catch_up(self.hwm / self.target)
        self.small_catch_up(1.0)
        self.flush()
        self.progress(force=True)
        self.client.close()
        s = self.s
        s["seconds"] = int(time.monotonic() - self.t0)
        s["hwm_bytes"] = self.hwm
        s["db_bytes"] = os.path.getsize(self.dbpath)
        s["keys_live"] = len(self.live)
        s["releases_live"] = len(self.releases)
        s["expect_revisions"] = s["puts"] + s["deletes"]
        return s


def main(argv):
    args = list(argv[1:])
    seed, small = 5, 24000
    while args and args[0].startswith("--"):
        opt = args.pop(0)
        if opt in ("-h", "--help"):
            sys.stdout.write(__doc__)
            return 0
        if not args:
            die(f"{opt} needs a value")
        if opt == "--seed":
            seed = int(args.pop(0))
        elif opt == "--small":
            small = int(args.pop(0))
        else:
            die(f"unknown option {opt}")
    if len(args) != 3:
        sys.stderr.write(__doc__)
        return 2
    endpoint, target, dbpath = args[0], int(args[1]), args[2]
    if target <= 0 or small < 0:
        die("TARGET_BYTES must be positive and --small not negative")
    s = Fill(endpoint, target, dbpath, seed, small).run()
    s["seed"] = seed
    s["target_bytes"] = target
    for k in sorted(s):
        print(f"{k}={s[k]}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (k8senc.EtcdError, OSError, http.client.HTTPException) as e:
        die(f"etcd at {sys.argv[-3] if len(sys.argv) > 3 else '?'}: {e}")
    except KeyboardInterrupt:
        sys.exit(130)
