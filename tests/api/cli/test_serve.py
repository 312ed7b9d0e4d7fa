"""`matcher serve --workers 2`: two processes answer on one port from one shared index
snapshot, built once before they start; a workplace one of them stores is found through
either; a wrong worker count is refused."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.auth import PASSWORDS
from tests.net import free_port

COORDINATOR = "koordinator.nord"


def _call(url: str, *, token: str | None = None, body: object = None) -> dict:  # type: ignore[type-arg]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["content-type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def _sign_in(base: str, username: str) -> str:
    form = urllib.parse.urlencode({"username": username, "password": PASSWORDS[username]})
    request = urllib.request.Request(f"{base}/auth/token", data=form.encode())
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["access_token"]  # type: ignore[no-any-return]


def _workers(pid: int) -> int:
    """How many serving processes the supervisor has spawned (not its resource tracker)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return sum(b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes() for child in children)


def _matcher(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args], env=env, capture_output=True, text=True
    )


@pytest.mark.slow
@pytest.mark.servers
def test_two_workers_share_one_index_and_see_each_others_writes(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "MATCHER_DATA_DIR": str(tmp_path),
        "MATCHER_INDEX_CHECK_S": "0.2",
        "MATCHER_LOGIN_RATE_PER_MINUTE": "1000",
    }
    env.pop("MATCHER_INDEX_SNAPSHOTS", None)
    assert _matcher("demo", "load", env=env).returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "api.cli",
            "serve",
            "--workers",
            "2",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if _call(f"{base}/health")["status"] == "ok" and _workers(server.pid) == 2:
                    break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "did not start"
            time.sleep(0.3)
        versions = [p for p in (tmp_path / "index").iterdir() if p.is_dir()]
        assert len(versions) == 1  # built once, by the supervisor, before the workers
        token = _sign_in(base, COORDINATOR)
        created = _call(
            f"{base}/workplaces",
            token=token,
            body={
                "name": "Café Pomerans",
                "address": "Jagtvej 12, 2200 København N",
                "postal_code": "2200",
                "industry": "cafe",
                "ordinary_employees": 6,
                "functions": [
                    {
                        "title": "Cafémedarbejder",
                        "occupation_code": "5246",
                        "tasks": ["Kaffe og servering"],
                        "weekly_hours": {"min": 4, "max": 20},
                        "placement_types": ["internship"],
                    }
                ],
            },
        )
        time.sleep(1.0)  # past both workers' index_check_s
        # Each request on a new connection: the kernel hands them to either worker.
        found = [
            [item["id"] for item in _call(f"{base}/workplaces?q=pomerans", token=token)["items"]]
            for _ in range(12)
        ]
        assert found == [[created["id"]]] * 12
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        _, said = server.communicate(timeout=30)
    assert "MATCHER_INDEX_SNAPSHOTS=true" in said


@pytest.mark.parametrize(("given", "reason"), [("0", "0 is fewer than 1"), ("two", "'two' is not")])
def test_a_wrong_worker_count_is_refused_with_its_reason(
    given: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from api.cli import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--workers", given])
    assert f"--workers: {reason}" in capsys.readouterr().err


@pytest.mark.slow
def test_workers_are_not_started_when_the_store_cannot_be_prepared(tmp_path: Path) -> None:
    """Migrating and publishing the first version happen before any worker starts, in a
    process of their own: when that fails, serve stops and says so, with no worker left."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the database's folder should be")
    env = {
        **os.environ,
        "MATCHER_DATA_DIR": str(tmp_path),
        "MATCHER_DATABASE_URL": f"sqlite:///{blocked / 'store.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "serve", "--workers", "2", "--port", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "preparing the store and the index failed" in done.stderr
    assert "Started server process" not in done.stderr
