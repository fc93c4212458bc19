"""`workshop backup` while votes arrive, and `workshop restore` into a new store.

Four processes (participant kernels) vote without pause, each vote a new participant's, while the
CLI backs the store up. The backup must be the store at one instant: every vote stored before the
backup began is in it, nothing stored after it ended is, and what it holds is whole (each
writer's votes up to some point, with no gap; every answer's participant present). Restored into
a new store, every one of those answers is there and the kit reads them as it reads a live store.
"""

from __future__ import annotations

import multiprocessing
import queue
import sqlite3
import time
from pathlib import Path

import pytest
from backup_kit import steady_voter
from sqlalchemy import select

from widgets.cli import main
from widgets.content import load_plan
from widgets.live import LiveService, display_code
from widgets.store import Store
from widgets.store.schema import participants, responses

pytestmark = [pytest.mark.timeout(180)]

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 4
BACKUPS = 3  # in a row, votes arriving throughout
RESULT_SECONDS = 120

ctx = multiprocessing.get_context("forkserver")
ctx.set_forkserver_preload(["backup_kit", "widgets.live", "widgets.store"])


def answers(url: str) -> dict[str, int]:
    """Every stored answer as {participant's key hash: value} (the hash survives a restore)."""
    with Store(url) as store, store.engine.connect() as conn:
        rows = conn.execute(
            select(participants.c.key_hash, responses.c.value).join(
                responses, responses.c.participant_id == participants.c.id
            )
        )
        return {key: value for key, value in rows}


def file_answers(path: Path) -> dict[str, int]:
    return answers(f"sqlite:///{path}")


@pytest.fixture
def running(tmp_path):
    """A session with its first poll open, in a store of its own."""
    url = f"sqlite:///{tmp_path / 'live.db'}"
    with Store(url) as store:
        service = LiveService(store)
        session = service.create_session(load_plan(ROOT / "scenarios" / "plans" / "demo.yaml"))
        service.open_poll(session["id"])
    return url, session["code"]


def test_a_backup_taken_under_votes_is_one_instant_and_restores_whole(running, tmp_path, capsys):
    url, code = running
    barrier, stop, results = ctx.Barrier(WRITERS + 1), ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=steady_voter, args=(url, code, w, barrier, stop, results)) for w in range(WRITERS)]
    for p in procs:
        p.start()
    taken = []
    try:
        barrier.wait(RESULT_SECONDS)
        time.sleep(0.5)  # votes are arriving: the store is busy before the first backup
        for n in range(BACKUPS):
            out = tmp_path / f"backup-{n}.db"
            before = answers(url)
            assert main(["--db", url, "backup", "--output", str(out)]) == 0
            taken.append((out, before, answers(url), capsys.readouterr().out))
    finally:
        stop.set()
        outcomes = []
        for _ in procs:
            try:
                outcomes += results.get(timeout=RESULT_SECONDS)
            except queue.Empty:
                break
        for p in procs:
            p.join(30)
            if p.is_alive():
                p.kill()
    errors = [o for o in outcomes if o[0] == "error"]
    assert not errors, f"a writer failed: {errors[:3]}"
    assert len(outcomes) == len([o for o in outcomes if o[0] == "stored"]) > 0

    for out, before, after, said in taken:
        held = file_answers(out)
        assert before.items() <= held.items(), f"{out.name}: {len(before.keys() - held.keys())} earlier votes missing"
        assert held.items() <= after.items(), f"{out.name}: holds votes that were never stored"
        # One instant: of each writer's votes (made one after another), a prefix, with no gap.
        for w in range(WRITERS):
            numbers = sorted(int(k) for k in _writer_people(out, w))
            assert numbers == list(range(len(numbers))), f"{out.name}: writer {w}'s votes have a gap"
        assert f"{len(held)} answers" in said and str(out) in said, said
        print(f"{out.name}: {len(before)} votes before, {len(held)} in the backup, {len(after)} after; {said.strip()}")
    assert any(len(after) > len(before) for _, before, after, _ in taken), "no vote arrived while backing up"

    # Restored into a new store: every answer of the last backup, read by the kit as a live store.
    out, *_ = taken[-1]
    restored_url = f"sqlite:///{tmp_path / 'restored' / 'workshop.db'}"
    assert main(["--db", restored_url, "restore", str(out)]) == 0
    said = capsys.readouterr().out
    assert file_answers(out) == answers(restored_url) and len(answers(restored_url)) > 0
    assert display_code(code) in said and "Restored into" in said, said
    with Store(restored_url) as store:
        service = LiveService(store)
        session = service.find_session(code)
        state = service.view(session["id"]).current_activity
        assert service.results(state).responses == len(file_answers(out))


def _writer_people(path: Path, writer: int) -> list[str]:
    """The person numbers of one writer's votes in a store file (from the keys' hashes)."""
    from widgets.live.codes import hash_key

    held = set(file_answers(path))
    found, i = [], 0
    misses = 0
    while misses < 50:  # past the last vote a writer made, every later number is missing
        if hash_key(f"backup{writer:02d}person{i:05d}x") in held:
            found.append(str(i))
            misses = 0
        else:
            misses += 1
        i += 1
    return found


def test_restore_refuses_what_is_not_a_workshop_store_and_a_store_in_use(running, tmp_path, capsys):
    url, _ = running
    copy = tmp_path / "copy.db"
    assert main(["--db", url, "backup", "--output", str(copy)]) == 0
    assert main(["--db", url, "backup", "--output", str(copy)]) == 1  # never overwrites a backup
    assert "already exists" in capsys.readouterr().err

    # Over a store that holds sessions: refused, nothing changed, unless --replace.
    other = f"sqlite:///{tmp_path / 'other.db'}"
    with Store(other) as store:
        LiveService(store).create_session(load_plan(ROOT / "scenarios" / "plans" / "demo.yaml"))
        store.record_event(1, "marker", "still here")
    assert main(["--db", other, "restore", str(copy)]) == 1
    assert "already holds 1 session" in capsys.readouterr().err
    with sqlite3.connect(tmp_path / "other.db") as conn:
        assert conn.execute("SELECT count(*) FROM events WHERE detail = 'still here'").fetchone()[0] == 1
    assert main(["--db", other, "restore", str(tmp_path / "other.db"), "--replace"]) == 1
    assert "is the store itself" in capsys.readouterr().err
    assert main(["--db", other, "restore", str(copy), "--replace"]) == 0
    with sqlite3.connect(tmp_path / "other.db") as conn:
        assert conn.execute("SELECT count(*) FROM events WHERE detail = 'still here'").fetchone()[0] == 0

    # Files that are not a workshop store, checked without restoring.
    text = tmp_path / "notes.db"
    text.write_text("not a database")
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE sessions (id INTEGER)")
    for bad, why in ((text, "not a workshop store"), (foreign, "not a workshop store"),
                     (tmp_path / "absent.db", "there is no file")):  # fmt: skip
        assert main(["--db", f"sqlite:///{tmp_path / 'fresh.db'}", "restore", str(bad)]) == 1
        assert why in capsys.readouterr().err
    assert not (tmp_path / "fresh.db").exists() or (tmp_path / "fresh.db").stat().st_size == 0

    assert main(["restore", "--check", str(copy)]) == 0
    assert "1 session" in capsys.readouterr().out


def test_postgresql_is_refused_with_the_pg_dump_command(capsys):
    url = "postgresql+psycopg://workshop@127.0.0.1:1/none"
    assert main(["--db", url, "backup"]) == 1
    assert "pg_dump" in capsys.readouterr().err
    assert main(["--db", url, "restore", "x.db"]) == 1
    assert "pg_restore" in capsys.readouterr().err
