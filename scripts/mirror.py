"""Tests mirror the source: each module of the service that has logic has a test module at the
mirrored path (`api/citizens/routes.py` -> `tests/api/citizens/test_routes.py`).

    .venv/bin/python -m scripts.mirror            # list modules and their test modules
    .venv/bin/python -m scripts.mirror --check    # also fail on a module with logic but no tests

A module has logic when one of its functions decides something: a branch, a loop, a `try`, a
`match`, a conditional expression, a boolean operator or a comprehension. Declarations alone
(schemas, constants, word lists, migrations) need no test module of their own.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

from scripts.sizes import ROOT, service_modules

DECISIONS = (
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.Try,
    ast.Match,
    ast.IfExp,
    ast.BoolOp,
    ast.comprehension,
)


def has_logic(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef) and any(
            isinstance(node, DECISIONS) for node in ast.walk(function)
        ):
            return True
    return False


def test_module(path: Path) -> Path:
    relative = path.relative_to(ROOT)
    return ROOT / "tests" / relative.parent / f"test_{relative.name}"


def source_modules() -> list[Path]:
    return [p for p in service_modules() if p.name not in ("__init__.py", "__main__.py")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail on a module without tests")
    args = parser.parse_args(argv)
    missing = []
    with_logic = tested = 0
    for path in source_modules():
        if not has_logic(path):
            continue
        with_logic += 1
        tests = test_module(path)
        exists = tests.exists()
        tested += exists
        if not exists:
            missing.append(path)
        if not args.check:
            mark = "+" if exists else "-"
            print(f"{mark} {path.relative_to(ROOT)} -> {tests.relative_to(ROOT)}")
    print(f"{with_logic} modules with logic, {tested} with a test module")
    if args.check and missing:
        for path in missing:
            print(
                f"no test module for {path.relative_to(ROOT)}: expected "
                f"{test_module(path).relative_to(ROOT)}",
                file=sys.stderr,
            )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
