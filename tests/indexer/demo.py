"""The demo workplaces and citizens as domain objects, for backend tests."""

import json
from functools import cache

from api.citizens.schemas import CitizenRecordLine
from api.workplaces.schemas import WorkplaceRecordLine
from fixtures.generate import DATA_DIR
from matcher.models import CitizenProfile, Coordinates, Workplace


@cache
def demo_workplaces() -> tuple[Workplace, ...]:
    workplaces = []
    for line in (DATA_DIR / "workplaces.jsonl").read_text(encoding="utf-8").splitlines():
        record = WorkplaceRecordLine.model_validate_json(line)
        assert record.coordinates is not None and record.id is not None
        coordinates = Coordinates(record.coordinates.lat, record.coordinates.lon)
        workplaces.append(record.to_domain(workplace_id=record.id, coordinates=coordinates))
    return tuple(workplaces)


@cache
def demo_profiles() -> tuple[CitizenProfile, ...]:
    lines = (DATA_DIR / "citizens.jsonl").read_text(encoding="utf-8").splitlines()
    return tuple(CitizenRecordLine.model_validate(json.loads(line)).to_domain() for line in lines)
