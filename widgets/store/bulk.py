"""The store's bulk reads for analysis and its deletions for retention, mixed into the Store
facade: thousands of sessions and a million responses read at once, and sessions deleted for good."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, Text, cast, delete, func, select

from widgets.store.errors import StoreError
from widgets.store.schema import activities, participants, responses, sessions


class BulkRecords:
    """Mixed into Store: what the analyst and `workshop export`/`purge` read and delete."""

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
