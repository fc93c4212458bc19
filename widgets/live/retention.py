"""Retention: answers are kept only as long as needed, then deleted for good (UK GDPR storage limitation)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from widgets.store import Store

DELETE_AFTER = "delete_after"  # session option: ISO date-time after which the session is deleted


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def due(session: dict, now: datetime, older_than_days: float | None) -> bool:
    """Whether a session is to go: its scheduled deletion has passed, or it is older than asked."""
    scheduled = (session.get("options") or {}).get(DELETE_AFTER)
    if scheduled and _aware(datetime.fromisoformat(scheduled)) <= now:
        return True
    return older_than_days is not None and _aware(session["created_at"]) < now - timedelta(days=older_than_days)


def purge(store: Store, older_than_days: float | None = None, now: datetime | None = None) -> list[dict]:
    """Delete sessions older than the given days, and any whose scheduled deletion has passed;
    return what went (id, title, created_at, participants) so the caller can say so."""
    now = now or datetime.now(UTC)
    gone = [s for s in store.session_records() if due(s, now, older_than_days)]
    store.delete_sessions([s["id"] for s in gone])
    return gone


def schedule_deletion(store: Store, session_id: int, days: float, now: datetime | None = None) -> datetime:
    """Mark a session's answers for deletion `days` from now; `workshop purge` and the next
    `workshop serve` carry it out."""
    if not 0 <= days <= 3650:
        raise ValueError("Deletion can be scheduled from 0 to 3650 days ahead.")
    when = (now or datetime.now(UTC)) + timedelta(days=days)
    store.set_session_options(session_id, **{DELETE_AFTER: when.isoformat()})
    return when
