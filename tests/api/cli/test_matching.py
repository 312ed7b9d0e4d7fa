"""matcher suggest: a table with reasons; matcher evaluate: the quality figures."""

import json
from pathlib import Path

import pytest

from api.cli import main

PURPOSE = ["--purpose", "matching"]


def test_suggest_prints_a_table_with_reasons(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["demo", "load"])
    capsys.readouterr()
    assert main(["suggest", "JC-2026-VALBY", "--limit", "3", "--purpose", "matching"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "Genbrugsstation Vigerslev" in lines[2]
    assert "hard needs met: no_heavy_lifting, changing_positions" in out
    ranked, near = out.split("near matches (not suggestions")
    assert "Pakketerminal" not in ranked
    assert "Pakketerminal Valby" in near and "(can it be arranged?)" in near
    assert (
        main(["suggest", "JC-2026-VALBY", "--radius-km", "0.5", "--near-limit", "0", *PURPOSE]) == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("no workplace meets this citizen's hard needs and filters")
    assert "  without the radius 0.5 km (up to 2.5 km): " in out
    assert "near matches" not in out
    assert main(["suggest", "NO-SUCH-REF", "--purpose", "matching"]) == 1
    # The look-up is in the audit log, with who ran it and why.
    assert main(["audit", "export", "1"]) == 0
    entries = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    suggest = [e for e in entries if e["action"] == "suggest"]
    assert len(suggest) == 2  # one per look-up of the citizen
    assert suggest[0]["purpose"] == "matching" and suggest[0]["actor"].startswith("cli:")


def test_evaluate_prints_the_figures_of_both_systems(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--pool", "100"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("116 cases; each system proposes up to 20 workplaces")
    assert "matcher    all" in out and "keywords   all" in out and "typed goals: 274" in out


def test_evaluate_refuses_a_case_file_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "cases.json"
    broken.write_text('{"cases": [', encoding="utf-8")
    assert main(["evaluate", "--cases", str(broken)]) == 1
    assert capsys.readouterr().err.startswith("the cases cannot be read: ")
    with pytest.raises(SystemExit) as usage:
        main(["evaluate", "--pool", "-1"])
    assert usage.value.code == 2
    assert "give 0 to 100000 generated workplaces" in capsys.readouterr().err
