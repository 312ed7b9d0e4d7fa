"""The learned rankings' pages: for admins the list, each model's report (figures with
intervals, the fairness tables and a chart), training, activating and rolling back; for all
staff the model card (what the ranking is for, what it learns from, how it is measured, its
limits), in Danish."""

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from api.auth.policy import ROLES, WEB_PREFIX, allow
from api.learning import service
from api.learning.schemas import ModelOut, RefusalOut
from api.shared.deps import Unit
from api.shared.schemas import PathId
from api.web.pages import FormChecked, fixed, redirect, render
from matcher.learning.evaluation import LEVEL, TEST_SHARE
from matcher.learning.fairness import GOOD_WORKPLACE, MIN_GROUP, REACH, TOLERANCE, TOP
from matcher.learning.features import FEATURE_NAMES
from matcher.learning.model import MIN_COURSES, MIN_EACH
from matcher.learning.refusals import GAP_WIDENED, HAND, NOT_BETTER, TOO_FEW
from store import learning as repository

router = APIRouter(prefix=WEB_PREFIX, include_in_schema=False)

STATUS = {"candidate": "Kandidat", "active": "Rangerer nu", "retired": "Trukket tilbage"}
MEASURES = {
    "good_exposure": "Gode arbejdspladser i top 5",
    "hit_rate": "Godt udfald i top 5",
    "three_or_more": "Mindst 3 forslag",
    "zero_results": "Ingen forslag",
}
GROUPINGS = {"target_group": "Målgruppe", "danish_level": "Dansk"}
FEATURES = {
    "hand_score": "Den håndvægtede score",
    "skills": "Kompetencer mod funktionens opgaver",
    "goal": "Jobmål (ønske, lighed og arbejdsmarkedsbalance)",
    "goal_similarity": "Ligheden mellem jobmål og funktionens fag",
    "relevance_share": "Hvor relevant funktionen er (relevans først)",
    "soft_needs_asked": "Hvor mange ønskede hensyn borgeren har",
    "soft_needs_met": "Andelen af ønskede hensyn, der opfyldes",
    "soft_needs_unmet": "Ønskede hensyn, der ikke opfyldes",
    "located": "Om borgerens bopæl kendes",
    "proximity": "Nærhed (halveres for hver 4 km)",
    "distance": "Afstand hjemmefra",
    "commute": "Borgerens transportradius",
    "record": "Virksomhedens andel af gode forløb",
    "record_volume": "Hvor mange forløb den andel bygger på",
    "paid_hours_rate": "Virksomhedens andel af forløb, der blev til løntimer",
    "offers_paid_hours": "Funktionen tilbyder løntimer",
    "offers_praktik": "Funktionen tilbyder praktik",
    "hours_overlap": "Hvor meget af borgerens timer funktionen kan give",
}
CARD = {
    "level": round(LEVEL * 100),
    "test_share": round(TEST_SHARE * 100),
    "min_courses": MIN_COURSES,
    "min_each": MIN_EACH,
    "tolerance": round(TOLERANCE * 100),
    "min_group": MIN_GROUP,
    "good_workplace": GOOD_WORKPLACE,
    "top": TOP,
    "reach": REACH,
}


def refusal_text(refusal: RefusalOut) -> str:
    """Why a model may not rank, in Danish, from its code and figures."""
    p = refusal.params
    if refusal.code == TOO_FEW:
        return (
            f"For få forløb at lære af: {p['total']} forløb med et udfald, heraf {p['wins']} "
            f"gode. En model kræver mindst {p['least']}, heraf mindst {p['each']} gode og "
            f"{p['each']} andre."
        )
    if refusal.code == NOT_BETTER:
        against = p["against"]
        than = (
            "håndvægtene"
            if against == HAND
            else f"den model, der rangerer nu ({str(against).replace('_', ' ')})"
        )
        return (
            f"Den rangerer ikke bedre end {than}: forskel i nDCG@10 "
            f"{fixed(p['ndcg'], 3, signed=True)} (95 % interval {fixed(p['low'], 3, True)} til "
            f"{fixed(p['high'], 3, True)}), forskel i godt udfald i top 5 "
            f"{fixed(p['hit'], 3, True)}."
        )
    if refusal.code == GAP_WIDENED:
        grouping = GROUPINGS.get(p["grouping"], p["grouping"]).lower()
        return (
            f"»{MEASURES.get(p['measure'], p['measure'])}«: forskellen mellem grupperne efter "
            f"{grouping} vokser fra {fixed(p['hand'] * 100, 1)} til "
            f"{fixed(p['model'] * 100, 1)} procentpoint."
        )
    return f"Begrundelse gemt før denne version: {refusal.text}"


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    y: float
    hand: float  # widths, of BAR_WIDTH
    model: float
    hand_value: float
    model_value: float


BAR_WIDTH, ROW = 200.0, 26.0


def exposure_bars(model: ModelOut, grouping: str) -> list[Bar]:
    """The chart's bars: each group's exposure of good workplaces, hand and model."""
    groups = [g for g in (model.fairness or {}).get("groups", []) if g["grouping"] == grouping]
    bars = []
    for index, group in enumerate(groups):
        hand = group["hand"]["good_exposure"] or 0.0
        learned = group["model"]["good_exposure"] or 0.0
        bars.append(
            Bar(group["group"], index * ROW, hand * BAR_WIDTH, learned * BAR_WIDTH, hand, learned)
        )
    return bars


def _page(request: Request, name: str, title: str, **context: Any) -> HTMLResponse:
    return render(
        request,
        name,
        title=title,
        status_labels=STATUS,
        measures=MEASURES,
        groupings=GROUPINGS,
        feature_labels=FEATURES,
        refusal_text=refusal_text,
        **context,
    )


@router.get("/models")
@allow("admin")
def model_list(request: Request, unit: Unit) -> HTMLResponse:
    models = [service.model_out(row) for row in repository.newest_first(unit.session, limit=30)]
    ranked_by = service.ranked_by(unit.session).ranked_by
    return _page(request, "models/list.html", "Læring", models=models, ranked_by=ranked_by)


@router.get("/models/{model_id}")
@allow("admin")
def model_page(request: Request, model_id: PathId, unit: Unit) -> HTMLResponse:
    model = service.model_out(service.get_or_raise(unit.session, model_id=model_id))
    charts = {grouping: exposure_bars(model, grouping) for grouping in GROUPINGS}
    return _page(
        request,
        "models/detail.html",
        f"Model {model.id}",
        model=model,
        charts=charts,
        bar_width=BAR_WIDTH,
        row=ROW,
    )


@router.post("/models")
@allow("admin")
def train_model(unit: Unit, _checked: FormChecked) -> Response:
    assert unit.actor is not None
    model = service.train(unit.context, actor=unit.actor, route="POST /app/models")
    # Say what happened: it ranks now, it was trained but may not rank, or there was not
    # enough to train on.
    said = "trained" if model.ranks else "refused" if model.weights else "not_trained"
    return redirect(f"/models/{model.id}", ok=said)


@router.post("/models/{model_id}/activate")
@allow("admin")
def activate_model(model_id: PathId, unit: Unit, _checked: FormChecked) -> Response:
    assert unit.actor is not None
    service.activate(unit.context, unit.session, model_id=model_id, by=unit.actor.name)
    return redirect(f"/models/{model_id}", ok="activated")


@router.post("/models/rollback")
@allow("admin")
def rollback(unit: Unit, _checked: FormChecked) -> Response:
    assert unit.actor is not None
    service.rollback(unit.context, unit.session, by=unit.actor.name)
    return redirect("/models", ok="rolled_back")


@router.get("/model-card")
@allow(*ROLES)
def model_card(request: Request, unit: Unit) -> HTMLResponse:
    active = repository.active(unit.session)
    model = None if active is None else service.model_out(active)
    return _page(
        request,
        "models/card.html",
        "Modelkort: rangering af praktikforslag",
        model=model,
        features=[FEATURES[name] for name in FEATURE_NAMES],
        card=CARD,
    )
