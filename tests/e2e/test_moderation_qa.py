"""Free text and questions from the room in real browsers, on one workshop of their own: a hidden
answer never reaches the projector (nor the phones), and an upvote counts once per person, however
often the page is reloaded."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from widgets.live import LiveService
from widgets.store import Store

pytestmark = pytest.mark.e2e
OPEN_TEXT = 5  # position in the demo plan
LOAD_MS = 60_000  # a first load runs the notebook in a new kernel: slow on a busy machine
SAVED = "Answer saved. You can change it while the poll is open."
APPROVED, HIDDEN, WAITING = "Speak to the DSL first", "Ring Mr Bloggs", "Check the records"
# Set on the projector page if the hidden answer ever enters its document, even for a moment.
WATCH = """(text) => {
  window.__sawHidden = false;
  const look = () => { if (document.body.innerText.includes(text)) window.__sawHidden = true; };
  new MutationObserver(look).observe(document.body, {subtree: true, childList: true, characterData: true});
  look();
}"""


@pytest.fixture(scope="module")
def live(own_workshop):
    store = Store(own_workshop.db_url)
    service = LiveService(store)
    yield service, store.get_session_by_code(own_workshop.code)["id"]
    store.close()


def screen_page(server, new_page) -> Page:
    staff = urlsplit(server.staff_url)
    page = new_page(1280, 800)
    page.goto(f"{server.staff_base}/voila/render/screen.ipynb?{staff.query}", timeout=LOAD_MS)
    expect(page.get_by_text("Activity", exact=False).first).to_be_visible(timeout=LOAD_MS)
    return page


def row(console: Page, text: str):
    return console.locator(".pw-mod-row").filter(has_text=text)


def test_a_hidden_answer_never_reaches_the_projector(own_workshop, live, new_page):
    service, sid = live
    service.go_to(sid, OPEN_TEXT)
    service.open_poll(sid)
    console = new_page(1280, 900)
    console.goto(own_workshop.staff_url, timeout=LOAD_MS)
    expect(console.get_by_role("button", name="Approve all")).to_be_visible(timeout=LOAD_MS)
    screen = screen_page(own_workshop, new_page)
    screen.evaluate(WATCH, HIDDEN)

    phones = []
    for text in (APPROVED, HIDDEN, WAITING):
        phone = new_page(375, 667, is_mobile=True, has_touch=True)
        phone.goto(own_workshop.join_url, timeout=LOAD_MS)
        phone.get_by_role("textbox", name="Your answer").fill(text, timeout=LOAD_MS)
        phone.get_by_role("button", name="Submit answer").click()
        expect(phone.get_by_text(SAVED)).to_be_visible()
        phones.append(phone)
    for text in (APPROVED, HIDDEN, WAITING):  # each arrives on the console, waiting
        expect(row(console, text).get_by_text("Waiting", exact=True)).to_be_visible()

    row(console, APPROVED).get_by_role("button", name="Approve").click()
    hide = row(console, HIDDEN).get_by_role("button", name="Hide")
    hide.focus()
    console.keyboard.press("Enter")  # by keyboard
    expect(row(console, HIDDEN).get_by_text("Hidden", exact=True)).to_be_visible()
    expect(row(console, APPROVED).get_by_text("Approved", exact=True)).to_be_visible()

    console.get_by_role("button", name="Reveal results").click()
    for page in (screen, phones[0]):
        expect(page.get_by_text("3 responses")).to_be_visible()
        expect(page.locator(".pw-texts").get_by_text(APPROVED)).to_be_visible()
        expect(page.locator(".pw-texts").get_by_text(WAITING)).to_have_count(0)
        expect(page.get_by_text(HIDDEN)).to_have_count(0)
    assert screen.evaluate("window.__sawHidden") is False, "the hidden answer reached the projector"

    console.get_by_role("button", name="Approve all").click()  # the waiting one; the hidden stays hidden
    expect(screen.locator(".pw-texts").get_by_text(WAITING)).to_be_visible()
    expect(phones[0].locator(".pw-texts").get_by_text(WAITING)).to_be_visible()
    assert screen.evaluate("window.__sawHidden") is False, "the hidden answer reached the projector"
    assert phones[1].get_by_text(HIDDEN).count() == 1  # its writer still sees their own answer, only
    assert screen.errors == [] and console.errors == []


QUESTION = "What do we do out of hours?"


def question_row(page: Page):
    return page.locator(".pw-q-row").filter(has_text=QUESTION)


def test_an_upvote_counts_once_per_person_across_reloads(own_workshop, live, new_page):
    service, sid = live
    console = new_page(1280, 900)
    console.goto(own_workshop.staff_url, timeout=LOAD_MS)
    expect(console.get_by_role("heading", name="Questions from the room")).to_be_visible(timeout=LOAD_MS)
    screen = screen_page(own_workshop, new_page)
    asker, voter = (new_page(375, 667, is_mobile=True, has_touch=True) for _ in range(2))
    for phone in (asker, voter):
        phone.goto(own_workshop.join_url, timeout=LOAD_MS)
        phone.get_by_role("button", name="Ask or see questions").click(timeout=LOAD_MS)
    asker.get_by_role("textbox", name="Your question").fill(QUESTION, timeout=LOAD_MS)
    asker.get_by_role("button", name="Send question").click()
    expect(asker.get_by_text("Question sent.", exact=False)).to_be_visible()

    expect(question_row(console).get_by_text("Waiting for approval", exact=False)).to_be_visible()
    expect(question_row(voter)).to_have_count(0)  # not before the facilitator approves it
    question_row(console).get_by_role("button", name="Approve").click()
    expect(question_row(console).get_by_text("Approved", exact=False)).to_be_visible()

    upvote = question_row(voter).get_by_role("button", name="Upvote")
    upvote.click()
    expect(question_row(voter).get_by_role("button", name="Upvoted")).to_be_visible()
    expect(question_row(console).get_by_text("1 vote", exact=False)).to_be_visible()
    for _ in range(2):  # the same browser comes back as the same participant: its vote is remembered
        voter.reload(timeout=LOAD_MS)
        voter.get_by_role("button", name="Ask or see questions").click(timeout=LOAD_MS)
        again = question_row(voter).get_by_role("button", name="Upvoted")
        expect(again).to_be_visible(timeout=LOAD_MS)
        again.click()
        expect(voter.get_by_text("You have already upvoted this question.")).to_be_visible()
    (question,) = service.questions(sid)
    assert question.votes == 1

    question_row(console).get_by_role("button", name="Show on screen").click()
    expect(screen.locator(".pw-screen-question").get_by_text(QUESTION)).to_be_visible()
    expect(screen.locator(".pw-screen-question").get_by_text("1 vote")).to_be_visible()
    assert not any(page.errors for page in (console, screen, asker, voter))
