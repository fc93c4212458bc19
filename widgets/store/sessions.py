"""The store's verbs for sessions and their activities, mixed into the Store facade: create, find,
move on, rearrange, and the facilitator's event log. They use the facade's plumbing (`_read`,
`_write`, `_bump`), so driver errors become the same domain errors everywhere."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select, update

from widgets.store.engine import now as _now
from widgets.store.errors import Conflict, NotFound
from widgets.store.schema import activities, events, participants, responses, sessions


class SessionRecords:
    """Mixed into Store: one live run of a workshop, its activities and what happened in it."""

    # -- sessions -------------------------------------------------------------------------
    def add_session(
        self, code: str, plan_id: str, title: str, activity_specs: list[dict], options: dict | None = None
    ) -> int:
        with self._write() as conn:
            session_id = conn.execute(
                insert(sessions)
                .values(
                    code=code,
                    plan_id=plan_id,
                    title=title,
                    status="running",
                    current=0,
                    state_version=0,
                    tally_version=0,
                    created_at=_now(),
                    options=options or {},
                )
                .returning(sessions.c.id)
            ).scalar_one()
            conn.execute(
                insert(activities),
                [
                    {
                        "session_id": session_id,
                        "position": i,
                        "key": spec["id"],
                        "kind": spec["kind"],
                        "spec": spec,
                        "state": "draft",
                    }
                    for i, spec in enumerate(activity_specs)
                ],
            )
            conn.execute(insert(events).values(session_id=session_id, at=_now(), kind="created", detail=plan_id))
        return session_id

    def get_session(self, session_id: int) -> dict:
        with self._read() as conn:
            row = conn.execute(select(sessions).where(sessions.c.id == session_id)).mappings().first()
        if row is None:
            raise NotFound(f"no session {session_id}")
        return dict(row)

    def view_records(self, session_id: int) -> tuple[dict, list[dict], int]:
        """A session, its activities and its participant count: what a page's view is drawn from,
        asked for together (a phone's kernel asks its server: one request, not three)."""
        return self.get_session(session_id), self.get_activities(session_id), self.count_participants(session_id)

    def get_session_by_code(self, code: str) -> dict:
        with self._read() as conn:
            row = conn.execute(select(sessions).where(sessions.c.code == code)).mappings().first()
        if row is None:
            raise NotFound(f"no session with code {code}")
        return dict(row)

    def find_session_by_plan(self, plan_id: str) -> dict | None:
        """The oldest running session of a plan (self-paced courses keep one standing session)."""
        with self._read() as conn:
            row = (
                conn.execute(
                    select(sessions)
                    .where(sessions.c.plan_id == plan_id, sessions.c.status == "running")
                    .order_by(sessions.c.id)
                    .limit(1)
                )
                .mappings()
                .first()
            )
        return dict(row) if row else None

    def latest_running_session(self, not_plan_prefix: str = "") -> dict | None:
        """The newest running session, leaving out plans whose id starts with `not_plan_prefix`."""
        query = select(sessions).where(sessions.c.status == "running")
        if not_plan_prefix:
            query = query.where(sessions.c.plan_id.not_like(f"{not_plan_prefix}%"))
        with self._read() as conn:
            row = conn.execute(query.order_by(sessions.c.id.desc()).limit(1)).mappings().first()
        return dict(row) if row else None

    def get_versions(self, session_id: int) -> tuple[str, int, int] | None:
        """The cheap read every watching page repeats: (status, state_version, tally_version).

        On a SQLite file it is read again only when the database has changed since (PRAGMA
        data_version): 150 idle phones asking four times a second took most of a core through
        SQLAlchemy, and a pragma on a kept connection costs a fraction of that."""
        stamp = self._data_version.read() if self._data_version else None
        if stamp is not None and (seen := self._versions.get(session_id)) and seen[0] == stamp:
            return seen[1]
        with self._read() as conn:
            row = conn.execute(
                select(sessions.c.status, sessions.c.state_version, sessions.c.tally_version).where(
                    sessions.c.id == session_id
                )
            ).first()
        versions = tuple(row) if row else None
        if stamp is not None:  # read before the query: a change landing between the two reads it again
            self._versions[session_id] = (stamp, versions)
        return versions

    def update_session(self, session_id: int, event_kind: str, detail: str = "", **values) -> None:
        """Change session fields, log the facilitator event and tell every page, in one transaction."""
        with self._write() as conn:
            if values:
                conn.execute(update(sessions).where(sessions.c.id == session_id).values(**values))
            self._bump(conn, session_id, state=True, tally=True)
            conn.execute(insert(events).values(session_id=session_id, at=_now(), kind=event_kind, detail=detail))

    # -- activities -----------------------------------------------------------------------
    def get_activities(self, session_id: int) -> list[dict]:
        with self._read() as conn:
            rows = (
                conn.execute(
                    select(activities).where(activities.c.session_id == session_id).order_by(activities.c.position)
                )
                .mappings()
                .all()
            )
        return [dict(r) for r in rows]

    def set_activity_state(self, session_id: int, activity_id: int, state: str) -> None:
        with self._write() as conn:
            self._bump(conn, session_id, state=True, tally=True)  # lock order: session row first
            done = conn.execute(
                update(activities)
                .where(activities.c.id == activity_id, activities.c.session_id == session_id)
                .values(state=state)
            ).rowcount
            if not done:
                raise NotFound(f"no activity {activity_id} in session {session_id}")
            conn.execute(insert(events).values(session_id=session_id, at=_now(), kind=state, detail=str(activity_id)))

    def arrange_activities(self, session_id: int, layout: list[int | dict], detail: str = "", **options) -> None:
        """Give a session a new list of activities: `layout` holds the ids of those kept, in their new
        order, and the spec of each one added. Any other activity is deleted, which only a draft one
        that the room is not on may be; else Conflict and nothing changes. The room stays on the same
        activity; `options` are merged into the session's, and the event carries `detail`."""
        with self._write() as conn:
            self._bump(conn, session_id, state=True, tally=True)  # lock order: session row first
            rows = {r.id: r for r in conn.execute(select(activities).where(activities.c.session_id == session_id))}
            now = conn.execute(select(sessions.c.current, sessions.c.options).where(sessions.c.id == session_id)).one()
            on = next((i for i, r in rows.items() if r.position == now.current), None)
            kept = [item for item in layout if isinstance(item, int)]
            gone = set(rows) - set(kept)
            if set(kept) - set(rows) or len(set(kept)) != len(kept) or on in gone:
                raise Conflict(f"the activities of session {session_id} changed meanwhile")
            if any(rows[i].state != "draft" for i in gone):
                raise Conflict("an activity that has been opened cannot be removed")
            conn.execute(delete(activities).where(activities.c.id.in_(gone)))
            # Positions are unique per session: move every row out of the way, then into place.
            conn.execute(
                update(activities)
                .where(activities.c.session_id == session_id)
                .values(position=-1 - activities.c.position)
            )
            for position, item in enumerate(layout):
                if isinstance(item, int):
                    conn.execute(update(activities).where(activities.c.id == item).values(position=position))
                else:
                    conn.execute(
                        insert(activities).values(
                            session_id=session_id,
                            position=position,
                            key=item["id"],
                            kind=item["kind"],
                            spec=item,
                            state="draft",
                        )
                    )
            conn.execute(
                update(sessions)
                .where(sessions.c.id == session_id)
                .values(current=layout.index(on) if on is not None else 0, options={**now.options, **options})
            )
            conn.execute(insert(events).values(session_id=session_id, at=_now(), kind="arranged", detail=detail))

    def record_event(self, session_id: int, kind: str, detail: str = "") -> None:
        """Log something staff pages count (not a state change: participants do not redraw)."""
        with self._write() as conn:
            self._bump(conn, session_id, tally=True)
            conn.execute(insert(events).values(session_id=session_id, at=_now(), kind=kind, detail=detail))

    def events_records(self, session_id: int) -> list[dict]:
        with self._read() as conn:
            rows = (
                conn.execute(
                    select(events.c.at, events.c.kind, events.c.detail)
                    .where(events.c.session_id == session_id)
                    .order_by(events.c.id)
                )
                .mappings()
                .all()
            )
        return [dict(r) for r in rows]

    def set_session_options(self, session_id: int, **values) -> None:
        """Merge into a session's options (e.g. when its answers are to be deleted)."""
        with self._write() as conn:
            options = conn.execute(select(sessions.c.options).where(sessions.c.id == session_id)).scalar_one_or_none()
            if options is None:
                raise NotFound(f"no session {session_id}")
            conn.execute(update(sessions).where(sessions.c.id == session_id).values(options={**options, **values}))

    def set_session_created(self, session_id: int, when: datetime) -> None:
        """Move a session back in time (demo data): its creation, events, joins and answers all
        take the date `when`, so date filters and retention see one consistent day."""
        chosen = select(activities.c.id).where(activities.c.session_id == session_id)
        with self._write() as conn:
            if not conn.execute(update(sessions).where(sessions.c.id == session_id).values(created_at=when)).rowcount:
                raise NotFound(f"no session {session_id}")
            conn.execute(update(events).where(events.c.session_id == session_id).values(at=when))
            conn.execute(update(participants).where(participants.c.session_id == session_id).values(joined_at=when))
            conn.execute(
                update(responses).where(responses.c.activity_id.in_(chosen)).values(created_at=when, updated_at=when)
            )
