"""The index as a mapped snapshot: a process that opens it answers as the one that built it,
without building anything; a new version replaces the current one whole."""

import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from indexer.embedded import EmbeddedIndex
from indexer.snapshot import CURRENT, SnapshotDirectory
from matcher.scoring import ScoringContext
from tests.factories import TODAY, function, query, workplace
from tests.indexer.demo import demo_profiles, demo_workplaces


def _answers(index: EmbeddedIndex, profiles) -> list[list[object]]:  # type: ignore[no-untyped-def]
    context = ScoringContext(on=TODAY)
    return [index.suggest(query(p, limit=15), context) for p in profiles]


def _written(directory: SnapshotDirectory, index: EmbeddedIndex, covered: int = 0) -> str:
    table, listings, vocabulary = index.export()
    return directory.write(table, listings, vocabulary, covered=covered)


def test_an_index_opened_from_a_snapshot_answers_as_the_one_that_wrote_it(
    tmp_path: Path,
) -> None:
    built = EmbeddedIndex(compact_after=10_000)
    workplaces = demo_workplaces()
    built.rebuild(workplaces)
    first = workplaces[0]
    built.upsert(replace(first, name="Omdøbt Ørestad", version=first.version + 1))
    built.delete(workplaces[1].id)
    directory = SnapshotDirectory(tmp_path)
    version = _written(directory, built, covered=7)
    assert directory.current() == version

    opened = EmbeddedIndex()
    snapshot = directory.load(version)
    assert snapshot.covered == 7
    assert isinstance(snapshot.table.lat.base, np.memmap)  # mapped, not read into memory
    opened.install(snapshot)
    profiles = demo_profiles()[:40]
    assert _answers(opened, profiles) == _answers(built, profiles)
    assert opened.indexed_versions() == built.indexed_versions()
    assert opened.count() == built.count() == len(workplaces) - 1
    for text in ("Omdøbt", "lager", None):
        found = opened.search_workplaces(
            text=text, industry=None, postal_code=None, offset=0, limit=50
        )
        assert found == built.search_workplaces(
            text=text, industry=None, postal_code=None, offset=0, limit=50
        )


def test_writes_after_opening_a_snapshot_leave_its_files_as_they_were(tmp_path: Path) -> None:
    built = EmbeddedIndex()
    built.rebuild([workplace(1), workplace(2)])
    directory = SnapshotDirectory(tmp_path)
    version = _written(directory, built)
    files = {p.name: p.read_bytes() for p in (tmp_path / version).iterdir()}
    opened = EmbeddedIndex(compact_after=0)  # every write compacts the mapped base
    opened.install(directory.load(version))
    opened.upsert(workplace(3, function(30)))
    opened.delete(1)
    assert opened.indexed_versions() == {2: 1, 3: 1}
    assert {p.name: p.read_bytes() for p in (tmp_path / version).iterdir()} == files


def test_a_new_version_becomes_current_at_once_and_the_oldest_are_removed(
    tmp_path: Path,
) -> None:
    index = EmbeddedIndex()
    index.rebuild([workplace(1)])
    directory = SnapshotDirectory(tmp_path)
    assert directory.current() is None
    names = [_written(directory, index, covered=n) for n in range(3)]
    assert names == sorted(names) and directory.current() == names[-1]
    kept = sorted(p.name for p in tmp_path.iterdir() if p.is_dir())
    assert kept == names[1:]  # the current one and the one before it
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert (tmp_path / CURRENT).read_text() == names[-1]


def test_an_index_opened_elsewhere_is_not_changed_when_a_new_version_is_written(
    tmp_path: Path,
) -> None:
    index = EmbeddedIndex()
    index.rebuild([workplace(1), workplace(2)])
    directory = SnapshotDirectory(tmp_path)
    opened = EmbeddedIndex()
    opened.install(directory.load(_written(directory, index)))
    index.delete(2)
    for _ in range(2):  # the version `opened` maps is removed from the directory
        _written(directory, index)
    assert opened.indexed_versions() == {1: 1, 2: 1}


def test_a_snapshot_of_another_format_is_refused(tmp_path: Path) -> None:
    index = EmbeddedIndex()
    index.rebuild([workplace(1)])
    directory = SnapshotDirectory(tmp_path)
    version = _written(directory, index)
    manifest = tmp_path / version / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"format": 1', '"format": 99'))
    with pytest.raises(ValueError, match="format 99"):
        directory.load(version)


def test_one_builder_at_a_time(tmp_path: Path) -> None:
    directory = SnapshotDirectory(tmp_path)
    with directory.builder() as first:
        assert first
        pid = os.fork()
        if pid == 0:  # another process cannot take the lock while this one holds it
            with directory.builder(wait_s=0.2) as other:
                os._exit(0 if other is False else 1)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    with directory.builder(wait_s=0.2) as again:
        assert again


def test_a_version_made_with_other_word_lists_or_catalogue_is_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its rows' terms would not meet citizens' terms made today: it is rebuilt, not used."""
    directory = SnapshotDirectory(tmp_path)
    index = EmbeddedIndex()
    index.rebuild([workplace(1)])
    name = _written(directory, index)
    assert not directory.stale(name)
    monkeypatch.setattr("indexer.snapshot.terms_fingerprint", lambda: "2-another-catalogue")
    assert directory.stale(name)
