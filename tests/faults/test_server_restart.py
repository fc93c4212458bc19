"""The servers are restarted mid-session (Ctrl-C, then `workshop serve` again without --plan, as a
facilitator would after a crash or a laptop swap): nothing voted is lost, nobody is counted twice,
participants and the console reload into the same session, and voting carries on."""

from __future__ import annotations

import json
import re

import pytest
from faultkit import KEY, Counts, alive, kernels_under, participant_key, wait_until
from playwright.sync_api import Page, expect

from testkit.harness import ports_free
from widgets.live import LiveService, display_code
from widgets.store import Store

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

SAVED = "Answer saved. You can change it while the poll is open."
START_SECONDS = 90
STOP_SECONDS = 30  # the CLI gives the servers 15 s after SIGTERM, then kills them


def results_table(page: Page, n: int):
    return page.get_by_role("table", name=f"{n} response{'s' * (n != 1)}", exact=True)


def expect_row(page: Page, label: str, count: int) -> None:
    row = results_table(page, 3).get_by_role("row").filter(has=page.get_by_role("rowheader", name=label, exact=True))
    expect(row.locator("td").last).to_have_text(re.compile(rf"^{count} \(\d+%\)$"))


def vote(page: Page, label: str) -> None:
    page.get_by_role("radio", name=label, exact=True).check()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_text(SAVED)).to_be_visible()


def reopen(page: Page, old_base: str, url: str) -> None:
    """Reload after the restart. On the same port that is a plain reload and the browser keeps its
    key. The harness moves to fresh ports only if the old ones were taken meanwhile; a browser's
    storage is per port, so a real phone would then join as someone new: the key is carried over
    here so that the store's counts are still checked."""
    if url.startswith(old_base + "/"):
        page.reload()
        return
    key = participant_key(page)
    name, value = json.dumps(KEY), json.dumps(key)
    page.context.add_init_script(f"localStorage.getItem({name}) || localStorage.setItem({name}, {value})")
    page.goto(url)


def test_restart_loses_nothing(shared, evidence, new_page, plan):
    ws = shared.server
    evidence.servers.append(ws)
    total = len(plan.activities)
    counts = Counts(ws.db_url)
    with Store(ws.db_url) as store:
        # The newest running session: the one a restart without --plan serves.
        session = LiveService(store).create_session(plan)
    sid, code = session["id"], session["code"]
    join_url = f"{ws.participant_base}/?join={code}"
    sessions = counts.sessions()

    fac = new_page(1280, 900)
    fac.goto(ws.staff_url)
    expect(fac.get_by_text(display_code(code), exact=True)).to_be_visible(timeout=30_000)
    expect(fac.get_by_text(f"Activity 1 of {total} · Not opened")).to_be_visible()
    people = [new_page(375, 667, is_mobile=True, has_touch=True), new_page(1024, 768), new_page(1024, 768)]
    for page in people:
        page.goto(join_url)
        expect(page.get_by_text(f"Activity 1 of {total}", exact=True)).to_be_visible(timeout=30_000)
    expect(fac.get_by_text("3 joined", exact=True)).to_be_visible()
    fac.get_by_role("button", name="Open poll").click()
    labels = ["4", "2", "5 – Very confident"]
    for page, label in zip(people, labels, strict=True):
        vote(page, label)
    expect(results_table(fac, 3)).to_be_visible()
    keys = [participant_key(p) for p in people]

    with Store(ws.db_url) as store:
        activity_id = LiveService(store).view(sid).current_activity.id
    before = counts.answers(activity_id)
    assert sorted(before.values()) == [2, 4, 5]
    assert counts.participants(sid) == 3

    # Ctrl-C: the CLI stops both servers, which shut their kernels down; nothing is left running.
    kernels = kernels_under(ws.proc.pid)
    assert len(kernels) >= 4, f"expected the console's and 3 participants' kernels, found {kernels}"
    assert ws.stop(STOP_SECONDS) == 0, f"`workshop serve` did not stop cleanly on SIGINT\n{ws.logs()}"
    wait_until(lambda: ports_free(ws.participant_port, ws.staff_port), 10, "both ports to close")
    wait_until(lambda: not any(alive(k) for k in kernels), 10, "the stopped servers' kernels to exit")

    # Serve the same store again, without --plan: the same session, no new one.
    try:
        ws2 = shared.server = ws.restart(start_seconds=START_SECONDS)  # later tests use it too
    except RuntimeError as err:
        pytest.fail(str(err), pytrace=False)
    evidence.servers.append(ws2)
    same_ports = (ws2.participant_port, ws2.staff_port) == (ws.participant_port, ws.staff_port)
    print(f"restarted on {'the same' if same_ports else 'fresh'} ports")
    assert ws2.code == code
    assert counts.sessions() == sessions
    assert counts.answers(activity_id) == before

    # Everyone reloads: the same participants, their answers shown, the poll still open.
    for page, label in zip(people, labels, strict=True):
        reopen(page, ws.participant_base, ws2.join_url)  # the same session's link
        expect(page.get_by_text(f"Activity 1 of {total}", exact=True)).to_be_visible(timeout=30_000)
        expect(page.get_by_role("radio", name=label, exact=True)).to_be_checked()
        expect(page.get_by_text(SAVED)).to_be_visible()
    assert [participant_key(p) for p in people] == keys
    assert counts.participants(sid) == 3

    # Voting carries on: one participant changes 2 → 3, still counted once.
    vote(people[1], "3")
    if same_ports:
        fac.reload()  # the same address: the login cookie, signed from the same token, still works
    else:
        fac.goto(ws2.staff_url)
    expect(fac.get_by_text(f"Activity 1 of {total} · Open")).to_be_visible(timeout=30_000)
    expect(fac.get_by_text("3 joined", exact=True)).to_be_visible()
    expect(results_table(fac, 3)).to_be_visible()
    for label, n in [("4", 1), ("3", 1), ("2", 0), ("5 – Very confident", 1), ("1 – Not confident", 0)]:
        expect_row(fac, label, n)

    after = counts.answers(activity_id)
    assert after.keys() == before.keys()
    assert sorted(after.values()) == [3, 4, 5]
    assert counts.participants(sid) == 3
    assert counts.sessions() == sessions
    counts.close()
