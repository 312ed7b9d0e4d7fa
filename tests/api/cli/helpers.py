"""Running the matcher command in a process of its own, and reading what it exported."""

import os
import subprocess
import sys
from pathlib import Path

from api.cli import main


def export_lines(env: Path, kind: str) -> list[str]:
    assert main(["export", kind, str(env / f"{kind}-now.jsonl")]) == 0
    return (env / f"{kind}-now.jsonl").read_text(encoding="utf-8").splitlines()


def run_cli(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "api.cli", *args],
        env=env,
        cwd=Path(__file__).parents[3],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def cli_env(database_url: str, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "MATCHER_DATABASE_URL": database_url,
        "MATCHER_DATA_DIR": str(data_dir),
        "MATCHER_TODAY": "2026-11-22",
    }
