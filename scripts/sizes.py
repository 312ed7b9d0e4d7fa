"""Module and function sizes of the service's packages, and the house's limits on them.

    .venv/bin/python -m scripts.sizes            # figures
    .venv/bin/python -m scripts.sizes --check    # also fail on a module or function over its limit

Limits: no module over 300 lines in matcher/, indexer/ and batch/, no function over 50 lines
anywhere in the service. A function's length runs from its `def` (decorators excluded) to its
last line, docstring and comments included.
"""

from __future__ import annotations

import argparse
import ast
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("matcher", "store", "indexer", "batch", "api", "fixtures")
MODULE_LIMITED = ("matcher", "indexer", "batch")
MODULE_LIMIT = 300
FUNCTION_LIMIT = 50


@dataclass(frozen=True)
class Function:
    path: str
    name: str
    lines: int


def service_modules() -> list[Path]:
    """The service's modules (migrations excepted), in a stable order."""
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                found.append(path)
    return found


def _functions(path: Path) -> list[Function]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    relative = str(path.relative_to(ROOT))
    return [
        Function(relative, node.name, (node.end_lineno or node.lineno) - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when a limit is exceeded")
    args = parser.parse_args(argv)
    modules = {
        str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
        for p in service_modules()
    }
    functions = [f for p in service_modules() for f in _functions(p)]
    lengths = [f.lines for f in functions]
    print(
        f"modules: {len(modules)}, median {statistics.median(modules.values()):.0f} lines, "
        f"largest {max(modules.values())} ({max(modules, key=modules.__getitem__)})"
    )
    print(
        f"functions: {len(functions)}, median {statistics.median(lengths):.0f} lines, "
        f"90th percentile {statistics.quantiles(lengths, n=10)[-1]:.0f}, "
        f"largest {max(lengths)}"
    )
    too_big = sorted(
        (lines, path)
        for path, lines in modules.items()
        if path.split("/")[0] in MODULE_LIMITED and lines > MODULE_LIMIT
    )
    too_long = sorted((f for f in functions if f.lines > FUNCTION_LIMIT), key=lambda f: -f.lines)
    for lines, path in too_big:
        print(f"module over {MODULE_LIMIT} lines: {path} ({lines})")
    for function in too_long:
        print(
            f"function over {FUNCTION_LIMIT} lines: {function.path}:{function.name} "
            f"({function.lines})"
        )
    over = [(lines, path) for path, lines in modules.items() if lines > MODULE_LIMIT]
    for lines, path in sorted(over, reverse=True):
        if path.split("/")[0] not in MODULE_LIMITED:
            print(f"(outside the limit) module over {MODULE_LIMIT} lines: {path} ({lines})")
    if args.check and (too_big or too_long):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
