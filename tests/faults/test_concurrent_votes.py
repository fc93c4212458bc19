"""SQLite under the load of a full room: 16 processes (participant kernels) × 20 participants
join and vote while another process (the facilitator) opens and closes the poll as fast as it can.
Every vote is either stored or refused with the kit's own AnswerRefused/Conflict, never a driver
error such as 'database is locked'; what is stored is exactly what was accepted."""

from __future__ import annotations

import multiprocessing
import queue
from collections import Counter

import pytest
from faultkit import Counts, open_stores, toggler, voter

from widgets.live import LiveService
from widgets.store import Store

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]

WRITERS = 16
PEOPLE = 20  # per writer
TRIES = 3  # votes per participant: a first answer and two changes
RESULT_SECONDS = 120
NEW_STORES = 5

# Not fork: the test process may be running Playwright's threads. A fork server imports the kit
# once and forks the workers from that clean, single-threaded process: fast even on a busy machine.
ctx = multiprocessing.get_context("forkserver")
ctx.set_forkserver_preload(["faultkit", "widgets.live", "widgets.store"])


def collect(results, n: int, procs) -> list:
    out = []
    for _ in range(n):
        try:
            out.append(results.get(timeout=RESULT_SECONDS))
        except queue.Empty:
            codes = [p.exitcode for p in procs]
            raise AssertionError(f"a worker gave no result within {RESULT_SECONDS} s (exit codes {codes})") from None
    return out


def test_votes_race_open_close_from_many_processes(tmp_path, plan):
    url = f"sqlite:///{tmp_path / 'room.db'}"
    with Store(url) as store:
        service = LiveService(store)
        session = service.create_session(plan)
        sid, code = session["id"], session["code"]
        activity_id = service.view(sid).current_activity.id  # the scale poll, 1-5

    barrier, done, results = ctx.Barrier(WRITERS + 1), ctx.Event(), ctx.Queue()
    flipper = ctx.Process(target=toggler, args=(url, code, barrier, done, results))
    voters = [ctx.Process(target=voter, args=(url, code, w, PEOPLE, TRIES, barrier, results)) for w in range(WRITERS)]
    for p in [flipper, *voters]:
        p.start()
    try:
        got = []
        while sum(r[0] == "voter" for r in got) < WRITERS:  # the toggler may report early if it failed
            got += collect(results, 1, [flipper, *voters])
        done.set()
        if not any(r[0] == "toggler" for r in got):
            got += collect(results, 1, [flipper])
    finally:
        done.set()
        for p in [flipper, *voters]:
            p.join(30)
            if p.is_alive():
                p.kill()

    [(_, toggles, toggle_errors)] = [r for r in got if r[0] == "toggler"]
    outcomes = [o for r in got if r[0] == "voter" for o in r[2]]
    errors = [o for o in outcomes if o[0] == "error"]
    assert not errors, f"{len(errors)} votes failed with something other than a refusal, e.g. {errors[:5]}"
    assert not toggle_errors, f"opening/closing the poll failed: {toggle_errors[:5]}"
    kinds = Counter(o[0] for o in outcomes)
    assert kinds["stored"] + kinds["refused"] == WRITERS * PEOPLE * TRIES
    print(f"{kinds['stored']} stored, {kinds['refused']} refused, {toggles} opens/closes")
    assert kinds["stored"] > 0 and toggles >= 2, "the race was not exercised: no vote got in or the poll never moved"

    # What is stored is exactly the last accepted vote of each participant who had one accepted.
    last_accepted = {pid: value for kind, pid, value, _ in outcomes if kind == "stored"}
    counts = Counts(url)
    try:
        assert counts.participants(sid) == WRITERS * PEOPLE  # every join counted once
        assert counts.answers(activity_id) == last_accepted
    finally:
        counts.close()


def test_many_processes_open_a_new_store_at_once(tmp_path):
    """The first minutes of a workshop on a fresh database, if several kernels start before the CLI
    (or two CLIs) created the tables. Several new stores in a row, because the race is narrow."""
    urls = [f"sqlite:///{tmp_path / f'new-{i}.db'}" for i in range(NEW_STORES)]
    barrier, results = ctx.Barrier(WRITERS), ctx.Queue()
    procs = [ctx.Process(target=open_stores, args=(urls, barrier, results)) for _ in range(WRITERS)]
    for p in procs:
        p.start()
    try:
        failures = [r for out in collect(results, WRITERS, procs) for r in out if r != "ok"]
    finally:
        for p in procs:
            p.join(30)
            if p.is_alive():
                p.kill()
    assert not failures, f"{len(failures)} of {NEW_STORES * WRITERS} opens failed, e.g. {failures[:3]}"
