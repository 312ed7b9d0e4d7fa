"""matcher reindex, reconcile and relay: on OpenSearch, refused on the embedded index, and one
reindex at a time."""

from pathlib import Path

import pytest

from api.cli import main
from scripts.opensearch_node import OpenSearchNode


@pytest.fixture
def opensearch_env(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    opensearch_node: OpenSearchNode,
    opensearch_alias: str,
) -> Path:
    monkeypatch.setenv("MATCHER_DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite3'}")
    monkeypatch.setenv("MATCHER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("MATCHER_TODAY", "2026-11-22")
    monkeypatch.setenv("MATCHER_SEARCH_BACKEND", "opensearch")
    monkeypatch.setenv("MATCHER_OPENSEARCH_URL", opensearch_node.url)
    monkeypatch.setenv("MATCHER_OPENSEARCH_ALIAS", opensearch_alias)
    return tmp_path


@pytest.mark.servers
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


def test_a_second_reindex_is_refused_while_one_runs(
    env: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import create_engine

    from store.locks import held

    assert main(["migrate"]) == 0
    engine = create_engine(database_url)
    try:
        with held(engine, "reindex"):  # as a reindex in another process holds it
            assert main(["reindex"]) == 1
            assert "refused: another reindex is running" in capsys.readouterr().err
    finally:
        engine.dispose()
    assert main(["reindex"]) == 0
    assert "indexed 0 workplaces" in capsys.readouterr().out
