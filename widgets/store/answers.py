"""The store's verbs for participants and their answers, mixed into the Store facade: joining,
voting (and changing a vote), show-of-hands counts and the awareness check-in."""

from __future__ import annotations

from functools import cached_property

from sqlalchemy import and_, bindparam, delete, func, insert, select

from widgets.store.engine import now as _now
from widgets.store.errors import Conflict, NotFound
from widgets.store.schema import activities, checkins, manual_counts, participants, responses, sessions

# Is the activity still open for answers? Read in the vote's own write transaction.
STILL_OPEN = select(activities.c.id).where(
    activities.c.id == bindparam("activity_id"),
    activities.c.session_id == bindparam("session_id"),
    activities.c.state == "open",
)

# What a vote is checked against, in one read: the session and (if it is the session's) the activity.
ANSWER_TARGET = (
    select(
        sessions.c.status,
        sessions.c.current,
        sessions.c.plan_id,
        activities.c.id,
        activities.c.position,
        activities.c.state,
        activities.c.key,
        activities.c.spec,
    )
    .select_from(
        sessions.outerjoin(
            activities,
            and_(activities.c.session_id == sessions.c.id, activities.c.id == bindparam("activity_id")),
        )
    )
    .where(sessions.c.id == bindparam("session_id"))
)


class AnswerRecords:
    """Mixed into Store: pseudonymous participants and their responses, counted once each."""

    # -- participants ---------------------------------------------------------------------
    def record_participant(self, session_id: int, key_hash: str) -> int:
        """Get or create the participant for this browser key; a reload finds the same one."""
        with self._write() as conn:
            # RETURNING says whether a row was made (rowcount is -1 on some drivers): a reload is no change.
            new = conn.execute(
                self._insert(participants)
                .values(session_id=session_id, key_hash=key_hash, joined_at=_now())
                .on_conflict_do_nothing(index_elements=["session_id", "key_hash"])
                .returning(participants.c.id)
            ).scalar_one_or_none()
            if new is not None:
                self._bump(conn, session_id, tally=True)
                return new
            return conn.execute(
                select(participants.c.id).where(
                    participants.c.session_id == session_id, participants.c.key_hash == key_hash
                )
            ).scalar_one()

    def count_participants(self, session_id: int) -> int:
        with self._read() as conn:
            return conn.execute(
                select(func.count()).select_from(participants).where(participants.c.session_id == session_id)
            ).scalar_one()

    # -- responses ------------------------------------------------------------------------
    def answer_target(self, session_id: int, activity_id: int | None) -> dict:
        """What a vote needs to know, in one prebuilt read instead of the session's whole view (that
        took most of a vote's time in a phone's kernel): the session's status, current position and
        plan, and the activity's id, position, state, key and spec (all None if it is not this
        session's)."""
        with self._read() as conn:
            row = conn.execute(ANSWER_TARGET, {"session_id": session_id, "activity_id": activity_id}).mappings().first()
        if row is None:
            raise NotFound(f"no session {session_id}")
        return dict(row)

    def record_response(self, session_id: int, activity_id: int, participant_id: int, value) -> None:
        """Store or replace this participant's answer, only while the activity is open.

        The session row is written first: that takes the write lock (SQLite) or the row lock
        (PostgreSQL) that "Close poll" also takes, so a vote racing a close is refused, not lost.
        """
        ids = {"activity_id": activity_id, "session_id": session_id, "participant_id": participant_id}
        with self._write() as conn:
            self._bump(conn, session_id, tally=True)
            if conn.execute(STILL_OPEN, ids).first() is None:
                raise Conflict("this poll is not open")
            conn.execute(self._upsert_response, {**ids, "value": value, "now": _now()})

    @cached_property
    def _upsert_response(self):
        """Built once per store: building it took three times as long as running it (a vote's
        0.6 of 0.8 ms)."""
        stmt = self._insert(responses).values(
            activity_id=bindparam("activity_id"),
            participant_id=bindparam("participant_id"),
            value=bindparam("value"),
            created_at=bindparam("now"),
            updated_at=bindparam("now"),
        )
        return stmt.on_conflict_do_update(
            index_elements=["activity_id", "participant_id"],
            set_={"value": stmt.excluded.value, "updated_at": stmt.excluded.updated_at},
        )

    def get_response(self, activity_id: int, participant_id: int):
        with self._read() as conn:
            return conn.execute(
                select(responses.c.value).where(
                    responses.c.activity_id == activity_id, responses.c.participant_id == participant_id
                )
            ).scalar()

    def response_values(self, activity_id: int) -> list:
        """Every current answer to one activity, oldest first; no participant ids leave here."""
        with self._read() as conn:
            return list(
                conn.execute(
                    select(responses.c.value)
                    .where(responses.c.activity_id == activity_id)
                    .order_by(responses.c.created_at, responses.c.id)
                ).scalars()
            )

    def record_manual_counts(self, session_id: int, activity_id: int, counts: dict[str, int]) -> None:
        """Replace the show-of-hands counts of one activity."""
        with self._write() as conn:
            self._bump(conn, session_id, tally=True)
            conn.execute(delete(manual_counts).where(manual_counts.c.activity_id == activity_id))
            rows = [{"activity_id": activity_id, "option_id": o, "count": n} for o, n in counts.items() if n]
            if rows:
                conn.execute(insert(manual_counts), rows)

    def get_manual_counts(self, activity_id: int) -> dict[str, int]:
        with self._read() as conn:
            rows = conn.execute(
                select(manual_counts.c.option_id, manual_counts.c.count).where(
                    manual_counts.c.activity_id == activity_id
                )
            ).all()
        return dict(rows)

    def record_checkin(self, session_id: int, participant_id: int, awareness: str) -> None:
        with self._write() as conn:
            self._bump(conn, session_id, tally=True)
            stmt = self._insert(checkins).values(participant_id=participant_id, awareness=awareness)
            conn.execute(stmt.on_conflict_do_update(index_elements=["participant_id"], set_={"awareness": awareness}))

    def get_checkin(self, participant_id: int) -> str | None:
        with self._read() as conn:
            return conn.execute(
                select(checkins.c.awareness).where(checkins.c.participant_id == participant_id)
            ).scalar()

    def checkin_counts(self, session_id: int) -> dict[str, int]:
        """How many said yes, no or unsure: counts only, never who."""
        with self._read() as conn:
            rows = conn.execute(
                select(checkins.c.awareness, func.count())
                .join(participants, participants.c.id == checkins.c.participant_id)
                .where(participants.c.session_id == session_id)
                .group_by(checkins.c.awareness)
            ).all()
        return dict(rows)

    # -- synthetic data: demo sessions and benchmarks --------------------------------------
    def add_responses(self, session_id: int, rows: list[tuple[int, int, object]]) -> int:
        """Insert many answers (activity id, participant id, value) in one transaction, for demo
        data and benchmarks: no poll need be open and no page is told, so use it for sessions
        that have ended. Every activity and participant must belong to the session (NotFound);
        a second answer by one participant to one activity is a Conflict."""
        if not rows:
            return 0
        now = _now()
        with self._write() as conn:
            known = set(conn.execute(select(activities.c.id).where(activities.c.session_id == session_id)).scalars())
            people = set(
                conn.execute(select(participants.c.id).where(participants.c.session_id == session_id)).scalars()
            )
            if any(a not in known or p not in people for a, p, _ in rows):
                raise NotFound(f"an activity or participant is not part of session {session_id}")
            conn.execute(
                insert(responses),
                [
                    {"activity_id": a, "participant_id": p, "value": v, "created_at": now, "updated_at": now}
                    for a, p, v in rows
                ],
            )
        return len(rows)
