#!/usr/bin/python3
"""Encode Kubernetes objects as kube-apiserver stores them in etcd, and
write them to a real etcd over its JSON gRPC gateway. Standard library only.

Byte layouts (../shared/reference/etcd-storage.md section 3):
  protobuf  b"k8s\\0" + runtime.Unknown{1 TypeMeta{1 apiVersion, 2 kind},
            2 raw (the v1 object), 3 contentEncoding "", 4 contentType ""}
  JSON      encoding/json of the object plus "\\n", data values base64
  encrypted b"k8s:enc:<provider>:<version>:<key name>:" + ciphertext
  KMS v2    b"k8s:enc:kms:v2:<name>:" + EncryptedObject{1 encryptedData,
            2 keyID, 3 encryptedDEKSource}
The object bytes imitate gogo-protobuf's generated marshalling for
Kubernetes >= 1.25: fields in number order, non-pointer strings emitted even
when empty, map entries sorted by key, managedFields (17) present.

Library use:
    import k8senc
    v = k8senc.encode_secret_pb("default", "db", {"password": b"hunter2"})
    c = k8senc.EtcdClient("127.0.0.1:2379")
    c.txn_put(b"/registry/secrets/default/db", v)

CLI (the value goes to stdout, raw bytes):
    k8senc.py secret [--json] [--type T] [--uid U] [--created RFC3339]
                     [--annotation K=V]... NS NAME [KEY=VALUE]...
    k8senc.py configmap NS NAME [KEY=VALUE]...
    k8senc.py encrypted PROVIDER KEY_NAME [--size N]
    k8senc.py kms2 CONFIG_NAME KEY_ID [--size N]
    k8senc.py put ENDPOINT KEY < VALUE     (one txn, as kube-apiserver)
    k8senc.py delete ENDPOINT KEY
    k8senc.py compact ENDPOINT [REV]       (physical; default: current)
    k8senc.py revision ENDPOINT
    k8senc.py commit ENDPOINT              (force a backend commit)
"""
import base64
import calendar
import datetime
import http.client
import json
import os
import sys
import time
import uuid

PB_MAGIC = b"k8s\x00"
ENC_PREFIX = b"k8s:enc:"
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"

# ---- protobuf wire ----


def varint(n):
    """Base-128 varint; negative numbers as 10-byte two's complement."""
    if n < 0:
        n += 1 << 64
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _tag(field, wire):
    return varint(field << 3 | wire)


def pb_bytes(field, data):
    """Length-delimited field (string, bytes or embedded message)."""
    if isinstance(data, str):
        data = data.encode()
    return _tag(field, 2) + varint(len(data)) + bytes(data)


def pb_varint(field, n):
    return _tag(field, 0) + varint(n)


def pb_map(field, mapping):
    """A map field: entries {1 key, 2 value}, sorted by key as gogo does."""
    out = b""
    for k in sorted(mapping):
        out += pb_bytes(field, pb_bytes(1, k) + pb_bytes(2, mapping[k]))
    return out


# ---- times and ids ----


def _epoch(created):
    """created: None (now), int/float seconds, datetime or RFC 3339 text."""
    if created is None:
        return int(time.time())
    if isinstance(created, (int, float)):
        return int(created)
    if isinstance(created, datetime.datetime):
        if created.tzinfo is None:
            created = created.replace(tzinfo=datetime.timezone.utc)
        return int(created.timestamp())
    text = str(created).replace("Z", "+00:00")
    return int(datetime.datetime.fromisoformat(text).timestamp())


def rfc3339(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def default_uid(kind, namespace, name):
    """Deterministic, so that a rebuilt fill gives the same bytes."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{kind}/{namespace}/{name}"))


def _pb_time(seconds):
    """metav1.Time as Timestamp{1 seconds, 2 nanos}; both always emitted."""
    return pb_varint(1, seconds) + pb_varint(2, 0)


def _fields_v1(kind, data_keys, annotations):
    """The managedFields FieldsV1 JSON: key names only, never values."""
    f = {}
    if data_keys:
        f["f:data"] = {".": {}}
        for k in sorted(data_keys):
            f["f:data"]["f:" + k] = {}
    if annotations:
        f["f:metadata"] = {
            "f:annotations": dict(
                [(".", {})] + [("f:" + k, {}) for k in sorted(annotations)]
            )
        }
    if kind == "Secret":
        f["f:type"] = {}
    return json.dumps(f, separators=(",", ":"), sort_keys=True).encode()


def _pb_managed_fields(kind, seconds, data_keys, annotations):
    manager = "kubectl-client-side-apply" if annotations and \
        LAST_APPLIED in annotations else "kubectl-create"
    entry = (pb_bytes(1, manager) + pb_bytes(2, "Update") +
             pb_bytes(3, "v1") + pb_bytes(4, _pb_time(seconds)) +
             pb_bytes(6, "FieldsV1") +
             pb_bytes(7, pb_bytes(1, _fields_v1(kind, data_keys,
                                                annotations))) +
             pb_bytes(8, ""))
    return pb_bytes(17, entry)


def _pb_object_meta(kind, namespace, name, uid, seconds, annotations,
                    data_keys, managed):
    m = (pb_bytes(1, name) + pb_bytes(2, "") + pb_bytes(3, namespace) +
         pb_bytes(4, "") + pb_bytes(5, uid) + pb_bytes(6, "") +
         pb_varint(7, 0) + pb_bytes(8, _pb_time(seconds)))
    if annotations:
        m += pb_map(12, annotations)
    if managed:
        m += _pb_managed_fields(kind, seconds, data_keys, annotations)
    return m


def _envelope(kind, raw):
    type_meta = pb_bytes(1, "v1") + pb_bytes(2, kind)
    return (PB_MAGIC + pb_bytes(1, type_meta) + pb_bytes(2, raw) +
            pb_bytes(3, "") + pb_bytes(4, ""))


def _as_bytes(v):
    return v.encode() if isinstance(v, str) else bytes(v)


# ---- public encoders ----


def encode_secret_pb(namespace, name, data, type="Opaque", uid=None,
                     created=None, annotations=None, managed=True):
    """A v1.Secret as stored with the default protobuf media type.
    data: {key: bytes}; annotations: {key: str}."""
    data = {k: _as_bytes(v) for k, v in (data or {}).items()}
    seconds = _epoch(created)
    uid = uid or default_uid("Secret", namespace, name)
    meta = _pb_object_meta("Secret", namespace, name, uid, seconds,
                           annotations, list(data), managed)
    raw = pb_bytes(1, meta) + pb_map(2, data) + pb_bytes(3, type or "")
    return _envelope("Secret", raw)


def encode_configmap_pb(namespace, name, data, uid=None, created=None,
                        managed=True):
    """A v1.ConfigMap {1 metadata, 2 data map<string,string>}."""
    data = {k: _as_bytes(v) for k, v in (data or {}).items()}
    seconds = _epoch(created)
    uid = uid or default_uid("ConfigMap", namespace, name)
    meta = _pb_object_meta("ConfigMap", namespace, name, uid, seconds, None,
                           list(data), managed)
    raw = pb_bytes(1, meta) + (pb_map(2, data) if data else b"")
    return _envelope("ConfigMap", raw)


def _go_json(obj):
    """encoding/json output: compact, UTF-8, HTML characters escaped."""
    s = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    for c, e in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                 ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        s = s.replace(c, e)
    return s


def secret_json_obj(namespace, name, data, type="Opaque", uid=None,
                    created=None, annotations=None):
    """The Secret as a dict in Go's struct field order (for JSON and for
    the last-applied-configuration annotation)."""
    meta = {"name": name, "namespace": namespace,
            "uid": uid or default_uid("Secret", namespace, name),
            "creationTimestamp": rfc3339(_epoch(created))}
    if annotations:
        meta["annotations"] = dict(sorted(annotations.items()))
    obj = {"kind": "Secret", "apiVersion": "v1", "metadata": meta}
    if data:
        obj["data"] = {k: base64.b64encode(_as_bytes(data[k])).decode()
                       for k in sorted(data)}
    obj["type"] = type
    return obj


def encode_secret_json(namespace, name, data, type="Opaque", uid=None,
                       created=None, annotations=None):
    """A v1.Secret as stored with --storage-media-type=application/json."""
    obj = secret_json_obj(namespace, name, data, type, uid, created,
                          annotations)
    return (_go_json(obj) + "\n").encode()


def last_applied(namespace, name, data, type="Opaque"):
    """What kubectl apply puts in the last-applied-configuration annotation:
    the applied manifest, data base64, keys sorted, plus a newline."""
    b64 = {k: base64.b64encode(_as_bytes(data[k])).decode()
           for k in sorted(data)}
    obj = {"apiVersion": "v1", "data": b64, "kind": "Secret",
           "metadata": {"annotations": {}, "name": name,
                        "namespace": namespace},
           "type": type}
    return _go_json(obj) + "\n"


def encode_encrypted(provider, key_name, payload, version="v1"):
    """An encrypted value: b"k8s:enc:PROVIDER:VERSION:KEY_NAME:" + payload
    (random bytes serve as ciphertext)."""
    return (ENC_PREFIX + f"{provider}:{version}:{key_name}:".encode() +
            bytes(payload))


def encode_kms_v1(config_name, encrypted_dek, payload):
    """KMS v1: prefix + u16 BE len(encDEK) + encDEK + data."""
    dek = bytes(encrypted_dek)
    return (encode_encrypted("kms", config_name, b"", "v1") +
            len(dek).to_bytes(2, "big") + dek + bytes(payload))


def encode_kms_v2(config_name, key_id, payload, encrypted_dek=None):
    """KMS v2: prefix + EncryptedObject{1 encryptedData, 2 keyID,
    3 encryptedDEKSource} (proto3: empty fields omitted)."""
    if encrypted_dek is None:
        encrypted_dek = os.urandom(32)
    obj = b""
    if payload:
        obj += pb_bytes(1, payload)
    if key_id:
        obj += pb_bytes(2, key_id)
    if encrypted_dek:
        obj += pb_bytes(3, encrypted_dek)
    return encode_encrypted("kms", config_name, obj, "v2")


# ---- etcd over the gRPC gateway ----


def _b64(b):
    return base64.b64encode(_as_bytes(b)).decode()


class EtcdError(Exception):
    pass


class EtcdClient:
    """A small etcd v3 client over the JSON gateway (POST /v3/...), on one
    persistent HTTP connection. endpoint: "HOST:PORT" or "http://HOST:PORT".
    """

    def __init__(self, endpoint, timeout=30):
        ep = endpoint.split("://", 1)[-1].rstrip("/")
        host, _, port = ep.rpartition(":")
        self.host, self.port, self.timeout = host, int(port), timeout
        self.conn = None

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def call(self, path, body):
        """POST body (a dict) to /v3/PATH; returns the decoded reply."""
        data = json.dumps(body).encode()
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request("POST", "/v3/" + path, data,
                                  {"Content-Type": "application/json"})
                resp = self.conn.getresponse()
                text = resp.read()
            except (http.client.HTTPException, ConnectionError):
                # A dropped keep-alive connection: reconnect once.
                self.close()
                if attempt:
                    raise
                continue
            if resp.status != 200:
                raise EtcdError(f"{path}: HTTP {resp.status}: "
                                f"{text[:300]!r}")
            reply = json.loads(text)
            if "error" in reply:
                raise EtcdError(f"{path}: {reply['error']}")
            return reply
        raise EtcdError(f"{path}: no reply")

    @staticmethod
    def _rev(reply):
        return int(reply.get("header", {}).get("revision", 0))

    def put(self, key, value):
        """A plain put; returns the new revision."""
        return self._rev(self.call("kv/put",
                                   {"key": _b64(key), "value": _b64(value)}))

    def txn_puts(self, items):
        """One txn with an unconditional put per (key, value): one main
        revision, sub revisions 0, 1, ... Returns the revision. etcd caps a
        txn at --max-txn-ops (default 128) and a request at
        --max-request-bytes (default 1.5 MiB)."""
        ops = [{"request_put": {"key": _b64(k), "value": _b64(v)}}
               for k, v in items]
        reply = self.call("kv/txn", {"success": ops})
        if not reply.get("succeeded"):
            raise EtcdError("txn did not succeed")
        return self._rev(reply)

    def txn_put(self, key, value):
        """A put inside a txn, as kube-apiserver writes (one revision)."""
        return self.txn_puts([(key, value)])

    def delete(self, key):
        """Delete one key (a tombstone revision); returns the revision."""
        return self._rev(self.call("kv/deleterange", {"key": _b64(key)}))

    def get(self, key):
        """The current value of key, or None."""
        kvs = self.call("kv/range", {"key": _b64(key)}).get("kvs", [])
        return base64.b64decode(kvs[0].get("value", "")) if kvs else None

    def revision(self):
        """The store's current revision."""
        return self._rev(self.call("kv/range",
                                   {"key": _b64(b"\0"), "count_only": True}))

    def force_commit(self):
        """Make etcd commit its pending backend batch to the db file now
        (the hash RPC does a ForceCommit first): a put is acknowledged
        before it reaches bbolt, which commits every 100 ms by default."""
        self.call("maintenance/hash", {})

    def compact(self, rev=None, physical=True):
        """Compact at rev (default: the current revision)."""
        if rev is None:
            rev = self.revision()
        self.call("kv/compaction", {"revision": str(rev),
                                    "physical": bool(physical)})
        return rev


# ---- CLI ----


def _kv_args(args):
    out = {}
    for a in args:
        k, sep, v = a.partition("=")
        if not sep:
            raise SystemExit(f"k8senc: expected KEY=VALUE, got {a!r}")
        out[k] = v.encode()
    return out


def _opt(args, name, default=None, many=False):
    vals = []
    while name in args:
        i = args.index(name)
        if i + 1 >= len(args):
            raise SystemExit(f"k8senc: {name} needs a value")
        vals.append(args[i + 1])
        del args[i:i + 2]
    if many:
        return vals
    return vals[-1] if vals else default


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        sys.stdout.write(__doc__)
        return 0 if len(argv) >= 2 else 2
    cmd, args = argv[1], list(argv[2:])
    out = sys.stdout.buffer
    if cmd == "secret":
        as_json = "--json" in args
        if as_json:
            args.remove("--json")
        typ = _opt(args, "--type", "Opaque")
        uid = _opt(args, "--uid")
        created = _opt(args, "--created")
        ann = dict(a.partition("=")[::2]
                   for a in _opt(args, "--annotation", many=True))
        if len(args) < 2:
            raise SystemExit("usage: k8senc.py secret NS NAME [K=V]...")
        enc = encode_secret_json if as_json else encode_secret_pb
        out.write(enc(args[0], args[1], _kv_args(args[2:]), typ, uid,
                      created, ann or None))
    elif cmd == "configmap":
        out.write(encode_configmap_pb(args[0], args[1],
                                      _kv_args(args[2:])))
    elif cmd == "encrypted":
        size = int(_opt(args, "--size", "64"))
        out.write(encode_encrypted(args[0], args[1], os.urandom(size)))
    elif cmd == "kms2":
        size = int(_opt(args, "--size", "64"))
        out.write(encode_kms_v2(args[0], args[1], os.urandom(size)))
    elif cmd in ("put", "delete", "compact", "revision", "commit"):
        with EtcdClient(args[0]) as c:
            if cmd == "put":
                r = c.txn_put(args[1].encode(), sys.stdin.buffer.read())
            elif cmd == "delete":
                r = c.delete(args[1].encode())
            elif cmd == "compact":
                r = c.compact(int(args[1]) if len(args) > 1 else None)
            elif cmd == "commit":
                c.force_commit()
                r = c.revision()
            else:
                r = c.revision()
        print(r)
    else:
        raise SystemExit(f"k8senc: unknown command {cmd!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
