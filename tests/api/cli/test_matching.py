"""matcher suggest: a table with reasons."""

import json
from pathlib import Path

import pytest

from api.cli import main


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
