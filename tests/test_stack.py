"""scripts/stack.sh, the local mirror of docker-compose.yml, starts, serves and stops."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.auth import CONSULTANT, PASSWORDS
from tests.net import free_port

ROOT = Path(__file__).parent.parent


def _get(url: str, token: str | None = None) -> dict:  # type: ignore[type-arg]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def _sign_in(base: str, username: str) -> str:
    form = urllib.parse.urlencode({"username": username, "password": PASSWORDS[username]})
    request = urllib.request.Request(f"{base}/auth/token", data=form.encode())
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["access_token"]  # type: ignore[no-any-return]


@pytest.mark.slow
@pytest.mark.servers
def test_the_stack_serves_suggestions_from_postgresql_and_opensearch() -> None:
    ports = {name: free_port() for name in ("API", "PG", "OPENSEARCH", "REDIS")}
    # Directly under /tmp: run as root, PostgreSQL runs as the postgres user, which cannot
    # enter pytest's root-only temporary folders.
    state = Path(tempfile.mkdtemp(prefix="matcher-stack-"))
    env = {
        **os.environ,
        "STACK_DIR": str(state),
        "STACK_VENV": str(Path(sys.executable).parent.parent),
        **{f"STACK_{name}_PORT": str(port) for name, port in ports.items()},
    }
    process = subprocess.Popen(
        ["bash", str(ROOT / "scripts/stack.sh")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{ports['API']}"
    try:
        deadline = time.monotonic() + 180
        health: dict = {}  # type: ignore[type-arg]
        while time.monotonic() < deadline and process.poll() is None:
            try:
                health = _get(f"{base}/health")
                break
            except OSError:
                time.sleep(0.5)
        if not health:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
            pytest.fail(process.communicate(timeout=60)[0].decode(errors="replace")[-3000:])
        assert health == {
            "status": "ok",
            "database": "ok",
            "search_backend": "opensearch",
            "search": "ok",
            "indexed_workplaces": 422,
            "changes_waiting_for_index": 0,
        }
        token = _sign_in(base, CONSULTANT)
        asked = f"{base}/citizens/1/suggestions?limit=1&purpose=matching"
        first = _get(asked, token)["items"][0]
        assert first["workplace_name"] == "Genbrugsstation Vigerslev"
        # The demo load's new balance period started a batch run on the Redis worker.
        deadline = time.monotonic() + 120
        while _get(f"{base}/rerank-runs", token)[-1]["status"] != "done":
            assert time.monotonic() < deadline, _get(f"{base}/rerank-runs", token)
            time.sleep(0.5)
        snapshot = _get(f"{base}/citizens/1/snapshot?purpose=matching", token)
        assert snapshot["items"][0]["suggestion"]["function_id"] == first["function_id"]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=60)[0].decode(errors="replace")
        shutil.rmtree(state, ignore_errors=True)
    assert "Application shutdown complete" in output, output[-2000:]
    for port in ports.values():
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still open"
