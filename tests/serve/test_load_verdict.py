"""The load benchmark fails loudly when the store does not hold exactly what each phone was told was
saved: a lost, doubled, wrong or unexpected response makes `verdict` non-empty (exit code 1)."""

import json
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from load import check_store, verdict
from loadkit import Participant

from widgets.live.codes import hash_key

TABLES = """
CREATE TABLE activities (id INTEGER PRIMARY KEY, session_id INTEGER, position INTEGER);
CREATE TABLE participants (id INTEGER PRIMARY KEY, session_id INTEGER, key_hash TEXT);
CREATE TABLE responses (id INTEGER PRIMARY KEY, activity_id INTEGER, participant_id INTEGER, value JSON);
"""  # the columns check_store reads, without the store's unique constraint, so a double can be made


@pytest.fixture
def room(tmp_path):
    """Three phones: each voted once on activity 0 (position 0); the store holds those three answers."""
    db = tmp_path / "room.db"
    phones = [Participant(i) for i in range(3)]
    with sqlite3.connect(db) as conn:
        conn.executescript(TABLES)
        conn.execute("INSERT INTO activities VALUES (10, 1, 0)")
        for i, phone in enumerate(phones):
            conn.execute("INSERT INTO participants VALUES (?, 1, ?)", (i + 1, hash_key(phone.key)))
            conn.execute("INSERT INTO responses (activity_id, participant_id, value) VALUES (10, ?, ?)",
                         (i + 1, json.dumps(str(i))))  # fmt: skip
            phone.votes.append((0, str(i), 0.0, 0.0))
    return db, phones


def judge(db, phones):
    class Args:
        pass

    ours = {"store": check_store(f"sqlite:///{db}", phones, 1), "errors": [], "rounds": []}
    return ours["store"], verdict(Args(), ours, {})


def test_a_clean_run_passes(room):
    store, failures = judge(*room)
    assert failures == [] and store["order"][0] == {1: 1, 2: 2, 3: 3}


@pytest.mark.parametrize(
    ("sql", "word"),
    [
        ("DELETE FROM responses WHERE participant_id = 2", "LOST"),
        ("INSERT INTO responses (activity_id, participant_id, value) VALUES (10, 2, '\"1\"')", "DOUBLED"),
        ("UPDATE responses SET value = '\"9\"' WHERE participant_id = 3", "WRONG"),
        ("INSERT INTO participants VALUES (4, 1, 'x'); INSERT INTO responses (activity_id, participant_id, value) "
         "VALUES (10, 4, '\"1\"')", "UNEXPECTED"),
    ],
)  # fmt: skip
def test_every_kind_of_mismatch_fails_the_run(room, sql, word):
    db, phones = room
    with sqlite3.connect(db) as conn:
        conn.executescript(sql)
    _, failures = judge(db, phones)
    assert any(f.startswith(word) for f in failures), failures
