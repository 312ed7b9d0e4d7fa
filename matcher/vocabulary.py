"""Controlled vocabularies from shared/DOMAIN.md.

The accommodation codes are stored as bits (bit i = position i in ACCOMMODATIONS), so the
order is part of the index format: extend the tables by appending, never rename or reorder.
"""

from collections.abc import Iterable

ACCOMMODATIONS: dict[str, str] = {
    "no_heavy_lifting": "Ingen tunge løft",
    "seated_work": "Mulighed for siddende arbejde",
    "changing_positions": "Skiftende arbejdsstillinger",
    "ergonomic_workstation": "Ergonomisk indrettet arbejdsplads",
    "aids_rolling_cart": "Hjælpemiddel: rullebord / rullevogn",
    "aids_standing_support": "Hjælpemiddel: ståstøtte",
    "aids_special_chair": "Hjælpemiddel: særlig stol",
    "flexible_hours": "Fleksibelt timetal fra uge til uge",
    "late_start": "Mødetid tidligst kl. 10",
    "flexible_start": "Fleksibel mødetid (undgå myldretid)",
    "gradual_ramp": "Gradvis optrapning af timer",
    "breaks_on_demand": "Pauser efter behov",
    "rest_area": "Mulighed for hvile, evt. liggende",
    "calm_environment": "Roligt arbejdsmiljø",
    "low_noise": "Lavt støjniveau",
    "shielded_workspace": "Skærmet arbejdsplads, fx i storrumskontor",
    "good_ventilation": "God udluftning og temperatur",
    "low_customer_contact": "Begrænset kunde- eller borgerkontakt",
    "few_social_contacts": "Få og selvvalgte sociale kontakter",
    "independent_tasks": "Selvstændige opgaver",
    "simple_tasks": "Enkle, konkrete opgaver",
    "written_task_overview": "Skriftlig oversigt over opgaver",
    "mentor": "Mentor / fast kontaktperson på arbejdspladsen",
    "buddy_training": "Sidemandsoplæring",
    "personal_assistance": "Personlig assistance (handicapkompenserende ordning)",
    "limited_danish_ok": "Begrænsede danskkundskaber er ingen hindring",
}

PLACEMENT_TYPES: dict[str, str] = {
    "internship": "Virksomhedspraktik",
    "paid_hours": "Løntimer / småjob",
    "hybrid": "Praktik og løntimer (hybrid)",
    "wage_subsidy": "Løntilskud",
    "flexjob": "Fleksjob",
    "ordinary": "Ordinær ansættelse",
    "apprenticeship": "Uddannelsesaftale / læreplads",
}

# Placement types that put a person in praktik or wage subsidy at the workplace and therefore
# count against the reasonableness rule. A hybrid course contains a praktik part, so it counts.
SUBSIDISED_PLACEMENT_TYPES: frozenset[str] = frozenset({"internship", "wage_subsidy", "hybrid"})
# Placement types that are praktik, which is never allowed at the citizen's most recent employer.
PRAKTIK_PLACEMENT_TYPES: frozenset[str] = frozenset({"internship", "hybrid"})
# Placement types in which the citizen earns an ordinary wage for hours worked.
PAID_HOURS_PLACEMENT_TYPES: frozenset[str] = frozenset({"paid_hours", "hybrid"})

TARGET_GROUPS: dict[str, str] = {
    "sick_listed": "Sygemeldte",
    "vulnerable_adult": "Udsatte voksne",
    "vulnerable_youth": "Særligt udsatte unge",
    "minority_women": "Kvinder med etnisk minoritetsbaggrund",
}

PURPOSES: dict[str, str] = {
    "clarification": "Afklaring af arbejdsevne",
    "training": "Optræning og optrapning",
    "paid_hours": "Løntimer",
    "ordinary_job": "Ordinært job",
    "flexjob": "Fleksjob",
    "education": "Uddannelse",
}

# How a placement ended (DOMAIN.md, step 5). All but ending early count as a good outcome in a
# workplace's record; paid hours also count toward its paid-hours record.
OUTCOMES: dict[str, str] = {
    "paid_hours": "Løntimer",
    "ordinary_job": "Ordinært job",
    "flexjob": "Fleksjob",
    "education": "Uddannelse",
    "clarified": "Afklaret arbejdsevne",
    "ended_early": "Afbrudt før tid",
}
GOOD_OUTCOMES: frozenset[str] = frozenset(OUTCOMES) - {"ended_early"}

# Why a course ended early (required with that outcome).
EARLY_END_REASONS: dict[str, str] = {
    "health": "Helbredsmæssige årsager",
    "citizen_stopped": "Borgeren stoppede",
    "workplace_stopped": "Virksomheden stoppede forløbet",
    "tasks_did_not_fit": "Opgaverne passede ikke",
    "other_offer": "Overgik til et andet tilbud",
    "other": "Andet",
}

# Where the citizen is 1, 3 and 6 months after a course ended (recorded when the time comes).
STATUSES_AFTER: dict[str, str] = {
    "ordinary_job": "Ordinært job",
    "paid_hours": "Løntimer",
    "flexjob": "Fleksjob",
    "education": "Uddannelse",
    "public_benefits": "Offentlig forsørgelse",
    "unknown": "Ukendt",
}
# The months after the end at which the status is recorded.
MONTHS_AFTER: tuple[int, ...] = (1, 3, 6)

BALANCE_CATEGORIES: dict[str, str] = {
    "shortage": "Mangel på arbejdskraft",
    "good": "Gode jobmuligheder",
    "paradox": "Paradoksproblemer",
    "limited": "Mindre gode jobmuligheder",
}

DANISH_LEVELS: dict[str, str] = {
    "none": "Ingen dansk",
    "basic": "Begrænset dansk",
    "conversational": "Kan føre en samtale",
    "fluent": "Flydende dansk",
    "native": "Modersmål",
}

EXPERIENCE_KINDS: dict[str, str] = {
    "paid": "Lønnet arbejde",
    "unpaid": "Frivilligt eller ulønnet arbejde",
    "home": "Erfaring fra hjemmet",
    "abroad": "Erfaring fra udlandet",
    "education": "Praktik under uddannelse",
}

# Every code list with its Danish labels, as GET /vocabulary and the pages show them.
VOCABULARIES: dict[str, dict[str, str]] = {
    "accommodations": ACCOMMODATIONS,
    "placement_types": PLACEMENT_TYPES,
    "target_groups": TARGET_GROUPS,
    "purposes": PURPOSES,
    "danish_levels": DANISH_LEVELS,
    "experience_kinds": EXPERIENCE_KINDS,
    "balance_categories": BALANCE_CATEGORIES,
    "outcomes": OUTCOMES,
    "early_end_reasons": EARLY_END_REASONS,
    "statuses_after": STATUSES_AFTER,
}

_ACCOMMODATION_BIT: dict[str, int] = {code: i for i, code in enumerate(ACCOMMODATIONS)}
_PLACEMENT_BIT: dict[str, int] = {code: i for i, code in enumerate(PLACEMENT_TYPES)}


def accommodation_mask(codes: Iterable[str]) -> int:
    """Bit mask of accommodation codes; raises KeyError on an unknown code."""
    mask = 0
    for code in codes:
        mask |= 1 << _ACCOMMODATION_BIT[code]
    return mask


def accommodation_codes(mask: int) -> list[str]:
    """Accommodation codes in vocabulary order for a bit mask."""
    return [code for code, bit in _ACCOMMODATION_BIT.items() if mask >> bit & 1]


def placement_mask(codes: Iterable[str]) -> int:
    """Bit mask of placement types; raises KeyError on an unknown type."""
    mask = 0
    for code in codes:
        mask |= 1 << _PLACEMENT_BIT[code]
    return mask


def placement_codes(mask: int) -> list[str]:
    """Placement types in vocabulary order for a bit mask."""
    return [code for code, bit in _PLACEMENT_BIT.items() if mask >> bit & 1]


ALL_PLACEMENTS_MASK = placement_mask(PLACEMENT_TYPES)
SUBSIDISED_MASK = placement_mask(SUBSIDISED_PLACEMENT_TYPES)
PRAKTIK_MASK = placement_mask(PRAKTIK_PLACEMENT_TYPES)
PAID_HOURS_MASK = placement_mask(PAID_HOURS_PLACEMENT_TYPES)
