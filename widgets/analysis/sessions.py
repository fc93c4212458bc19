"""Which sessions an analyst looks at: one row per session, and the filters on them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from widgets.content.course import SELF_PACED


@dataclass(frozen=True)
class Filters:
    """Which sessions to look at; an empty tuple means all."""

    start: date | None = None
    end: date | None = None
    plans: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()


def sessions_frame(records: list[dict]) -> pd.DataFrame:
    """One row per session: what an analyst filters on (no join code, nothing about people)."""
    rows = []
    for r in records:
        options = r.get("options") or {}
        rows.append(
            {
                "session": r["id"],
                "date": pd.Timestamp(r["created_at"]).date(),
                "plan": r["plan_id"].removeprefix(SELF_PACED),
                "mode": "self-paced" if r["plan_id"].startswith(SELF_PACED) else "live",
                "title": r["title"],
                "status": r["status"],
                "organisation": options.get("organisation", ""),
                "label": options.get("label", ""),
                "area": options.get("local", ""),
                "participants": r["participants"],
            }
        )
    columns = ["session", "date", "plan", "mode", "title", "status", "organisation", "label", "area", "participants"]
    return pd.DataFrame(rows, columns=columns)


def choose(sessions: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    keep = pd.Series(True, index=sessions.index)
    if filters.start:
        keep &= sessions["date"] >= filters.start
    if filters.end:
        keep &= sessions["date"] <= filters.end
    for column, wanted in (("plan", filters.plans), ("label", filters.labels), ("area", filters.areas)):
        if wanted:
            keep &= sessions[column].isin(wanted)
    return sessions[keep]
