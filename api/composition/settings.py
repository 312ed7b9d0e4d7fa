"""Settings, read from MATCHER_* environment variables (or a .env file)."""

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import Field, IPvAnyNetwork, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Signs tokens in development only: anyone can read it here.
DEVELOPMENT_SECRET = "development-only-secret-never-use-it-in-production"

AUDIT_PURPOSES = {
    "case_work": "Sagsbehandling i borgerens forløb",
    "matching": "Match til virksomhed",
    "follow_up": "Opfølgning på praktik eller job",
    "data_subject_request": "Indsigtsanmodning fra borgeren",
    "quality": "Kvalitetssikring af rangeringen",
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MATCHER_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("data")
    database_url: str | None = None
    """SQLAlchemy URL; default a SQLite file in data_dir. PostgreSQL:
    postgresql+psycopg://user:password@host/dbname"""
    search_backend: Literal["embedded", "opensearch"] = "embedded"
    opensearch_url: str = "http://127.0.0.1:9200"
    """A node's address, or a cluster's nodes separated by commas: a request a node does not
    answer goes on to the next."""
    opensearch_user: str | None = None
    opensearch_password: SecretStr | None = None
    opensearch_verify_tls: bool = True
    opensearch_ca_certs: Path | None = None
    opensearch_alias: str = "workplace-functions"
    opensearch_timeout_s: float = 2.0
    """Timeout of the client that answers requests: an outage answers 503 quickly."""
    opensearch_reindex_timeout_s: float = 120.0
    """Timeout of the client that reindexes and reconciles."""
    opensearch_candidates: int = 400
    """How many candidates OpenSearch returns for the matcher to score."""
    broker_url: str | None = None
    """Celery broker; default Celery's SQLAlchemy transport on a SQLite file in data_dir.
    Redis: redis://host:6379/0"""
    tasks_eager: bool = False
    """Run batch tasks in the calling process instead of sending them to a worker."""
    rerank_top_k: int = 20
    rerank_chunk_size: int = 500
    """Citizens per chunk task."""
    rerank_debounce_s: float = 60.0
    """Workplace edits within this many seconds of each other make one re-rank."""
    index_snapshots: bool = False
    """The embedded index as versioned snapshot files in data_dir/index, mapped read-only by
    every serving process and batch worker (one builds, all share its pages); changes reach
    the other processes within `index_check_s` seconds."""
    index_check_s: float = Field(default=1.0, ge=0)
    """How often a process looks for a new snapshot version and waiting changes."""
    relay_interval_s: float = 2.0
    """How often the serving process retries outbox rows the index has not applied."""
    balance_area: str = "hovedstaden"
    """Labour-market balance area whose categories weight goal occupations."""
    weights_file: Path | None = None
    """JSON file overriding fields of matcher.weights.ScoringWeights."""
    today: dt.date | None = None
    """Fix the date rules and balance periods are taken at (tests, demos); default: today."""

    secret_key: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    """Signs the access tokens. Outside development the service refuses to start with the
    default or with fewer than 32 characters."""
    token_ttl_minutes: int = Field(default=30, ge=1, le=24 * 60)
    """How long a token from a log-in is valid."""
    login_max_failures: int = Field(default=5, ge=1)
    """Failed log-ins in a row after which the account is locked ..."""
    login_lockout_minutes: int = Field(default=15, ge=1)
    """... for this long."""
    login_rate_per_minute: int = Field(default=10, ge=1)
    """Log-in attempts per minute from one client address."""
    suggestion_rate_per_minute: int = Field(default=60, ge=1)
    """Suggestion requests per minute by one user."""
    trusted_proxies: list[IPvAnyNetwork] = Field(default_factory=list)
    """Reverse proxies (addresses or networks, a JSON list) whose X-Forwarded-For names the
    client; from anyone else the header is ignored. Empty: the peer is the client."""
    audit_purposes: dict[str, str] = Field(default_factory=lambda: dict(AUDIT_PURPOSES))
    """Why someone may read a citizen's data: code -> Danish label. A read names one."""
    model_check_s: float = Field(default=30.0, ge=0)
    """How often (seconds) a serving process asks the store whether another learned ranking
    was activated or rolled back (0: on every request)."""
    audit_retention_days: int = Field(default=183, ge=1)
    """Audit entries older than this are removed by the daily purge (about 6 months)."""
    reverse_min_group: int = Field(default=5, ge=1)
    """k: a candidate card is shown only as detailed as at least this many of the function's
    candidates share to the letter; a candidate whose card no k share is not shown."""
    reverse_settle_hours: float = Field(default=24.0, ge=0)
    """A function has candidates only once its location and accommodations have stood this
    long since a coordinator changed them (0: at once)."""
    reverse_lookups_per_day: int = Field(default=50, ge=1)
    """How many candidate look-ups one coordinator may make a day."""

    @model_validator(mode="after")
    def _default_database(self) -> "Settings":
        if self.database_url is None:
            self.database_url = f"sqlite:///{self.data_dir / 'matcher.sqlite3'}"
        return self

    @model_validator(mode="after")
    def _real_secret_outside_development(self) -> "Settings":
        secret = self.secret_key.get_secret_value()
        if self.environment != "development" and (secret == DEVELOPMENT_SECRET or len(secret) < 32):
            raise ValueError(
                "MATCHER_SECRET_KEY must be set to a random value of at least 32 characters "
                f"outside development (environment is {self.environment!r})"
            )
        return self

    @property
    def token_ttl(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.token_ttl_minutes)

    @property
    def secure_cookies(self) -> bool:
        """Cookies only over HTTPS (production; the demo runs on plain HTTP)."""
        return self.environment == "production"

    @property
    def broker(self) -> str:
        return self.broker_url or f"sqla+sqlite:///{(self.data_dir / 'broker.sqlite3').resolve()}"

    @property
    def url(self) -> str:
        assert self.database_url is not None
        return self.database_url
