"""Hostile content for the rendering tests: text with a script, both quotes, an ampersand and Jinja's
own syntax, in every free-text field of a real plan, and the check that it is shown as text."""

from __future__ import annotations

from pathlib import Path

from widgets.content import Plan, load_plan
from widgets.ui.render import esc

ROOT = Path(__file__).resolve().parent.parent

# Script, both quotes, an ampersand and Jinja's own syntax; short enough for a scale's labels.
HOSTILE = '<script>x("\'")</script> {{ 7*7 }} {% if 1 %}j{% endif %}&'
TEXT_FIELDS = {"title", "prompt", "notes", "label", "text", "feedback", "explanation", "source", "min_label",
               "max_label", "intentions", "summary", "debrief", "organisation"}  # fmt: skip


def hostile(value):
    """A plan's content with every free-text field (and every reveal) replaced by HOSTILE."""
    if isinstance(value, list):
        return [hostile(item) for item in value]
    if not isinstance(value, dict):
        return value
    out = {key: hostile(item) for key, item in value.items()}
    out |= {key: HOSTILE for key, item in value.items() if key in TEXT_FIELDS and isinstance(item, str) and item}
    return out | ({"reveals": [HOSTILE] * len(value["reveals"])} if "reveals" in value else {})


def hostile_plan(name: str) -> Plan:
    plan = load_plan(ROOT / "scenarios" / "plans" / f"{name}.yaml")
    return Plan.model_validate(hostile(plan.model_dump(mode="json", exclude_unset=True)))


def assert_shown_as_text(html: str) -> None:
    """HOSTILE is in the fragment, escaped exactly once, and no `script` appears outside it (not raw,
    not escaped twice); `{{ 7*7 }}` staying literal shows nothing rendered the text as a template."""
    assert html.count(esc(HOSTILE)) > 0, html
    assert html.count("script") == 2 * html.count(esc(HOSTILE)), html
    assert "<script" not in html and "{{ 7*7 }}" in html
