"""Migrations: a store made by the kit before migrations (a fixed dump, data/make_old_store.py)
upgrades and keeps every row; a store at HEAD opens without work; one behind is refused by Store()
with what to run; `workshop db upgrade` twice does nothing the second time; serve's upgrade makes
a copy first. On SQLite, and on PostgreSQL through tests/with-postgres.sh."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event, inspect, select

from widgets.cli import main
from widgets.store import Store, StoreError
from widgets.store.backup import inspect_backup
from widgets.store.migrate import SCRIPTS, upgrade
from widgets.store.migrations.baseline import baseline
from widgets.store.notify import listen_dsn
from widgets.store.revision import HEAD, REVISIONS, locked, stamp, stamped
from widgets.store.schema import metadata

DATA = Path(__file__).parent / "data"
ADDED = {"ix_activities_key", "ix_responses_answer"}


def load_old_store(url: str) -> None:
    """The dump of a store made before migrations, into an empty database."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        conn.executescript((DATA / "old-store.sqlite.sql").read_text())
        conn.close()
        return
    import psycopg

    with psycopg.connect(listen_dsn(url), autocommit=True) as conn:
        conn.execute((DATA / "old-store.pg.sql").read_text())  # no parameters: every statement runs


def every_row(url: str) -> dict[str, list[tuple]]:
    """Each baseline table's rows, in key order, as the database returns them."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
                for t in baseline.sorted_tables
            }
    finally:
        engine.dispose()


def indexes(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            found = inspect(conn)
            return {i["name"] for t in found.get_table_names() for i in found.get_indexes(t)}
    finally:
        engine.dispose()


@pytest.fixture
def old_url(db_url):
    load_old_store(db_url)
    return db_url


def test_the_kit_knows_every_revision_alembic_finds():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    scripts = ScriptDirectory.from_config(config)
    assert scripts.get_heads() == [HEAD]
    assert [s.revision for s in reversed(list(scripts.walk_revisions()))] == list(REVISIONS)


def test_an_old_store_upgrades_and_keeps_every_session_and_answer(old_url):
    before = every_row(old_url)
    assert len(before["sessions"]) == 2 and len(before["responses"]) == 18  # the dump is what we think
    assert not ADDED & indexes(old_url)
    done = upgrade(old_url, backup_first=False)
    assert (done.before, done.after) == (None, HEAD)
    assert every_row(old_url) == before
    expected = ADDED if old_url.startswith("sqlite") else {"ix_activities_key"}  # PostgreSQL: no json btree
    assert expected <= indexes(old_url)
    with Store(old_url) as store:
        assert [s["participants"] for s in store.session_records()] == [3, 3]
        ids = [s["id"] for s in store.session_records()]
        assert len(list(store.response_rows(ids))) == 18
        assert store.get_session_by_code("BCDFGH")["options"] == {"awareness_check": True}


def test_the_upgraded_store_has_the_schema_a_new_store_gets(old_url):
    """The migrations and schema.py agree: Alembic's own comparison finds nothing to add or drop."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    upgrade(old_url, backup_first=False)
    engine = create_engine(old_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() == HEAD  # Alembic reads our stamp as its own
        diffs = compare_metadata(context, metadata)
    engine.dispose()
    if not old_url.startswith("sqlite"):  # the answer index is SQLite's only (ddl_if): not made on PostgreSQL
        diffs = [d for d in diffs if not (d[0] == "add_index" and d[1].name == "ix_responses_answer")]
    assert diffs == []


def test_an_upgrade_that_fails_halfway_leaves_the_store_as_it_was(old_url, monkeypatch):
    """Stamp, indexes and all are one transaction: DDL included, on SQLite and PostgreSQL alike."""
    import alembic.command

    def index_then_fail(config, revision):
        config.attributes["connection"].exec_driver_sql("CREATE INDEX ix_activities_key ON activities (session_id)")
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(alembic.command, "upgrade", index_then_fail)
    with pytest.raises(RuntimeError, match="disk is full"):
        upgrade(old_url, backup_first=False)
    assert not ADDED & indexes(old_url)
    with pytest.raises(StoreError, match="before its upgrades"):  # still unstamped, not half-stamped
        Store(old_url)
    monkeypatch.undo()
    assert upgrade(old_url, backup_first=False).before is None


def test_a_store_made_before_some_tables_existed_gets_them(old_url):
    engine = create_engine(old_url)
    with engine.begin() as conn:
        for name in ("question_votes", "questions", "moderation"):
            baseline.tables[name].drop(conn)
    engine.dispose()
    upgrade(old_url, backup_first=False)
    with Store(old_url) as store:
        sid = store.get_session_by_code("BCDFGH")["id"]
        assert store.question_records(sid) == []  # the table is back, empty
        assert len(list(store.response_rows([sid]))) == 9


def test_a_store_made_when_the_indexes_existed_is_stamped_without_work(old_url):
    engine = create_engine(old_url)
    with engine.begin() as conn:
        metadata.create_all(conn)  # what the last kit before migrations did on every open
        assert stamped(conn) is None
    engine.dispose()
    assert upgrade(old_url, backup_first=False).before is None
    with Store(old_url):
        pass


def test_an_old_store_is_refused_until_upgraded(old_url):
    with pytest.raises(StoreError, match=r"older version of the kit.*`workshop db upgrade`"):
        Store(old_url)
    upgrade(old_url, backup_first=False)
    Store(old_url).close()


def test_a_store_behind_head_is_refused_and_one_ahead_too(db_url):
    Store(db_url).close()
    engine = create_engine(db_url)
    with locked(engine) as conn:
        stamp(conn, REVISIONS[0])
    with pytest.raises(StoreError, match=rf"at schema revision {REVISIONS[0]}, this kit needs {HEAD}.*db upgrade"):
        Store(db_url)
    with locked(engine) as conn:
        stamp(conn, "9999_from_the_future")
    with pytest.raises(StoreError, match="newer version of the kit"):
        Store(db_url)
    with pytest.raises(StoreError, match="newer version of the kit"):
        upgrade(db_url)
    engine.dispose()


def test_a_store_at_head_opens_without_work(db_url):
    Store(db_url).close()
    said = []

    def log(conn, cursor, statement, *args):
        said.append(statement.split()[0].upper())

    event.listen(Engine, "before_cursor_execute", log)
    try:
        Store(db_url).close()
    finally:
        event.remove(Engine, "before_cursor_execute", log)
    assert said and set(said) <= {"SELECT", "PRAGMA"}, said  # reads only: no DDL, no stamp, no lock


def test_db_upgrade_twice_is_a_no_op_the_second_time(old_url, tmp_path, capsys):
    assert main(["db", "upgrade", "--db", old_url]) == 0
    first = capsys.readouterr().out
    assert f"Upgraded the store from before migrations to schema revision {HEAD}" in first
    copies = sorted(tmp_path.glob("*-before-*.db"))
    assert main(["db", "upgrade", "--db", old_url]) == 0
    assert "up to date" in capsys.readouterr().out
    assert sorted(tmp_path.glob("*-before-*.db")) == copies  # no second copy either
    if not old_url.startswith("sqlite"):
        assert "pg_dump" in first


def test_serve_upgrade_copies_a_sqlite_store_first(tmp_path, capsys):
    from widgets.cli import upgrade_store  # what `workshop serve` calls before starting the servers

    url = f"sqlite:///{tmp_path / 'workshop.db'}"
    load_old_store(url)
    upgrade_store(url)
    said = capsys.readouterr().out
    [copy] = tmp_path.glob("workshop-before-*.db")
    assert f"Backed up the store to {copy}" in said
    held = inspect_backup(copy)  # the store as it was: both sessions, every answer, not yet upgraded
    assert (len(held.sessions), held.responses) == (2, 18)
    copied = sqlite3.connect(copy)
    assert copied.execute("SELECT name FROM sqlite_master WHERE name = 'alembic_version'").fetchall() == []
    copied.close()
    upgrade_store(url)
    assert capsys.readouterr().out == ""  # serve says nothing when there is nothing to do


def test_serve_upgrades_before_it_opens_the_store(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'workshop.db'}"
    load_old_store(url)
    conn = sqlite3.connect(tmp_path / "workshop.db")
    conn.execute("UPDATE sessions SET status = 'ended'")  # so serve stops before starting servers
    conn.commit()
    conn.close()
    assert main(["--db", url, "serve"]) == 1  # no plan and nothing running: it stops, after the upgrade
    said = capsys.readouterr()
    assert f"to schema revision {HEAD}" in said.out and "No workshop is running" in said.err
    assert len(list(tmp_path.glob("workshop-before-*.db"))) == 1
    Store(url).close()


def test_a_store_lacking_a_column_is_named_plainly(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:  # the sessions table as the first kit made it: no options
        conn.execute("CREATE TABLE sessions (id INTEGER PRIMARY KEY, code VARCHAR(12))")
    url = f"sqlite:///{path}"
    with pytest.raises(StoreError, match="workshop db upgrade"):
        Store(url)
    with pytest.raises(StoreError, match=r"older version of the kit.*sessions lacks.*options"):
        upgrade(url, backup_first=False)


def open_and_join(url: str, n: int) -> int:
    with Store(url) as store:
        sid = store.add_session(f"CODE{n:02d}", "plan", "T", [{"id": "a", "kind": "scale"}])
        return store.record_participant(sid, f"{n:064d}")


def test_many_kernels_open_a_new_store_at_once(db_url):
    with ProcessPoolExecutor(6) as pool:
        assert len(set(pool.map(open_and_join, [db_url] * 6, range(6)))) == 6
    with Store(db_url) as store:
        assert len(store.session_records()) == 6


def upgrade_quietly(url: str) -> str | None:
    return upgrade(url, backup_first=False).before


def test_two_upgrades_at_once_do_it_once(old_url):
    before = every_row(old_url)
    with ProcessPoolExecutor(4) as pool:
        seen = list(pool.map(upgrade_quietly, [old_url] * 4))
    assert sorted(seen, key=str) == [HEAD, HEAD, HEAD, None]  # one upgraded, the others found it done
    assert every_row(old_url) == before
