"""The OpenSearch index: its mapping, defined once, and the one builder of its documents.

One document per workplace function (a suggestion is a function). Text fields hold stems that
matcher.text has already normalised, analysed only by whitespace and lower-casing, so nothing
depends on a server-side Danish analyzer. The first function of each workplace also carries
the workplace's listing terms (`listing: true`), which serve GET /workplaces. No citizen data
is ever written here.
"""

import datetime as dt
from typing import Any

from matcher.models import Workplace
from matcher.rows import terms_fingerprint
from matcher.rules import ReasonablenessRule
from matcher.table import FunctionRow, function_rows
from matcher.text import normalise_many, normalise_title

MAPPING_VERSION = 1

SETTINGS: dict[str, Any] = {
    "number_of_shards": 1,
    "analysis": {
        "analyzer": {
            "normalised_terms": {
                "type": "custom",
                "tokenizer": "whitespace",
                "filter": ["lowercase"],
            }
        }
    },
}

_TERMS = {"type": "text", "analyzer": "normalised_terms", "norms": False}
_STORED_ONLY = {"type": "keyword", "index": False, "doc_values": False}

MAPPING: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "function_id": {"type": "long"},
        "workplace_id": {"type": "long"},
        "workplace_version": {"type": "integer"},
        "workplace_name": _STORED_ONLY,
        "industry": {"type": "keyword"},
        "postal_code": {"type": "keyword"},
        "location": {"type": "geo_point"},
        "title": _STORED_ONLY,
        "occupation_code": {"type": "keyword"},
        "occupation_minor_group": {"type": "keyword"},
        "tasks": _STORED_ONLY,
        "hours_min": {"type": "float"},
        "hours_max": {"type": "float"},
        "placement_types": {"type": "keyword"},
        "accommodations": {"type": "keyword"},
        "ordinary_employees": {"type": "integer"},
        "current_subsidised_placements": {"type": "integer"},
        "subsidised_room": {"type": "integer"},
        "record_placements": {"type": "integer"},
        "record_good_outcomes": {"type": "integer"},
        "record_paid_hours_outcomes": {"type": "integer"},
        "terms": _TERMS,
        "title_terms": _TERMS,
        "listing": {"type": "boolean"},
        "listing_terms": _TERMS,
    },
}


def index_body(*, rule: ReasonablenessRule) -> dict[str, Any]:
    """Settings and mappings of a new index; _meta records what its documents assumed."""
    return {
        "settings": SETTINGS,
        "mappings": {
            **MAPPING,
            "_meta": {
                "mapping_version": MAPPING_VERSION,
                "terms_fingerprint": terms_fingerprint(),
                "reasonableness_rule_from": rule.effective_from.isoformat(),
                "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            },
        },
    }


def function_documents(workplace: Workplace, *, rule: ReasonablenessRule) -> list[dict[str, Any]]:
    """The documents of one workplace, one per function; `_id` is the function id."""
    room = rule.limit(workplace.ordinary_employees) - workplace.current_subsidised_placements
    documents = []
    for position, row in enumerate(function_rows(workplace)):
        document: dict[str, Any] = {
            "_id": str(row.function_id),
            "function_id": row.function_id,
            "workplace_id": row.workplace_id,
            "workplace_version": workplace.version,
            "workplace_name": row.workplace_name,
            "industry": row.industry,
            "postal_code": row.postal_code,
            "location": {"lat": row.lat, "lon": row.lon},
            "title": row.title,
            "occupation_code": row.occupation_code,
            "occupation_minor_group": row.occupation_code[:3],
            "tasks": list(row.tasks),
            "hours_min": row.hours_min,
            "hours_max": row.hours_max,
            "placement_types": sorted(row.placement_types),
            "accommodations": sorted(row.accommodations),
            "ordinary_employees": row.ordinary_employees,
            "current_subsidised_placements": row.current_subsidised_placements,
            "subsidised_room": room,
            "record_placements": row.record_placements,
            "record_good_outcomes": row.record_good_outcomes,
            "record_paid_hours_outcomes": row.record_paid_hours_outcomes,
            "terms": " ".join(row.terms),
            "title_terms": normalise_title(row.title),
            "listing": position == 0,
        }
        if position == 0:
            document["listing_terms"] = " ".join(listing_terms(workplace))
        documents.append(document)
    return documents


def listing_terms(workplace: Workplace) -> tuple[str, ...]:
    """Stems a workplace is found by in a search: name, address, functions and tasks."""
    texts = [workplace.name, workplace.address]
    for function in workplace.functions:
        texts.append(function.title)
        texts.extend(function.tasks)
    return normalise_many(texts)


def row_of(source: dict[str, Any]) -> FunctionRow:
    """The matcher's row for a document's source, exactly as function_rows makes it."""
    return FunctionRow(
        function_id=source["function_id"],
        workplace_id=source["workplace_id"],
        workplace_name=source["workplace_name"],
        industry=source["industry"],
        postal_code=source["postal_code"],
        lat=source["location"]["lat"],
        lon=source["location"]["lon"],
        title=source["title"],
        occupation_code=source["occupation_code"],
        tasks=tuple(source["tasks"]),
        hours_min=source["hours_min"],
        hours_max=source["hours_max"],
        placement_types=frozenset(source["placement_types"]),
        accommodations=frozenset(source["accommodations"]),
        ordinary_employees=source["ordinary_employees"],
        current_subsidised_placements=source["current_subsidised_placements"],
        record_placements=source["record_placements"],
        record_good_outcomes=source["record_good_outcomes"],
        record_paid_hours_outcomes=source["record_paid_hours_outcomes"],
    )
