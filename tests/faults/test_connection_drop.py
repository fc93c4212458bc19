"""The participant page's websocket drops (venue wifi blinks, a proxy restarts it): the page
reconnects by itself, catches up with what the facilitator did meanwhile, and voting carries on,
with no reload and the same kernel."""

from __future__ import annotations

import pytest
from faultkit import kernel_id
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

SAVED = "Answer saved. You can change it while the poll is open."
MARK = "window.__notReloaded"
# Close the page's kernel websocket from inside, as a dropped connection would; counts the drops.
DROP_JS = """() => {
  const kernel = window.jupyterapp.widgetManager.kernel;
  window.__drops = (window.__drops || 0) + 1;
  kernel.ws.close();
  return kernel.ws.readyState;
}"""
OPEN_JS = "() => window.jupyterapp.widgetManager.kernel.ws.readyState === WebSocket.OPEN"


def test_dropped_websocket_reconnects_and_catches_up(served, live, plan, new_page):
    service, counts = live
    session = service.create_session(plan)
    sid, total = session["id"], len(plan.activities)
    page = new_page(375, 667, is_mobile=True, has_touch=True)
    page.goto(f"{served.participant_base}/?join={session['code']}")
    expect(page.get_by_text(f"Activity 1 of {total}", exact=True)).to_be_visible(timeout=30_000)
    page.evaluate(f"{MARK} = true")
    kid = kernel_id(page)

    # Dropped while nothing happens: the facilitator opens the poll while the page is offline.
    assert page.evaluate(DROP_JS) in (2, 3)  # CLOSING or CLOSED
    service.open_poll(sid)
    page.wait_for_function(OPEN_JS, timeout=15_000)
    expect(page.get_by_role("radio", name="4", exact=True)).to_be_visible(timeout=10_000)

    page.get_by_role("radio", name="4", exact=True).check()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_text(SAVED)).to_be_visible()
    activity_id = service.view(sid).current_activity.id
    assert list(counts.answers(activity_id).values()) == [4]

    # Dropped again, and the facilitator reveals: the page shows the results, still not reloaded.
    page.evaluate(DROP_JS)
    service.close_poll(sid)
    service.reveal_results(sid)
    page.wait_for_function(OPEN_JS, timeout=15_000)
    expect(page.get_by_text("Your answer: 4", exact=True)).to_be_visible(timeout=10_000)
    assert page.evaluate(f"{MARK} === true"), "the page was reloaded"
    assert kernel_id(page) == kid
    assert counts.participants(sid) == 1
    assert page.errors == []
