"""handout's templates: hostile text in every part of both editions is shown as text, never markup
or Jinja, and a variable a template names but is not given (a typo) fails the render."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError

from tests.hostile_kit import HOSTILE, assert_shown_as_text, hostile_plan
from widgets.content.local import LocalArea
from widgets.handout import render_handout
from widgets.handout.render import TEMPLATES, render, run_sheet, session
from widgets.ui.render import esc

PLANS = ["workshop-60", "demo"]  # between them every kind of activity, cases included


@pytest.mark.parametrize("name", PLANS)
@pytest.mark.parametrize("facilitator", [False, True], ids=["participant", "facilitator"])
def test_every_activity_and_case_shows_hostile_text_as_text(name, facilitator):
    assert_shown_as_text(session(hostile_plan(name), facilitator))


@pytest.mark.parametrize("name", PLANS)
def test_the_run_sheet_shows_hostile_text_as_text(name):
    assert_shown_as_text(run_sheet(hostile_plan(name)))


@pytest.mark.parametrize("facilitator", [False, True], ids=["participant", "facilitator"])
def test_the_whole_page_shows_hostile_text_as_text(facilitator, tmp_path):
    area = LocalArea.model_validate(
        {"schema_version": 1, "id": "x", "area": HOSTILE, "contacts": [{"name": HOSTILE, "note": HOSTILE}]}
    )
    html = render_handout(hostile_plan("workshop-60"), area, facilitator=facilitator, course_dir=tmp_path).html
    assert_shown_as_text(html)
    assert html.count("<style>") == 1 and "</style></head>" in html  # the one stylesheet, inline
    edition = "facilitator edition" if facilitator else "participant handout"
    for own in (f"<title>{esc(HOSTILE)} – {edition}</title>", f"<h1>{esc(HOSTILE)}</h1>", f">Case: {esc(HOSTILE)}</a>"):
        assert own in html  # the page's own title, heading and contents, not only the parts it holds


@pytest.mark.parametrize("template", ["session.html.j2", "run_sheet.html.j2", "handout.html.j2"])
def test_a_missing_variable_fails_the_render(template):
    with pytest.raises(UndefinedError):
        render(template)


def test_a_template_typo_fails_the_render():
    plan = hostile_plan("demo")
    with pytest.raises(UndefinedError, match="titel"):
        TEMPLATES.from_string("<h1>{{ plan.titel }}</h1>").render(plan=plan)
    with pytest.raises(UndefinedError, match="facilitator"):  # a macro's branch names an edition not given
        render("session.html.j2", plan=plan)
