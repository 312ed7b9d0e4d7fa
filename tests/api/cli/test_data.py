"""matcher import, export, demo load and generate: whole or nothing, audited, serialised."""

import json
import re
from pathlib import Path

import pytest

from api.cli import main
from fixtures.generate import DATA_DIR
from tests.api.cli.helpers import cli_env, export_lines, run_cli


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
    assert main(["import", "workplaces", str(env / "bad.jsonl")]) == 1
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


def test_a_line_without_a_team_needs_a_default(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = json.loads((DATA_DIR / "citizens.jsonl").read_text().splitlines()[0])
    del record["team"]
    (env / "c.jsonl").write_text(json.dumps(record) + "\n")
    assert main(["import", "citizens", str(env / "c.jsonl")]) == 1
    assert "line 1: team: no team on the line and no default given" in capsys.readouterr().err
    assert main(["import", "citizens", str(env / "c.jsonl"), "--team", "jobcenter-vest"]) == 0
    assert main(["export", "citizens", str(env / "out.jsonl")]) == 0
    exported = json.loads((env / "out.jsonl").read_text())
    assert exported["team"] == "jobcenter-vest"


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


def test_national_scale_data_is_placed_across_denmark_and_imports(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = env / "national"
    args = ["generate", "--workplaces", "200", "--citizens", "40", "--geography", "national"]
    assert main([*args, "--out", str(out)]) == 0
    citizens = [json.loads(line) for line in (out / "citizens.jsonl").read_text().splitlines()]
    assert all("coordinates" in citizen for citizen in citizens)
    # Some live west of the Great Belt (longitude 11), which the capital area does not reach.
    assert any(citizen["coordinates"]["lon"] < 11 for citizen in citizens)
    assert main(["import", "workplaces", str(out / "workplaces.jsonl")]) == 0
    assert main(["import", "citizens", str(out / "citizens.jsonl")]) == 0
    assert "40 created" in capsys.readouterr().out


def test_generate_refuses_an_unknown_geography(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["generate", "--geography", "sweden", "--out", str(env / "x")])
    assert "invalid choice: 'sweden'" in capsys.readouterr().err


class TestImportFailures:
    """Every failure is `line N: field: reason` with exit code 1; nothing is stored."""

    def test_generated_data_whose_function_ids_are_the_demo_data_s(
        self, env: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["demo", "load"]) == 0
        before = export_lines(env, "workplaces")
        out = env / "scale"
        assert main(["generate", "--workplaces", "500", "--citizens", "5", "--out", str(out)]) == 0
        capsys.readouterr()
        assert main(["import", "workplaces", str(out / "workplaces.jsonl")]) == 1
        error = capsys.readouterr().err
        assert error.startswith("import refused, nothing was stored:\n")
        first = error.splitlines()[1]
        assert re.fullmatch(
            r"line \d+: functions\.\d+\.id: function \d+ belongs to workplace \d+; leave the id "
            r"out to add the function anew",
            first,
        ), first
        assert export_lines(env, "workplaces") == before

    def test_a_line_that_is_not_utf8(self, env: Path, capsys: pytest.CaptureFixture[str]) -> None:
        good = (DATA_DIR / "workplaces.jsonl").read_bytes().splitlines()[:3]
        bad = good[1].replace(b'"name": "', b'"name": "\xff', 1)
        assert bad != good[1]
        (env / "latin.jsonl").write_bytes(b"\n".join([good[0], bad, good[2]]))
        assert main(["import", "workplaces", str(env / "latin.jsonl")]) == 1
        column = bad.index(b"\xff") + 1
        assert (
            f"line 2: record: not valid UTF-8 (byte 0xff at column {column}); save the file as "
            "UTF-8" in capsys.readouterr().err
        )
        assert export_lines(env, "workplaces") == []

    def test_a_line_that_is_not_json(self, env: Path, capsys: pytest.CaptureFixture[str]) -> None:
        (env / "broken.jsonl").write_text('{"name": "Café"\n', encoding="utf-8")
        assert main(["import", "workplaces", str(env / "broken.jsonl")]) == 1
        assert "line 1: record: not valid JSON (" in capsys.readouterr().err

    def test_ids_out_of_range(self, env: Path, capsys: pytest.CaptureFixture[str]) -> None:
        record = json.loads((DATA_DIR / "workplaces.jsonl").read_text().splitlines()[0])
        record["id"] = 2**63
        record["functions"][0]["id"] = 2**31
        (env / "big.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
        assert main(["import", "workplaces", str(env / "big.jsonl")]) == 1
        error = capsys.readouterr().err
        assert "line 1: id: Input should be less than or equal to 2147483647" in error
        assert "line 1: functions.0.id: Input should be less than or equal to" in error

    def test_a_control_character(self, env: Path, capsys: pytest.CaptureFixture[str]) -> None:
        record = json.loads((DATA_DIR / "citizens.jsonl").read_text().splitlines()[0])
        record["skills"] = ["lager\u0000"]
        (env / "nul.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
        assert main(["import", "citizens", str(env / "nul.jsonl")]) == 1
        assert "line 1: skills.0: contains a control character (U+0000)" in (
            capsys.readouterr().err
        )

    def test_the_same_function_id_on_two_lines(
        self, env: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        lines = (DATA_DIR / "workplaces.jsonl").read_text().splitlines()[:2]
        second = json.loads(lines[1])
        second["functions"][0]["id"] = json.loads(lines[0])["functions"][0]["id"]
        (env / "twice.jsonl").write_text(lines[0] + "\n" + json.dumps(second) + "\n")
        assert main(["import", "workplaces", str(env / "twice.jsonl")]) == 1
        assert "line 2: functions.0.id: function 1 is on line 1 too" in capsys.readouterr().err

    def test_a_reference_another_citizen_has(
        self, env: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        lines = (DATA_DIR / "citizens.jsonl").read_text().splitlines()[:2]
        (env / "c.jsonl").write_text("\n".join(lines) + "\n")
        assert main(["import", "citizens", str(env / "c.jsonl")]) == 0
        taken = json.loads(lines[1])
        taken["id"] = 2  # citizen 2, under citizen 1's reference
        taken["reference"] = json.loads(lines[0])["reference"]
        (env / "taken.jsonl").write_text(json.dumps(taken) + "\n")
        assert main(["import", "citizens", str(env / "taken.jsonl")]) == 1
        assert (
            f"line 1: reference: citizen 1 already has the reference {taken['reference']!r}"
            in capsys.readouterr().err
        )

    def test_a_file_that_is_not_there(self, env: Path, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["import", "citizens", str(env / "nowhere.jsonl")]) == 1
        assert "nowhere.jsonl: No such file or directory" in capsys.readouterr().err

    def test_a_balance_line_that_is_not_utf8(
        self, env: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        csv = b"occupation_code,title,area,period,category\n9612,Sortering,h,2027-01,good\n"
        (env / "b.csv").write_bytes(csv + b"4321,Lagermedarbejder \xe6,h,2027-01,good\n")
        assert main(["import", "balance", str(env / "b.csv")]) == 1
        assert "line 3: record: not valid UTF-8 (byte 0xe6" in capsys.readouterr().err


def test_replacing_citizens_by_import_is_in_the_audit_log(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = (DATA_DIR / "citizens.jsonl").read_text().splitlines()[:3]
    (env / "c.jsonl").write_text("\n".join(lines) + "\n")
    assert main(["import", "citizens", str(env / "c.jsonl")]) == 0
    assert main(["import", "citizens", str(env / "c.jsonl")]) == 0
    assert "0 created, 3 replaced" in capsys.readouterr().out
    assert main(["audit", "export", "2"]) == 0
    entries = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    writes = [(e["action"], e["route"]) for e in entries if e["route"].startswith("cli matcher")]
    assert writes == [
        ("create", "cli matcher import citizens"),
        ("update", "cli matcher import citizens"),
    ]
    assert all(e["actor"].startswith("cli:") for e in entries)


@pytest.mark.slow
def test_concurrent_imports_serialise_and_each_is_whole(
    env: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ten processes import new workplaces (no ids: each takes the next free ones) at once."""
    template = json.loads((DATA_DIR / "workplaces.jsonl").read_text().splitlines()[0])
    del template["id"]
    for function in template["functions"]:
        del function["id"]
    files = []
    for number in range(10):
        path = env / f"import-{number}.jsonl"
        lines = [json.dumps({**template, "name": f"Import {number}-{i}"}) for i in range(40)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
    assert main(["migrate"]) == 0
    processes = [
        run_cli(cli_env(database_url, env), "import", "workplaces", str(path), "--portfolio", "p")
        for path in files
    ]
    results = [(process.wait(timeout=300), process.stderr) for process in processes]
    messages = [stderr.read().decode() if stderr else "" for _, stderr in results]
    codes = [code for code, _ in results]
    for process in processes:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        process.stderr.close()
    assert all(code in (0, 1) for code in codes), messages
    assert not any("Traceback" in message for message in messages), messages
    assert codes.count(0) >= 1
    exported = export_lines(env, "workplaces")
    names = [json.loads(line)["name"] for line in exported]
    # Every import that succeeded is there whole, and nothing of one that failed.
    imported = {name.split("-")[0] for name in names}
    assert len(names) == 40 * codes.count(0) == 40 * len(imported)
    ids = [json.loads(line)["id"] for line in exported]
    assert len(set(ids)) == len(ids)


def test_export_into_a_pipe_that_closes_early_ends_quietly(env: Path, database_url: str) -> None:
    assert main(["demo", "load"]) == 0
    process = run_cli(cli_env(database_url, env), "export", "workplaces")
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    code = process.wait(timeout=60)
    errors = process.stderr.read()
    process.stderr.close()
    assert json.loads(first)["id"] == 1
    assert errors == b""
    assert code == 141
