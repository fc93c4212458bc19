"""ui/render.py's templates: hostile text in every fragment is shown as text, never markup or
Jinja, and a variable a template names but is not given (a typo) fails the render."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError
from markupsafe import Markup

from tests.hostile_kit import HOSTILE, assert_shown_as_text, hostile_plan
from widgets.content.local import LocalArea
from widgets.live import Results
from widgets.live.results import Group
from widgets.live.service import ActivityState, SessionView
from widgets.ui import render
from widgets.ui.render import contacts_html, esc, explanation_html, join_html, results_html, run_sheet_html

RESULTS = {
    "open_text": Results("open_text", 2, texts=[HOSTILE, "fine"]),
    "ranking": Results("ranking", 2, rows=[(HOSTILE, 2), ("b", 1)], positions={HOSTILE: 1.5, "b": 2.0}),
    "evaluation": Results("evaluation", 1, changes=[(HOSTILE, 2.0, 3.5)], mean=4.0),
    "sorting": Results("sorting", 3, groups=[Group(HOSTILE, [(HOSTILE, 2), ("b", 1)], correct=HOSTILE)]),
    "scenario": Results("scenario", 3, correct=[HOSTILE], groups=[Group(HOSTILE, [(HOSTILE, 3)])]),
    "single_choice": Results("single_choice", 3, rows=[(HOSTILE, 2), ("b", 1)], correct=[HOSTILE], hands=1),
    "scale": Results("scale", 2, rows=[(HOSTILE, 2)], mean=3.5),
}


@pytest.mark.parametrize("kind", RESULTS)
@pytest.mark.parametrize("show_correct", [False, True])
def test_results_of_every_kind_show_hostile_text_as_text(kind, show_correct):
    assert_shown_as_text(results_html(RESULTS[kind], show_correct=show_correct))


def test_explanation_run_sheet_join_and_contacts_show_hostile_text_as_text():
    plan = hostile_plan("workshop-60")
    explained = [a for a in plan.activities if getattr(a, "explanation", "") and getattr(a, "source", "")]
    assert explained
    assert_shown_as_text(explanation_html(explained[0]))
    states = [ActivityState(i, i, a, "open") for i, a in enumerate(plan.activities)]
    view = SessionView(
        id=1,
        code="ABC234",
        title=HOSTILE,
        status="running",
        current=2,
        activities=states,
        timer_ends_at=None,
        participants=5,
    )
    assert_shown_as_text(run_sheet_html(view, {0: 61.0}))
    join = join_html(view, f"https://room.example/{HOSTILE}")
    assert_shown_as_text(join.replace(join[join.index("<svg") : join.index("</svg>")], ""))  # the QR code aside
    area = LocalArea.model_validate(
        {
            "schema_version": 1,
            "id": "x",
            "area": HOSTILE,
            "contacts": [{"name": HOSTILE, "note": HOSTILE, "email": "a&b'c@x.example", "prevent_lead": True}],
            "links": [{"title": HOSTILE, "url": "https://x.example/?a='1'&b=2"}],
        }
    )
    html = contacts_html(area)
    assert_shown_as_text(html)
    assert '<a href="https://x.example/?a=&#x27;1&#x27;&amp;b=2"' in html  # attributes are escaped too


def test_trusted_html_is_marked_so_and_everything_else_escaped_as_esc_does():
    """The one way into a template unescaped is Markup; the rest is escaped with esc's entities,
    so the f-string HTML elsewhere and the templates spell the same text the same way."""
    html = render.environment(render.Path(render.__file__).with_name("templates")).from_string(
        "{{ text }}|{{ trusted }}|{{ number }}"
    )
    assert html.render(text=HOSTILE, trusted=Markup("<svg></svg>"), number=3) == f"{esc(HOSTILE)}|<svg></svg>|3"


@pytest.mark.parametrize("template", ["results.html.j2", "explanation.html.j2", "join.html.j2",
                                      "run_sheet.html.j2", "contacts.html.j2"])  # fmt: skip
def test_a_missing_variable_fails_the_render(template):
    with pytest.raises(UndefinedError):
        render.render(template)


def test_a_template_typo_fails_the_render():
    typo = render.environment(render.Path(render.__file__).with_name("templates")).from_string(
        "{{ results.respones }} responses"
    )
    with pytest.raises(UndefinedError, match="respones"):
        typo.render(results=RESULTS["scale"])
    contacts = render._templates().get_template("contacts.html.j2")
    with pytest.raises(UndefinedError, match="lead"):  # every name the template uses must be given
        contacts.render(staff_route="", national=[], area=None)
