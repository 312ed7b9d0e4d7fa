"""The learned rankings' pages in a real browser, on a demo server with a simulated history:
an admin trains a model and reads its report (figures with intervals, the fairness tables
and chart), rolls it back and lets it rank again; every member of staff reads the model card,
which names the model in use. The pages fit a phone and axe finds nothing on them."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from api.app import create_app
from api.composition.context import AppContext
from api.learning.pages import refusal_text
from api.learning.schemas import RefusalOut
from fixtures.outcomes import simulate
from matcher.learning.refusals import HAND, Refusal, gap_widened, not_better, too_few
from tests.api.web.live import demo_server, log_in
from tests.api.web.test_layout import problems
from tests.auth import ADMIN, web_client
from tests.conftest import TODAY
from tests.stored import add_history

QUALITY = "Kvalitetssikring af rangeringen"


@pytest.fixture
def with_history(tmp_path: Path) -> Iterator[tuple[str, AppContext]]:
    with demo_server(tmp_path, today=TODAY) as (base, context):
        # Seed 9: on this world's seeds 7 and 8 the model no longer beats the hand weights
        # significantly since competences joined the hand weights (issue 37); the page is
        # about a model that passes.
        add_history(context, simulate(workplaces=600, citizens=500, contacts=12, seed=9))
        yield base, context


@pytest.mark.browser
@pytest.mark.slow
def test_an_admin_trains_reads_rolls_back_and_reactivates_a_model(
    with_history: tuple[str, AppContext], browser: Browser
) -> None:
    base, _ = with_history
    session = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = session.new_page()
    log_in(page, base, "admin", purpose=QUALITY)
    page.get_by_role("link", name="Læring").click()
    expect(page.get_by_text("Ingen modeller endnu: håndvægtene rangerer.")).to_be_visible()
    page.get_by_role("button", name="Træn en model nu").click()
    expect(page.get_by_role("status")).to_have_text(
        "Modellen er trænet og vurderet, og den rangerer nu forslagene."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Model \d+: rangerer nu"))
    quality = page.get_by_role("table", name=re.compile("Gennemsnit med 95 % interval"))
    expect(quality.get_by_role("row", name=re.compile("ndcg@10"))).to_contain_text(" til ")
    expect(page.get_by_role("heading", name="Retfærdighed: bestået")).to_be_visible()
    chart = page.get_by_role("img", name=re.compile("Gode arbejdspladser i top 5 efter målgruppe"))
    expect(chart).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Målgruppe: håndvægte"))).to_contain_text(
        "Kvinder med etnisk minoritetsbaggrund"
    )
    model_url = page.url.split("?")[0]

    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in (model_url, f"{base}/app/models", f"{base}/app/model-card"):
            page.goto(path)
            assert problems(page) == (0, [], []), (width, path)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{base}/app/models")
    page.get_by_role("button", name="Træk modellen tilbage").click()
    expect(page.get_by_role("status")).to_have_text("Modellen er trukket tilbage.")
    ranked_by = page.locator("p", has_text="Forslagene rangeres nu af")
    expect(ranked_by.locator("strong")).to_have_text("håndvægtene")
    page.goto(model_url)
    page.get_by_role("button", name="Lad modellen rangere").click()
    expect(page.get_by_role("status")).to_have_text("Modellen rangerer nu forslagene.")
    session.close()

    consultant = browser.new_context(viewport={"width": 390, "height": 900}, locale="da-DK")
    page = consultant.new_page()
    log_in(page, base, "konsulent.syd")
    page.get_by_role("link", name=re.compile("modelkort")).click()
    expect(page.get_by_role("heading", name="Hvad der rangerer nu")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Model \d+, trænet"))).to_be_visible()
    expect(
        page.get_by_text(re.compile("Målgruppe, danskniveau, alder, oprindelse"))
    ).to_be_visible()
    assert problems(page) == (0, [], [])
    consultant.close()


def _danish(refusal: Refusal) -> str:
    return refusal_text(RefusalOut(code=refusal.code, params=refusal.params, text=refusal.text))


def test_why_a_model_may_not_rank_is_said_in_danish() -> None:
    assert _danish(too_few(75, 20, least=200, each=30)) == (
        "For få forløb at lære af: 75 forløb med et udfald, heraf 20 gode. En model kræver "
        "mindst 200, heraf mindst 30 gode og 30 andre."
    )
    assert _danish(not_better(HAND, ndcg=-0.02, low=-0.05, high=0.01, hit=0.0)) == (
        "Den rangerer ikke bedre end håndvægtene: forskel i nDCG@10 -0,020 (95 % interval "
        "-0,050 til +0,010), forskel i godt udfald i top 5 +0,000."
    )
    assert _danish(not_better("model_4", ndcg=0.001, low=-0.003, high=0.006, hit=0.0)).startswith(
        "Den rangerer ikke bedre end den model, der rangerer nu (model 4)"
    )
    assert _danish(gap_widened("hit_rate", "danish_level", hand=0.1, model=0.18)) == (
        "»Godt udfald i top 5«: forskellen mellem grupperne efter dansk vokser fra 10,0 til "
        "18,0 procentpoint."
    )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_learning_pages_say_why_in_danish_with_no_english(context: AppContext) -> None:
    with web_client(create_app(context), ADMIN) as pages:
        trained = pages.post("/app/models", data={"csrf": pages.cookies.get("matcher_csrf")})
        assert trained.status_code == 303, trained.text
        model = pages.get(trained.headers["location"])
        listed = pages.get("/app/models")
    for page in (model, listed):
        assert "For få forløb at lære af: 0 forløb med et udfald, heraf 0 gode." in page.text
        assert "courses" not in page.text and "outcome" not in page.text
    assert "Model 1: ikke trænet" in model.text and "Forsøgt trænet" in model.text
