"""What the commands share: who runs them (named in the audit log), input from a file or from
standard input (which is left open), and a context that leaves the index to the server."""

import getpass
import io
import sys
from pathlib import Path

import pytest

from api.cli.common import cli_actor, open_in, opened_context
from indexer.freshness import LocalIndex


def test_the_actor_is_the_operating_system_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "jens")
    actor = cli_actor()
    assert (actor.user_id, actor.name, actor.role, actor.team) == (
        None,
        "cli:jens",
        "operator",
        "cli",
    )
    monkeypatch.setattr(getpass, "getuser", lambda: "x" * 100)
    assert len(cli_actor().name) == 64


def test_a_file_is_read_as_bytes_and_closed(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"a": 1}\n\xff\n')
    with open_in(str(path)) as handle:
        assert handle.readlines() == [b'{"a": 1}\n', b"\xff\n"]
    assert handle.closed


def test_a_dash_reads_standard_input_and_leaves_it_open(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"line\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    with open_in("-") as handle:
        assert handle.read() == b"line\n"
    assert not stdin.buffer.closed


def test_a_commands_context_leaves_the_index_to_the_server(env: Path) -> None:
    with opened_context() as context:
        assert isinstance(context.freshness, LocalIndex) and not context.freshness.serves_index
        assert context.settings.data_dir == env
