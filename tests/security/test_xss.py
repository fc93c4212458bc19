"""Script in free-text answers is shown as text on every screen, in a real browser (Debian's chromium):
the facilitator's console while answers come in, then the participants' pages and the projector
screen after the reveal. A payload that ran would set `window.__pwned`."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from security_kit import SAVED, Phone, hostile, run

pytestmark = pytest.mark.e2e

OPEN_TEXT = 5  # position of the open_text activity in the demo plan
TYPED = ['<img src=x onerror="window.__pwned=1">', "<script>window.__pwned=2</script>"]
SENT = '"><svg onload="window.__pwned=3"><a href="javascript:window.__pwned=4">link</a>'  # over the websocket
PAYLOADS = [*TYPED, SENT]
INJECTED = "img[src='x'], svg[onload], script:not([src]):text-matches('__pwned'), a[href^='javascript:']"


@pytest.fixture
def new_page(browser):
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def assert_inert(page) -> None:
    """Once the answers are on the page: none ran, none became markup, each shows as the text it is."""
    from playwright.sync_api import expect

    expect(page.get_by_text(f"{len(PAYLOADS)} responses").first).to_be_visible()
    assert page.evaluate("typeof window.__pwned") == "undefined", f"a payload ran on {page.url}"
    assert page.locator(INJECTED).count() == 0, f"a payload became markup on {page.url}"
    for payload in PAYLOADS:
        expect(page.get_by_text(payload, exact=True).first).to_be_visible()


def test_free_text_answers_are_shown_as_text_everywhere(workshop, service, store, new_page):
    from playwright.sync_api import expect

    session = store.get_session_by_code(workshop.code)
    service.go_to(session["id"], OPEN_TEXT)
    service.open_poll(session["id"])
    activity = service.view(session["id"]).current_activity.id

    console = new_page()
    console.goto(workshop.staff_url)
    expect(console.get_by_text(f"Activity {OPEN_TEXT + 1} of 6 · Open")).to_be_visible()

    people = []
    for payload in TYPED:  # typed into the answer box and submitted, as a person would
        page = new_page()
        page.goto(workshop.join_url)
        page.get_by_role("textbox", name="Your answer").fill(payload)
        page.get_by_role("button", name="Submit answer").click()
        expect(page.get_by_text(SAVED)).to_be_visible()
        people.append(page)

    async def send() -> None:  # a third participant sends markup no answer box would produce
        phone = await Phone.join(workshop.participant_base, workshop.code)
        await phone.wait_open(OPEN_TEXT)
        await phone.submit({"value": SENT})
        await phone.close()

    run(send())  # in a thread of its own: playwright's sync API owns this thread's event loop
    hostile.update(tried=len(PAYLOADS))
    assert sorted(store.response_values(activity)) == sorted(PAYLOADS)  # stored exactly as typed

    assert_inert(console)  # the console's list to approve, before any reveal
    service.close_poll(session["id"])
    service.moderate(session["id"], service.free_texts(service.view(session["id"]).current_activity), "approved")
    service.reveal_results(session["id"])
    for page in people:
        assert_inert(page)
    screen = new_page()
    staff = urlsplit(workshop.staff_url)
    screen.goto(f"{workshop.staff_base}/voila/render/screen.ipynb?{staff.query}")
    assert_inert(screen)
    assert_inert(console)
    hostile.update(refused=len(PAYLOADS))


def test_choice_labels_and_prompts_are_shown_as_text(workshop, service, store, plan, new_page):
    """A plan's prompt and option labels are drawn by choice.js as text nodes: markup in them (a
    careless or hostile plan) shows as typed and never runs, in the legend and in every label."""
    from playwright.sync_api import expect

    single = plan.activities[1]  # what-is-a-referral: three options, one payload each
    options = [o.model_copy(update={"label": p}) for o, p in zip(single.options, PAYLOADS, strict=True)]
    marked = single.model_copy(update={"prompt": SENT, "options": options})
    session = service.create_session(plan.model_copy(update={"activities": [marked]}))
    service.open_poll(session["id"])

    page = new_page()
    page.goto(f"{workshop.participant_base}/?join={session['code']}")
    expect(page.get_by_role("group", name=SENT, exact=True)).to_be_visible()
    for payload in PAYLOADS:
        expect(page.get_by_role("radio", name=payload, exact=True)).to_be_visible()
    page.get_by_role("radio", name=PAYLOADS[1], exact=True).check()
    page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_text(SAVED)).to_be_visible()
    assert store.response_values(service.view(session["id"]).current_activity.id) == [single.options[1].id]
    assert page.evaluate("typeof window.__pwned") == "undefined", "a label ran as script"
    assert page.locator(INJECTED).count() == 0, "a label became markup"
    hostile.update(tried=len(PAYLOADS) + 1, refused=len(PAYLOADS) + 1)
