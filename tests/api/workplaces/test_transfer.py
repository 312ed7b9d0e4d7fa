"""Workplaces in and out as JSON Lines (SQLite and PostgreSQL): given ids are kept and the
others get ids no workplace or function ever had; a line with an existing id replaces that
workplace; a function id of another workplace refuses the whole file; every change reaches
the index through the outbox (a big import as one rebuild); an export imports back as it was."""

import json

import pytest

from api.composition.context import AppContext
from api.shared.jsonlines import ImportFailed, ImportResult
from api.workplaces.transfer import export_workplaces, import_workplaces
from store import outbox
from store import workplaces as repository
from tests.api.payloads import WORKPLACE, workplace


def _lines(*bodies: dict[str, object]) -> list[str]:
    return [json.dumps(body) + "\n" for body in bodies]


def _function(**changes: object) -> dict[str, object]:
    return {**WORKPLACE["functions"][0], **changes}


def _stored(context: AppContext) -> dict[int, tuple[str, str, list[int]]]:
    with context.sessions() as session:
        portfolios = repository.all_portfolios(session)
        return {
            w.id: (w.name, portfolios[w.id], [f.id for f in w.functions])
            for w in repository.load_all(session)
        }


def test_given_ids_are_kept_and_new_ones_never_reuse_an_old_id(context: AppContext) -> None:
    result = import_workplaces(
        context,
        _lines(
            workplace(id=40, name="A", functions=[_function(id=400)]),
            workplace(name="B"),
        ),
        default_portfolio="virksomhedsservice-syd",
    )
    assert result == ImportResult(created=2, replaced=0)
    assert _stored(context) == {
        40: ("A", "virksomhedsservice-syd", [400]),
        41: ("B", "virksomhedsservice-syd", [401]),
    }
    with context.sessions.begin() as session:
        row = repository.get(session, workplace_id=41)
        assert row is not None
        repository.delete(session, row=row)
    import_workplaces(context, _lines(workplace(name="C")), default_portfolio="vs-nord")
    assert _stored(context)[42] == ("C", "vs-nord", [402])


def test_an_existing_id_replaces_that_workplace_and_may_move_it(context: AppContext) -> None:
    import_workplaces(
        context, _lines(workplace(id=5, name="Gammel")), default_portfolio="virksomhedsservice-syd"
    )
    (function_id,) = _stored(context)[5][2]
    result = import_workplaces(
        context,
        _lines(
            workplace(
                id=5,
                name="Ny",
                portfolio="virksomhedsservice-nord",
                functions=[_function(id=function_id), _function(title="Lagermedarbejder")],
            )
        ),
    )
    assert result == ImportResult(created=0, replaced=1)
    name, portfolio, functions = _stored(context)[5]
    assert (name, portfolio) == ("Ny", "virksomhedsservice-nord")
    assert functions[0] == function_id and len(functions) == 2


def test_another_workplaces_function_id_refuses_the_file(context: AppContext) -> None:
    import_workplaces(
        context,
        _lines(workplace(id=1, functions=[_function(id=10)])),
        default_portfolio="virksomhedsservice-syd",
    )
    before = _stored(context)
    with pytest.raises(ImportFailed) as refused:
        import_workplaces(
            context,
            _lines(workplace(name="Ny"), workplace(id=2, functions=[_function(id=10)])),
            default_portfolio="virksomhedsservice-syd",
        )
    assert str(refused.value) == (
        "line 2: functions.0.id: function 10 belongs to workplace 1; leave the id out to add "
        "the function anew"
    )
    assert _stored(context) == before


def test_a_workplace_that_cannot_be_placed_is_refused_at_its_line(context: AppContext) -> None:
    body = workplace(postal_code="0999")
    body.pop("coordinates")
    with pytest.raises(ImportFailed, match="line 2: coordinates: postal code 0999"):
        import_workplaces(
            context, _lines(workplace(), body), default_portfolio="virksomhedsservice-syd"
        )
    assert _stored(context) == {}


def test_each_change_reaches_the_index_and_a_big_import_as_one_rebuild(
    context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_workplaces(context, _lines(workplace(id=1), workplace(id=2)), default_portfolio="vs")
    assert context.backend.indexed_versions() == {1: 1, 2: 1}
    rebuilds = []
    rebuild = context.backend.rebuild
    monkeypatch.setattr(outbox, "ONE_BY_ONE", 2)
    monkeypatch.setattr(
        context.backend, "rebuild", lambda *a, **k: rebuilds.append(rebuild(*a, **k))
    )
    import_workplaces(
        context, _lines(workplace(id=1), workplace(id=3), workplace(id=4)), default_portfolio="vs"
    )
    assert len(rebuilds) == 1
    assert context.backend.indexed_versions() == {1: 2, 2: 1, 3: 1, 4: 1}


def test_an_export_imports_back_as_it_was(context: AppContext) -> None:
    import_workplaces(
        context,
        _lines(workplace(name="A"), workplace(name="B", portfolio="virksomhedsservice-nord")),
        default_portfolio="virksomhedsservice-syd",
    )
    before = _stored(context)
    exported = list(export_workplaces(context))
    assert [json.loads(line)["name"] for line in exported] == ["A", "B"]
    assert import_workplaces(context, exported) == ImportResult(created=0, replaced=2)
    assert _stored(context) == before
