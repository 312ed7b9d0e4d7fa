"""How to match now: what matching reads besides the profile and the workplaces (where postal
codes lie, the weights and rules of scoring, the labour-market balance loaded from the store),
the day, and the learned ranking in use. Wired once (api.composition.wiring); the API's
services, the batch work and reverse matching all ask it."""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from batch.retraining import ModelCache
from matcher.balance import BalanceEntry, BalanceTable
from matcher.models import CitizenProfile, Coordinates
from matcher.query import CitizenQuery, SuggestionFilters, build_query
from matcher.rules import DEFAULT_RULES, RuleBook
from matcher.scoring import ScoringContext
from matcher.weights import DEFAULT_WEIGHTS, ScoringWeights
from store import balance as balance_repository


@dataclass
class Matching:
    postal_codes: Mapping[str, Coordinates]
    area: str
    weights: ScoringWeights = DEFAULT_WEIGHTS
    rules: RuleBook = DEFAULT_RULES
    balance_entries: list[BalanceEntry] = field(default_factory=list)
    # The day matching is done on (the settings may fix it).
    clock: Callable[[], dt.date] = dt.date.today
    # The learned ranking in use (None: the hand weights always rank).
    models: ModelCache | None = None
    # How often the balance was loaded: what was made from an earlier load is out of date.
    balance_loads: int = 0
    _balance: tuple[dt.date, BalanceTable] | None = None

    def today(self) -> dt.date:
        return self.clock()

    def balance(self, on: dt.date | None = None) -> BalanceTable:
        """The balance in force on a day, today unless told (built once per day and load)."""
        on = on or self.today()
        if self._balance is None or self._balance[0] != on:
            self._balance = (on, BalanceTable(self.balance_entries, area=self.area, on=on))
        return self._balance[1]

    def reload_balance(self, session: Session) -> None:
        self.balance_entries = balance_repository.load_all(session)
        self.balance_loads += 1
        self._balance = None

    def edition(self) -> tuple[dt.date, int]:
        """What a citizen's query is made with besides the profile: the day, the balance."""
        return self.today(), self.balance_loads

    def scoring(self, session: Session | None = None) -> ScoringContext:
        """How to score now. A request gives its own session, so it never holds one
        connection while waiting for a second from the pool."""
        return ScoringContext(
            weights=self.weights,
            rules=self.rules,
            on=self.today(),
            model=self.models.current(session) if self.models else None,
        )

    def forget_model(self) -> None:
        """Ask the store for the model in use next time (after this process changed it)."""
        if self.models is not None:
            self.models.forget()

    def query(self, profile: CitizenProfile, *, limit: int) -> CitizenQuery:
        """A citizen's query with the default filters and today's balance."""
        return build_query(
            profile,
            balance=self.balance(),
            weights=self.weights,
            postal_codes=self.postal_codes,
            filters=SuggestionFilters(limit=limit),
        )
