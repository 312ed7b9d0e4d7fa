"""The pages' words: every reason a field can be refused for has its Danish text, by code
(never by the English wording); and in a real browser, codes are shown as Danish words."""

import re

import pytest
from playwright.sync_api import BrowserContext, expect
from pydantic import ValidationError

from api.citizens.schemas import CitizenIn
from api.composition.context import AppContext
from api.web.forms import field_errors
from api.web.texts import ERRORS, danish, describe, describe_versions
from matcher.refusals import REASONS, Refusal
from tests.api import payloads
from tests.api.web.live import signed_in


def test_every_reason_the_service_gives_has_a_danish_text() -> None:
    assert set(REASONS) - set(ERRORS) == set()


@pytest.mark.parametrize("code", sorted(REASONS))
def test_a_danish_text_names_only_what_its_reason_gives(code: str) -> None:
    """A Danish text may use the parameters of its English reason, and no others."""
    given = set(re.findall(r"{(\w+)}", REASONS[code]))
    assert set(re.findall(r"{(\w+)}", ERRORS[code])) <= given


def test_a_refusal_reads_in_danish_whatever_its_english_says() -> None:
    refusal = Refusal("weeks", "plan_too_long", {"weeks": 52, "on": "2026-12-07"})
    assert danish(refusal.code, refusal.params, "reworded in English") == (
        "En plan må højst vare 52 uger"
    )
    assert (
        danish("min_above_max", {"min": 7.5, "max": 4}, "")
        == "Fra (7,5) må ikke være større end til (4)"
    )


def test_a_form_shows_pydantic_and_the_services_refusals_in_danish() -> None:
    body = payloads.citizen(reference="JC-T", skills=["ring 010190-1234"])
    body["weekly_hours"] = {"min": 20, "max": 10}
    body["max_commute_km"] = -1
    with pytest.raises(ValidationError) as refused:
        CitizenIn.model_validate(body)
    errors = field_errors(refused.value)
    assert errors["skills.0"] == ["Ligner et CPR-nummer; fjern det"]
    assert errors["weekly_hours"] == ["Fra (20) må ikke være større end til (10)"]
    assert errors["max_commute_km"] == ["Skal være større end 0"]


@pytest.mark.browser
@pytest.mark.slow
def test_codes_are_shown_as_words(live: tuple[str, AppContext], session: BrowserContext) -> None:
    base, _ = live
    page = signed_in(session, base, "konsulent.syd")
    expect(page.locator("header .who")).to_contain_text("Jobcenter Syd")
    page.goto(f"{base}/app/citizens/1")
    expect(page.get_by_text("Arbejdsmarkedsbalance: Hovedstaden, juli 2026.")).to_be_visible()
    expect(page.locator(".score").first).to_contain_text("/ 100")
    page.goto(f"{base}/app/workplaces/1")
    summary = page.locator("section.summary")
    expect(summary).to_contain_text("Genbrug")
    expect(summary).to_contain_text("Virksomhedsservice Syd")
    expect(summary).not_to_contain_text("recycling")
    expect(page.get_by_text("(DISCO-kode 9612)").first).to_be_visible()
    page.goto(f"{base}/app/workplaces?q=Kantine")
    expect(page.get_by_role("table")).not_to_contain_text("virksomhedsservice-")


def test_the_merge_page_shows_what_differs_in_words() -> None:
    """A function changed in one part shows that part only; a contact person reads as a
    line; a goal's weight is shown when it is not the full one."""
    function = {
        "id": 3,
        "title": "Lagermedarbejder",
        "occupation_code": "9333",
        "weekly_hours": {"min": 8, "max": 12},
        "placement_types": ["internship"],
        "tasks": ["Pluk og pakning"],
        "accommodations": [],
    }
    fewer = {**function, "weekly_hours": {"min": 10, "max": 12}}
    assert describe_versions("functions:3", [function, fewer, function]) == [
        "Lagermedarbejder: 8–12 timer",
        "Lagermedarbejder: 10–12 timer",
        "Lagermedarbejder: 8–12 timer",
    ]
    added = describe_versions("functions:3", [None, fewer, None])
    assert added[0] == "(ikke med)" and "DISCO-kode 9333" in added[1]
    contact = {"name": "Mette Holm", "phone": "12 34 56 78", "email": "mette@example.dk"}
    assert describe("contact", contact) == "Mette Holm, tlf. 12 34 56 78, mette@example.dk"
    goals = [{"title": "Lagermedarbejder", "weight": 0.5}, {"title": "Kantine", "weight": 1.0}]
    assert describe("goal_occupations", goals) == "Lagermedarbejder (vægt 0,5); Kantine"
