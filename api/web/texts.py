"""Danish texts of the pages: labels for codes, and validation messages in Danish."""

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from api.shared.errors import ApiError
from matcher.industries import INDUSTRY_LABELS
from matcher.vocabulary import VOCABULARIES
from store.states import DeclineReason, PlacementStatus, RunStatus, Trigger

FACTORS = {
    "skills": "Kompetencer",
    "goal_occupation": "Jobmål",
    "soft_needs": "Ønskede hensyn",
    "distance": "Afstand",
    "paid_hours_potential": "Løntimer",
    "record": "Tidligere forløb",
}
GOAL_RELATIONS = {
    "same_occupation": "samme fag",
    "same_minor_group": "beslægtet fag",
    "same_field": "samme fagområde",
    "same_sub_major_group": "samme faggruppe",
    "similar_title": "lignende stillingsbetegnelse",
}
# Where a citizen's words for a competence come from, as the reasons show it.
COMPETENCE_SOURCES = {
    "skill": "kompetence",
    "education": "uddannelse",
    "paid": "lønnet arbejde",
    "unpaid": "frivilligt eller ulønnet arbejde",
    "home": "erfaring fra hjemmet",
    "abroad": "erfaring fra udlandet",
}
RUN_STATUS = {
    RunStatus.QUEUED: "I kø",
    RunStatus.RUNNING: "Kører",
    RunStatus.DONE: "Færdig",
    RunStatus.FAILED: "Fejl",
}
RUN_TRIGGERS = {
    Trigger.NIGHTLY: "Natlig",
    Trigger.MANUAL: "Manuel",
    Trigger.BALANCE: "Ny arbejdsmarkedsbalance",
    Trigger.WORKPLACES: "Ændrede virksomheder",
    Trigger.CITIZEN: "Én borger",
}
PLACEMENT_STATUS = {
    PlacementStatus.CONTACTED: "Kontaktet",
    PlacementStatus.DECLINED_BY_WORKPLACE: "Afvist af virksomheden",
    PlacementStatus.DECLINED_BY_CITIZEN: "Afvist af borgeren",
    PlacementStatus.AGREED: "Aftalt",
    PlacementStatus.STARTED: "Startet",
    PlacementStatus.ENDED: "Afsluttet",
}
DECLINE_REASONS = {
    DeclineReason.NO_CAPACITY: "Ingen plads lige nu",
    DeclineReason.TASKS_DO_NOT_FIT: "Opgaverne passer ikke",
    DeclineReason.CANNOT_OFFER_ACCOMMODATION: "Kan ikke tilbyde et skånehensyn",
    DeclineReason.NO_ANSWER: "Intet svar",
}
MESSAGES = {
    "saved": "Gemt.",
    "created": "Oprettet.",
    "contacted": "Kontakten er registreret.",
    "outcome": "Udfaldet er registreret og tæller nu med i virksomhedens erfaringer.",
    "status": "Status er registreret.",
    "undone": "Seneste ændring er fortrudt.",
    "note": "Noten er gemt.",
    "plan": "Planen er gemt.",
    "follow_up": "Opfølgningen er gemt.",
    "status_after": "Status efter forløbet er registreret.",
    "run_started": "Kørslen er startet.",
    "trained": "Modellen er trænet og vurderet, og den rangerer nu forslagene.",
    "refused": "Modellen er trænet og vurderet, men den må ikke rangere: se hvorfor nedenfor.",
    "not_trained": "Der blev ikke trænet en model: se hvorfor nedenfor. Håndvægtene rangerer.",
    "activated": "Modellen rangerer nu forslagene.",
    "rolled_back": "Modellen er trukket tilbage.",
    "purpose": "Formålet er skiftet.",
    "notified": "Borgerens konsulent har fået besked.",
    "dismissed": "Henvendelsen er afvist.",
    "logged_out": "Du er logget ud.",
}

WORKPLACE_FIELDS = {
    "name": "Navn",
    "address": "Adresse",
    "postal_code": "Postnummer",
    "coordinates": "Placering",
    "industry": "Branche",
    "ordinary_employees": "Ordinært ansatte",
    "current_subsidised_placements": "I praktik eller løntilskud nu",
    "monthly_enquiries": "Henvendelser pr. måned",
    "accommodations": "Hensyn",
    "record": "Erfaringer (tidligere forløb)",
    "contact": "Kontaktperson",
    "functions": "Funktioner",
}

PLAN_FIELDS = {
    "placement_type": "Forløbstype",
    "start_date": "Startdato",
    "weeks": "Varighed (uger)",
    "start_hours": "Timer pr. uge ved start",
    "target_hours": "Mål for timer pr. uge",
    "step_hours": "Timer mere pr. trin",
    "step_every_weeks": "Uger mellem trin",
    "tasks": "Opgaver",
    "goals": "Mål for forløbet",
    "accommodations": "Skånehensyn og hjælpemidler",
    "contact_person": "Kontaktperson",
    "mentor": "Mentor",
    "follow_up_every_weeks": "Opfølgning hver (uger)",
    "paid_hours_week": "Løntimer drøftes i uge",
    "form": "Planen",
}

CITIZEN_FIELDS = {
    "reference": "Sagsreference",
    "target_group": "Målgruppe",
    "skills": "Kompetencer",
    "experience": "Erfaring",
    "education": "Uddannelse",
    "danish_level": "Dansk",
    "accommodation_needs": "Skånehensyn",
    "postal_code": "Postnummer",
    "max_commute_km": "Maks. afstand",
    "prefers_near_home": "Helst tæt på hjemmet",
    "weekly_hours": "Timer pr. uge",
    "goal_occupations": "Jobmål",
    "placement_types": "Forløbstyper",
    "purpose": "Forløbets formål",
    "coordinates": "Bopæl",
    "most_recent_employer_id": "Seneste arbejdsgiver",
    "excluded_workplace_ids": "Fravalgte virksomheder",
    "active": "Aktiv",
    "form": "Formularen",
}

# Teams and balance areas are codes in the data; these read better than the code's own words.
USER_FIELDS = {
    "username": "Brugernavn",
    "password": "Adgangskode",
    "role": "Rolle",
    "team": "Team",
    "active": "Aktiv",
}
ROLES = {
    "consultant": "Jobkonsulent",
    "employer_coordinator": "Virksomhedskoordinator",
    "admin": "Administrator",
}
TEAM_LABELS = {"drift": "Drift", "unassigned": "Intet team endnu"}
AREA_LABELS = {"hovedstaden": "Hovedstaden"}
MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


def _words(code: str) -> str:
    """A code as words: "jobcenter-syd" -> "Jobcenter Syd"."""
    return " ".join(part.capitalize() for part in re.split(r"[-_.\s]+", code) if part)


def industry_label(code: str) -> str:
    return INDUSTRY_LABELS.get(code) or _words(code)


def team_label(code: str) -> str:
    return TEAM_LABELS.get(code) or _words(code)


def balance_label(area: str, period: str | None) -> str:
    """ "hovedstaden", "2026-07" -> "Hovedstaden, juli 2026"."""
    name = AREA_LABELS.get(area) or _words(area)
    match = re.fullmatch(r"(\d{4})-(\d{2})", period or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        return name if not period else f"{name}, {period}"
    return f"{name}, {MONTHS[int(match.group(2)) - 1]} {match.group(1)}"


DISTANCE_BANDS = {
    "under_2_km": "Under 2 km",
    "2_5_km": "2–5 km",
    "5_10_km": "5–10 km",
    "10_20_km": "10–20 km",
    "over_20_km": "Over 20 km",
    "unknown": "Ukendt",
}
HOURS_BANDS = {
    "up_to_10": "Op til 10 timer",
    "10_20": "10–20 timer",
    "20_30": "20–30 timer",
    "30_37": "Over 30 timer",
}
MATCH_BANDS = {"strong": "Stærkt match", "good": "Godt match", "fair": "Nogenlunde match"}
NOTIFICATION_STATUS = {"open": "Åben", "proposed": "Foreslået", "dismissed": "Afvist"}

LABELS = {
    **VOCABULARIES,
    "distance_bands": DISTANCE_BANDS,
    "hours_bands": HOURS_BANDS,
    "match_bands": MATCH_BANDS,
    "notification_status": NOTIFICATION_STATUS,
    "industries": INDUSTRY_LABELS,
    "citizen_fields": CITIZEN_FIELDS,
    "plan_fields": PLAN_FIELDS,
    "workplace_fields": WORKPLACE_FIELDS,
    "user_fields": USER_FIELDS,
    "roles": ROLES,
    "factors": FACTORS,
    "goal_relations": GOAL_RELATIONS,
    "competence_sources": COMPETENCE_SOURCES,
    "run_status": RUN_STATUS,
    "run_triggers": RUN_TRIGGERS,
    "placement_status": PLACEMENT_STATUS,
    "decline_reasons": DECLINE_REASONS,
}

# Why a field was refused, in Danish, by the refusal's code: the service's own codes
# (matcher.refusals) and the pydantic error types the forms can meet. The parameters are the
# refusal's, by name. A test holds this table to every code there is.
ERRORS = {
    # pydantic's own types
    "missing": "Skal udfyldes",
    "float_parsing": "Skal være et tal",
    "int_parsing": "Skal være et helt tal",
    "int_from_float": "Skal være et helt tal",
    "float_type": "Skal være et tal",
    "int_type": "Skal være et helt tal",
    "bool_parsing": "Vælg ja eller nej",
    "date_from_datetime_parsing": "Skal være en dato",
    "date_parsing": "Skal være en dato",
    "string_too_short": "Skal udfyldes",
    "string_too_long": "Teksten er for lang (højst {max_length} tegn)",
    "string_pattern_mismatch": "Har ikke det rigtige format",
    "literal_error": "Vælg en af mulighederne",
    "enum": "Vælg en af mulighederne",
    "too_short": "Der skal være mindst {min_length}",
    "too_long": "Der er for mange (højst {max_length})",
    "extra_forbidden": "Kendes ikke",
    "greater_than_equal": "Skal være mindst {ge}",
    "greater_than": "Skal være større end {gt}",
    "less_than_equal": "Må højst være {le}",
    "less_than": "Skal være mindre end {lt}",
    "json_invalid": "Kunne ikke læses",
    # the service's own (matcher.refusals)
    "not_an_occupation": "{value} er ikke en DISCO-08-kode",
    "control_character": "Indeholder et usynligt styretegn ({character}) på plads {position}; "
    "fjern det",
    "cpr_number": "Ligner et CPR-nummer; fjern det",
    "unknown_accommodation": "Hensynet '{code}' kendes ikke",
    "unknown_placement_type": "Forløbstypen '{code}' kendes ikke",
    "outside_denmark": "Ligger uden for Danmark",
    "min_above_max": "Fra ({min}) må ikke være større end til ({max})",
    "listed_twice": "'{code}' står der to gange",
    "more_than_placements": "Flere gode forløb end forløb i alt",
    "function_id_twice": "Den samme funktion står der to gange",
    "not_a_month_after": "Skal være en af {known}",
    "unknown_purpose": "Formålet kendes ikke",
    "purpose_required": "Vælg formålet med dit arbejde",
    "reference_taken": "En anden borger har allerede den reference",
    "empty_profile": "Profilen er tom: angiv mindst én kompetence, erfaring, uddannelse eller et "
    "jobmål",
    "unknown_postal_code": "Postnummer {postal_code} kender vi ikke midtpunktet af",
    "commute_without_home": "En maks. afstand kræver et postnummer",
    "id_mismatch": "Passer ikke til siden ({url_id})",
    "team_fixed": "En borgers team ændres ikke her",
    "portfolio_fixed": "En virksomheds portefølje ændres ikke her",
    "password_too_short": "Brug mindst {length} tegn",
    "username_taken": "Brugernavnet {username} er optaget",
    "last_admin": "{username} er den sidste aktive administrator. Gør en anden bruger til "
    "administrator først",
    "merge_incomplete": "Formularen er ikke hel; åbn redigeringen igen",
    "new_function_with_id": "En ny virksomheds funktioner kan ikke have et nummer",
    "not_a_function_of_workplace": "Hører ikke til virksomheden",
    "workplace_missing": "Findes ikke",
    "declined_before": "Virksomheden afviste borgeren {day} ({reason}). Sæt flueben for at "
    "kontakte den igen alligevel",
    "past_result_window": "Søgningen viser kun de første {window}; gør den smallere",
    "in_future": "{day} ligger i fremtiden",
    "before_plan_start": "Før planens start ({start})",
    "before_contact": "Før forløbet begyndte (kontakt {contacted})",
    "not_yet_due": "{months} måneder efter slut er først {due}",
    "reason_required": "Angiv hvorfor virksomheden sagde nej",
    "reason_only_when_declined": "Kun når virksomheden sagde nej",
    "accommodation_required": "Angiv hvilket hensyn virksomheden ikke kan tilbyde",
    "accommodation_only_for_reason": "Kun når virksomheden ikke kan tilbyde et hensyn",
    "end_reason_required": "Angiv hvorfor forløbet blev afbrudt",
    "end_reason_only_early": "Kun når forløbet blev afbrudt før tid",
    "starts_before_plan": "Planen starter først {start}. Registrér starten den dag eller "
    "senere, eller ret planens startdato",
    "cannot_become": "Forløbet står som {status} og kan ikke skifte til det valgte. Hent siden "
    "igen: en kollega kan have ændret det",
    "cannot_become_any": "Forløbet står som {status} og kan ikke skifte status mere. Var "
    "det seneste skift en fejl, så fortryd det",
    "already_ended": "Forløbet er allerede afsluttet ({outcome})",
    "changed_meanwhile": "En kollega har ændret forløbet imens; det står nu som {status}. "
    "Se siden, som den er nu, og prøv igen",
    "nothing_to_undo": "Der er ingen ændring at fortryde",
    "stays_ended": "Afslutningen kan ikke fortrydes, fordi der er registreret status efter "
    "forløbet",
    "stays_started": "Starten kan ikke fortrydes, fordi forløbet har opfølgninger",
    "not_running": "Forløbet står som {status}; kun et igangværende forløb kan følges op",
    "follow_up_differs": "Der er allerede en anden opfølgning {day}; der gemmes én pr. dag",
    "not_ended": "Forløbet står som {status}; status efter kan først registreres, når det er "
    "afsluttet",
    "status_after_recorded": "Status {months} måneder efter er allerede registreret",
    "no_rules_before": "Der gælder ingen regler før {earliest}",
    "start_too_early": "Mere end et år siden; tidligste start er {first}",
    "start_too_late": "Mere end et år frem; seneste start er {last}",
    "praktik_too_long": "Praktik for målgruppen må højst vare {weeks} uger (regel gældende {on})",
    "plan_too_long": "En plan må højst vare {weeks} uger",
    "praktik_hours": "Praktik er højst {hours} timer om ugen",
    "start_above_target": "Starttimerne er over måltimerne",
    "paid_hours_after_end": "Uge {week} ligger efter planens sidste uge",
    "most_recent_employer": "Praktik må ikke være hos borgerens seneste arbejdsgiver",
    "workplace_full": "Virksomheden er fuld efter rimelighedskravet på startdatoen ({on}): "
    "{taken} af {limit} pladser i praktik og løntilskud er optaget",
}


def refused_step(exc: ApiError) -> str:
    """Why a step was refused, in Danish: the text for its code (a refusal the service gave
    no code is told by its status)."""
    if exc.code is None:
        return STEP_REFUSED.get(exc.status_code, "Det kunne ikke gemmes. Hent siden igen.")
    return danish(exc.code, exc.params, str(exc.detail))


# A step refused for a reason the service gave no code.
STEP_REFUSED = {
    409: "En kollega har gemt noget imens. Hent siden igen, og prøv igen.",
    422: "Noget er ikke udfyldt rigtigt.",
}


def danish(code: str, params: Mapping[str, Any], reason: str) -> str:
    """Why a field was refused, in Danish: the text for its code, with its parameters (the
    English reason only for a code this table lacks, which a test does not let pass)."""
    text = ERRORS.get(code)
    return reason if text is None else text.format_map(_Parameters(params))


class _Parameters(dict[str, Any]):
    """A refusal's parameters for a Danish text: numbers the Danish way, and a name the
    refusal does not give left as it is written."""

    def __init__(self, params: Mapping[str, Any]) -> None:
        super().__init__({k: _shown(k, v) for k, v in params.items()})

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _shown(name: str, value: Any) -> Any:
    """A parameter the Danish way: numbers with a decimal comma, days as 14.12.2026, a
    placement's status and outcome by their Danish names."""
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, str) and _DAY.fullmatch(value):
        year, month, day = value.split("-")
        return f"{day}.{month}.{year}"
    if name == "status" and value in PLACEMENT_STATUS:
        return PLACEMENT_STATUS[value].lower()
    if name == "reason" and value in DECLINE_REASONS:
        return DECLINE_REASONS[value].lower()
    if name == "outcome" and value in VOCABULARIES["outcomes"]:
        return VOCABULARIES["outcomes"][value].lower()
    return value


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _number(value: float) -> str:
    return (f"{value:g}" if abs(value) < 1e6 else str(int(value))).replace(".", ",")


def _labelled(codes: list[str], vocabulary: dict[str, str]) -> str:
    return ", ".join(vocabulary.get(code, code) for code in codes) or "ingen"


# A function's parts in the order the merge page names them, each in words.
_FUNCTION_PARTS: dict[str, Callable[[Any], str]] = {
    "occupation_code": lambda code: f"DISCO-kode {code}",
    "weekly_hours": lambda hours: _hours(hours),
    "placement_types": lambda codes: _labelled(codes, VOCABULARIES["placement_types"]),
    "tasks": lambda tasks: f"opgaver: {', '.join(tasks) or 'ingen'}",
    "accommodations": lambda codes: "hensyn: " + _labelled(codes, VOCABULARIES["accommodations"]),
}


def _hours(hours: Mapping[str, Any]) -> str:
    low, high = _number(float(hours.get("min", 0))), _number(float(hours.get("max", 0)))
    return f"{low} timer" if low == high else f"{low}–{high} timer"


def _function(value: dict[str, Any], parts: Iterable[str] = _FUNCTION_PARTS) -> str:
    """A function in words: its title, then the parts asked for (all unless told)."""
    shown = [
        _FUNCTION_PARTS[part](value[part]) if part in _FUNCTION_PARTS else f"{part}: {value[part]}"
        for part in parts
        if part in value
    ]
    return f"{value.get('title', '')}: {'; '.join(shown)}" if shown else value.get("title", "")


def describe_versions(key: str, versions: Sequence[Any]) -> list[str]:
    """The versions of one field in words, side by side on the merge page: of a function
    that more than one version has, only the parts that differ between them."""
    functions = [v for v in versions if isinstance(v, dict)]
    if key.startswith("functions:") and len(functions) > 1:
        parts = [
            part
            for part in dict.fromkeys(k for v in functions for k in v)
            if part not in ("id", "title") and len({repr(v.get(part)) for v in functions}) > 1
        ]
        if any(v.get("title") != functions[0].get("title") for v in functions):
            parts = parts or list(_FUNCTION_PARTS)
        return [
            _function(
                v,
                [p for p in _FUNCTION_PARTS if p in parts]
                + [p for p in parts if p not in _FUNCTION_PARTS],
            )
            if isinstance(v, dict)
            else describe(key, v)
            for v in versions
        ]
    return [describe(key, v) for v in versions]


def _needs(needs: list[dict[str, Any]]) -> str:
    return _labelled(
        [
            f"{VOCABULARIES['accommodations'].get(n['code'], n['code'])} "
            f"({'krav' if n['hard'] else 'ønske'})"
            for n in needs
        ],
        {},
    )


def _contact(contact: Mapping[str, Any]) -> str:
    phone = f"tlf. {contact['phone']}" if contact.get("phone") else None
    return ", ".join(text for text in (contact.get("name"), phone, contact.get("email")) if text)


def _record(record: Mapping[str, Any]) -> str:
    return (
        f"{_number(record['placements'])} forløb, {_number(record['good_outcomes'])} "
        f"endte godt, {_number(record['paid_hours_outcomes'])} løntimer"
    )


# How the merge page says a field's value, by the field's key (the rest: as it is).
_DESCRIBED: dict[str, Callable[[Any], str]] = {
    "accommodations": lambda codes: _labelled(codes, VOCABULARIES["accommodations"]),
    "placement_types": lambda codes: _labelled(codes, VOCABULARIES["placement_types"]),
    "accommodation_needs": _needs,
    "industry": industry_label,
    "target_group": lambda code: VOCABULARIES["target_groups"].get(code, code),
    "danish_level": lambda code: VOCABULARIES["danish_levels"].get(code, code),
    "purpose": lambda code: VOCABULARIES["purposes"].get(code, code),
    "coordinates": lambda at: f"{_number(at['lat'])}, {_number(at['lon'])}",
    "weekly_hours": _hours,
    "contact": _contact,
    "record": _record,
    "goal_occupations": lambda goals: "; ".join(_goal(g) for g in goals) or "ingen",
    "experience": lambda items: "; ".join(i.get("title", "") for i in items) or "ingen",
}


def describe(key: str, value: Any) -> str:
    """A field's value in words, as the merge page shows it."""
    if value is None:
        return "(ikke med)" if key.startswith("functions:") else "–"
    if key.startswith("functions:"):
        return _function(value)
    if key in _DESCRIBED:
        return _DESCRIBED[key](value)
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, list):
        return ", ".join(_number(v) if isinstance(v, float) else str(v) for v in value) or "ingen"
    return str(value)


def _goal(goal: Mapping[str, Any]) -> str:
    """A goal occupation, with its weight when it is not the full one."""
    weight = goal.get("weight", 1.0)
    title = goal.get("title", "")
    return title if weight == 1 else f"{title} (vægt {_number(float(weight))})"


def field_label(key: str, value: Any, labels: dict[str, str]) -> str:
    """A merge field's name: the form's label, or the function's title."""
    if key.startswith("functions:"):
        return f"Funktion: {value.get('title', '') if isinstance(value, dict) else ''}".strip()
    return labels.get(key, key)


def _km(value: float | None) -> str:
    return "?" if value is None else _number(round(value, 1))


def without_label(missing: Any) -> str:
    """What one relaxation gives up, for "… : 12 forslag" (an API MissingOut)."""
    if missing.kind == "need":
        label = VOCABULARIES["accommodations"].get(missing.need, missing.need)
        return f"hvis hensynet »{label.lower()}« ikke var et krav"
    if missing.kind == "radius":
        return f"op til {_km(missing.widened_km)} km i stedet for {_km(missing.radius_km)} km"
    return "med alle forløbstyper"


def missing_label(missing: Any, distance_km: float | None) -> str:
    """What a near match lacks, asked as a question for the employer."""
    if missing.kind == "need":
        label = VOCABULARIES["accommodations"].get(missing.need, missing.need)
        return f"mangler: {label.lower()} – kan det aftales?"
    over = (
        None
        if distance_km is None or missing.radius_km is None
        else distance_km - missing.radius_km
    )
    return (
        f"ligger {_km(distance_km)} km væk, {_km(over)} km over grænsen på "
        f"{_km(missing.radius_km)} km – kan borgeren klare turen?"
    )
