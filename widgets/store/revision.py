"""Which revision of the schema a store is at, checked without Alembic: every participant kernel
opens the store, so this is what they run (one SELECT), and Alembic is imported only by
`workshop db upgrade` and `workshop serve` (migrate.py), which upgrade.

A brand-new store is made here whole (create_all, then stamped at HEAD): schema.py is the one
description of today's tables, and the migrations only ever bring older stores up to it (a test
checks both ways end at the same schema). A store behind HEAD is refused with what to run."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Column, Connection, Engine, MetaData, PrimaryKeyConstraint, String, Table, inspect, text
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from widgets.store.errors import Conflict, StoreError
from widgets.store.schema import metadata

# The revisions in migrations/versions, oldest first; HEAD is what this kit's schema.py makes.
# tests/store/test_migrations.py checks both against Alembic's own reading of the scripts.
REVISIONS = ("0001_baseline", "0002_added_indexes")
HEAD = REVISIONS[-1]
# Alembic's own bookkeeping table, as Alembic itself creates it.
version_table = Table(
    "alembic_version",
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)
PG_LOCK = 0x57_4B_53_50  # pg_advisory_xact_lock key: one process at a time creates or upgrades
UPGRADE = (
    "run `workshop db upgrade` (with the same --db), or start `workshop serve`, which upgrades after a backup copy"
)


def stamped(conn: Connection) -> str | None:
    """The revision the store says it is at; None when it has no version table (new, or older kit)."""
    if not inspect(conn).has_table(version_table.name):
        return None
    return conn.execute(version_table.select()).scalar()


def stamp(conn: Connection, revision: str) -> None:
    version_table.create(conn, checkfirst=True)
    conn.execute(version_table.delete())
    conn.execute(version_table.insert().values(version_num=revision))


def is_empty(conn: Connection) -> bool:
    """No table of ours yet: a new store (a version table alone is left by dropping the tables)."""
    return not inspect(conn).has_table("sessions")


def behind(revision: str | None) -> StoreError:
    """The refusal for a store that is not at HEAD, saying what to do."""
    if revision is None:
        return StoreError(f"this store was made by an older version of the kit, before its upgrades: {UPGRADE}.")
    if revision not in REVISIONS:
        return StoreError(
            f"this store was made by a newer version of the kit (schema revision {revision}, this kit "
            f"knows up to {HEAD}): install the newer kit, or point WORKSHOP_DB (or --db) at another store."
        )
    return StoreError(f"this store is at schema revision {revision}, this kit needs {HEAD}: {UPGRADE}.")


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for a look at the schema, driver errors made domain errors."""
    try:
        with engine.connect() as conn:
            yield conn
    except SQLAlchemyError as err:
        raise StoreError(f"the store is unavailable: {err}") from err


@contextmanager
def locked(engine: Engine) -> Iterator[Connection]:
    """One transaction that only one process at a time can be in, for creating or upgrading the
    schema: on SQLite a write transaction taken at BEGIN (DDL included: SQLite's DDL is
    transactional once the driver leaves BEGIN to us), on PostgreSQL an advisory lock held to the end."""
    try:
        if engine.dialect.name == "sqlite":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    if conn.connection.driver_connection.in_transaction:  # SQLite may have ended it already
                        conn.exec_driver_sql("ROLLBACK")
                    raise
                conn.exec_driver_sql("COMMIT")
        else:
            with engine.begin() as conn:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK})
                yield conn
    except IntegrityError as err:
        raise Conflict(str(err.orig)) from err
    except OperationalError as err:
        raise StoreError(f"the store is unavailable: {err.orig}") from err


def open_schema(engine: Engine) -> None:
    """What a Store does on opening: nothing when the store is at HEAD (the usual case: one read);
    make a new store whole; refuse a store that is behind, naming `workshop db upgrade`."""
    with reading(engine) as conn:
        if stamped(conn) == HEAD:
            return
    with locked(engine) as conn:  # settled under the lock: many kernels may open a new store at once
        if not create_if_empty(conn) and (revision := stamped(conn)) != HEAD:
            raise behind(revision)


def create_if_empty(conn: Connection) -> bool:
    """Make a new store whole at HEAD (create_all, then stamp): True if it was new."""
    if not is_empty(conn):
        return False
    metadata.create_all(conn)
    stamp(conn, HEAD)
    return True
