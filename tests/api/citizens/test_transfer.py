"""Citizens in and out as JSON Lines (SQLite and PostgreSQL): an import creates and replaces
(by id, else by reference) in one go, in the line's team or the default, audited as the acts of
whoever ran it; a reference another citizen holds refuses the whole file; an export is audited
per citizen and imports back as it was."""

import json

import pytest

from api.citizens.transfer import export_citizens, import_citizens
from api.composition.context import AppContext
from api.shared.jsonlines import ImportFailed, ImportResult
from store import audit
from store import citizens as repository
from store.audit import Actor
from tests.api.payloads import citizen

ADMIN = Actor(user_id=None, name="admin", role="admin", team="it")


def _lines(*bodies: dict[str, object]) -> list[str]:
    return [json.dumps(body) + "\n" for body in bodies]


def _stored(context: AppContext) -> dict[str, tuple[int, str, list[str]]]:
    with context.sessions() as session:
        return {
            row.reference: (row.id, row.team, row.profile["skills"])
            for row in repository.iter_all(session)
        }


def test_an_import_creates_and_replaces_and_is_audited_as_its_runners(
    context: AppContext,
) -> None:
    first = import_citizens(
        context,
        _lines(citizen(reference="JC-1"), citizen(reference="JC-2", team="jobcenter-nord")),
        default_team="jobcenter-syd",
        actor=ADMIN,
    )
    assert first == ImportResult(created=2, replaced=0)
    ids = {ref: value[0] for ref, value in _stored(context).items()}
    second = import_citizens(
        context,
        _lines(
            citizen(reference="JC-1", skills=["kantine"]),  # by reference
            citizen(id=ids["JC-2"], reference="JC-2B", team="jobcenter-syd"),  # by id, moved
            citizen(reference="JC-3"),
        ),
        default_team="jobcenter-nord",
        actor=ADMIN,
    )
    assert second == ImportResult(created=1, replaced=2)
    stored = _stored(context)
    assert stored["JC-1"] == (ids["JC-1"], "jobcenter-syd", ["kantine"])
    assert stored["JC-2B"][:2] == (ids["JC-2"], "jobcenter-syd")
    assert stored["JC-3"][1] == "jobcenter-nord" and "JC-2" not in stored
    with context.sessions() as session:
        entries = audit.for_citizen(session, citizen_id=ids["JC-1"])
    assert [(e.action, e.actor) for e in entries] == [("create", "admin"), ("update", "admin")]


def test_a_reference_another_citizen_holds_refuses_the_whole_file(context: AppContext) -> None:
    import_citizens(
        context,
        _lines(citizen(reference="JC-1"), citizen(reference="JC-2")),
        default_team="jobcenter-syd",
    )
    before = _stored(context)
    with pytest.raises(ImportFailed, match=r"line 2: reference: citizen \d+ already has"):
        import_citizens(
            context,
            _lines(
                citizen(reference="JC-3"),
                citizen(id=before["JC-1"][0], reference="JC-2"),
            ),
            default_team="jobcenter-syd",
        )
    assert _stored(context) == before


def test_a_reference_twice_in_one_file_is_refused(context: AppContext) -> None:
    with pytest.raises(ImportFailed, match="line 2: reference"):
        import_citizens(
            context,
            _lines(citizen(reference="JC-1"), citizen(reference="JC-1")),
            default_team="jobcenter-syd",
        )
    assert _stored(context) == {}


def test_an_unusable_profile_is_refused_at_its_line(context: AppContext) -> None:
    with pytest.raises(ImportFailed, match="line 2: postal_code"):
        import_citizens(
            context,
            _lines(citizen(reference="JC-1"), citizen(reference="JC-2", postal_code="0999")),
            default_team="jobcenter-syd",
        )
    assert _stored(context) == {}


def test_an_export_is_audited_and_imports_back_unchanged(context: AppContext) -> None:
    import_citizens(
        context,
        _lines(citizen(reference="JC-1"), citizen(reference="JC-2", active=False)),
        default_team="jobcenter-syd",
    )
    exported = list(export_citizens(context, actor=ADMIN))
    documents = [json.loads(line) for line in exported]
    assert [d["reference"] for d in documents] == ["JC-1", "JC-2"]
    assert documents[1]["active"] is False and documents[0]["team"] == "jobcenter-syd"
    with context.sessions() as session:
        actions = [e.action for e in audit.for_citizen(session, citizen_id=documents[0]["id"])]
    assert actions[-1] == "export"
    before = _stored(context)
    for document in documents:
        document.pop("version")
    result = import_citizens(context, _lines(*documents), actor=ADMIN)
    assert result == ImportResult(created=0, replaced=2)
    assert _stored(context) == before
