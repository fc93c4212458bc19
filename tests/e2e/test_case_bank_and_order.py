"""In real browsers against the real `workshop serve`: each participant sees a quiz's answers in
their own order, the same after a reload, while the console keeps the order written; and a case
chosen from the console's case bank reaches a participant's phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from widgets.content import load_plan
from widgets.content.bank import case_bank
from widgets.live import LiveService
from widgets.live.codes import hash_key
from widgets.live.order import for_participant
from widgets.store import Store
from widgets.store.schema import participants

pytestmark = pytest.mark.e2e

DEMO_PLAN = Path(__file__).resolve().parents[2] / "scenarios" / "plans" / "demo.yaml"

QUIZ = "Which statement best describes a Prevent referral?"
SUPPORT = "A way to get early support for someone who may be susceptible to radicalisation"
# The quiz's answers in the order its author wrote them (read from the plan, so rewording them keeps this test).
WRITTEN = [o.label for o in load_plan(DEMO_PLAN).activities[1].options]
KEY = "prevent-workshop-participant"  # the browser's pseudonymous key (identity.js)


def shown(page: Page) -> list[str]:
    """The quiz's answers, top to bottom, as this page draws them."""
    radios = page.get_by_role("group", name=QUIZ).get_by_role("radio")
    expect(radios).to_have_count(3, timeout=60_000)  # a page just opened waits for its kernel
    return radios.evaluate_all("(all) => all.map(e => e.labels[0].innerText.trim())")


def expected(store: Store, page: Page) -> list[str]:
    """The order live/order.py gives this page's participant, from its key in the store."""
    key_hash = hash_key(page.evaluate(f"localStorage.getItem('{KEY}')"))
    with store.engine.connect() as conn:
        participant_id = conn.execute(select(participants.c.id).where(participants.c.key_hash == key_hash)).scalar_one()
    service = LiveService(store)
    current = service.view(service.staff_session()["id"]).current_activity
    return [o.label for o in for_participant(current.activity, participant_id, current.id).options]


def test_own_order_then_a_case_from_the_bank(own_workshop, new_page):
    ws = own_workshop
    fac = new_page(1280, 900)
    fac.goto(ws.staff_url, wait_until="commit")  # Voilà sends the page once the console is built
    expect(fac.get_by_text("Activity 1 of 6 · Not opened")).to_be_visible(timeout=60_000)
    fac.get_by_role("button", name="Next activity").click()
    fac.get_by_role("button", name="Open poll").click()
    expect(fac.get_by_text("Activity 2 of 6 · Open")).to_be_visible()

    people = [new_page(375, 667, is_mobile=True, has_touch=True), new_page(1024, 768)]
    orders = []
    with Store(ws.db_url) as store:
        for page in people:
            page.goto(ws.join_url, wait_until="commit")
            order = shown(page)
            assert sorted(order) == sorted(WRITTEN)
            assert order == expected(store, page)  # the order is the participant's, from live/order.py
            orders.append(order)

    # A real reload: the same person, the same order.
    phone = people[0]
    phone.reload()
    expect(phone.get_by_role("group", name=QUIZ)).to_be_visible(timeout=30_000)
    assert shown(phone) == orders[0]

    # The answer is stored as the option chosen, whatever its place: the console's row for it counts
    # one, and the console's rows keep the order written.
    phone.get_by_role("radio", name=SUPPORT, exact=True).check()
    phone.get_by_role("button", name="Submit answer").click()
    table = fac.get_by_role("table", name="1 response")
    row = table.get_by_role("row").filter(has=fac.get_by_role("rowheader", name=SUPPORT))
    expect(row.locator("td").last).to_have_text("1 (100%)")
    rows = [h.replace("✓ Correct answer", "").strip() for h in table.get_by_role("rowheader").all_inner_texts()]
    assert rows == WRITTEN

    # The case bank: tick a case, use it; the run sheet shows it with its minutes, and the room plays it.
    bank, _ = case_bank()
    case = bank["gp-angry-patient"]
    bank_group = fac.get_by_role("group", name="Case bank")
    bank_group.get_by_role("checkbox", name=case.title, exact=False).check()
    fac.get_by_role("button", name="Use these cases").click()
    expect(fac.get_by_text("The session now runs 1 case. See the run sheet.")).to_be_visible()
    sheet = fac.get_by_role("table", name="Run sheet")
    expect(sheet.get_by_role("row").filter(has_text=f"Case: {case.title}")).to_contain_text(f"{case.minutes:g} min")
    expect(fac.get_by_text("Activity 2 of 7 · Open")).to_be_visible()
    expect(phone.get_by_text("Activity 2 of 7", exact=True)).to_be_visible()

    fac.get_by_role("button", name="Next activity").click()
    expect(fac.get_by_text("Activity 3 of 7 · Not opened")).to_be_visible()
    fac.get_by_role("button", name="Open poll").click()
    first_step = case.node(case.start)
    for page in people:
        expect(page.get_by_text(first_step.text[:60])).to_be_visible(timeout=10_000)
        for choice in first_step.choices:
            expect(page.get_by_role("button", name=choice.label, exact=True)).to_be_visible()
    for page in [fac, *people]:
        assert page.errors == [], f"uncaught errors in {page.url}: {page.errors}"
