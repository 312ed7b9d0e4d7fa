"""The citizen pages in a real browser (Debian's headless Chromium, driven by Playwright): a
consultant creates a profile and sees ranked suggestions with reasons, errors stand next to the
field, another team is refused, Danish numbers and the suggestion filters."""

import re

import pytest
from playwright.sync_api import BrowserContext, expect

from api.composition.context import AppContext
from tests.api.web.live import signed_in, unlabelled_fields

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class TestConsultant:
    def test_create_a_citizen_and_see_ranked_suggestions_with_reasons(
        self, live: tuple[str, AppContext], session: BrowserContext
    ) -> None:
        base, _ = live
        page = signed_in(session, base, "konsulent.syd")
        expect(page).to_have_url(re.compile(r"/app/citizens$"))
        expect(page.get_by_role("heading", name="Borgere i Jobcenter Syd")).to_be_visible()
        page.get_by_role("link", name="Ny borger").click()
        assert unlabelled_fields(page) == []

        page.get_by_label("Sagsreference (aldrig CPR-nummer)").fill("JC-WEB-LAGER")
        page.get_by_label("Målgruppe").select_option(label="Sygemeldte")
        page.get_by_label("Kompetencer, én pr. linje").fill("lager\npluk og pakning\ntruck")
        page.get_by_label("Ingen tunge løft: krav").check()
        page.get_by_label("Skiftende arbejdsstillinger: krav").check()
        page.get_by_label("Gradvis optrapning af timer: ønske").check()
        page.get_by_label("Postnummer").fill("2500")
        page.get_by_label("Maks. afstand (km)").fill("8")
        page.get_by_label("Timer pr. uge, fra").fill("10")
        page.get_by_label("Timer pr. uge, til").fill("16")
        page.get_by_label("Virksomhedspraktik").check()
        page.get_by_label("Løntimer / småjob").check()
        # Type-ahead: the title list comes from the labour-market balance, with its code.
        goal = page.get_by_label("Jobmål 1", exact=True)
        goal.press_sequentially("Lagermedarb", delay=30)
        expect(page.locator("#occupation-options option").first).to_have_attribute(
            "value", "Lagermedarbejder"
        )
        goal.fill("Lagermedarbejder")
        goal.dispatch_event("change")
        expect(page.locator("[name='goal_occupations.0.occupation_code']")).to_have_value("4321")
        page.get_by_role("button", name="Gem").click()

        expect(page.get_by_role("status")).to_have_text("Oprettet.")
        expect(page.get_by_role("heading", name="JC-WEB-LAGER", exact=True)).to_be_visible()
        suggestions = page.locator("li.suggestion")
        expect(suggestions.first).to_be_visible()
        first = suggestions.first
        # A bar per factor, the needs met as labels, distance, the goal's balance, the record.
        expect(first.locator("meter")).to_have_count(6)
        expect(first.get_by_text("✓ Ingen tunge løft")).to_be_visible()
        expect(first.get_by_text(re.compile(r"Afstand: \d+,?\.?\d* km"))).to_be_visible()
        expect(first.get_by_text(re.compile(r"Jobmål: .+"))).to_be_visible()
        expect(first.get_by_text(re.compile(r"Erfaringer: \d+ af \d+ forløb"))).to_be_visible()
        everything = suggestions.count()

        page.get_by_label("Forløbstype").select_option(label="Løntimer / småjob")
        page.get_by_label("Afstand højst (km)").fill("3")
        page.get_by_role("button", name="Vis", exact=True).click()
        narrowed = page.locator("li.suggestion")
        assert narrowed.count() <= everything
        for index in range(narrowed.count()):
            expect(narrowed.nth(index)).to_contain_text("Løntimer / småjob")

        # Record the contact, agree and start the course (undoing a slip), a note, and the
        # outcome.
        name = narrowed.first.locator("h3 a").inner_text()
        narrowed.first.get_by_role("button", name=re.compile("Registrér kontakt")).click()
        expect(page.get_by_role("status")).to_have_text("Kontakten er registreret.")
        row = page.locator("section", has=page.get_by_role("heading", name="Kontakter og forløb"))
        expect(row.get_by_role("cell", name=name, exact=True)).to_be_visible()
        # The workplace's reason is asked for only when it declined, the accommodation only
        # when that is the reason.
        reason = row.get_by_label("Virksomhedens begrundelse")
        accommodation = row.get_by_label("Skånehensyn den ikke kan tilbyde")
        expect(reason).to_be_hidden()
        row.get_by_label("Ny status").select_option(label="Afvist af virksomheden")
        expect(reason).to_be_visible()
        expect(accommodation).to_be_hidden()
        reason.select_option(label="Kan ikke tilbyde et skånehensyn")
        expect(accommodation).to_be_visible()
        for status in ("Aftalt", "Startet"):
            row.get_by_label("Ny status").select_option(label=status)
            row.get_by_role("button", name="Registrér status").click()
            expect(page.get_by_role("status")).to_have_text("Status er registreret.")
        row.get_by_role("button", name="Fortryd seneste ændring").click()
        expect(page.get_by_role("status")).to_have_text("Seneste ændring er fortrudt.")
        expect(row.get_by_role("cell", name="Aftalt")).to_be_visible()
        row.get_by_label("Ny status").select_option(label="Startet")
        row.get_by_role("button", name="Registrér status").click()
        row.get_by_text("Noter (0)").click()
        row.get_by_label("Ny note (aldrig CPR-nummer)").fill("Første uge gik godt")
        row.get_by_role("button", name="Gem note").click()
        expect(page.get_by_role("status")).to_have_text("Noten er gemt.")
        row.get_by_text("Noter (1)").click()
        expect(row.get_by_text(re.compile("konsulent.syd: Første uge gik godt"))).to_be_visible()
        row.get_by_label("Udfald").select_option(label="Løntimer")
        row.get_by_role("button", name="Registrér udfald").click()
        expect(page.get_by_role("status")).to_contain_text("Udfaldet er registreret")
        expect(row.get_by_role("cell", name="Afsluttet: Løntimer")).to_be_visible()

    def test_wrong_input_is_shown_next_to_the_field_and_nothing_is_stored(
        self, live: tuple[str, AppContext], session: BrowserContext
    ) -> None:
        base, _ = live
        page = signed_in(session, base, "konsulent.syd")
        page.goto(f"{base}/app/citizens/new")
        page.get_by_label("Sagsreference (aldrig CPR-nummer)").fill("010190-1234")
        page.get_by_label("Målgruppe").select_option(label="Udsatte voksne")
        page.get_by_label("Kompetencer, én pr. linje").fill("rengøring")
        page.get_by_label("Timer pr. uge, fra").fill("20")
        page.get_by_label("Timer pr. uge, til").fill("10")
        page.get_by_role("button", name="Gem").click()
        reference = page.get_by_label("Sagsreference (aldrig CPR-nummer)")
        expect(reference).to_have_attribute("aria-invalid", "true")
        expect(page.locator("#reference-fejl")).to_have_text("Ligner et CPR-nummer; fjern det")
        expect(page.locator("#weekly_hours-fejl")).to_contain_text("må ikke være større end")
        # What was typed is kept, so nothing has to be typed again.
        expect(page.get_by_label("Kompetencer, én pr. linje")).to_have_value("rengøring")
        page.goto(f"{base}/app/citizens?q=010190")
        expect(page.get_by_text("Ingen borgere fundet.")).to_be_visible()

    def test_what_is_new_since_the_last_batch_run_is_flagged(
        self, live: tuple[str, AppContext], session: BrowserContext
    ) -> None:
        base, _ = live
        page = signed_in(session, base, "konsulent.syd")
        page.goto(f"{base}/app/citizens?q=JC-2026-VALBY")
        page.get_by_role("link", name="JC-2026-VALBY").click()
        news = page.locator("section.news")
        expect(news.get_by_role("heading", name="Nyt siden sidste kørsel")).to_be_visible()
        expect(news).to_contain_text("nye forslag")
        expect(page.locator("li.suggestion .tag.new").first).to_have_text("Ny siden sidste kørsel")
        expect(page.locator("li.suggestion").first).to_contain_text("Genbrugsstation Vigerslev")

    def test_a_consultant_of_another_team_is_refused(
        self, live: tuple[str, AppContext], session: BrowserContext
    ) -> None:
        base, _ = live
        page = signed_in(session, base, "konsulent.nord")
        page.goto(f"{base}/app/citizens?q=JC-2026-VALBY")
        expect(page.get_by_text("Ingen borgere fundet.")).to_be_visible()
        response = page.goto(f"{base}/app/citizens/1")
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", name="Siden findes ikke")).to_be_visible()
        expect(page.get_by_text("JC-2026-VALBY")).to_have_count(0)


def broad_citizen(context: AppContext, reference: str, **changes: object) -> int:
    """A profile most workplaces near Nørrebro suit: more suggestions than a page shows."""
    from api.citizens import service as citizens
    from api.citizens.schemas import CitizenIn

    with context.sessions() as session:
        row = citizens.create(
            session,
            data=CitizenIn.model_validate(
                {
                    "reference": reference,
                    "target_group": "vulnerable_adult",
                    "skills": ["rengøring", "kundeservice", "lager"],
                    "postal_code": "2200",
                    "max_commute_km": 30,
                    "weekly_hours": {"min": 6, "max": 20},
                    **changes,
                }
            ),
            postal_codes=context.matching.postal_codes,
            team="jobcenter-syd",
            by="test",
        )
        session.commit()
        return row.id


class TestNumbersAndFilters:
    def test_decimal_commas_are_read_and_shown(
        self, live: tuple[str, AppContext], session: BrowserContext
    ) -> None:
        base, context = live
        citizen_id = broad_citizen(context, "JC-WEB-KOMMA")
        page = signed_in(session, base, "konsulent.syd")
        page.goto(f"{base}/app/citizens/{citizen_id}/edit")
        page.get_by_label("Timer pr. uge, fra").fill("7,5")
        page.get_by_label("Maks. afstand (km)").fill("12,5")
        page.get_by_label("Vægt (0–1)").first.fill("0,8")
        page.get_by_label("Jobmål 1", exact=True).fill("Rengøringsassistent")
        page.get_by_role("button", name="Gem", exact=True).click()
        expect(page.get_by_role("status")).to_have_text("Gemt.")
        summary = page.locator("section.summary")
        expect(summary).to_contain_text("7,5–20")
        expect(summary).to_contain_text("højst 12,5 km")
        page.goto(f"{base}/app/citizens/{citizen_id}/edit")
        expect(page.get_by_label("Timer pr. uge, fra")).to_have_value("7,5")
        expect(page.get_by_label("Timer pr. uge, til")).to_have_value("20")  # not "20.0"
        expect(page.get_by_label("Vægt (0–1)").first).to_have_value("0,8")
        # A filter typed with a comma.
        page.goto(f"{base}/app/citizens/{citizen_id}")
        page.get_by_label("Afstand højst (km)").fill("2,5")
        page.get_by_role("button", name="Vis", exact=True).click()
        for distance in page.get_by_text(re.compile(r"^Afstand: ")).all_inner_texts():
            kilometres = float(distance.split()[1].replace(",", "."))
            assert kilometres <= 2.5, distance
        note = page.locator("#afstand-brugt")
        expect(note).to_have_text("Viser forslag op til 2,5 km (profilen siger 12,5 km).")
        # Farther than the profile's limit: the typed distance is used, and the page says so.
        page.get_by_label("Afstand højst (km)").fill("40")
        page.get_by_role("button", name="Vis", exact=True).click()
        expect(note).to_have_text(
            "Viser forslag op til 40 km, længere end profilens 12,5 km. Ingen af de viste "
            "ligger længere væk: nærhed tæller i scoren, så de fjernere står længere nede."
        )
        near = broad_citizen(context, "JC-WEB-KORT", max_commute_km=1.5)
        page.goto(f"{base}/app/citizens/{near}?radius_km=40")
        distances = [
            float(shown.split()[1].replace(",", "."))
            for shown in page.get_by_text(re.compile(r"^Afstand: ")).all_inner_texts()
        ]
        farther = sum(kilometres > 1.5 for kilometres in distances)
        assert farther > 0 and max(distances) <= 40, distances
        expect(note).to_have_text(
            f"Viser forslag op til 40 km, længere end profilens 1,5 km. {farther} af de viste "
            "forslag ligger længere væk."
        )
        homeless = broad_citizen(context, "JC-WEB-UDEN", postal_code=None, max_commute_km=None)
        page.goto(f"{base}/app/citizens/{homeless}?radius_km=5")
        expect(note).to_have_text(
            "Afstanden bruges ikke, fordi borgerens bopæl ikke kendes. Tilføj et postnummer."
        )

    def test_a_filter_error_leaves_no_stale_list(
        self, live: tuple[str, AppContext], session: BrowserContext
    ) -> None:
        base, _ = live
        page = signed_in(session, base, "konsulent.syd")
        page.goto(f"{base}/app/citizens/1")
        expect(page.locator("li.suggestion").first).to_be_visible()
        page.get_by_label("Afstand højst (km)").fill("langt")
        page.get_by_role("button", name="Vis", exact=True).click()
        expect(page.locator("#radius_km-fejl")).to_have_text("Skal være et tal")
        expect(page.get_by_text("Ret filteret ovenfor for at se forslag.")).to_be_visible()
        expect(page.locator("li.suggestion")).to_have_count(0)
        page.goto(f"{base}/app/workplaces?postal_code=25x")
        expect(page.locator("#postal_code-fejl")).to_have_text("Et postnummer er 4 cifre")
        expect(page.get_by_role("table")).to_have_count(0)

    def test_all_suggestions_can_be_seen(
        self, live: tuple[str, AppContext], session: BrowserContext
    ) -> None:
        base, context = live
        citizen_id = broad_citizen(context, "JC-WEB-MANGE")
        page = signed_in(session, base, "konsulent.syd")
        page.goto(f"{base}/app/citizens/{citizen_id}")
        suggestions = page.locator("li.suggestion")
        expect(suggestions).to_have_count(20)
        expect(page.get_by_text("Viser de første 20 forslag")).to_be_visible()
        page.get_by_role("link", name="Vis flere forslag").click()
        expect(suggestions).to_have_count(40)
        # The page opens at the first of the new ones.
        twenty_first = suggestions.nth(20)
        expect(page).to_have_url(re.compile(rf"limit=40#{twenty_first.get_attribute('id')}$"))
        assert twenty_first.is_visible()


class TestNearMatches:
    def test_near_matches_are_listed_apart_and_an_empty_list_says_why(
        self, live: tuple[str, AppContext], session: BrowserContext
    ) -> None:
        base, _ = live
        page = signed_in(session, base, "konsulent.syd")
        page.goto(f"{base}/app/citizens/1")  # the domain brief's Valby citizen
        expect(page.locator("li.suggestion").first).to_be_visible()
        near = page.locator("section", has=page.get_by_role("heading", name="Næsten-match"))
        terminal = near.locator("li.near-match", has_text="Pakketerminal Valby")
        expect(terminal).to_contain_text(re.compile(r"mangler: .+ – kan det aftales\?"))
        ranked = page.locator("ol.suggestions")
        expect(ranked).not_to_contain_text("Pakketerminal Valby")

        # A citizen of the team with a long list, none of it within 0.5 km of home.
        page.goto(f"{base}/app/citizens/7")
        page.get_by_label("Afstand højst (km)").fill("0,5")
        page.get_by_role("button", name="Vis", exact=True).click()
        expect(
            page.get_by_text("Ingen virksomhed opfylder borgerens krav og filtrene.")
        ).to_be_visible()
        why = page.locator("#hvorfor-tom")
        expect(why.get_by_role("heading", name="Hvorfor er listen tom?")).to_be_visible()
        expect(why).to_contain_text(
            re.compile(r"op til 2,5 km i stedet for 0,5 km: [1-9]\d* forslag")
        )
        expect(why).to_contain_text(re.compile(r"hvis hensynet ».+« ikke var et krav: \d+ forslag"))
        beyond = page.locator("li.near-match").first
        expect(beyond).to_contain_text(
            re.compile(r"ligger [\d,]+ km væk, [\d,]+ km over grænsen på 0,5 km")
        )

    def test_a_citizen_who_prefers_to_stay_near_home(
        self, live: tuple[str, AppContext], session: BrowserContext
    ) -> None:
        base, context = live
        citizen_id = broad_citizen(context, "JC-WEB-NAER")
        page = signed_in(session, base, "konsulent.syd")
        page.goto(f"{base}/app/citizens/{citizen_id}")
        expect(page.locator("li.suggestion .score").first).to_contain_text("/ 100")
        page.goto(f"{base}/app/citizens/{citizen_id}/edit")
        page.get_by_label(re.compile("Helst tæt på hjemmet")).check()
        page.get_by_role("button", name="Gem", exact=True).click()
        expect(page.get_by_role("status")).to_have_text("Gemt.")
        expect(page.locator("section.summary")).to_contain_text("helst tæt på hjemmet")
        first = page.locator("li.suggestion").first
        expect(first.locator(".score")).to_contain_text("/ 110")
        distance = first.locator("tr", has_text="Afstand").locator("td.num")
        expect(distance).to_contain_text("/ 20")
        page.goto(f"{base}/app/citizens/{citizen_id}/edit")
        expect(page.get_by_label(re.compile("Helst tæt på hjemmet"))).to_be_checked()

    def test_the_reasons_say_what_met_what_and_a_short_list_says_why(
        self, live: tuple[str, AppContext], session: BrowserContext
    ) -> None:
        """Experience from home counts and is shown as such; when few functions relate to
        what the citizen can do, the page says so instead of listing unrelated ones."""
        base, context = live
        citizen_id = broad_citizen(
            context,
            "JC-WEB-BAGER",
            skills=[],
            experience=[{"title": "bager brød hver dag", "kind": "home"}],
        )
        page = signed_in(session, base, "konsulent.syd")
        page.goto(f"{base}/app/citizens/{citizen_id}")
        first = page.locator("li.suggestion").first
        expect(first.locator("[data-competences]")).to_contain_text(
            re.compile(r"»bager brød hver dag« \(erfaring fra hjemmet\) ≈ ».+«")
        )
        note = page.locator("[data-fewer-relevant]")
        expect(note).to_contain_text(re.compile(r"Kun \d+ af de \d+ funktioner"))
        expect(note.get_by_role("link", name="næsten-match")).to_have_count(
            1 if page.locator("li.near-match").count() else 0
        )
