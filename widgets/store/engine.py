"""The store's engine: one SQLAlchemy engine per URL, SQLite set up for many writing processes
(WAL, a long busy timeout, foreign keys), its file private to this user, and SQLite's cheap
"has anything changed?" counter."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

WAL_TRIES = 10  # a new store opened by many kernels at once: its first connections race to switch


def now() -> datetime:
    return datetime.now(UTC)


def make_engine(url: str) -> Engine:
    """The engine every store connection comes from; on SQLite the file is made private first."""
    if not url.startswith("sqlite"):
        return create_engine(url)
    prepare_sqlite_file(url)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
    event.listen(engine, "connect", sqlite_pragmas)
    return engine


def prepare_sqlite_file(url: str) -> None:
    """Create the SQLite file and its folder readable by this user only: it holds responses."""
    database = make_url(url).database
    if not database or database == ":memory:":
        return
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")
    for attempt in range(WAL_TRIES):  # the switch to WAL answers "locked" at once, without waiting
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or attempt == WAL_TRIES - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


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
