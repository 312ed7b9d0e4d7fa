"""Pure builders of OpenSearch queries; tested by comparing whole query dicts.

Hard filters are filter clauses, so OpenSearch only ever returns candidates; the should
clauses and the distance decay only order them, so that the best of them are among the
`size` returned. The matcher then applies the hard filters again and scores them exactly.
"""

from typing import Any

from matcher.competences import NEAR
from matcher.occupations import default_occupations
from matcher.query import CitizenQuery
from matcher.vocabulary import (
    PLACEMENT_TYPES,
    PRAKTIK_PLACEMENT_TYPES,
    SUBSIDISED_PLACEMENT_TYPES,
    placement_mask,
)

# Retrieval boosts: how much each kind of evidence lifts a candidate towards the top N.
SKILLS_BOOST = 3.0
GOAL_OCCUPATION_CODE_BOOST = 4.0
GOAL_MINOR_GROUP_BOOST = 2.0
GOAL_FIELD_BOOST = 1.5
GOAL_TITLE_BOOST = 2.0
SOFT_NEED_BOOST = 0.5
DISTANCE_BOOST = 2.0
DISTANCE_PIVOT_KM = 4.0
# OpenSearch's and the matcher's distance may differ in the last digits; OpenSearch's radius is
# widened by this much so it never drops what the matcher keeps (the matcher filters exactly).
RADIUS_SLACK_KM = 0.05


def placement_filter(query: CitizenQuery, mask: int | None = None) -> dict[str, Any]:
    """A placement type in common (of `mask`, or the types the citizen wants), minding
    capacity and the most recent employer."""
    mask = query.wanted_placement_mask if mask is None else mask
    wanted = [t for t in PLACEMENT_TYPES if mask & placement_mask([t])]
    free = [t for t in wanted if t not in SUBSIDISED_PLACEMENT_TYPES]
    subsidised_only = [
        t for t in wanted if t in SUBSIDISED_PLACEMENT_TYPES and t not in PRAKTIK_PLACEMENT_TYPES
    ]
    praktik = [t for t in wanted if t in PRAKTIK_PLACEMENT_TYPES]
    has_room = {"range": {"subsidised_room": {"gt": 0}}}
    alternatives: list[dict[str, Any]] = []
    if free:
        alternatives.append({"terms": {"placement_types": free}})
    if subsidised_only:
        alternatives.append(
            {"bool": {"filter": [{"terms": {"placement_types": subsidised_only}}, has_room]}}
        )
    if praktik:
        clause: dict[str, Any] = {"filter": [{"terms": {"placement_types": praktik}}, has_room]}
        if query.most_recent_employer_id is not None:
            clause["must_not"] = [{"term": {"workplace_id": query.most_recent_employer_id}}]
        alternatives.append({"bool": clause})
    return {"bool": {"should": alternatives, "minimum_should_match": 1}}


def hard_filters(query: CitizenQuery) -> list[dict[str, Any]]:
    filters: list[dict[str, Any]] = [
        {"term": {"accommodations": code}} for code in query.hard_needs
    ]
    filters.append({"range": {"hours_min": {"lte": query.hours_max}}})
    filters.append({"range": {"hours_max": {"gte": query.hours_min}}})
    filters.append(placement_filter(query))
    if query.location is not None and query.radius_km is not None:
        filters.append(
            {
                "geo_distance": {
                    "distance": f"{query.radius_km + RADIUS_SLACK_KM}km",
                    "location": {"lat": query.location.lat, "lon": query.location.lon},
                }
            }
        )
    if query.excluded_workplace_ids:
        filters.append(
            {
                "bool": {
                    "must_not": [{"terms": {"workplace_id": list(query.excluded_workplace_ids)}}]
                }
            }
        )
    return filters + _turned_around(query)


def _turned_around(query: CitizenQuery) -> list[dict[str, Any]]:
    """A near-match search's one constraint turned around (matcher.near)."""
    must_not: list[dict[str, Any]] = []
    if query.lacking_needs:
        must_not.append({"terms": {"accommodations": list(query.lacking_needs)}})
    if query.missing_placement_mask:
        must_not.append(placement_filter(query, query.missing_placement_mask))
    if query.location is not None and query.beyond_km is not None:
        must_not.append(
            {
                "geo_distance": {
                    "distance": f"{max(query.beyond_km - RADIUS_SLACK_KM, 0.0)}km",
                    "location": {"lat": query.location.lat, "lon": query.location.lon},
                }
            }
        )
    return [{"bool": {"must_not": must_not}}] if must_not else []


def relevance(query: CitizenQuery) -> list[dict[str, Any]]:
    should: list[dict[str, Any]] = []
    if query.terms:
        # A competence near the citizen's (`~@key`) is looked for as the competence itself.
        asked = dict.fromkeys(t.removeprefix(NEAR) for t in query.terms)
        should.append({"match": {"terms": {"query": " ".join(asked), "boost": SKILLS_BOOST}}})
    codes = sorted({g.occupation_code for g in query.goals if g.occupation_code})
    if codes:
        should.append({"terms": {"occupation_code": codes, "boost": GOAL_OCCUPATION_CODE_BOOST}})
        should.append(
            {
                "terms": {
                    "occupation_minor_group": sorted({c[:3] for c in codes}),
                    "boost": GOAL_MINOR_GROUP_BOOST,
                }
            }
        )
    related = _field_units(codes, [g.field for g in query.goals if g.field])
    if related:
        should.append({"terms": {"occupation_code": related, "boost": GOAL_FIELD_BOOST}})
    titles = " ".join(g.normalised_title for g in query.goals if g.normalised_title)
    if titles:
        should.append({"match": {"title_terms": {"query": titles, "boost": GOAL_TITLE_BOOST}}})
    if query.soft_needs:
        should.append(
            {"terms": {"accommodations": list(query.soft_needs), "boost": SOFT_NEED_BOOST}}
        )
    return should


def _field_units(codes: list[str], fields: list[str]) -> list[str]:
    """Unit groups sharing an occupational field with any of the goals' codes, or in a field
    a goal was read as (goals relate to functions across codes: retrieval must reach them)."""
    occupations = default_occupations()
    found = {u for code in codes for f in occupations.fields_of(code) for u in f.units}
    found.update(u for f in occupations.fields() if f.key in fields for u in f.units)
    return sorted(found)


def candidate_query(query: CitizenQuery, *, size: int) -> dict[str, Any]:
    """The top `size` candidates for a citizen: every hard filter, ordered by relevance."""
    should = relevance(query)
    if query.location is not None:
        # Closer is better: boost x pivot / (pivot + distance).
        should.append(
            {
                "distance_feature": {
                    "field": "location",
                    "origin": [query.location.lon, query.location.lat],
                    "pivot": f"{DISTANCE_PIVOT_KM}km",
                    "boost": DISTANCE_BOOST,
                }
            }
        )
    return {
        "size": size,
        "query": {"bool": {"filter": hard_filters(query), "should": should}},
        "sort": [{"_score": "desc"}, {"function_id": "asc"}],
        "track_total_hits": True,
    }


def workplace_search_query(
    *,
    terms: tuple[str, ...],
    industry: str | None,
    postal_code: str | None,
    offset: int,
    limit: int,
) -> dict[str, Any]:
    """Workplaces (their listing documents) by text, industry and postal code; with text,
    those matching the most terms first, as the embedded index orders them."""
    filters: list[dict[str, Any]] = [{"term": {"listing": True}}]
    if industry is not None:
        filters.append({"term": {"industry": industry}})
    if postal_code is not None:
        filters.append({"term": {"postal_code": postal_code}})
    query: dict[str, Any] = {"bool": {"filter": filters}}
    sort: list[dict[str, Any]] = [{"workplace_id": "asc"}]
    if terms:
        # One point per matched term, as the embedded index ranks: most terms first.
        query["bool"]["should"] = [
            {"constant_score": {"filter": {"term": {"listing_terms": term}}, "boost": 1.0}}
            for term in terms
        ]
        query["bool"]["minimum_should_match"] = 1
        sort = [{"_score": "desc"}, {"workplace_id": "asc"}]
    return {
        "from": offset,
        "size": limit,
        "query": query,
        "sort": sort,
        "_source": ["workplace_id"],
        "track_total_hits": True,
    }
