"""The Store facade: a small verb vocabulary over SQLAlchemy Core, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Connection,
    Text,
    cast,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from widgets.store.bells import ring
from widgets.store.errors import Conflict, NotFound, StoreError
from widgets.store.moderation import ModerationRecords
from widgets.store.notify import bump_and_notify
from widgets.store.schema import (
    ADDED_INDEXES,
    ANSWER_INDEX,
    activities,
    checkins,
    events,
    manual_counts,
    metadata,
    participants,
    responses,
    sessions,
)


def _now() -> datetime:
    return datetime.now(UTC)


def _prepare_sqlite_file(url: str) -> None:
    """Create the SQLite file and its folder readable by this user only: it holds responses."""
    database = make_url(url).database
    if not database or database == ":memory:":
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


class Store(ModerationRecords):
    """All reads and writes of live data; callers get plain dicts, never rows or SQL."""

    def __init__(self, url: str):
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        kwargs: dict = {}
        if self.is_sqlite:
            _prepare_sqlite_file(url)
            kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
        self.engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._insert = (sqlite if self.is_sqlite else postgresql).insert
        self._create_tables()
        database = make_url(url).database if self.is_sqlite else None
        self._data_version = DataVersion(database) if database and database != ":memory:" else None
        self._versions: dict[int, tuple[int, tuple | None]] = {}

    def _create_tables(self, tries: int = 8) -> None:
        """create_all checks, then creates: two processes opening a new store at once can both
        check before either creates, and SQLite's switch to WAL can answer "locked" at once
        without waiting. Checking again, after a short pause, settles both."""
        for attempt in range(tries):
            try:
                with self._write() as conn:
                    metadata.create_all(conn)
                    for index in ADDED_INDEXES:  # added since the store was made: create_all skips them
                        if index is not ANSWER_INDEX or self.is_sqlite:
                            index.create(conn, checkfirst=True)
                    _check_columns(conn)
                return
            except StoreError as err:
                passing = "already exists" in str(err) or "locked" in str(err)
                if not passing or attempt == tries - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))

    def close(self) -> None:
        if self._data_version:
            self._data_version.close()
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- plumbing: driver errors become domain errors here and only here ------------------
    @contextmanager
    def _write(self) -> Iterator[Connection]:
        rung: set[str] = set()
        try:
            with self.engine.begin() as conn:
                conn.info["bells"] = rung  # what _bump moved, rung once this commits
                try:
                    yield conn
                finally:
                    conn.info.pop("bells", None)
        except IntegrityError as err:
            raise Conflict(str(err.orig)) from err
        except OperationalError as err:
            raise StoreError(f"the store is unavailable: {err.orig}") from err
        if rung:
            ring(self.url, rung)

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as err:
            raise StoreError(f"the store is unavailable: {err}") from err

    @staticmethod
    def _tuples(conn: Connection, query) -> list[tuple]:
        """The rows as the driver's plain tuples. For bulk reads only: at a million
        responses SQLAlchemy's Row objects cost more than the query itself (0.7 s against 0.4 s)."""
        compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
        params = compiled.params
        if compiled.positional:
            params = tuple(params[name] for name in compiled.positiontup)
        cursor = conn.connection.driver_connection.cursor()
        try:
            cursor.execute(str(compiled), params)
            return cursor.fetchall()
        except conn.dialect.loaded_dbapi.Error as err:
            raise StoreError(f"the store is unavailable: {err}") from err
        finally:
            cursor.close()

    @staticmethod
    def _bump(conn: Connection, session_id: int, *, state: bool = False, tally: bool = False) -> None:
        """Move the session's version counters and tell the listening pages, so they need not poll:
        on PostgreSQL by NOTIFY (delivered at commit; notify.py), on SQLite by the bells that
        `_write` rings after the commit (bells.py)."""
        values = {}
        if state:
            values["state_version"] = sessions.c.state_version + 1
        if tally:
            values["tally_version"] = sessions.c.tally_version + 1
        if conn.dialect.name == "postgresql":
            bump_and_notify(conn, session_id, values, [k for k, on in (("state", state), ("tally", tally)) if on])
        else:
            conn.execute(update(sessions).where(sessions.c.id == session_id).values(**values))
            conn.info.get("bells", set()).update(k for k, on in (("state", state), ("tally", tally)) if on)

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
    def record_response(self, session_id: int, activity_id: int, participant_id: int, value) -> None:
        """Store or replace this participant's answer, only while the activity is open.

        The session row is written first: that takes the write lock (SQLite) or the row lock
        (PostgreSQL) that "Close poll" also takes, so a vote racing a close is refused, not lost.
        """
        now = _now()
        with self._write() as conn:
            self._bump(conn, session_id, tally=True)
            still_open = conn.execute(
                select(activities.c.id).where(
                    activities.c.id == activity_id,
                    activities.c.session_id == session_id,
                    activities.c.state == "open",
                )
            ).first()
            if still_open is None:
                raise Conflict("this poll is not open")
            stmt = self._insert(responses).values(
                activity_id=activity_id,
                participant_id=participant_id,
                value=value,
                created_at=now,
                updated_at=now,
            )
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["activity_id", "participant_id"],
                    set_={"value": stmt.excluded.value, "updated_at": now},
                )
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

    # -- analysis and retention: read in bulk, delete for good ------------------------------
    def session_records(self) -> list[dict]:
        """Every session with how many took part: what the analyst filters on."""
        people = select(func.count()).where(participants.c.session_id == sessions.c.id).scalar_subquery()
        query = select(
            sessions.c.id,
            sessions.c.plan_id,
            sessions.c.title,
            sessions.c.status,
            sessions.c.options,
            sessions.c.created_at,
            people.label("participants"),
        ).order_by(sessions.c.id)
        with self._read() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def activity_records(self, session_ids: list[int]) -> list[dict]:
        """Which activity is which (id, session_id, position, key, kind), without the specs: a
        thousand sessions' specs are megabytes of JSON that one newest copy per activity replaces."""
        c = activities.c
        query = (
            select(c.id, c.session_id, c.position, c.key, c.kind)
            .where(c.session_id.in_(session_ids))
            .order_by(c.session_id, c.position)
        )
        with self._read() as conn:
            rows = self._tuples(conn, query)
        names = ("id", "session_id", "position", "key", "kind")
        return [dict(zip(names, r, strict=True)) for r in rows]

    def activity_specs(self, activity_ids: list[int]) -> dict[int, dict]:
        with self._read() as conn:
            rows = conn.execute(select(activities.c.id, activities.c.spec).where(activities.c.id.in_(activity_ids)))
            return dict(rows.all())

    def answer_totals(self, session_ids: list[int]) -> list[tuple[str, str, str, int]]:
        """(plan id, activity key, answer as JSON text, how many gave it) over the sessions: the
        database groups, so a million responses arrive as tens of thousands of distinct answers."""
        a, s, r = activities.c, sessions.c, responses.c
        if not self.is_sqlite:  # PostgreSQL merges across sessions itself (0.44 s at a million)
            value = cast(r.value, Text)  # json has no equality: its text is grouped
            query = (
                select(s.plan_id, a.key, value, func.count())
                .select_from(responses.join(activities, a.id == r.activity_id).join(sessions, s.id == a.session_id))
                .where(a.session_id.in_(session_ids))
                .group_by(s.plan_id, a.key, value)
            )
            with self._read() as conn:
                return self._tuples(conn, query)
        # SQLite groups per activity, as stored (a bare number as a number), so ix_responses_answer
        # delivers the groups in order: 0.37 s at a million responses, where a GROUP BY across
        # sessions sorts them all (1.1 s); merging the 340,000 groups here takes 0.12 s.
        names = select(a.id, s.plan_id, a.key).join(sessions, s.id == a.session_id).where(a.session_id.in_(session_ids))
        query = (
            select(r.activity_id, cast(r.value, Text), func.count())
            .where(r.activity_id.in_(select(a.id).where(a.session_id.in_(session_ids))))
            .group_by(r.activity_id, r.value)
        )
        with self._read() as conn:
            merged: dict[tuple[str, str], dict[str, int]] = {}
            into = {i: merged.setdefault((plan, key), {}) for i, plan, key in self._tuples(conn, names)}
            current = None
            for activity_id, text, n in self._tuples(conn, query):  # the hot loop, in activity order
                if activity_id != current:
                    current, counts = activity_id, into[activity_id]
                    get = counts.get
                counts[text] = get(text, 0) + n
        return [(plan, key, text, n) for (plan, key), counts in merged.items() for text, n in counts.items()]

    def response_rows(self, session_ids: list[int]) -> Iterator[dict]:
        """One dict per response, streamed: activity, participant (the store's id), value, date."""
        chosen = select(activities.c.id).where(activities.c.session_id.in_(session_ids))
        query = (
            select(responses.c.activity_id, responses.c.participant_id, responses.c.value, responses.c.updated_at)
            .where(responses.c.activity_id.in_(chosen))
            .order_by(responses.c.id)
        )
        with self._read() as conn:
            yield from (dict(r) for r in conn.execution_options(yield_per=5000).execute(query).mappings())

    def set_session_options(self, session_id: int, **values) -> None:
        """Merge into a session's options (e.g. when its answers are to be deleted)."""
        with self._write() as conn:
            options = conn.execute(select(sessions.c.options).where(sessions.c.id == session_id)).scalar_one_or_none()
            if options is None:
                raise NotFound(f"no session {session_id}")
            conn.execute(update(sessions).where(sessions.c.id == session_id).values(options={**options, **values}))

    def delete_sessions(self, session_ids: list[int]) -> int:
        """Delete sessions with their participants, responses and counts, for good: on SQLite the
        freed pages are zeroed, the log checkpointed and the file vacuumed, so nothing is left to
        recover from the file."""
        if not session_ids:
            return 0
        with self._write() as conn:
            if self.is_sqlite:
                conn.exec_driver_sql("PRAGMA secure_delete=ON")
            deleted = conn.execute(delete(sessions).where(sessions.c.id.in_(session_ids))).rowcount
        if self.is_sqlite:
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.exec_driver_sql("VACUUM")
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return deleted


def _check_columns(conn: Connection) -> None:
    """A store made by an older kit lacks new columns: say so plainly (no migrations yet)."""
    found = inspect(conn)
    for table in metadata.sorted_tables:
        missing = {c.name for c in table.columns} - {c["name"] for c in found.get_columns(table.name)}
        if missing:
            raise StoreError(
                f"this store was made by an older version of the kit (table {table.name} lacks "
                f"{', '.join(sorted(missing))}). Keep it aside and use a new one: move the file, or "
                "set WORKSHOP_DB (or --db) to a new sqlite:///… path."
            )


class DataVersion:
    """SQLite's count of commits made by other connections, read on a connection of its own that
    never writes (so every commit, this process's included, moves it). Thread-safe; None when the
    file cannot be read, and the caller then simply queries."""

    def __init__(self, path: str):
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def read(self) -> int | None:
        with self._lock:
            try:
                if self._conn is None:
                    self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
                # fetchall: the statement runs to its end, so no read transaction stays open
                return self._conn.execute("PRAGMA data_version").fetchall()[0][0]
            except sqlite3.Error:
                self._close()
                return None

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()
