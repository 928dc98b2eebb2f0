#!/usr/bin/python3
"""Validate one JSON document on stdin against a JSON Schema file.

Usage: validate_json.py SCHEMA.json < DOCUMENT

Exit 0 when the document is valid, 1 when it is not (not strict UTF-8, not
exactly one JSON document, a duplicate key, NaN/Infinity, a lone surrogate,
or a schema violation), 2 on a usage error or an unusable schema. What was
wrong goes to stderr. Needs Debian's python3-jsonschema.
"""
import json
import sys

import jsonschema
from jsonschema import exceptions, validators

MAX_ERRORS = 10


class Invalid(Exception):
    pass


def no_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise Invalid(f"duplicate key {key!r}")
        obj[key] = value
    return obj


def no_constant(name):
    raise Invalid(f"{name} is not JSON")


def check_strings(value, path="$"):
    """Reject strings that are not Unicode scalar values (\\ud800 escapes)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise Invalid(f"{path}: string holds a lone surrogate") from None
    elif isinstance(value, list):
        for i, v in enumerate(value):
            check_strings(v, f"{path}[{i}]")
    elif isinstance(value, dict):
        for k, v in value.items():
            check_strings(k, path)
            check_strings(v, f"{path}.{k}")


def where(error):
    path = "$"
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def load_schema(path):
    try:
        with open(path, "rb") as f:
            schema = json.loads(f.read().decode("utf-8"))
    except OSError as e:
        raise SystemExit(f"validate_json: cannot read schema {path}: "
                         f"{e.strerror}") from None
    except ValueError as e:
        raise SystemExit(f"validate_json: schema {path} is not JSON: "
                         f"{e}") from None
    cls = validators.validator_for(schema,
                                   default=validators.Draft202012Validator)
    try:
        cls.check_schema(schema)
    except exceptions.SchemaError as e:
        raise SystemExit(f"validate_json: schema {path} is not a valid "
                         f"schema: {e.message}") from None
    return cls(schema, format_checker=jsonschema.FormatChecker())


def main(argv):
    if len(argv) != 2:
        print("usage: validate_json.py SCHEMA.json < DOCUMENT",
              file=sys.stderr)
        return 2
    try:
        validator = load_schema(argv[1])
    except SystemExit as e:
        print(e, file=sys.stderr)
        return 2
    raw = sys.stdin.buffer.read()
    try:
        text = raw.decode("utf-8")
        doc = json.loads(text, object_pairs_hook=no_duplicates,
                         parse_constant=no_constant)
        check_strings(doc)
    except UnicodeDecodeError as e:
        print(f"validate_json: not valid UTF-8 at byte {e.start}",
              file=sys.stderr)
        return 1
    except (ValueError, Invalid) as e:
        print(f"validate_json: not one JSON document: {e}", file=sys.stderr)
        return 1
    errors = sorted(validator.iter_errors(doc),
                    key=lambda e: list(map(str, e.absolute_path)))
    for e in errors[:MAX_ERRORS]:
        msg = e.message if len(e.message) <= 300 else e.message[:300] + "..."
        print(f"validate_json: {where(e)}: {msg}", file=sys.stderr)
    if len(errors) > MAX_ERRORS:
        print(f"validate_json: ... and {len(errors) - MAX_ERRORS} more",
              file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
