"""The self-paced course (`workshop course`) on a phone: axe-core, reflow, target sizes and focus on the
course home, on a module of quizzes (radios and checkboxes) and on the module with a ranking and a
case, and the quizzes answered by keyboard alone."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from a11y_support import axe_scan, expect_ready, focus_problems, focus_walk, overflowing, resize, small_targets, tab_to
from playwright.sync_api import Page, expect

from testkit.harness import start_course

pytestmark = pytest.mark.e2e

QUIZZES = "module/2"  # single choice, multiple choice, single choice
EXERCISES = "module/4"  # multiple choice, ranking, single choice, a case
PHONE, REFLOW = (375, 667), (320, 568)
RIGHT = "A way to get support, early, for someone who may be susceptible to radicalisation"
COME_BACK = "Answer saved. You can come back and change it."


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Iterator[str]:
    """`workshop course` on a free port with a throwaway store; yields its URL and stops it with Ctrl-C."""
    try:
        running = start_course(tmp_path_factory.mktemp("course-a11y"))
    except RuntimeError as err:
        pytest.fail(str(err), pytrace=False)
    yield running.url
    running.stop()


@pytest.fixture(scope="module")
def phone(module_pages) -> Page:
    return module_pages(*PHONE, is_mobile=True, has_touch=True)


def open_module(page: Page, course: str, route: str) -> None:
    page.goto(f"{course}{route}", wait_until="commit")  # ready when its widgets are: expect_ready
    expect_ready(page, page.get_by_role("button", name="Submit answer").first)


def checks(page: Page, where: str) -> list[str]:
    """axe-core at the phone's size; sideways scrolling, target sizes and focus at 375 and 320 px."""
    out = axe_scan(page, where)
    for size in (PHONE, REFLOW):
        resize(page, *size)
        out += [f"{where} at {size[0]} px: horizontal scrolling in {o}" for o in overflowing(page)]
        out += [f"{where} at {size[0]} px: small target {t}" for t in small_targets(page)]
        out += [f"{where} at {size[0]} px: {p}" for p in focus_problems(focus_walk(page, limit=120))]
    resize(page, *PHONE)
    return out


def test_module_of_quizzes_by_keyboard(phone, course):
    open_module(phone, course, QUIZZES)
    activities = phone.locator(".pw-course-activity")
    expect(activities).to_have_count(3)
    groups = phone.get_by_role("group")
    expect(groups).to_have_count(3)  # one group of choices per quiz, named by its question
    for i in range(3):
        expect(groups.nth(i)).to_have_accessible_name(re.compile(r"^(?!Your answer$).{10,}"))
        expect(groups.nth(i).get_by_role("heading", level=3)).to_be_visible()
    failures = checks(phone, "course: quizzes")

    # The first quiz: Tab into its radios (one Tab stop), Space picks the first, the arrows move on
    # to the right answer (wherever this learner's own order puts it: past the end they wrap round),
    # the very next Tab is its "Submit answer", Enter.
    first = activities.nth(0)
    radios = first.get_by_role("radio")
    labels = radios.evaluate_all("(all) => all.map(e => e.labels[0].innerText.trim())")
    tab_to(phone, radios.first, limit=120)
    phone.keyboard.press("Space")
    expect(radios.first).to_be_checked()
    for _ in range(labels.index(RIGHT) or len(labels)):
        phone.keyboard.press("ArrowDown")
    expect(first.get_by_role("radio", name=RIGHT, exact=True)).to_be_checked()
    tab_to(phone, first.get_by_role("button", name="Submit answer"), limit=1)
    phone.keyboard.press("Enter")
    expect(first.get_by_role("status")).to_have_text(COME_BACK)
    expect(first.get_by_text("✓ That's right.")).to_be_visible()

    # The second: checkboxes are a Tab stop each; Space ticks two, then Submit.
    second = activities.nth(1)
    boxes = second.get_by_role("checkbox")
    for i in (0, 2):
        tab_to(phone, boxes.nth(i), limit=3)
        phone.keyboard.press("Space")
        expect(boxes.nth(i)).to_be_checked()
    tab_to(phone, second.get_by_role("button", name="Submit answer"), limit=5)
    phone.keyboard.press("Enter")
    expect(second.get_by_role("status")).to_have_text(COME_BACK)
    expect(second.locator(".pw-feedback")).to_be_visible()

    failures += checks(phone, "course: quizzes answered")
    assert failures == [], "\n".join(failures)
    assert phone.errors == []


def test_module_with_a_ranking_and_a_case(phone, course):
    open_module(phone, course, EXERCISES)
    expect(phone.get_by_role("button", name="Move up")).to_have_count(5)
    expect(phone.locator(".pw-scenario").get_by_role("button").first).to_be_visible()
    assert checks(phone, "course: ranking and case") == []
    assert phone.errors == []


def test_course_home(phone, course):
    """Last, so the learner has progress to show: module 2 in progress, the others not started."""
    phone.goto(course, wait_until="commit")
    expect_ready(phone, phone.get_by_role("link", name="Continue", exact=True))
    expect(phone.locator(".pw-module").filter(has_text="In progress")).to_have_count(1)  # module 2's quizzes
    assert checks(phone, "course home") == []
    assert phone.errors == []
