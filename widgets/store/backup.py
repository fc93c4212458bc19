"""Backups of the store: a consistent copy while a session runs, a check of what a copy holds, and
a restore that never overwrites answers by accident.

SQLite only, through its online backup API: the copy is made in one step under one read
transaction, so it is the store as it was at one instant, and in WAL mode the participants'
kernels keep writing meanwhile (a step-by-step copy would restart at every vote and never end
under a busy room). On PostgreSQL the database server's own tool does this; `backup` and `restore`
refuse and say how (`pg_dump`, `pg_restore`: docs/deploy.md).
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from widgets.store.engine import prepare_sqlite_file
from widgets.store.errors import Conflict, StoreError
from widgets.store.schema import metadata

PG_DUMP = (
    "this store is PostgreSQL: back it up with PostgreSQL's own tool, e.g. "
    "`pg_dump --format=custom --file=workshop-$(date +%F-%H%M).dump DBNAME` (a consistent snapshot while "
    "the session runs), and restore with `pg_restore --clean --dbname=DBNAME FILE` (docs/deploy.md)"
)
REQUIRED = {table.name: {c.name for c in table.columns} for table in metadata.sorted_tables}


@dataclass
class BackupSummary:
    """What a store file holds: its sessions (join code, title, status, participants, answers)."""

    path: Path
    sessions: list[dict] = field(default_factory=list)
    size: int = 0
    seconds: float = 0.0  # how long the copy took (backup and restore)

    @property
    def responses(self) -> int:
        return sum(s["responses"] for s in self.sessions)

    @property
    def participants(self) -> int:
        return sum(s["participants"] for s in self.sessions)


def sqlite_path(url: str) -> Path:
    """The file behind a store URL; a clear refusal for PostgreSQL or an in-memory store."""
    if not url.startswith("sqlite"):
        raise StoreError(PG_DUMP)
    database = make_url(url).database
    if not database or database == ":memory:":
        raise StoreError("an in-memory store has nothing to back up or restore into: give --db with a file")
    return Path(database)


def default_backup_path(url: str, now: datetime | None = None) -> Path:
    """Beside the store, in backups/, named by the time (UTC) it was made: several never collide."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    store = sqlite_path(url)
    return store.parent / "backups" / f"{store.stem}-{stamp}.db"


def backup(url: str, output: Path | None = None) -> BackupSummary:
    """Copy the store at `url` to `output` (a new file, readable by its owner only) while it is in use."""
    source_path = sqlite_path(url)
    if not source_path.exists():
        raise StoreError(f"there is no store at {source_path}")
    output = Path(output) if output else default_backup_path(url)
    if output.exists():
        raise Conflict(f"{output} already exists: choose another --output, or move it away first")
    output.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = output.with_name(output.name + ".partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_CREAT | os.O_WRONLY, 0o600))
    started = time.perf_counter()
    try:
        source = sqlite3.connect(source_path, timeout=30)  # read only by use: mode=ro cannot open a closed WAL store
        target = sqlite3.connect(partial)
        try:
            source.backup(target)  # pages=-1: all in one step, one consistent snapshot
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            target.close()
            source.close()
        seconds = time.perf_counter() - started
        summary = inspect_backup(partial)
        partial.rename(output)
    except (sqlite3.Error, StoreError) as err:
        partial.unlink(missing_ok=True)
        raise StoreError(f"the backup failed, nothing was written: {err}") from err
    summary.path, summary.seconds = output, seconds
    return summary


def inspect_backup(path: Path) -> BackupSummary:
    """Is this file a workshop store, intact? Which sessions and how many answers does it hold?"""
    path = Path(path)
    if not path.is_file():
        raise StoreError(f"there is no file {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as err:
        raise StoreError(f"{path} cannot be opened: {err}") from err
    try:
        ok = conn.execute("PRAGMA quick_check").fetchone()[0]
        if ok != "ok":
            raise StoreError(f"{path} is damaged: {ok}")
        missing = [
            f"{table}.{column}" for table, columns in REQUIRED.items()
            for column in sorted(columns - {row[1] for row in conn.execute(f"PRAGMA table_info({table})")})
        ]  # fmt: skip
        if missing:
            raise StoreError(f"{path} is not a workshop store (it has no {', '.join(missing[:4])})")
        rows = conn.execute(
            "SELECT s.code, s.title, s.status, s.created_at,"
            " (SELECT count(*) FROM participants p WHERE p.session_id = s.id),"
            " (SELECT count(*) FROM responses r JOIN activities a ON a.id = r.activity_id WHERE a.session_id = s.id)"
            " FROM sessions s ORDER BY s.id"
        ).fetchall()
    except sqlite3.DatabaseError as err:
        raise StoreError(f"{path} is not a workshop store: {err}") from err
    finally:
        conn.close()
    keys = ("code", "title", "status", "created_at", "participants", "responses")
    return BackupSummary(path, [dict(zip(keys, row, strict=True)) for row in rows], path.stat().st_size)


def restore(path: Path, url: str, replace: bool = False) -> BackupSummary:
    """Put the backup at `path` in place of the store at `url`, after checking it. A store that
    already holds sessions is overwritten only with `replace`. Stop `workshop serve` first."""
    target_path = sqlite_path(url)
    if target_path.resolve() == Path(path).resolve():
        raise StoreError(f"{path} is the store itself: give the backup file, or another --db")
    summary = inspect_backup(path)
    if target_path.exists() and target_path.stat().st_size:
        held = _sessions_in(target_path)
        if held and not replace:
            raise Conflict(
                f"the store {target_path} already holds {held} session{'s' * (held != 1)}: restoring would "
                "replace them. Restore into a new store (--db), back this one up first, or add --replace"
            )
    prepare_sqlite_file(f"sqlite:///{target_path}")
    started = time.perf_counter()
    source = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
    target = sqlite3.connect(target_path, timeout=30)
    try:
        source.backup(target)  # one transaction on the target: all of the backup or none of it
        target.execute("PRAGMA journal_mode=WAL")  # as the store runs (store.py)
    except sqlite3.Error as err:
        raise StoreError(f"the restore failed, the store is unchanged: {err}") from err
    finally:
        target.close()
        source.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _sessions_in(path: Path) -> int:
    """How many sessions a store file holds (0 for a file without the table yet)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
    except sqlite3.DatabaseError as err:
        if "no such table" in str(err):
            return 0
        raise StoreError(f"the store {path} cannot be read ({err}): restore into a new store (--db)") from err
    finally:
        conn.close()
