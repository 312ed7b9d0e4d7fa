"""The query builders, compared as whole dicts."""

from dataclasses import replace

from indexer.opensearch_query import candidate_query, placement_filter, workplace_search_query
from matcher.models import Coordinates, GoalOccupation
from matcher.vocabulary import ALL_PLACEMENTS_MASK
from tests.factories import citizen, query, with_needs

FILTERS = [
    {"term": {"accommodations": "no_heavy_lifting"}},
    {"term": {"accommodations": "mentor"}},
    {"range": {"hours_min": {"lte": 15}}},
    {"range": {"hours_max": {"gte": 10}}},
    {
        "bool": {
            "should": [
                {"terms": {"placement_types": ["paid_hours"]}},
                {
                    "bool": {
                        "filter": [
                            {"terms": {"placement_types": ["wage_subsidy"]}},
                            {"range": {"subsidised_room": {"gt": 0}}},
                        ]
                    }
                },
                {
                    "bool": {
                        "filter": [
                            {"terms": {"placement_types": ["internship"]}},
                            {"range": {"subsidised_room": {"gt": 0}}},
                        ],
                        "must_not": [{"term": {"workplace_id": 17}}],
                    }
                },
            ],
            "minimum_should_match": 1,
        }
    },
    {
        "geo_distance": {
            "distance": "8.05km",
            "location": {"lat": 55.66, "lon": 12.5},
        }
    },
    {"bool": {"must_not": [{"terms": {"workplace_id": [3, 4]}}]}},
]


LOGISTICS = ["1324", "3331", "4321", "4323", "4412", "8322", "8332", "8344", "9321", "9331"]
LOGISTICS += ["9333", "9334", "9612", "9621"]
RECYCLING = ["2133", "3132", "5249", "9129", "9611", "9612", "9613"]
FIELDS_OF_9612 = sorted(set(LOGISTICS + RECYCLING))


SORTING_TERMS = " ".join(
    [
        "sortering",
        "@genbrug_sortering",
        "@genbrug",
        "@genbrug_pladsen",
        "@genbrug_indsamling",
        "@genbrug_flasker",
        "@genbrug_klargoering",
        "@genbrug_elektronik",
        "@genbrug_tekstil",
        "@genbrug_moebler",
        "@genbrug_madspild",
    ]
)


def test_candidate_query() -> None:
    profile = replace(
        with_needs(citizen(), ("no_heavy_lifting", True), ("mentor", True), ("late_start", False)),
        skills=("sortering",),
        coordinates=Coordinates(55.66, 12.5),
        max_commute_km=8.0,
        placement_types=frozenset({"internship", "wage_subsidy", "paid_hours"}),
        most_recent_employer_id=17,
        excluded_workplace_ids=frozenset({3, 4}),
        goal_occupations=(GoalOccupation("Sorteringsmedarbejder", "9612", 1.0),),
    )
    assert candidate_query(query(profile), size=400) == {
        "size": 400,
        "query": {
            "bool": {
                "filter": FILTERS,
                "should": [
                    # The citizen's stems and competences, and those near them (asked as
                    # the competences themselves: `~@` is the query's mark only).
                    {"match": {"terms": {"query": SORTING_TERMS, "boost": 3.0}}},
                    {"terms": {"occupation_code": ["9612"], "boost": 4.0}},
                    {"terms": {"occupation_minor_group": ["961"], "boost": 2.0}},
                    # Sorting is in two fields: logistics, and refuse and recycling.
                    {"terms": {"occupation_code": FIELDS_OF_9612, "boost": 1.5}},
                    {
                        "match": {
                            "title_terms": {
                                "query": "sortering medarbejd",
                                "boost": 2.0,
                            }
                        }
                    },
                    {"terms": {"accommodations": ["late_start"], "boost": 0.5}},
                    {
                        "distance_feature": {
                            "field": "location",
                            "origin": [12.5, 55.66],
                            "pivot": "4.0km",
                            "boost": 2.0,
                        }
                    },
                ],
            }
        },
        "sort": [{"_score": "desc"}, {"function_id": "asc"}],
        "track_total_hits": True,
    }


def test_without_location_there_is_no_distance_clause() -> None:
    profile = replace(citizen(), coordinates=None, max_commute_km=None)
    body = candidate_query(query(profile), size=50)
    assert not any("geo_distance" in clause for clause in body["query"]["bool"]["filter"])
    assert not any("distance_feature" in clause for clause in body["query"]["bool"]["should"])


def test_workplace_search_query() -> None:
    assert workplace_search_query(
        terms=("kas", "kund"), industry="kiosk", postal_code="2200", offset=20, limit=10
    ) == {
        "from": 20,
        "size": 10,
        "query": {
            "bool": {
                "filter": [
                    {"term": {"listing": True}},
                    {"term": {"industry": "kiosk"}},
                    {"term": {"postal_code": "2200"}},
                ],
                "should": [
                    {
                        "constant_score": {
                            "filter": {"term": {"listing_terms": "kas"}},
                            "boost": 1.0,
                        }
                    },
                    {
                        "constant_score": {
                            "filter": {"term": {"listing_terms": "kund"}},
                            "boost": 1.0,
                        }
                    },
                ],
                "minimum_should_match": 1,
            }
        },
        "sort": [{"_score": "desc"}, {"workplace_id": "asc"}],
        "_source": ["workplace_id"],
        "track_total_hits": True,
    }


def test_a_near_match_search_turns_its_one_constraint_around() -> None:
    profile = with_needs(citizen(), ("no_heavy_lifting", True), ("mentor", True))
    q = query(profile)
    lacking_mentor = replace(
        q, hard_needs=("no_heavy_lifting",), lacking_needs=("mentor",), lacking_mask=1
    )
    filters = candidate_query(lacking_mentor, size=5)["query"]["bool"]["filter"]
    assert filters[0] == {"term": {"accommodations": "no_heavy_lifting"}}
    assert {"term": {"accommodations": "mentor"}} not in filters
    assert filters[-1] == {"bool": {"must_not": [{"terms": {"accommodations": ["mentor"]}}]}}

    beyond = candidate_query(replace(q, radius_km=15.0, beyond_km=10.0), size=5)
    ring = beyond["query"]["bool"]["filter"]
    assert ring[-1] == {
        "bool": {
            "must_not": [
                {
                    "geo_distance": {
                        "distance": "9.95km",
                        "location": {"lat": q.location.lat, "lon": q.location.lon},  # type: ignore[union-attr]
                    }
                }
            ]
        }
    }
    assert any(c.get("geo_distance", {}).get("distance") == "15.05km" for c in ring)


def test_a_placement_type_relaxation_refuses_the_types_asked_for() -> None:
    q = query(replace(citizen(), placement_types=frozenset({"flexjob"})))
    relaxed = replace(
        q, wanted_placement_mask=ALL_PLACEMENTS_MASK, missing_placement_mask=q.wanted_placement_mask
    )
    filters = candidate_query(relaxed, size=5)["query"]["bool"]["filter"]
    assert filters[-1] == {"bool": {"must_not": [placement_filter(q)]}}
    assert placement_filter(q) == {
        "bool": {"should": [{"terms": {"placement_types": ["flexjob"]}}], "minimum_should_match": 1}
    }
