"""Two scale questions in a row on a phone (before and after, as trainers ask them): the page asks
both with one choice widget, so the first question's choice must not carry over to the second,
whose options have the same keys."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from testkit.harness import start_workshop

pytestmark = pytest.mark.e2e

PLAN = """\
schema_version: 1
id: two-scales
title: Two scales
activities:
  - id: before
    kind: scale
    title: Before
    prompt: "How confident are you before the session?"
    min: 1
    max: 5
    min_label: Not confident
    max_label: Very confident
  - id: after
    kind: scale
    title: After
    prompt: "How confident are you after the session?"
    min: 1
    max: 5
    min_label: Not confident
    max_label: Very confident
"""
SAVED = "Answer saved. You can change it while the poll is open."


@pytest.fixture(scope="module")
def two_scales(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-scales")
    plan = folder / "two-scales.yaml"
    plan.write_text(PLAN)
    server = start_workshop(folder, plan, start_seconds=90)
    yield server
    server.stop(30)


def test_the_first_scales_choice_does_not_carry_over(new_page, two_scales):
    fac = new_page(1280, 900)
    fac.goto(two_scales.staff_url)
    expect(fac.get_by_text("Activity 1 of 2 · Not opened")).to_be_visible(timeout=20_000)
    phone = new_page(375, 667, is_mobile=True, has_touch=True)
    phone.goto(two_scales.join_url)
    expect(phone.get_by_text("Activity 1 of 2", exact=True)).to_be_visible(timeout=20_000)

    fac.get_by_role("button", name="Open poll").click()
    phone.get_by_role("radio", name="4", exact=True).check()
    phone.get_by_role("button", name="Submit answer").click()
    expect(phone.get_by_text(SAVED)).to_be_visible()
    phone.get_by_role("radio", name="2", exact=True).check()  # chosen, not sent: it stays in the page

    fac.get_by_role("button", name="Next activity").click()
    expect(phone.get_by_text("Activity 2 of 2", exact=True)).to_be_visible()
    fac.get_by_role("button", name="Open poll").click()
    expect(phone.get_by_role("group", name="How confident are you after the session?")).to_be_visible()
    for radio in phone.get_by_role("radio").all():
        expect(radio).not_to_be_checked()
    phone.get_by_role("button", name="Submit answer").click()  # nothing chosen for this question
    expect(phone.get_by_text("Please choose a value from 1 to 5.")).to_be_visible()  # not the 2 left in the page
    expect(fac.get_by_role("table", name="0 responses")).to_be_visible()
    assert phone.errors == []
