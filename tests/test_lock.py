"""The lock files pin the whole dependency set with hashes, and agree with pyproject.toml."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).parents[1]
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+) \\$")


def pins(name: str) -> dict[str, str]:
    """Package -> pinned version, checking that every pin carries sha256 hashes."""
    lines = (ROOT / "requirements" / name).read_text(encoding="utf-8").splitlines()
    found = {}
    for number, line in enumerate(lines):
        match = _PIN.match(line)
        if match:
            assert lines[number + 1].strip().startswith("--hash=sha256:"), line
            found[canonicalize_name(match.group(1))] = match.group(2)
    return found


def declared(group: str | None = None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = project["dependencies"] if group is None else project["optional-dependencies"][group]
    return [Requirement(text) for text in names]


@pytest.mark.parametrize(("lock", "groups"), [("runtime.txt", (None,)), ("dev.txt", (None, "dev"))])
def test_every_dependency_is_pinned_within_what_pyproject_allows(
    lock: str, groups: tuple[str | None, ...]
) -> None:
    pinned = pins(lock)
    for group in groups:
        for requirement in declared(group):
            name = canonicalize_name(requirement.name)
            assert name in pinned, f"{requirement.name} is not in {lock}: run make lock"
            assert requirement.specifier.contains(pinned[name], prereleases=True), (
                f"{lock} pins {name} {pinned[name]}, outside {requirement.specifier}"
            )


def test_the_build_backend_is_pinned_too() -> None:
    """make installs the project with --no-build-isolation: nothing unpinned is fetched."""
    assert "setuptools" in pins("runtime.txt") and "setuptools" in pins("dev.txt")


def test_the_dev_lock_keeps_the_runtime_versions() -> None:
    runtime, dev = pins("runtime.txt"), pins("dev.txt")
    assert {name: dev.get(name) for name in runtime} == runtime
