"""The re-identification attack on anonymised candidate cards, played against the app (in
process) on the demo data, and what it got (issue 36):

    python -m benchmarks.reidentify

A coordinator makes a workplace that offers every accommodation and placement type, moves it
to four places in Copenhagen, looks its candidates up twice at each, follows every card that
only one citizen shows (all it shows but the token, the score and the distance) from place to
place, and fits that card's score to the distance factor to find the citizen's home. Where the
service makes a moved function wait, the script (as the operator it is) back-dates the change,
so the wait does not hide what the cards give away. Prints how many cards could be followed
and how many homes were found within 0.5 km of the postal code's centre the citizen lives in.
Run from another commit's worktree to measure that commit (its `api` is imported)."""

import argparse
import datetime as dt
import json
import math
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from fastapi.testclient import TestClient
from sqlalchemy import text

from api.app import create_app
from api.composition import demo
from api.composition.settings import Settings
from api.composition.wiring import create_context
from fixtures.generate import DATA_DIR
from matcher.geo import haversine_km
from matcher.vocabulary import ACCOMMODATIONS, PLACEMENT_TYPES

HALF_LIFE_KM = 4.0  # the distance factor's half-life (matcher.weights): what an attacker knows
POSITIONS = ((55.6761, 12.5683), (55.6600, 12.5200), (55.7000, 12.5400), (55.6550, 12.6000))
TASKS = [
    "Sortering, lager, pluk og pakning, varemodtagelse, truck",
    "Rengøring, køkken, opvask, madlavning, kantine",
    "Kasse, butik, kundeservice, varepåfyldning",
    "Kontor, administration, journalisering, post, telefon, bogholderi, arkiv",
    "Pleje, omsorg, børn, pasning, pædagogisk arbejde",
    "Havearbejde, vedligehold, pedel, chauffør, lagerstyring",
    "Syning, tekstil, it-support, regnskab, rengøring af kontorer",
]
NOT_TRACKED = ("token", "score", "distance_band", "match")
FOUND_WITHIN_KM = 0.5
COORDINATOR = ("koordinator.syd", "demo-koordinator-syd")


def crafted(lat: float, lon: float, accommodations: list[str], types: list[str]) -> dict[str, Any]:
    """The attacker's workplace: every accommodation, every placement type, every hour."""
    return {
        "name": "Alt-muligt ApS",
        "address": "Rådhuspladsen 1, 1550 København V",
        "postal_code": "1550",
        "coordinates": {"lat": lat, "lon": lon},
        "industry": "recycling",
        "ordinary_employees": 200,
        "current_subsidised_placements": 0,
        "accommodations": accommodations,
        "functions": [
            {
                "title": "Medarbejder til alt",
                "occupation_code": "9629",
                "tasks": TASKS,
                "weekly_hours": {"min": 2, "max": 37},
                "placement_types": types,
                "accommodations": accommodations,
            }
        ],
    }


def key(card: dict[str, Any]) -> tuple[object, ...]:
    """What a card shows that stays when the workplace moves: what it is followed by."""
    return tuple(
        (name, _hashable(value)) for name, value in sorted(card.items()) if name not in NOT_TRACKED
    )


def _hashable(value: object) -> object:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    return value


def haversine_km_many(
    lats: npt.NDArray[np.float64], lons: npt.NDArray[np.float64], lat: float, lon: float
) -> npt.NDArray[np.float64]:
    p1, p2 = np.radians(lats), math.radians(lat)
    dp, dl = p2 - p1, np.radians(lon - lons)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * math.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * 6371.0 * np.arcsin(np.sqrt(a)))


def fit_home(observations: list[tuple[float, float, float]]) -> tuple[float, float] | None:
    """The home that best explains one citizen's scores at the workplace's places as
    a + b * 0.5 ** (distance / half-life), on a 100 m grid within 12 km of the first place;
    None with fewer than three places."""
    if len(observations) < 3:
        return None
    lat0, lon0, _ = observations[0]
    km_lat, km_lon = 111.2, 111.2 * math.cos(math.radians(lat0))
    steps = np.arange(-12.0, 12.0001, 0.1)
    lats = (lat0 + steps / km_lat)[:, None].repeat(len(steps), 1).ravel()
    lons = (lon0 + steps / km_lon)[None, :].repeat(len(steps), 0).ravel()
    scores = np.array([score for _, _, score in observations])
    factors = np.stack(
        [
            0.5 ** (haversine_km_many(lats, lons, lat, lon) / HALF_LIFE_KM)
            for lat, lon, _ in observations
        ],
        axis=1,
    )
    centred = factors - factors.mean(axis=1, keepdims=True)
    target = scores - scores.mean()
    slope = (centred @ target) / np.maximum((centred**2).sum(axis=1), 1e-12)
    residual = ((target[None, :] - slope[:, None] * centred) ** 2).sum(axis=1)
    best = int(np.argmin(np.where(slope > 0, residual, np.inf)))
    return float(lats[best]), float(lons[best])


def tracks(looked_up: list[tuple[float, float, dict[str, Any]]]) -> dict[tuple[object, ...], Any]:
    """Cards only one citizen shows in every look-up, followed across the places: the places,
    their scores (where a card has one) and the tokens."""
    found: dict[tuple[object, ...], dict[str, list[Any]]] = {}
    for lat, lon, body in looked_up:
        counts = Counter(key(card) for card in body["candidates"])
        for card in body["candidates"]:
            if counts[key(card)] == 1:
                track = found.setdefault(key(card), {"places": [], "tokens": []})
                track["places"].append((lat, lon, card.get("score")))
                track["tokens"].append(card["token"])
    places = len({(lat, lon) for lat, lon, _ in looked_up})
    return {
        k: t for k, t in found.items() if len({(lat, lon) for lat, lon, _ in t["places"]}) == places
    }


def play(directory: Path) -> None:
    settings = Settings(
        environment="test",
        data_dir=directory,
        database_url=f"sqlite:///{directory / 'store.sqlite3'}",
        secret_key="benchmark-only-secret-key-0123456789abcdef",  # type: ignore[arg-type]
        today=dt.date(2026, 11, 22),
    )
    context = create_context(settings)
    demo.load_demo(context, DATA_DIR)
    context.freshness.rebuild()
    _what_coordinators_see(context)
    with TestClient(create_app(context)) as http:
        token = http.post(
            "/auth/token", data={"username": COORDINATOR[0], "password": COORDINATOR[1]}
        ).json()["access_token"]
        http.headers["Authorization"] = f"Bearer {token}"
        everything = crafted(*POSITIONS[0], sorted(ACCOMMODATIONS), sorted(PLACEMENT_TYPES))
        workplace = http.post("/workplaces", json=everything)
        workplace.raise_for_status()
        stored = workplace.json()
        function_id = stored["functions"][0]["id"]
        url = f"/workplaces/{stored['id']}/functions/{function_id}/candidates"
        looked_up, waits = [], 0
        for number, (lat, lon) in enumerate(POSITIONS):
            if number:
                current = http.get(f"/workplaces/{stored['id']}").json()
                moved = http.put(
                    f"/workplaces/{stored['id']}",
                    json={**current, "coordinates": {"lat": lat, "lon": lon}},
                )
                moved.raise_for_status()
            for _ in range(2):
                answer = http.get(url, params={"purpose": "matching", "limit": 50})
                if answer.status_code == 409:
                    waits += 1
                    _back_date(context, function_id)
                    answer = http.get(url, params={"purpose": "matching", "limit": 50})
                answer.raise_for_status()
                looked_up.append((lat, lon, answer.json()))
    followed = tracks(looked_up)
    homes = _homes(context, [t["tokens"][0] for t in followed.values()])
    located = 0
    for track, home in zip(followed.values(), homes, strict=True):
        scored = [(lat, lon, s) for lat, lon, s in track["places"] if isinstance(s, float)]
        fitted = fit_home(scored)
        if fitted is not None and home is not None and haversine_km(*fitted, *home) <= 0.5:
            located += 1
    cards = [len(body["candidates"]) for _, _, body in looked_up]
    unique = [
        sum(1 for n in Counter(key(c) for c in body["candidates"]).values() if n == 1)
        for _, _, body in looked_up
    ]
    print(f"look-ups: {len(looked_up)} at {len(POSITIONS)} places; refused as too recent: {waits}")
    print(f"cards a look-up: {min(cards)}-{max(cards)}; shown by one citizen only: {unique}")
    print(f"cards followed across all places: {len(followed)}")
    print(f"homes found within {FOUND_WITHIN_KM} km: {located} of {len(followed)}")
    context.close()


def _what_coordinators_see(context: Any) -> None:
    """How detailed the cards of every demo function are at k (the cost of the guarantee)."""
    try:
        from matcher.reverse import anonymise
    except ImportError:  # a commit from before cards were anonymised
        return
    from batch.reverse import function_candidates
    from matcher.reverse import card
    from store import workplaces as workplace_repository

    details: Counter[str] = Counter()
    candidates = hidden = 0
    with context.sessions() as session:
        pool, scoring = context.pools.current(session), context.matching.scoring(session)
        for workplace_id in workplace_repository.all_ids(session):
            row = workplace_repository.get(session, workplace_id=workplace_id)
            workplace = workplace_repository.to_domain(row)
            for function in workplace.functions:
                found = function_candidates(pool, workplace, function.id, scoring)
                cards = anonymise(
                    [
                        card(pool.queries[f.candidate.position], f.candidate.suggestion)
                        for f in found
                    ],
                    context.settings.reverse_min_group,
                )
                candidates += len(found)
                hidden += cards.hidden
                details.update(shown.detail.value for _, shown in cards.shown)
    print(
        f"every demo function's candidates at k = {context.settings.reverse_min_group}: "
        f"{candidates} in all; shown in full {details['full']}, general {details['general']}, "
        f"match only {details['match']}, nothing but that they are {details['none']}; "
        f"not shown {hidden}"
    )


def _back_date(context: Any, function_id: int) -> None:
    with context.engine.begin() as connection:
        connection.execute(
            text("UPDATE workplace_functions SET matching_changed_at = :long_ago WHERE id = :id"),
            {"long_ago": dt.datetime(2000, 1, 1, tzinfo=dt.UTC), "id": function_id},
        )


def _homes(context: Any, tokens: list[str]) -> list[tuple[float, float] | None]:
    """Where each card's citizen lives (the postal code's centre), read by the operator."""
    homes: list[tuple[float, float] | None] = []
    with context.engine.connect() as connection:
        for token in tokens:
            stored = connection.execute(
                text(
                    "SELECT c.profile FROM candidate_cards k JOIN citizens c "
                    "ON c.id = k.citizen_id WHERE k.token = :token"
                ),
                {"token": token},
            ).scalar_one()
            profile = stored if isinstance(stored, dict) else json.loads(stored)
            centre = context.matching.postal_codes.get(profile.get("postal_code"))
            homes.append((centre.lat, centre.lon) if centre else None)
    return homes


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    with tempfile.TemporaryDirectory(prefix="reidentify-") as directory:
        play(Path(directory))


if __name__ == "__main__":
    main()
