"""The supervisor of `matcher serve --workers N`: it prepares the store and the first index
version in a child of its own and starts no worker when that fails; it is started by
`matcher serve` (exec), and says which of its arguments is missing when started by hand."""

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _supervisor(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.serving.supervisor", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_no_worker_starts_when_the_store_cannot_be_prepared(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the database's folder should be")
    env = {
        **os.environ,
        "MATCHER_DATA_DIR": str(tmp_path),
        "MATCHER_DATABASE_URL": f"sqlite:///{blocked / 'store.sqlite3'}",
    }
    done = _supervisor("--host=127.0.0.1", "--port=0", "--log-level=info", "--workers=2", env=env)
    assert done.returncode == 1
    assert "preparing the store and the index failed (exit 1)" in done.stderr
    assert "Started server process" not in done.stderr


def test_a_missing_argument_is_named() -> None:
    done = _supervisor("--host=127.0.0.1", "--port=8000", "--log-level=info")
    assert done.returncode == 2
    assert "--workers" in done.stderr
