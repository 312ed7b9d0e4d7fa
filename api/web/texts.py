"""Danish texts of the pages: labels for codes, and validation messages in Danish."""

import re

from fixtures.templates import INDUSTRIES
from matcher.vocabulary import VOCABULARIES

FACTORS = {
    "skills": "Kompetencer",
    "goal_occupation": "Jobmål",
    "soft_needs": "Ønskede hensyn",
    "distance": "Afstand",
    "paid_hours_potential": "Løntimer",
    "record": "Tidligere forløb",
}
RUN_STATUS = {"queued": "I kø", "running": "Kører", "done": "Færdig", "failed": "Fejl"}
RUN_TRIGGERS = {
    "nightly": "Natlig",
    "manual": "Manuel",
    "balance": "Ny arbejdsmarkedsbalance",
    "workplaces": "Ændrede virksomheder",
    "citizen": "Én borger",
}
PLACEMENT_STATUS = {"contacted": "Kontaktet", "ended": "Afsluttet"}
MESSAGES = {
    "saved": "Gemt.",
    "created": "Oprettet.",
    "contacted": "Kontakten er registreret.",
    "outcome": "Udfaldet er registreret og tæller nu med i virksomhedens erfaringer.",
    "run_started": "Kørslen er startet.",
    "purpose": "Formålet er skiftet.",
    "logged_out": "Du er logget ud.",
}

WORKPLACE_FIELDS = {
    "name": "Navn",
    "address": "Adresse",
    "postal_code": "Postnummer",
    "industry": "Branche",
    "ordinary_employees": "Ordinært ansatte",
    "current_subsidised_placements": "I praktik eller løntilskud nu",
    "accommodations": "Hensyn",
    "functions": "Funktioner",
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
    "weekly_hours": "Timer pr. uge",
    "goal_occupations": "Jobmål",
    "placement_types": "Forløbstyper",
    "purpose": "Forløbets formål",
    "coordinates": "Bopæl",
    "most_recent_employer_id": "Seneste arbejdsgiver",
    "excluded_workplace_ids": "Fravalgte virksomheder",
    "form": "Formularen",
}

# Industries are free text; the ones of the demo network have Danish names.
INDUSTRY_LABELS = {industry.key: industry.label for industry in INDUSTRIES}

LABELS = {
    **VOCABULARIES,
    "industries": INDUSTRY_LABELS,
    "citizen_fields": CITIZEN_FIELDS,
    "workplace_fields": WORKPLACE_FIELDS,
    "factors": FACTORS,
    "run_status": RUN_STATUS,
    "run_triggers": RUN_TRIGGERS,
    "placement_status": PLACEMENT_STATUS,
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
