"""Danish texts of the pages: labels for codes, and validation messages in Danish."""

import re
from typing import Any

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
    "trained": "Modellen er trænet og vurderet.",
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
    "factors": FACTORS,
    "goal_relations": GOAL_RELATIONS,
    "competence_sources": COMPETENCE_SOURCES,
    "run_status": RUN_STATUS,
    "run_triggers": RUN_TRIGGERS,
    "placement_status": PLACEMENT_STATUS,
    "decline_reasons": DECLINE_REASONS,
}

# Validation messages, English from the schemas, in Danish for the pages.
_BY_TYPE = {
    "missing": "Skal udfyldes",
    "float_parsing": "Skal være et tal",
    "int_parsing": "Skal være et helt tal",
    "float_type": "Skal være et tal",
    "int_type": "Skal være et helt tal",
    "string_too_short": "Skal udfyldes",
    "string_too_long": "Teksten er for lang",
    "string_pattern_mismatch": "Har ikke det rigtige format",
    "literal_error": "Vælg en af mulighederne",
    "too_short": "Der skal være mindst én",
    "too_long": "Der er for mange",
    "extra_forbidden": "Kendes ikke",
}
_BY_PATTERN = [
    (r"min \((.+)\) must not exceed max \((.+)\)", r"Fra (\1) må ikke være større end til (\2)"),
    (r"looks like it contains a CPR number", "Ligner et CPR-nummer; fjern det"),
    (
        r"contains a control character \((U\+\w+)\) at position (\d+)",
        r"Indeholder et usynligt styretegn (\1) på plads \2; fjern det",
    ),
    (r"is outside Denmark", "Ligger uden for Danmark"),
    (r"'(.+)' is listed twice", r"'\1' står der to gange"),
    (
        r"the profile is empty",
        "Profilen er tom: angiv mindst én kompetence, erfaring, uddannelse eller et jobmål",
    ),
    (r"postal code (\d+) is not one we know", r"Postnummer \1 kender vi ikke midtpunktet af"),
    (r"a commute limit needs a home postal code", "En maks. afstand kræver et postnummer"),
    (r"another citizen already has the reference", "En anden borger har allerede den reference"),
    (r"greater than or equal to (\S+)", r"Skal være mindst \1"),
    (r"greater than (\S+)", r"Skal være større end \1"),
    (r"less than or equal to (\S+)", r"Må højst være \1"),
    (r"cannot exceed", "Flere gode forløb end forløb i alt"),
    (r"at least 1 item", "Der skal være mindst én"),
    (r"does not exist", "Findes ikke"),
    (r"is not a function of workplace", "Hører ikke til virksomheden"),
    (
        r"praktik for target group \S+ may last at most (\d+) weeks \(rule in force on (\S+)\)",
        r"Praktik for målgruppen må højst vare \1 uger (regel gældende \2)",
    ),
    (r"a plan may last at most (\d+) weeks", r"En plan må højst vare \1 uger"),
    (r"praktik is at most (\S+) hours a week", r"Praktik er højst \1 timer om ugen"),
    (r"the hours to start with are above the target", "Starttimerne er over måltimerne"),
    (
        r"praktik may not be at the citizen's most recent employer",
        "Praktik må ikke være hos borgerens seneste arbejdsgiver",
    ),
    (
        r"full under the reasonableness rule in force on (\S+): (\d+) of (\d+) places",
        r"Virksomheden er fuld efter rimelighedskravet på startdatoen (\1): \2 af \3 pladser "
        r"i praktik og løntilskud er optaget",
    ),
    (r"week (\d+) is after the plan's last week", r"Uge \1 ligger efter planens sidste uge"),
    (r"(\S+) is in the future", r"\1 ligger i fremtiden"),
    (r"before the plan's start on (\S+)", r"Før planens start (\1)"),
    (r"(\d+) months after the end is (\S+); not yet", r"\1 måneder efter slut er først \2"),
    (r"required when it ended early", "Angiv hvorfor forløbet blev afbrudt"),
    (r"only with outcome ended_early", "Kun når forløbet blev afbrudt før tid"),
]


def danish(reason: str, kind: str | None = None) -> str:
    """A validation message in Danish (the original when no translation is known)."""
    for pattern, replacement in _BY_PATTERN:
        match = re.search(pattern, reason)
        if match:
            return match.expand(replacement)
    if kind in _BY_TYPE:
        return _BY_TYPE[kind]
    return reason


def _number(value: float) -> str:
    return (f"{value:g}" if abs(value) < 1e6 else str(int(value))).replace(".", ",")


def _labelled(codes: list[str], vocabulary: dict[str, str]) -> str:
    return ", ".join(vocabulary.get(code, code) for code in codes) or "ingen"


def _function(value: dict[str, Any]) -> str:
    hours = value.get("weekly_hours", {})
    return (
        f"{value.get('title', '')} (DISCO-kode {value.get('occupation_code', '')}), "
        f"{_number(hours.get('min', 0))}–{_number(hours.get('max', 0))} timer; "
        f"{_labelled(value.get('placement_types', []), VOCABULARIES['placement_types'])}; "
        f"opgaver: {', '.join(value.get('tasks', [])) or 'ingen'}; "
        f"hensyn: {_labelled(value.get('accommodations', []), VOCABULARIES['accommodations'])}"
    )


def describe(key: str, value: Any) -> str:
    """A field's value in words, as the merge page shows it."""
    if value is None:
        return "(ikke med)" if key.startswith("functions:") else "–"
    if key.startswith("functions:"):
        return _function(value)
    match key:
        case "accommodations":
            return _labelled(value, VOCABULARIES["accommodations"])
        case "placement_types":
            return _labelled(value, VOCABULARIES["placement_types"])
        case "accommodation_needs":
            return _labelled(
                [
                    f"{VOCABULARIES['accommodations'].get(n['code'], n['code'])} "
                    f"({'krav' if n['hard'] else 'ønske'})"
                    for n in value
                ],
                {},
            )
        case "industry":
            return industry_label(value)
        case "target_group" | "danish_level" | "purpose":
            vocabulary = {"target_group": "target_groups", "danish_level": "danish_levels"}
            return VOCABULARIES[vocabulary.get(key, "purposes")].get(value, value)
        case "active":
            return "Ja" if value else "Nej"
        case "coordinates":
            return f"{_number(value['lat'])}, {_number(value['lon'])}"
        case "weekly_hours":
            return f"{_number(value['min'])}–{_number(value['max'])} timer"
        case "record":
            return (
                f"{_number(value['placements'])} forløb, {_number(value['good_outcomes'])} "
                f"endte godt, {_number(value['paid_hours_outcomes'])} løntimer"
            )
        case "experience" | "goal_occupations":
            return "; ".join(item.get("title", "") for item in value) or "ingen"
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, list):
        return ", ".join(_number(v) if isinstance(v, float) else str(v) for v in value) or "ingen"
    return str(value)


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
        return f"uden krav om {VOCABULARIES['accommodations'].get(missing.need, missing.need)}"
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
