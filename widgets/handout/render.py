"""The session's part of the handout as HTML: each activity and case, and the facilitator's run sheet.

The participant edition gets the questions, the stories and the choices; only `facilitator=True`
adds answers, feedback, outcomes, debriefs, notes and minutes. Rendered by Jinja2 from the
templates beside this module, with the same autoescaping as widgets/ui/templates (`environment`).
"""

from __future__ import annotations

import re
from pathlib import Path

from widgets.content import Plan
from widgets.content.bank import IDEOLOGY_LABELS, setting_label
from widgets.content.evaluation import CONFIDENCE, PHASES, SATISFACTION
from widgets.content.scenario import OUTCOME_LABELS, Case, Node
from widgets.ui.render import environment

KIND_LABELS = {
    "single_choice": "Single choice",
    "multiple_choice": "Multiple choice",
    "scale": "Scale",
    "short_text": "Short answer",
    "open_text": "Open answer",
    "sorting": "Sorting",
    "ranking": "Ranking",
    "scenario": "Case",
    "evaluation": "Evaluation",
}


def paragraphs(text: str) -> list[str]:
    """Plain text as paragraphs: a blank line starts a new one."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _letter(i: int) -> str:
    return chr(ord("A") + i)


def _minutes(m: float) -> str:
    return f"{m:g} min"


def _clock(minutes: float) -> str:
    seconds = round(minutes * 60)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _correct_letters(activity) -> str:
    """ "B, D": the letters of a choice poll's correct options, as printed beside them."""
    return ", ".join(_letter(i) for i, o in enumerate(activity.options) if o.id in activity.correct)


def story_order(case: Case) -> list[Node]:
    """Every node, breadth first from the start (the order a reader meets them), the ends last."""
    order: list[str] = []
    todo = [case.start]
    while todo:
        node_id = todo.pop(0)
        if node_id not in order:
            order.append(node_id)
            todo.extend(case.node(node_id).targets())
    return sorted((case.node(i) for i in order), key=lambda node: node.is_end)


def main_line(case: Case) -> list[Node]:
    """The story as told on paper: from the start, on to where most choices lead, never to an end.

    Side steps that only some choices reach (what happens after waiting, after a confrontation)
    are consequences, so the participant edition leaves them out with the ends.
    """
    line: list[Node] = []
    node: Node | None = case.node(case.start)
    while node is not None and not node.is_end and node not in line:
        line.append(node)
        if node.next:
            node = case.node(node.next)
            continue
        targets = [c.next for c in node.choices]
        onward = [t for t in dict.fromkeys(targets) if not case.node(t).is_end]
        node = case.node(max(onward, key=targets.count)) if onward else None
    return line


TEMPLATES = environment(Path(__file__).with_name("templates"))
TEMPLATES.filters.update(paragraphs=paragraphs, letter=_letter, minutes=_minutes)
TEMPLATES.globals.update(
    main_line=main_line,
    story_order=story_order,
    setting_label=setting_label,
    correct_letters=_correct_letters,
    kind_labels=KIND_LABELS,
    ideology_labels=IDEOLOGY_LABELS,
    outcome_labels=OUTCOME_LABELS,
    confidence=CONFIDENCE,
    phases=PHASES,
    satisfaction=SATISFACTION,
)


def render(template: str, **values: object) -> str:
    """`template` from widgets/handout/templates, filled with `values` (escaped unless Markup)."""
    return TEMPLATES.get_template(template).render(**values)


def session(plan: Plan, facilitator: bool) -> str:
    """Every activity and case of the plan, numbered in the order they are run."""
    return render("session.html.j2", plan=plan, facilitator=facilitator)


def run_sheet(plan: Plan) -> str:
    """The facilitator's timetable: when each activity starts if the plan's minutes are kept."""
    rows, start = [], 0.0
    for a in plan.activities:
        rows.append((a, _clock(start)))
        start += a.minutes
    return render("run_sheet.html.j2", plan=plan, rows=rows)
