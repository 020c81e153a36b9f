#!/usr/bin/env python3
"""Prints detect-secrets' plugin test tables (tests/plugins/*_test.py) as JSON lines: {name, text, ext, secret}.

Run by secret-peer-fixtures.mjs at bench time on a detect-secrets checkout; nothing it reads is committed.
Each test module is executed with a stand-in `pytest` whose `mark.parametrize` only records its table, so
computed tables (`parse_test_cases([...])`, `'{}'.format(...)`) come out as the test would see them.
Usage: secret-peer-samples.py DETECT_SECRETS_CHECKOUT
"""
import importlib.util
import itertools
import json
import sys
import types
from pathlib import Path

root = Path(sys.argv[1])
sys.path.insert(0, str(root))

tables = {}


def parametrize(names, values, **_):
    names = [n.strip() for n in (names.split(",") if isinstance(names, str) else names)]
    rows = [row if isinstance(row, (tuple, list)) and len(names) > 1 else (row,) for row in list(values)]

    def record(target):
        tables.setdefault(target, []).append([dict(zip(names, row)) for row in rows])
        return target

    return record


def passthrough(*args, **_):
    if len(args) == 1 and callable(args[0]):
        return args[0]
    return lambda target: target


stub = types.ModuleType("pytest")
stub.mark = types.SimpleNamespace(parametrize=parametrize, skip=passthrough, skipif=passthrough, xfail=passthrough,
                                  usefixtures=passthrough)
stub.fixture = passthrough
stub.raises = passthrough
stub.param = lambda *values, **_: values
sys.modules["pytest"] = stub

# Tables that are not "is this text a secret": verification mocks, result counts, entropy limits, IP addresses.
NOT_DETECTION = {"content", "expected_output", "verified_result", "status_code", "limit", "num_results"}
TEXT_NAMES = ("line", "payload", "file_content")

for path in sorted((root / "tests" / "plugins").glob("*_test.py")):
    if path.name in {"ip_public_test.py", "base_test.py"}:
        continue
    tables.clear()
    spec = importlib.util.spec_from_file_location(f"peer_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # a module that cannot load is reported, not guessed at
        print(f"skipped {path.name}: {error}", file=sys.stderr)
        continue
    # A class-level table applies to every test method of the class.
    functions = []
    for name, value in vars(module).items():
        if isinstance(value, type):
            for member in vars(value).values():
                target = member.__func__ if isinstance(member, staticmethod) else member
                if callable(target) and getattr(target, "__name__", "").startswith("test"):
                    functions.append((f"{path.stem}.{name}.{target.__name__}", tables.get(value, []) + tables.get(target, [])))
        elif callable(value) and name.startswith("test"):
            functions.append((f"{path.stem}.{name}", tables.get(value, [])))
    for name, layers in functions:
        if not layers:
            continue
        for index, combo in enumerate(itertools.product(*layers)):
            params = {}
            for part in combo:
                params.update(part)
            if NOT_DETECTION & params.keys():
                continue
            if "format" in params:
                if "should_be_caught" not in params:
                    continue
                text = params["format"].format(**{k: v for k, v in params.items() if isinstance(v, str)})
                secret = bool(params["should_be_caught"])
            else:
                key = next((k for k in TEXT_NAMES if k in params), None)
                if key is None or not isinstance(params[key], str):
                    continue
                text = params[key]
                if "should_flag" in params:
                    secret = bool(params["should_flag"])
                elif "expected_secret" in params:
                    secret = params["expected_secret"] is not None
                else:
                    secret = True
            ext = params.get("file_extension") or "txt"
            print(json.dumps({"name": f"{name}.{index}", "text": text, "ext": ext, "secret": secret}))
