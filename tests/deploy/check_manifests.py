#!/usr/bin/python3
"""Check deploy/: the Kubernetes manifests and the Dockerfile.

Nothing here can run a cluster or build the image, so the files are checked
as text (docs/deploy.md):

- every YAML document under deploy/kubernetes/ has a known apiVersion and
  kind, and uses only the fields listed below for that kind, with the
  right types: a misspelt field (readOnlyRootFileSystem) fails here instead
  of being dropped silently by the API server's decoder;
- the DaemonSet and the Job hold the security settings docs/deploy.md
  promises: hostPID, no volumes, a non-root uid, only CAP_SYS_PTRACE and
  CAP_DAC_READ_SEARCH, no privilege escalation, a read-only root file
  system, seccomp RuntimeDefault, resource requests and limits, and
  procsift executed directly (no shell, which would drop the capabilities);
- deploy/Dockerfile builds on Debian 12, runs `make install`, gives the
  binary its file capabilities, and runs as the same numeric non-root uid.

A self-test first breaks copies of the files in known ways and checks that
each break is caught, so that a check cannot pass by checking nothing.
When kubectl is installed, each workload also goes through its typed
decoder (`kubectl set env --local`, no cluster needed): a field that
kubectl does not know is dropped there, and that fails too.

Usage: tests/deploy/check_manifests.py [DEPLOY_DIR]   (default: deploy)
Needs python3 and python3-yaml (Debian packages).
"""

import copy
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

BINARY = "/usr/local/bin/procsift"
CAPS = ["DAC_READ_SEARCH", "SYS_PTRACE"]

# --- The allow-list: the fields these manifests use, by kind. -------------
# A schema is a type name, a dict of field -> schema (no other field
# allowed), ("list", schema), or ("map", schema) for free keys (labels).
# A field is added here after checking it in the Kubernetes API reference.
STR, INT, BOOL, QTY = "string", "integer", "boolean", "quantity"


def lst(s):
    return ("list", s)


def mapof(s):
    return ("map", s)


META = {
    "name": STR,
    "namespace": STR,
    "labels": mapof(STR),
    "annotations": mapof(STR),
}
PROFILE = {"type": STR, "localhostProfile": STR}
CONTAINER_SC = {
    "runAsNonRoot": BOOL,
    "runAsUser": INT,
    "runAsGroup": INT,
    "privileged": BOOL,
    "allowPrivilegeEscalation": BOOL,
    "readOnlyRootFilesystem": BOOL,
    "capabilities": {"add": lst(STR), "drop": lst(STR)},
    "seccompProfile": PROFILE,
    "appArmorProfile": PROFILE,
}
POD_SC = {
    "runAsNonRoot": BOOL,
    "runAsUser": INT,
    "runAsGroup": INT,
    "seccompProfile": PROFILE,
    "appArmorProfile": PROFILE,
}
CONTAINER = {
    "name": STR,
    "image": STR,
    "imagePullPolicy": STR,
    "command": lst(STR),
    "args": lst(STR),
    "securityContext": CONTAINER_SC,
    "resources": {"requests": mapof(QTY), "limits": mapof(QTY)},
}
POD_SPEC = {
    "hostPID": BOOL,
    "automountServiceAccountToken": BOOL,
    "enableServiceLinks": BOOL,
    "restartPolicy": STR,
    "nodeSelector": mapof(STR),
    "tolerations": lst(
        {
            "key": STR,
            "operator": STR,
            "value": STR,
            "effect": STR,
            "tolerationSeconds": INT,
        }
    ),
    "terminationGracePeriodSeconds": INT,
    "securityContext": POD_SC,
    "containers": lst(CONTAINER),
}
TEMPLATE = {"metadata": META, "spec": POD_SPEC}
TOP = {"apiVersion": STR, "kind": STR, "metadata": META}
KINDS = {
    ("v1", "Namespace"): dict(TOP),
    ("apps/v1", "DaemonSet"): dict(
        TOP,
        spec={
            "selector": {"matchLabels": mapof(STR)},
            "template": TEMPLATE,
        },
    ),
    ("batch/v1", "Job"): dict(
        TOP,
        spec={
            "backoffLimit": INT,
            "activeDeadlineSeconds": INT,
            "ttlSecondsAfterFinished": INT,
            "template": TEMPLATE,
        },
    ),
}
# Values with a fixed set of spellings (the API server rejects others).
ENUMS = {
    "imagePullPolicy": {"Always", "IfNotPresent", "Never"},
    "restartPolicy": {"Always", "OnFailure", "Never"},
    "operator": {"Exists", "Equal"},
    "effect": {"NoSchedule", "PreferNoSchedule", "NoExecute"},
    "type": {"RuntimeDefault", "Localhost", "Unconfined"},
}
QUANTITY = re.compile(r"^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$")


def check_schema(node, schema, path, errs):
    """Append to errs each field of node not in schema or of a wrong type."""
    if isinstance(schema, dict):
        if not isinstance(node, dict):
            errs.append("%s: a mapping expected" % path)
            return
        for key, value in node.items():
            if key not in schema:
                errs.append("%s.%s: not a field this check knows" % (path, key))
            else:
                check_schema(value, schema[key], "%s.%s" % (path, key), errs)
        return
    if isinstance(schema, tuple):
        kind, inner = schema
        if kind == "list":
            if not isinstance(node, list):
                errs.append("%s: a list expected" % path)
                return
            for i, item in enumerate(node):
                check_schema(item, inner, "%s[%d]" % (path, i), errs)
        else:
            if not isinstance(node, dict):
                errs.append("%s: a mapping expected" % path)
                return
            for key, value in node.items():
                check_schema(value, inner, "%s.%s" % (path, key), errs)
        return
    ok = {
        STR: isinstance(node, str),
        INT: isinstance(node, int) and not isinstance(node, bool),
        BOOL: isinstance(node, bool),
        QTY: (isinstance(node, int) and not isinstance(node, bool))
        or (isinstance(node, str) and QUANTITY.match(node) is not None),
    }[schema]
    if not ok:
        errs.append("%s: %r is not a %s" % (path, node, schema))
        return
    field = path.rsplit(".", 1)[-1]
    if field in ENUMS and node not in ENUMS[field]:
        errs.append("%s: %r is not one of %s" % (path, node, sorted(ENUMS[field])))


# --- The security settings of the workloads. ------------------------------


def get(node, *keys):
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def check_workload(doc, namespaces, errs):
    kind = doc.get("kind")
    name = "%s %s" % (kind, get(doc, "metadata", "name"))
    pod = get(doc, "spec", "template", "spec") or {}
    podsc = pod.get("securityContext") or {}

    def err(msg):
        errs.append("%s: %s" % (name, msg))

    if pod.get("hostPID") is not True:
        err("hostPID must be true: procsift reads the node's processes")
    if "volumes" in pod:
        err("no volumes: a process's files are read through /proc/PID/root")
    if pod.get("automountServiceAccountToken") is not False:
        err("automountServiceAccountToken must be false: no API access")
    ns = get(doc, "metadata", "namespace")
    if ns not in namespaces:
        err("namespace %r is not one of deploy/kubernetes/'s" % ns)
    elif namespaces[ns] != "privileged":
        err("namespace %r must enforce Pod Security 'privileged'" % ns)
    containers = pod.get("containers") or []
    if len(containers) != 1:
        err("one container expected")
    for c in containers:
        sc = c.get("securityContext") or {}

        def eff(key):
            return sc[key] if key in sc else podsc.get(key)

        if eff("runAsNonRoot") is not True:
            err("runAsNonRoot must be true")
        uid = eff("runAsUser")
        if not isinstance(uid, int) or isinstance(uid, bool) or uid <= 0:
            err("runAsUser must be a numeric uid other than 0")
        if sc.get("allowPrivilegeEscalation") is not False:
            err("allowPrivilegeEscalation must be false")
        if sc.get("privileged") is True:
            err("privileged must not be true")
        if sc.get("readOnlyRootFilesystem") is not True:
            err("readOnlyRootFilesystem must be true")
        caps = sc.get("capabilities") or {}
        if caps.get("drop") != ["ALL"]:
            err("capabilities.drop must be [ALL]")
        if sorted(caps.get("add") or []) != CAPS:
            err("capabilities.add must be exactly %s" % CAPS)
        if get(eff("seccompProfile"), "type") != "RuntimeDefault":
            err("seccompProfile.type must be RuntimeDefault")
        for part in ("requests", "limits"):
            got = get(c, "resources", part) or {}
            if "cpu" not in got or "memory" not in got:
                err("resources.%s must set cpu and memory" % part)
        if c.get("command") != [BINARY]:
            err("command must be [%s]: procsift itself, no shell" % BINARY)
        args = c.get("args") or []
        if args[:1] != ["scan"] or "--ndjson" not in args:
            err("args must run `scan --ndjson`")
        at = args.index("--interval") if "--interval" in args else len(args)
        if kind == "DaemonSet" and at + 1 >= len(args):
            err("the DaemonSet scans on a schedule: --interval DURATION")
        if kind == "Job" and "--interval" in args:
            err("the Job scans once: no --interval")
    if kind == "DaemonSet":
        sel = get(doc, "spec", "selector", "matchLabels") or {}
        labels = get(doc, "spec", "template", "metadata", "labels") or {}
        if not sel or any(labels.get(k) != v for k, v in sel.items()):
            err("the selector must match the template's labels")
    if kind == "Job":
        if pod.get("restartPolicy") != "Never":
            err("restartPolicy must be Never")
        if "kubernetes.io/hostname" not in (pod.get("nodeSelector") or {}):
            err("the Job is pinned to one node: nodeSelector kubernetes.io/hostname")
    return [eff_uid(c, podsc) for c in containers]


def eff_uid(c, podsc):
    sc = c.get("securityContext") or {}
    return sc.get("runAsUser", podsc.get("runAsUser"))


def check_documents(docs, errs):
    """docs: (file, document) pairs. Returns the uids the containers run as."""
    namespaces, workloads, uids = {}, [], set()
    for path, doc in docs:
        if doc is None:
            continue
        where = "%s: %s" % (path, doc.get("kind") if isinstance(doc, dict) else "?")
        if not isinstance(doc, dict):
            errs.append("%s: not a mapping" % path)
            continue
        key = (doc.get("apiVersion"), doc.get("kind"))
        if key not in KINDS:
            errs.append("%s: unknown apiVersion/kind %s" % (path, key))
            continue
        check_schema(doc, KINDS[key], where, errs)
        if key[1] == "Namespace":
            namespaces[get(doc, "metadata", "name")] = get(
                doc, "metadata", "labels", "pod-security.kubernetes.io/enforce"
            )
        else:
            workloads.append(doc)
    kinds = sorted(w.get("kind") for w in workloads)
    if kinds != ["DaemonSet", "Job"]:
        errs.append("deploy/kubernetes/ must hold one DaemonSet and one Job, not %s" % kinds)
    for w in workloads:
        uids.update(u for u in check_workload(w, namespaces, errs) if u is not None)
    return uids


# --- The Dockerfile. --------------------------------------------------------

DEBIAN = re.compile(r"^debian:(12|bookworm)(-slim)?(@sha256:[0-9a-f]{64})?$")


def dockerfile_instructions(text):
    """(INSTRUCTION, arguments) pairs, continuation lines joined."""
    out, cur = [], ""
    for line in text.splitlines():
        s = line.strip()
        if not cur and (not s or s.startswith("#")):
            continue
        if cur and s.startswith("#"):
            continue
        if s.endswith("\\"):
            cur += s[:-1] + " "
            continue
        cur += s
        word, _, rest = cur.partition(" ")
        out.append((word.upper(), rest.strip()))
        cur = ""
    return out


def check_dockerfile(text, uids, errs):
    stages = []
    for ins, rest in dockerfile_instructions(text):
        if ins == "FROM":
            image = rest.split()[0]
            stages.append([])
            if not DEBIAN.match(image):
                errs.append("Dockerfile: FROM %s: Debian 12 (bookworm) expected" % image)
        elif not stages:
            errs.append("Dockerfile: %s before FROM" % ins)
            return
        else:
            stages[-1].append((ins, rest))
        if ins == "ADD" and re.search(r"https?://", rest):
            errs.append("Dockerfile: ADD of a URL: fetch nothing, COPY the sources")
    if len(stages) < 2:
        errs.append("Dockerfile: a build stage and a runtime stage expected")
        return
    runs = [r for s in stages[:-1] for i, r in s if i == "RUN"]
    if not any(re.search(r"\bmake install(-strip)?\b.*\bDESTDIR=", r) for r in runs):
        errs.append("Dockerfile: the build stage must run make install DESTDIR=...")
    final = stages[-1]
    setcap = re.compile(
        r"\bsetcap (cap_sys_ptrace,cap_dac_read_search|cap_dac_read_search,"
        r"cap_sys_ptrace)[=+]ep %s\b" % re.escape(BINARY)
    )
    if not any(i == "RUN" and setcap.search(r) for i, r in final):
        errs.append(
            "Dockerfile: the runtime stage must setcap the two capabilities "
            "=ep on %s" % BINARY
        )
    users = [r for i, r in final if i == "USER"]
    m = re.match(r"^(\d+)(:\d+)?$", users[-1]) if users else None
    if not m or int(m.group(1)) == 0:
        errs.append("Dockerfile: the runtime stage must end as a numeric non-root USER")
    elif uids and uids != {int(m.group(1))}:
        errs.append(
            "Dockerfile: USER %s but the manifests run as %s" % (m.group(1), sorted(uids))
        )
    entry = [r for i, r in final if i == "ENTRYPOINT"]
    try:
        argv = json.loads(entry[-1]) if entry else None
    except ValueError:
        argv = None
    if not isinstance(argv, list) or argv[:1] != [BINARY]:
        errs.append("Dockerfile: ENTRYPOINT must be the exec form [\"%s\"]" % BINARY)


# --- Running it. -------------------------------------------------------------


def check_all(docs, dockerfile):
    errs = []
    uids = check_documents(docs, errs)
    check_dockerfile(dockerfile, uids, errs)
    return errs


def self_test(docs, dockerfile):
    """Break copies in known ways; each break must be reported."""

    def container(ds):
        return ds["spec"]["template"]["spec"]["containers"][0]

    def sc(ds):
        return container(ds)["securityContext"]

    def typo(ds):
        sc(ds)["readOnlyRootFileSystem"] = sc(ds).pop("readOnlyRootFilesystem")

    def escalate(ds):
        sc(ds)["allowPrivilegeEscalation"] = True

    def sysadmin(ds):
        sc(ds)["capabilities"]["add"].append("SYS_ADMIN")

    def root(ds):
        sc(ds)["runAsUser"] = 0

    def shell(ds):
        container(ds)["command"] = ["/bin/sh", "-c"]

    def hostpath(ds):
        ds["spec"]["template"]["spec"]["volumes"] = [{"name": "host", "hostPath": {"path": "/"}}]

    def unconfined(ds):
        sc(ds)["seccompProfile"]["type"] = "Unconfined"

    def bad_type(ds):
        sc(ds)["runAsNonRoot"] = "true"

    breaks = [typo, escalate, sysadmin, root, shell, hostpath, unconfined, bad_type]
    failed = []
    for kind in ("DaemonSet", "Job"):
        for brk in breaks:
            copy_docs = copy.deepcopy(docs)
            target = [d for _, d in copy_docs if isinstance(d, dict) and d.get("kind") == kind]
            if not target:
                continue
            brk(target[0])
            if not check_all(copy_docs, dockerfile):
                failed.append("%s: %s not caught" % (kind, brk.__name__))
    for old, new in (
        ("FROM debian:12-slim", "FROM ubuntu:24.04"),
        ("USER 65532:65532", "USER root"),
        ("setcap ", "true "),
        ('ENTRYPOINT ["%s"]' % BINARY, "ENTRYPOINT %s" % BINARY),
    ):
        if old not in dockerfile:
            failed.append("Dockerfile: %r not found to break" % old)
        elif not check_all(docs, dockerfile.replace(old, new)):
            failed.append("Dockerfile: %r -> %r not caught" % (old, new))
    return failed


def kubectl_check(docs):
    """Each workload through kubectl's typed decoder, when kubectl is here:
    (messages, errors). A field kubectl drops is one it does not know."""
    kubectl = shutil.which("kubectl")
    if not kubectl:
        return ["kubectl: not installed, typed decoding skipped"], []
    errs = []

    def lost(src, out, path):
        if isinstance(src, dict):
            for k, v in src.items():
                if not isinstance(out, dict) or k not in out:
                    errs.append("kubectl dropped %s.%s: not a field it knows" % (path, k))
                elif k != "env":
                    lost(v, out[k], "%s.%s" % (path, k))
        elif isinstance(src, list):
            if not isinstance(out, list) or len(out) != len(src):
                errs.append("kubectl changed the list %s" % path)
                return
            for i, (a, b) in enumerate(zip(src, out)):
                lost(a, b, "%s[%d]" % (path, i))

    checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path, doc in docs:
            if not isinstance(doc, dict) or doc.get("kind") not in ("DaemonSet", "Job"):
                continue
            f = os.path.join(tmp, "doc.yaml")
            with open(f, "w") as out:
                yaml.safe_dump(doc, out)
            try:
                r = subprocess.run(
                    [kubectl, "set", "env", "--local", "-f", f, "-o", "json",
                     "PROCSIFT_DEPLOY_CHECK=1"],
                    capture_output=True, text=True, timeout=60,
                )
                typed = json.loads(r.stdout) if r.returncode == 0 else None
            except (OSError, subprocess.TimeoutExpired, ValueError):
                typed = None
            if typed is None:
                return ["kubectl: could not decode locally, typed decoding skipped"], []
            lost(doc, typed, "%s: %s" % (path, doc["kind"]))
            checked += 1
    return ["kubectl: %d workloads decoded, no field dropped" % checked] if not errs else [], errs


def main():
    deploy = sys.argv[1] if len(sys.argv) > 1 else "deploy"
    files = sorted(
        glob.glob(os.path.join(deploy, "kubernetes", "**", "*.yaml"), recursive=True)
        + glob.glob(os.path.join(deploy, "kubernetes", "**", "*.yml"), recursive=True)
    )
    docs = []
    for path in files:
        with open(path) as f:
            try:
                docs.extend((path, d) for d in yaml.safe_load_all(f))
            except yaml.YAMLError as e:
                print("check_manifests: %s: %s" % (path, e), file=sys.stderr)
                return 1
    with open(os.path.join(deploy, "Dockerfile")) as f:
        dockerfile = f.read()
    errs = check_all(docs, dockerfile)
    errs += self_test(docs, dockerfile) if not errs else []
    notes, kerrs = kubectl_check(docs) if not errs else ([], [])
    errs += kerrs
    for e in errs:
        print("check_manifests: %s" % e, file=sys.stderr)
    if errs:
        return 1
    print(
        "check_manifests: %d documents in %d files and the Dockerfile: ok; %s"
        % (sum(d is not None for _, d in docs), len(files), "; ".join(notes))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
