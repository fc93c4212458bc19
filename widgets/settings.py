"""One settings object read by the CLI, the notebooks and the servers (env prefix WORKSHOP_)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

STAFF_TOKEN_VARIABLE = "WORKSHOP_STAFF_TOKEN"  # noqa: S105 - the name of a variable, not a secret
DATA_DIR = Path.home() / ".local" / "share" / "prevent-workshop"
# Headless chromium's flags wherever we start it (the handout's PDF, the browser tests): no sandbox
# (root in a container), no GPU, and nothing fetched or synced behind our back.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def kernel_cap(expected: int, max_kernels: int = 0) -> int:
    """WORKSHOP_MAX_KERNELS, or when 0 one from the room: headroom for reloads and latecomers."""
    return max_kernels or max(50, expected + max(10, expected // 4))


def default_db_url() -> str:
    return f"sqlite:///{DATA_DIR / 'workshop.db'}"


PREFIX = "WORKSHOP_"


class Settings(BaseModel):
    """Every knob in one place; the servers pass them to kernels through the environment.

    Each field is read from its WORKSHOP_ variable (any case) unless given; pydantic checks and
    converts it. Reading the environment is all we used pydantic-settings for, and it is 1.3 MiB
    in each of a room's phone kernels (benchmarks/RESULTS.md)."""

    model_config = ConfigDict(extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _from_environment(cls, given: dict) -> dict:
        names = {f"{PREFIX}{name}".upper(): name for name in cls.model_fields}
        found = {names[key.upper()]: value for key, value in os.environ.items() if key.upper() in names}
        return {**found, **given} if isinstance(given, dict) else given

    db: str = Field(
        default_factory=default_db_url,
        description="Store URL, e.g. sqlite:////srv/workshop.db or postgresql+psycopg://user@host/db.",
    )
    session: str = Field(
        default="",
        description="Join code of the session the staff pages show; empty = the newest running session.",
    )
    participant_url: str = Field(
        default="http://localhost:8866",
        description="Address participants open, shown with the QR code (e.g. http://192.168.1.20:8866).",
    )
    local: str = Field(
        default="",
        description="Local arrangements file shown with the national contacts (e.g. scenarios/local/somerset.yaml).",
    )
    min_group: int = Field(
        default=8,
        ge=3,
        le=100,
        description="Smallest count analysts and exports show; smaller ones are hidden (e.g. 8: hides 1 to 7).",
    )
    staff_token: str = Field(
        default="",
        description="Password of the staff pages; empty = a new random token at every start (e.g. a passphrase).",
    )
    answer_interval: float = Field(
        default=0.5,
        ge=0,
        le=60,
        description="After 3 answers in quick succession, seconds between a participant's answers (e.g. 0.5).",
    )
    poll_interval: float = Field(
        default=0.25, gt=0, le=5, description="Seconds between checks for changes (e.g. 0.25)."
    )
    feed_hours: float = Field(
        default=6, gt=0, le=48, description="A page stops watching for changes after this many hours (e.g. 6)."
    )
    idle_minutes: float = Field(
        default=10, gt=0, description="A closed tab's kernel is shut down after this many idle minutes (e.g. 10)."
    )
    expected: int = Field(
        default=20,
        ge=0,
        le=1000,
        description=(
            "Participants expected: that many participant pages are made ready before anyone opens one, so "
            "each opens at once; 0 = start each page's kernel when it is opened (e.g. 40). A ready page "
            "holds about 80 MB of memory until someone takes it."
        ),
    )
    max_kernels: int = Field(
        default=0,
        ge=0,
        le=5000,
        description=(
            "Most participant pages open at once on a participant server, each with its own process (about "
            "80 MB); past it, new arrivals are asked to try again in a minute and everyone already in keeps "
            "working. 0 = WORKSHOP_EXPECTED plus a quarter (at least 10 more), and never fewer than 50 (e.g. 60)."
        ),
    )
    page_loads_per_minute: int = Field(
        default=60,
        ge=1,
        le=100_000,
        description=(
            "Participant pages one address may open per minute (that many at once, then one every 60/N s); "
            "past it, 'try again in a minute' (e.g. 60). A room behind one public address shares it."
        ),
    )
    trusted_proxies: str = Field(
        default="",
        description=(
            "Addresses of the proxies (nginx) in front of the participant servers, comma-separated: only "
            "their X-Forwarded-For header is believed, so the rate above applies per phone (e.g. 127.0.0.1)."
        ),
    )
    staff_poll_interval: float = Field(
        default=0.1,
        gt=0,
        le=5,
        description=(
            "Seconds between checks for changes on the console and projector screen, which are few and "
            "show votes as they come (e.g. 0.1); phones use WORKSHOP_POLL_INTERVAL."
        ),
    )
    chromium: str = Field(
        default="/usr/bin/chromium",
        description=(
            "The chromium that prints `workshop handout --pdf` (and that the browser tests drive); "
            "Debian's by default (e.g. /usr/lib/chromium/chromium)."
        ),
    )
