"""Upgrading a store's schema with Alembic: `workshop db upgrade`, and `workshop serve` before it
starts the servers (after a backup copy on SQLite). Kernels never come here (revision.py).

A store without a version table was made by a kit from before migrations: what it holds (tables,
indexes) says which revision it is at, and that is stamped before upgrading from there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, inspect

from widgets.store.backup import PG_DUMP, backup, sqlite_path
from widgets.store.engine import make_engine
from widgets.store.errors import StoreError
from widgets.store.migrations.baseline import baseline
from widgets.store.revision import HEAD, REVISIONS, behind, create_if_empty, is_empty, locked, reading, stamp, stamped

SCRIPTS = Path(__file__).with_name("migrations")


@dataclass
class Upgrade:
    """What `upgrade` did: the revision before (None: made before migrations, or new) and after."""

    before: str | None
    after: str
    created: bool = False  # a new store, made whole at HEAD
    backup: Path | None = None  # the SQLite copy made first
    advice: str = ""  # on PostgreSQL: how to keep a copy (pg_dump)

    @property
    def changed(self) -> bool:
        return self.created or self.before != self.after

    def lines(self) -> list[str]:
        """What to tell the person who ran it."""
        if self.created:
            return [f"Made a new store at schema revision {self.after}."]
        if not self.changed:
            return [f"The store is up to date (schema revision {self.after}): nothing to do."]
        said = [f"Backed up the store to {self.backup} before upgrading it."] if self.backup else []
        if self.advice:
            said.append(f"No copy was made here: {self.advice}.")
        since = f"schema revision {self.before}" if self.before else "before migrations"
        return [*said, f"Upgraded the store from {since} to schema revision {self.after}."]


def upgrade(url: str, *, backup_first: bool = True) -> Upgrade:
    """Bring the store at `url` to HEAD; a no-op when it is there. With `backup_first`, a SQLite
    store that needs upgrading is copied first, beside itself (the online backup, taken under the
    upgrade's write lock, so the copy is exactly what was upgraded); on PostgreSQL the advice to use
    pg_dump comes back instead. Two processes upgrading at once: the second waits, then finds HEAD."""
    engine = make_engine(url)
    try:
        with reading(engine) as conn:  # the usual case, without taking the lock: nothing to do
            if stamped(conn) == HEAD and not is_empty(conn):
                return Upgrade(HEAD, HEAD)
        with locked(engine) as conn:
            before = stamped(conn)
            if create_if_empty(conn):
                return Upgrade(None, HEAD, created=True)
            if before == HEAD:
                return Upgrade(HEAD, HEAD)
            if before is not None and before not in REVISIONS:
                raise behind(before)
            done = Upgrade(before, HEAD)
            if backup_first and engine.dialect.name == "sqlite":
                done.backup = backup(url, _copy_path(url)).path
            elif backup_first:
                done.advice = PG_DUMP
            _upgrade(conn, before)
        return done
    finally:
        engine.dispose()


def _upgrade(conn: Connection, before: str | None) -> None:
    """Stamp a store made before migrations with the revision it matches, then run the revisions after it."""
    from alembic import command  # here: Alembic is for upgrades, never loaded by a kernel
    from alembic.config import Config

    if before is None and (found := legacy_revision(conn)):
        stamp(conn, found)
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.attributes["connection"] = conn
    command.upgrade(config, "head")


def legacy_revision(conn: Connection) -> str | None:
    """The revision a store made before migrations matches: the baseline when it has every baseline
    table, 0002 when it also has the added indexes, None (upgrade from nothing: the baseline adds the
    missing tables) when it was made before some tables existed. A table lacking a column is refused."""
    found = inspect(conn)
    have = [t for t in baseline.sorted_tables if found.has_table(t.name)]
    for table in have:
        missing = {c.name for c in table.columns} - {c["name"] for c in found.get_columns(table.name)}
        if missing:
            raise StoreError(
                f"this store was made by an older version of the kit than its upgrades know (table "
                f"{table.name} lacks {', '.join(sorted(missing))}). Keep it aside and use a new one: move "
                "the file, or set WORKSHOP_DB (or --db) to a new sqlite:///… path."
            )
    if len(have) < len(baseline.sorted_tables):
        return None
    indexes = {i["name"] for t in ("activities", "responses") for i in found.get_indexes(t)}
    added = {"ix_activities_key"} | ({"ix_responses_answer"} if conn.dialect.name == "sqlite" else set())
    return "0002_added_indexes" if added <= indexes else "0001_baseline"


def _copy_path(url: str) -> Path:
    """Beside the store, named for what it was kept from: workshop-before-0002_added_indexes-….db."""
    store = sqlite_path(url)
    stamp_ = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return store.with_name(f"{store.stem}-before-{HEAD}-{stamp_}.db")
