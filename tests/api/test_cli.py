"""The matcher command: import, export, demo load and suggest (on SQLite and PostgreSQL)."""

import io
import json
from pathlib import Path

import pytest
from osmem_server import OsmemServer

from api.cli import main
from fixtures.generate import DATA_DIR


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> Path:
    monkeypatch.setenv("MATCHER_DATABASE_URL", database_url)
    monkeypatch.setenv("MATCHER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MATCHER_TODAY", "2026-11-22")
    return tmp_path


def test_demo_load_export_and_reimport_round_trip(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "load"]) == 0
    assert "422 workplaces, 131 citizens" in capsys.readouterr().out
    assert main(["export", "workplaces", str(env / "w.jsonl")]) == 0
    assert main(["export", "citizens", str(env / "c.jsonl")]) == 0
    first = (env / "w.jsonl").read_text(encoding="utf-8")
    assert len(first.splitlines()) == 422
    assert main(["import", "workplaces", str(env / "w.jsonl")]) == 0
    assert "0 created, 422 replaced" in capsys.readouterr().out
    assert main(["import", "citizens", str(env / "c.jsonl")]) == 0
    assert "0 created, 131 replaced" in capsys.readouterr().out
    assert main(["export", "workplaces", str(env / "w2.jsonl")]) == 0
    again = [json.loads(line) for line in (env / "w2.jsonl").read_text().splitlines()]
    # Replacing bumps each version; nothing else changes.
    assert [{**w, "version": 1} for w in again] == [
        {**json.loads(line), "version": 1} for line in first.splitlines()
    ]


def test_a_bad_line_refuses_the_whole_import(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = (DATA_DIR / "workplaces.jsonl").read_text(encoding="utf-8").splitlines()[:5]
    bad = json.loads(lines[3])
    bad["functions"][0]["weekly_hours"] = {"min": 30, "max": 10}
    lines[3] = json.dumps(bad)
    (env / "bad.jsonl").write_text("\n".join(lines), encoding="utf-8")
    assert main(["import", "workplaces", str(env / "bad.jsonl")]) == 2
    error = capsys.readouterr().err
    assert "line 4: functions.0.weekly_hours: min (30) must not exceed max (10)" in error
    assert main(["export", "workplaces", str(env / "out.jsonl")]) == 0
    assert (env / "out.jsonl").read_text() == ""


def test_new_lines_without_ids_get_fresh_ids(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = json.loads((DATA_DIR / "workplaces.jsonl").read_text().splitlines()[0])
    del record["id"]
    for function in record["functions"]:
        del function["id"]
    (env / "new.jsonl").write_text(json.dumps(record) + "\n" + json.dumps(record) + "\n")
    assert main(["import", "workplaces", str(env / "new.jsonl")]) == 0
    assert "2 created" in capsys.readouterr().out
    assert main(["export", "workplaces", str(env / "out.jsonl")]) == 0
    exported = [json.loads(line) for line in (env / "out.jsonl").read_text().splitlines()]
    assert [w["id"] for w in exported] == [1, 2]
    assert [w["functions"][0]["id"] for w in exported] == [1, 2]


def test_suggest_prints_a_table_with_reasons(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["demo", "load"])
    capsys.readouterr()
    assert main(["suggest", "JC-2026-VALBY", "--limit", "3", "--purpose", "matching"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "Genbrugsstation Vigerslev" in lines[2]
    assert "hard needs met: no_heavy_lifting, changing_positions" in out
    assert "Pakketerminal" not in out
    assert main(["suggest", "NO-SUCH-REF", "--purpose", "matching"]) == 1
    # The look-up is in the audit log, with who ran it and why.
    assert main(["audit", "export", "1"]) == 0
    entries = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    suggest = [e for e in entries if e["action"] == "suggest"]
    assert len(suggest) == 1
    assert suggest[0]["purpose"] == "matching" and suggest[0]["actor"].startswith("cli:")


def test_a_line_without_a_team_needs_a_default(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = json.loads((DATA_DIR / "citizens.jsonl").read_text().splitlines()[0])
    del record["team"]
    (env / "c.jsonl").write_text(json.dumps(record) + "\n")
    assert main(["import", "citizens", str(env / "c.jsonl")]) == 2
    assert "line 1: team: no team on the line and no default given" in capsys.readouterr().err
    assert main(["import", "citizens", str(env / "c.jsonl"), "--team", "jobcenter-vest"]) == 0
    assert main(["export", "citizens", str(env / "out.jsonl")]) == 0
    exported = json.loads((env / "out.jsonl").read_text())
    assert exported["team"] == "jobcenter-vest"


def test_users_are_created_with_a_role_and_team(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-password\n"))
    args = ["users", "create", "ida", "--role", "consultant", "--team", "jobcenter-vest"]
    assert main([*args, "--password-stdin"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert (
        main(["users", "create", "bo", "--role", "admin", "--team", "drift", "--password-stdin"])
        == 2
    )
    assert "password: use at least 12 characters" in capsys.readouterr().err
    assert main(["users", "list"]) == 0
    listed = capsys.readouterr().out
    assert "ida" in listed and "consultant" in listed and "bo " not in listed


def test_generate_writes_seeded_scale_data(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = env / "scale"
    args = ["generate", "--workplaces", "300", "--citizens", "120", "--seed", "7", "--out"]
    assert main([*args, str(out)]) == 0
    assert "wrote 300 workplaces and 120 citizens" in capsys.readouterr().out
    first = (out / "workplaces.jsonl").read_text()
    assert main([*args, str(out)]) == 0
    assert (out / "workplaces.jsonl").read_text() == first
    assert main(["import", "workplaces", str(out / "workplaces.jsonl")]) == 0
    assert main(["import", "citizens", str(out / "citizens.jsonl")]) == 0
    assert "120 created" in capsys.readouterr().out


@pytest.fixture
def opensearch_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, osmem: OsmemServer, opensearch_alias: str
) -> Path:
    monkeypatch.setenv("MATCHER_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    monkeypatch.setenv("MATCHER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MATCHER_TODAY", "2026-11-22")
    monkeypatch.setenv("MATCHER_SEARCH_BACKEND", "opensearch")
    monkeypatch.setenv("MATCHER_OPENSEARCH_URL", osmem.url)
    monkeypatch.setenv("MATCHER_OPENSEARCH_ALIAS", opensearch_alias)
    return tmp_path


def test_reindex_reconcile_and_relay_on_opensearch(
    opensearch_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "load"]) == 0  # the import reaches the shared index at once
    assert main(["reconcile", "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "index and store agree"
    assert main(["reindex"]) == 0
    out = capsys.readouterr()
    assert "indexed 422 workplaces; index and store agree" in out.out
    assert "422/422" in out.err  # the progress bar
    assert main(["relay"]) == 0
    assert "applied 0" in capsys.readouterr().out
    assert main(["suggest", "JC-2026-VALBY", "--limit", "1", "--purpose", "matching"]) == 0
    assert "Genbrugsstation Vigerslev" in capsys.readouterr().out


def test_relay_refuses_the_embedded_backend(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["relay"]) == 2
    assert "serving process" in capsys.readouterr().err


def test_an_unreachable_index_is_reported_not_raised(
    opensearch_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MATCHER_OPENSEARCH_URL", "http://127.0.0.1:9")
    assert main(["reindex"]) == 3
    assert "search index: OpenSearch: ConnectionError" in capsys.readouterr().err
