"""Stored profiles read back as the same domain objects the API would make."""

import json

from api.citizens.schemas import CitizenIn, CitizenRecordLine
from fixtures.generate import DATA_DIR
from store import citizens as repository
from store.models import CitizenRow


def test_every_demo_profile_reads_back_as_the_api_makes_it() -> None:
    for number, line in enumerate((DATA_DIR / "citizens.jsonl").read_text().splitlines(), 1):
        data = CitizenRecordLine.model_validate(json.loads(line))
        document = data.model_dump(
            mode="json", include=set(CitizenIn.model_fields), exclude_none=True
        )
        row = CitizenRow(
            id=number,
            version=3,
            reference=data.reference,
            target_group=data.target_group,
            team=data.team,
            profile=document,
        )
        assert repository.to_domain(row) == data.to_domain(citizen_id=number, version=3)
