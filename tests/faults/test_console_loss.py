"""The facilitator's page dies mid-session (browser crash, laptop lid, closed tab): participants
carry on, and reopening the staff link shows the session exactly where it was: the current
activity, each poll's state and every count, and the console can drive it on."""

from __future__ import annotations

import re

import pytest
from faultkit import kernel_id, kernel_pids
from playwright.sync_api import Page, expect

from widgets.live import display_code

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

SAVED = "Answer saved. You can change it while the poll is open."


def results_table(page: Page, n: int):
    return page.get_by_role("table", name=f"{n} response{'s' * (n != 1)}", exact=True)


def expect_row(page: Page, label: str, count: int) -> None:
    header = page.get_by_role("rowheader", name=re.compile(rf"^{re.escape(label)}( ✓ .*)?$"))  # ✓ marks the correct one
    row = page.get_by_role("row").filter(has=header)
    expect(row.locator("td").last).to_have_text(re.compile(rf"^{count} \(\d+%\)$"))


def expect_sheet(page: Page, title: str, state: str) -> None:
    sheet = page.get_by_role("table", name="Run sheet")
    expect(sheet.get_by_role("row").filter(has_text=title).locator("td").last).to_have_text(state)


def vote(page: Page, label: str) -> None:
    page.get_by_role("radio", name=label, exact=True).check()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_text(SAVED)).to_be_visible()


def open_console(new_page, served, code: str) -> Page:
    fac = new_page(1280, 900)
    fac.goto(served.staff_url)
    # The console serves the newest running session: the one this test made.
    expect(fac.get_by_text(display_code(code), exact=True)).to_be_visible(timeout=30_000)
    return fac


def test_console_crash_loses_nothing(served, live, plan, new_page):
    service, counts = live
    session = service.create_session(plan)
    sid, code, total = session["id"], session["code"], len(plan.activities)
    scale, choice = plan.activities[0], plan.activities[1]
    a, b, c = (o.label for o in choice.options[:3])

    fac = open_console(new_page, served, code)
    expect(fac.get_by_text(f"Activity 1 of {total} · Not opened")).to_be_visible()
    people = [new_page(375, 667, is_mobile=True, has_touch=True), new_page(1024, 768)]
    for page in people:
        page.goto(f"{served.participant_base}/?join={code}")
        expect(page.get_by_text(f"Activity 1 of {total}", exact=True)).to_be_visible(timeout=30_000)
    expect(fac.get_by_text("2 joined", exact=True)).to_be_visible()

    # Activity 1: both vote, the facilitator closes it and moves on to activity 2, opens it.
    fac.get_by_role("button", name="Open poll").click()
    vote(people[0], "4")
    vote(people[1], "2")
    expect(results_table(fac, 2)).to_be_visible()
    fac.get_by_role("button", name="Close poll").click()
    expect(fac.get_by_text(f"Activity 1 of {total} · Closed")).to_be_visible()
    fac.get_by_role("button", name="Next activity").click()
    expect(fac.get_by_text(f"Activity 2 of {total} · Not opened")).to_be_visible()
    fac.get_by_role("button", name="Open poll").click()
    expect(fac.get_by_text(f"Activity 2 of {total} · Open")).to_be_visible()
    vote(people[0], b)
    expect(results_table(fac, 1)).to_be_visible()

    # The console dies. Its kernel is left to the server (beacon or culling), as after a real crash.
    console_kernel = kernel_id(fac)
    fac.context.close()

    # The room carries on without it: the second participant answers activity 2.
    expect(people[1].get_by_text(f"Activity 2 of {total}", exact=True)).to_be_visible()
    vote(people[1], c)

    # Reopened from the same link: where the session was, with every count.
    fac = open_console(new_page, served, code)
    assert kernel_id(fac) != console_kernel
    expect(fac.get_by_text(f"Activity 2 of {total} · Open")).to_be_visible()
    expect(fac.get_by_text("2 joined", exact=True)).to_be_visible()
    expect(results_table(fac, 2)).to_be_visible()
    for label, n in [(a, 0), (b, 1), (c, 1)]:
        expect_row(fac, label, n)
    expect_sheet(fac, scale.title, "Closed")
    expect_sheet(fac, choice.title, "Open")
    expect(fac.get_by_role("button", name="Close poll")).to_be_enabled()
    expect(fac.get_by_role("button", name="Open poll")).to_be_disabled()

    # … and it drives the session on: close activity 2, look back at activity 1's results.
    fac.get_by_role("button", name="Close poll").click()
    expect(fac.get_by_text(f"Activity 2 of {total} · Closed")).to_be_visible()
    for page in people:
        expect(page.get_by_text("Voting has closed.", exact=False)).to_be_visible(timeout=5_000)
    fac.get_by_role("button", name="Previous activity").click()
    expect(fac.get_by_text(f"Activity 1 of {total} · Closed")).to_be_visible()
    expect(results_table(fac, 2)).to_be_visible()
    for label, n in [("2", 1), ("4", 1), ("3", 0)]:
        expect_row(fac, label, n)
    expect(people[0].get_by_text("Your answer: 4", exact=True)).to_be_visible(timeout=5_000)
    expect(people[1].get_by_text("Your answer: 2", exact=True)).to_be_visible(timeout=5_000)

    # The store agrees with the screens, and nobody joined twice.
    view = service.view(sid)
    assert [x.state for x in view.activities[:2]] == ["closed", "closed"]
    assert view.current == 0
    assert counts.participants(sid) == 2
    assert sorted(counts.answers(view.activities[0].id).values()) == [2, 4]
    assert sorted(counts.answers(view.activities[1].id).values()) == sorted([o.id for o in choice.options[1:3]])

    # A crashed page sends no goodbye: its kernel is left for the server's idle culling. Say so.
    print(f"crashed console's kernel: {'still running' if kernel_pids(console_kernel) else 'freed'}")
