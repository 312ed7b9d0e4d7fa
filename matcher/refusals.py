"""Why an input is refused: a code, its parameters, and the English text the API sends.

Every refusal the service makes of a field has a code here. The API sends the code and its
parameters beside the English reason, and the pages show the Danish text for the code
(api/web/texts.py), so rewording a reason in English never loses its Danish. The templates
take their parameters by name ({name}), as pydantic's own error templates do."""

import dataclasses
from dataclasses import dataclass
from typing import Final

Param = str | int | float

REASONS: Final[dict[str, str]] = {
    # The fields of a body, checked as it is read.
    "not_an_occupation": "{value} is not a DISCO-08 occupation: its first 4 digits name no unit "
    "group",
    "control_character": "contains a control character ({character}) at position {position}; "
    "remove it",
    "cpr_number": "looks like it contains a CPR number; remove it",
    "unknown_accommodation": "unknown accommodation code '{code}'; see GET /vocabulary",
    "unknown_placement_type": "unknown placement type '{code}'; expected one of {known}",
    "outside_denmark": "({lat}, {lon}) is outside Denmark",
    "min_above_max": "min ({min}) must not exceed max ({max})",
    "listed_twice": "'{code}' is listed twice",
    "more_than_placements": "{counted} cannot exceed placements",
    "function_id_twice": "the same function id appears twice",
    "not_a_month_after": "must be one of {known}",
    # What the services check against what is stored.
    "unknown_purpose": "unknown purpose '{purpose}'; one of {known}",
    "purpose_required": "say why you read this citizen data: one of {known}",
    "reference_taken": "another citizen already has the reference '{reference}'",
    "empty_profile": "the profile is empty: give at least one skill, experience, education or "
    "goal occupation",
    "unknown_postal_code": "postal code {postal_code} is not one we know the centre of; give "
    "coordinates",
    "commute_without_home": "a commute limit needs a home postal code or coordinates",
    "id_mismatch": "{sent} does not match the id in the URL ({url_id})",
    "team_fixed": "a citizen's team is not changed by an edit",
    "portfolio_fixed": "a workplace's portfolio is not changed by an edit",
    "password_too_short": "use at least {length} characters",
    "username_taken": "the username '{username}' is taken",
    "last_admin": "{username} is the last active admin; make another user admin before "
    "deactivating this one or changing its role",
    "merge_incomplete": "the merge form is incomplete; open the edit page again",
    "new_function_with_id": "a new workplace's functions cannot carry ids",
    "not_a_function_of_workplace": "function {function_id} is not a function of workplace "
    "{workplace_id}",
    "workplace_missing": "workplace {workplace_id} does not exist",
    "declined_before": "the workplace declined this citizen on {day} ({reason}); send "
    "after_decline true to contact it again",
    "past_result_window": "a search pages through its first {window} results only; narrow it "
    "with text, industry or postal code",
    "in_future": "{day} is in the future",
    "before_plan_start": "before the plan's start on {start}",
    "before_contact": "before the course began (contact made {contacted})",
    "not_yet_due": "{months} months after the end is {due}; not yet",
    "reason_required": "required when the workplace declined",
    "reason_only_when_declined": "only for status declined_by_workplace",
    "accommodation_required": "required when the reason is an accommodation",
    "accommodation_only_for_reason": "only with reason cannot_offer_accommodation",
    "end_reason_required": "required when it ended early",
    "end_reason_only_early": "only with outcome ended_early",
    "starts_before_plan": "the plan starts on {start}; record the start on that day or later, "
    "or move the plan's start",
    # A step on a placement that its state does not allow (answered 409).
    "cannot_become": "placement {placement_id} is {status}; it can become {allowed}",
    "cannot_become_any": "placement {placement_id} is {status}; it can become nothing more "
    "(undo the last change to correct it)",
    "already_ended": "placement {placement_id} already has its outcome ({outcome})",
    "changed_meanwhile": "placement {placement_id} was changed meanwhile; it is now {status}",
    "nothing_to_undo": "placement {placement_id} has no change to undo",
    "stays_ended": "placement {placement_id} has statuses recorded after its end; it stays ended",
    "stays_started": "placement {placement_id} has follow-ups; it stays started",
    "not_running": "placement {placement_id} is {status}: only a running placement is followed up",
    "follow_up_differs": "a follow-up held on {day} is already recorded for placement "
    "{placement_id}, with other contents; one is kept a day",
    "not_ended": "placement {placement_id} is {status}: only an ended placement has a status after",
    "status_after_recorded": "the status {months} months after is already recorded",
    # The programme rules a plan is held to (matcher.plans).
    "no_rules_before": "no programme rules are in force before {earliest}",
    "start_too_early": "more than a year ago; the earliest start is {first}",
    "start_too_late": "more than a year ahead; the latest start is {last}",
    "praktik_too_long": "praktik for target group {target_group} may last at most {weeks} weeks "
    "(rule in force on {on})",
    "plan_too_long": "a plan may last at most {weeks} weeks (rule in force on {on})",
    "praktik_hours": "praktik is at most {hours} hours a week",
    "start_above_target": "the hours to start with are above the target",
    "paid_hours_after_end": "week {week} is after the plan's last week",
    "most_recent_employer": "praktik may not be at the citizen's most recent employer",
    "workplace_full": "the workplace is full under the reasonableness rule in force on {on}: "
    "{taken} of {limit} places in praktik and wage subsidy are taken",
}


@dataclass(frozen=True, slots=True)
class Refusal:
    """One field refused: where, why (a code of REASONS) and the values the reason names."""

    field: str
    code: str
    params: dict[str, Param] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in REASONS:
            raise KeyError(f"no reason has the code {self.code!r}")

    @property
    def reason(self) -> str:
        return REASONS[self.code].format(**self.params)
