"""The Store facade: a small verb vocabulary over SQLAlchemy Core, the same on SQLite and PostgreSQL.

The verbs live in mixins, one per seam (sessions.py, answers.py, bulk.py, moderation.py); this
module holds what they share: opening the store, and the plumbing that turns driver errors into
domain errors in one place."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache

from sqlalchemy import Connection, bindparam, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from widgets.store.answers import AnswerRecords
from widgets.store.bells import ring
from widgets.store.bulk import BulkRecords
from widgets.store.engine import DataVersion, make_engine
from widgets.store.errors import Conflict, NotFound, StoreError
from widgets.store.moderation import ModerationRecords
from widgets.store.notify import KINDS, Subscription, bump_and_notify, watch
from widgets.store.revision import open_schema
from widgets.store.schema import sessions
from widgets.store.sessions import SessionRecords

__all__ = ["Conflict", "NotFound", "Store", "StoreError"]


class Store(SessionRecords, AnswerRecords, BulkRecords, ModerationRecords):
    """All reads and writes of live data; callers get plain dicts, never rows or SQL."""

    def __init__(self, url: str):
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        self.engine = make_engine(url)
        if self.is_sqlite:
            from sqlalchemy.dialects.sqlite import insert
        else:  # only a PostgreSQL store loads its dialect (2 MiB in every phone's kernel otherwise)
            from sqlalchemy.dialects.postgresql import insert
        self._insert = insert
        self._open()
        database = make_url(url).database if self.is_sqlite else None
        self._data_version = DataVersion(database) if database and database != ":memory:" else None
        self._versions: dict[int, tuple[int, tuple | None]] = {}

    def _open(self, tries: int = 8) -> None:
        """Check the schema's revision (revision.py), or make a new store. Many kernels open a new
        store at once: the lock settles who creates it, but SQLite's switch to WAL can answer
        "locked" at once without waiting, so a locked open is tried again after a short pause."""
        for attempt in range(tries):
            try:
                return open_schema(self.engine)
            except StoreError as err:
                if "locked" not in str(err) or attempt == tries - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))

    def close(self) -> None:
        if self._data_version:
            self._data_version.close()
        self.engine.dispose()

    def watch(self, session_id: int | None, kinds: Iterable[str] | None = None) -> Subscription | None:
        """Changes of one session (of any, for None), as they are committed (notify.py); None: the
        caller polls."""
        return watch(self.url, session_id, KINDS if kinds is None else kinds)

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
    def _bump(conn: Connection, session_id: int, *, state: bool = False, tally: bool = False) -> None:
        """Move the session's version counters and tell the listening pages, so they need not poll:
        on PostgreSQL by NOTIFY (delivered at commit; notify.py), on SQLite by the bells that
        `_write` rings after the commit (bells.py)."""
        values = _bump_values(state, tally)
        if conn.dialect.name == "postgresql":
            bump_and_notify(conn, session_id, values, [k for k, on in (("state", state), ("tally", tally)) if on])
        else:
            conn.execute(_bump_statement(state, tally), {"bumped_session": session_id})
            conn.info.get("bells", set()).update(k for k, on in (("state", state), ("tally", tally)) if on)


def _bump_values(state: bool, tally: bool) -> dict:
    values = {}
    if state:
        values["state_version"] = sessions.c.state_version + 1
    if tally:
        values["tally_version"] = sessions.c.tally_version + 1
    return values


@cache
def _bump_statement(state: bool, tally: bool):
    """Built once: building the UPDATE cost more than running it, on every vote."""
    return update(sessions).where(sessions.c.id == bindparam("bumped_session")).values(**_bump_values(state, tally))
