"""Reconciling the index with the store (SQLite and PostgreSQL): workplaces missing from the
index, indexed at an old version, or gone from the store are found, reported by id, and
repaired unless only a check was asked for."""

from api.composition.context import AppContext
from indexer.embedded import EmbeddedIndex
from indexer.reconcile import ReconcileReport, reconcile
from store import workplaces as repository
from tests.factories import workplace


def _drifted(context: AppContext) -> tuple[EmbeddedIndex, dict[str, int]]:
    """An index that lacks one stored workplace, holds an old version of another and one the
    store no longer has; a fourth agrees."""
    with context.sessions.begin() as session:
        rows = [repository.create(session, workplace=workplace(0), portfolio="vs") for _ in "abcd"]
        ids = [row.id for row in rows]
        index = EmbeddedIndex()
        index.rebuild(repository.to_domain(row) for row in rows)
        repository.update(session, row=rows[1], workplace=workplace(ids[1], name="Ny"))
        repository.delete(session, row=rows[2])
    index.delete(ids[0])
    return index, {"missing": ids[0], "stale": ids[1], "extra": ids[2], "same": ids[3]}


def test_a_check_reports_each_kind_of_drift_and_changes_nothing(context: AppContext) -> None:
    index, ids = _drifted(context)
    with context.sessions() as session:
        report = reconcile(session, index, repair=False)
    assert (report.missing, report.stale, report.extra) == (
        [ids["missing"]],
        [ids["stale"]],
        [ids["extra"]],
    )
    assert report.drift == 3 and not report.repaired
    assert report.summary().startswith("found: 1 missing (")
    with context.sessions() as session:
        assert reconcile(session, index, repair=False).drift == 3


def test_a_repair_leaves_index_and_store_agreeing(context: AppContext) -> None:
    index, ids = _drifted(context)
    with context.sessions() as session:
        report = reconcile(session, index)
        assert report.repaired and report.summary().startswith("repaired: ")
        again = reconcile(session, index)
        stored = repository.versions(session)
    assert again.drift == 0 and again.summary() == "index and store agree"
    assert index.indexed_versions() == stored
    assert ids["extra"] not in index.indexed_versions()


def test_a_long_list_of_ids_is_cut_to_twenty() -> None:
    report = ReconcileReport(missing=list(range(1, 26)), extra=[99])
    assert report.summary() == (
        "found: 25 missing (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,"
        " 20 and 5 more); 1 no longer in the store (99)"
    )
