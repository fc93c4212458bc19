"""Make the fixed dumps of a store as the kit made it before migrations (old-store.sqlite.sql and
old-store.pg.sql beside this file), for test_migrations.py. Run it once with the kit of that time
on the path, not this one; they were made from main at 09c8e8f:

    mkdir /tmp/oldmain && git archive 09c8e8f widgets | tar -x -C /tmp/oldmain
    tests/with-postgres.sh .venv/bin/python tests/store/data/make_old_store.py /tmp/oldmain

(tests/with-postgres.sh gives a WORKSHOP_TEST_PG_URL; without one only the SQLite dump is made. The
old kit's folder goes first on the path, ahead of this checkout's editable install.)
That kit created its two newest indexes on every open; they are dropped here, so the dumps are
stores made before them, which is what the baseline revision describes. No alembic_version table."""

from __future__ import annotations

import glob
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

if __name__ == "__main__" and len(sys.argv) > 1:  # the old kit, not this checkout (an editable install)
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
    sys.path.insert(0, sys.argv[1])

from sqlalchemy import create_engine, text

from widgets.store import Store
from widgets.store.schema import metadata

HERE = Path(__file__).parent
SPECS = [
    {"id": "q1", "kind": "single_choice", "options": [{"id": "yes"}, {"id": "no"}]},
    {"id": "q2", "kind": "short_text"},
    {"id": "q3", "kind": "ranking"},
]
ADDED = ("ix_activities_key", "ix_responses_answer")


def fill(store: Store) -> None:
    """Two sessions with participants, answers of each JSON shape, counts, a check-in, a decision, a question."""
    for code, answers in (("BCDFGH", ("yes", "a worry about 'Sam' <b>", ["b", "a"])), ("JKLMNP", ("no", "ok", {}))):
        sid = store.add_session(code, "demo", f"Workshop {code}", SPECS, {"awareness_check": True})
        acts = [a["id"] for a in store.get_activities(sid)]
        people = [store.record_participant(sid, f"{code}{i}".ljust(64, "0")) for i in range(3)]
        for act, value in zip(acts, answers, strict=True):
            store.set_activity_state(sid, act, "open")
            for n, pid in enumerate(people):
                store.record_response(sid, act, pid, value if n else 7)
            store.set_activity_state(sid, act, "closed")
        store.record_manual_counts(sid, acts[0], {"yes": 4, "no": 1})
        store.record_checkin(sid, people[0], "unsure")
        [record] = [r for r in store.text_records(acts[1]) if r["value"] == answers[1]][:1]
        store.record_decisions(sid, [(record["id"], record["judged"], "approved")])
        question = store.add_question(sid, people[1], "What happens after a referral?", "approved", 3)
        store.record_question_vote(sid, question, people[2], ("approved",))


def sqlite_dump() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "old.db"
        with Store(f"sqlite:///{path}") as store:
            fill(store)
        conn = sqlite3.connect(path)
        for index in ADDED:
            conn.execute(f"DROP INDEX {index}")
        conn.commit()
        (HERE / "old-store.sqlite.sql").write_text("\n".join(conn.iterdump()) + "\n")
        conn.close()


def pg_dump(url: str) -> None:
    engine = create_engine(url)
    metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    with Store(url) as store:
        fill(store)
    with engine.begin() as conn:
        for index in ADDED:
            conn.execute(text(f"DROP INDEX IF EXISTS {index}"))
    engine.dispose()
    [pg_dump_bin] = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))[-1:]
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    dump = subprocess.run(
        [pg_dump_bin, "--inserts", "--no-owner", "--no-privileges", "--no-comments", dsn],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    lines = [line for line in dump.splitlines() if not line.startswith("\\")]  # psql's \restrict: not SQL
    (HERE / "old-store.pg.sql").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sqlite_dump()
    if os.environ.get("WORKSHOP_TEST_PG_URL"):
        pg_dump(os.environ["WORKSHOP_TEST_PG_URL"])
