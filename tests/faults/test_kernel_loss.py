"""A participant's kernel dies mid-session (SIGKILL, as the OOM killer would): the page says so
within the ping window, offers a reload, and the reload brings back the same participant with the
answer they had given. The facilitator, meanwhile, closes the poll."""

from __future__ import annotations

import os
import time

import pytest
from faultkit import descendants, kernel_id, kernel_pids, kill, participant_key, wait_until
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

LOST = "The connection to the workshop was lost. Your answers are saved."
SAVED = "Answer saved. You can change it while the poll is open."
# identity.js pings every 10 s and gives up 25 s after the last pong: the banner comes 20-30 s
# after the kill, at the third ping without an answer. 40 s leaves room for a busy machine.
BANNER_SECONDS = 40


def test_killed_kernel_shows_banner_and_reload_keeps_the_participant(served, live, plan, new_page):
    service, counts = live
    session = service.create_session(plan)  # its own session on the shared servers
    sid, total = session["id"], len(plan.activities)

    page = new_page(375, 667, is_mobile=True, has_touch=True)
    page.goto(f"{served.participant_base}/?join={session['code']}")
    expect(page.get_by_text(f"Activity 1 of {total}", exact=True)).to_be_visible(timeout=30_000)
    key = participant_key(page)
    service.open_poll(sid)
    page.get_by_role("radio", name="4", exact=True).check()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_text(SAVED)).to_be_visible()
    activity_id = service.view(sid).current_activity.id
    assert counts.participants(sid) == 1
    assert list(counts.answers(activity_id).values()) == [4]

    # The kernel behind this page: a child of the participant server, found by its id.
    kid = kernel_id(page)
    [pid] = wait_until(lambda: kernel_pids(kid), 10, f"the process of kernel {kid}")
    assert pid in descendants(served.proc.pid), "the page's kernel is not one of this workshop's processes"
    kill(pid)
    killed = time.monotonic()

    alert = page.get_by_role("alert").filter(has_text=LOST)
    expect(alert).to_be_visible(timeout=BANNER_SECONDS * 1000)
    banner_after = time.monotonic() - killed
    reload_button = alert.get_by_role("button", name="Reload the page")
    expect(reload_button).to_be_visible()
    expect(reload_button).to_be_focused()  # a keyboard or screen-reader user lands on it
    print(f"banner {banner_after:.1f} s after the kill")

    # While the participant is cut off, the facilitator closes the poll.
    service.close_poll(sid)

    reload_button.click()
    expect(page.get_by_text(f"Activity 1 of {total}", exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Your answer: 4", exact=True)).to_be_visible()
    expect(page.get_by_text("Voting has closed.", exact=False)).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text=LOST)).to_have_count(0)

    # The same person: same key in the browser, no second participant, the answer untouched.
    assert participant_key(page) == key
    assert kernel_id(page) != kid
    assert counts.participants(sid) == 1
    assert service.view(sid).participants == 1  # what the console shows as "1 joined"
    assert list(counts.answers(activity_id).values()) == [4]

    # The server restarted the dead kernel under the same id; leaving the page must free it.
    wait_until(lambda: not kernel_pids(kid), 15, f"the restarted kernel {kid} to be shut down")
    assert os.path.exists(f"/proc/{served.proc.pid}"), "the workshop server stopped"
