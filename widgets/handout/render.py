"""The session's part of the handout as HTML: each activity and case, and the facilitator's run sheet.

The participant edition gets the questions, the stories and the choices; only `facilitator=True`
adds answers, feedback, outcomes, debriefs, notes and minutes. Every string from content goes
through `esc`.
"""

from __future__ import annotations

import re

from widgets.content import ChoicePoll, Plan, ScalePoll, TextPoll
from widgets.content.bank import IDEOLOGY_LABELS, setting_label
from widgets.content.evaluation import CONFIDENCE, PHASES, SATISFACTION, EvaluationActivity
from widgets.content.exercises import RankingPoll, SortingActivity
from widgets.content.scenario import OUTCOME_LABELS, Case, Node, ScenarioActivity
from widgets.ui.render import esc

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


# --- small pieces ---------------------------------------------------------------------------


def paras(text: str) -> str:
    """Plain text as paragraphs (a blank line starts a new one), escaped."""
    return "".join(f"<p>{esc(p.strip())}</p>" for p in re.split(r"\n\s*\n", text) if p.strip())


def _box(round_: bool = False) -> str:
    return f'<span class="hw-box{" hw-round" if round_ else ""}" aria-hidden="true"></span>'


def _lines(n: int) -> str:
    return '<div class="hw-lines" aria-hidden="true">' + '<div class="hw-line"></div>' * n + "</div>"


def _letter(i: int) -> str:
    return chr(ord("A") + i)


def _minutes(m: float) -> str:
    return f"{m:g} min"


def _clock(minutes: float) -> str:
    seconds = round(minutes * 60)
    return f"{seconds // 60}:{seconds % 60:02d}"


def _notes(activity, facilitator: bool) -> str:
    if not facilitator:
        return ""
    planned = f'<p class="hw-meta">Planned: {_minutes(activity.minutes)}</p>'
    if not activity.notes:
        return planned
    return f'{planned}<div class="hw-notes"><h4>Facilitator notes</h4>{paras(activity.notes)}</div>'


def _answer(explanation: str, source: str = "", heading: str = "Answer", *, always: bool = False) -> str:
    if not (explanation or always):
        return ""
    cite = f'<p class="hw-source">Source: {esc(source)}</p>' if source else ""
    return f'<div class="hw-answer"><h4>{esc(heading)}</h4>{paras(explanation)}{cite}</div>'


# --- activities -----------------------------------------------------------------------------


def _choice_poll(a: ChoicePoll, facilitator: bool) -> str:
    single = a.kind == "single_choice"
    how = "Choose one." if single else "Choose all that apply."
    items = []
    for i, o in enumerate(a.options):
        mark = ' <span class="hw-correct">✓ Correct</span>' if facilitator and o.id in a.correct else ""
        items.append(f'<li>{_box(round_=single)}<span class="hw-letter">{_letter(i)}</span> {esc(o.label)}{mark}</li>')
    html = f'<p class="hw-small">{how}</p><ul class="hw-options">{"".join(items)}</ul>'
    if facilitator:
        letters = ", ".join(_letter(i) for i, o in enumerate(a.options) if o.id in a.correct)
        heading = f"Answer: {letters}" if letters else "About the answers"
        html += _answer(a.explanation, a.source, heading, always=bool(letters))
    return html


def _scale(a: ScalePoll) -> str:
    values = range(a.min, a.max + 1)
    head = "".join(f'<th scope="col">{v}</th>' for v in values)
    boxes = "".join(f"<td>{_box(round_=True)}</td>" for _ in values)
    return (
        f'<table class="hw-scale"><thead><tr>{head}</tr></thead><tbody><tr>{boxes}</tr></tbody></table>'
        f'<p class="hw-small">{a.min} = {esc(a.min_label)}; {a.max} = {esc(a.max_label)}</p>'
    )


def _text(a: TextPoll) -> str:
    return _lines(1 if a.kind == "short_text" else 4)


def _sorting(a: SortingActivity, facilitator: bool) -> str:
    labels = {c.id: c.label for c in a.categories}
    if facilitator:
        rows = "".join(
            f"<tr><td>{esc(s.text)}</td><td><strong>{esc(labels[s.answer])}</strong></td>"
            f"<td>{esc(s.feedback)}</td></tr>"
            for s in a.statements
        )
        return (
            '<table class="hw-sorting"><thead><tr><th scope="col">Statement</th><th scope="col">Belongs to</th>'
            f'<th scope="col">Why</th></tr></thead><tbody>{rows}</tbody></table>'
        )
    head = "".join(f'<th scope="col" class="hw-tick">{esc(c.label)}</th>' for c in a.categories)
    ticks = "".join(f'<td class="hw-tick">{_box()}</td>' for _ in a.categories)
    rows = "".join(f"<tr><td>{esc(s.text)}</td>{ticks}</tr>" for s in a.statements)
    return (
        '<p class="hw-small">Tick one box for each statement.</p>'
        f'<table class="hw-sorting"><thead><tr><th scope="col">Statement</th>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _ranking(a: RankingPoll, facilitator: bool) -> str:
    items = "".join(
        f'<li><span class="hw-box hw-rank" aria-hidden="true"></span>{esc(o.label)}</li>' for o in a.options
    )
    html = f'<p class="hw-small">Number them in order, 1 first.</p><ul class="hw-options">{items}</ul>'
    return html + (_answer(a.explanation, heading="About the order") if facilitator else "")


def _evaluation(a: EvaluationActivity) -> str:
    """On paper: a row per outcome with boxes for before and now, then the rating and a few lines."""
    head = "".join(f'<th scope="col">{n}</th>' for n in CONFIDENCE)
    boxes = "".join(f"<td>{_box(round_=True)}</td>" for _ in CONFIDENCE)
    rows = "".join(
        f'<tr><th scope="row" rowspan="2">{esc(o.text)}</th><th scope="row">{PHASES["before"]}</th>{boxes}</tr>'
        f'<tr><th scope="row">{PHASES["after"]}</th>{boxes}</tr>'
        for o in a.outcomes
    )
    scale = "; ".join(f"{n} = {esc(label.lower())}" for n, label in CONFIDENCE.items())
    html = (
        f'<table class="hw-scale"><thead><tr><td></td><td></td>{head}</tr></thead><tbody>{rows}</tbody></table>'
        f'<p class="hw-small">{scale}</p>'
    )
    if a.rating:
        html += "<p>Overall, how would you rate this session? (1 = very poor, 5 = very good)</p>" + _scale_boxes()
    if a.intentions:
        html += f"<p>{esc(a.intentions)}</p>{_lines(3)}"
    return html


def _scale_boxes() -> str:
    head = "".join(f'<th scope="col">{n}</th>' for n in SATISFACTION)
    boxes = "".join(f"<td>{_box(round_=True)}</td>" for _ in SATISFACTION)
    return f'<table class="hw-scale"><thead><tr>{head}</tr></thead><tbody><tr>{boxes}</tr></tbody></table>'


def _activity(a, number: int, facilitator: bool) -> str:
    if isinstance(a, ChoicePoll):
        body = _choice_poll(a, facilitator)
    elif isinstance(a, ScalePoll):
        body = _scale(a)
    elif isinstance(a, TextPoll):
        body = _text(a)
    elif isinstance(a, SortingActivity):
        body = _sorting(a, facilitator)
    elif isinstance(a, EvaluationActivity):
        body = _evaluation(a)
    else:
        body = _ranking(a, facilitator)
    return (
        f'<section class="hw-activity" id="activity-{esc(a.id)}"><h3>{number}. {esc(a.title)}</h3>'
        f'<p class="hw-prompt">{esc(a.prompt)}</p>{body}{_notes(a, facilitator)}</section>'
    )


# --- cases ----------------------------------------------------------------------------------


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


def _reveals(node: Node) -> str:
    if not node.reveals:
        return ""
    return (
        "<p><strong>What you find out:</strong></p><ul>" + "".join(f"<li>{esc(r)}</li>" for r in node.reveals) + "</ul>"
    )


def _participant_case(a: ScenarioActivity) -> str:
    steps = []
    for n, node in enumerate(main_line(a.case), start=1):
        choices = ""
        if node.choices:
            items = "".join(
                f'<li>{_box()}<span class="hw-letter">{_letter(i)}</span> {esc(c.label)}</li>'
                for i, c in enumerate(node.choices)
            )
            choices = f'<p><strong>What would you do?</strong></p><ul class="hw-options">{items}</ul>'
        steps.append(f'<div class="hw-step"><h4>Part {n}</h4>{paras(node.text)}{_reveals(node)}{choices}</div>')
    return (
        '<p class="hw-small">Read each part and decide what you would do, and why. The session talks '
        "through where each choice leads.</p>"
        f'{"".join(steps)}<div class="hw-step"><h4>Your notes</h4>{_lines(5)}</div>'
    )


def _facilitator_case(a: ScenarioActivity) -> str:
    case = a.case
    order = story_order(case)
    number = {node.id: i for i, node in enumerate(order, start=1)}

    def anchor(node_id: str) -> str:
        return f"{a.id}--{node_id}"

    steps = []
    for node in order:
        head = f"Step {number[node.id]}"
        if node.is_end:
            head += f": end – {OUTCOME_LABELS[node.outcome]}"
        body = paras(node.text) + _reveals(node)
        if node.next:
            body += f'<p class="hw-small">Then: <a href="#{esc(anchor(node.next))}">step {number[node.next]}</a></p>'
        if node.choices:
            body += "".join(
                f'<div class="hw-choice"><p><span class="hw-letter">{_letter(i)}</span> <strong>{esc(c.label)}</strong>'
                f' <span class="hw-small">→ <a href="#{esc(anchor(c.next))}">step {number[c.next]}</a></span></p>'
                f'<div class="hw-feedback">{paras(c.feedback)}</div></div>'
                for i, c in enumerate(node.choices)
            )
        if node.is_end:
            body += f'<div class="hw-debrief"><h5>Debrief</h5>{paras(node.debrief)}</div>'
        end = " hw-end" if node.is_end else ""
        steps.append(f'<div class="hw-step{end}" id="{esc(anchor(node.id))}"><h4>{esc(head)}</h4>{body}</div>')
    about = (
        f'<p class="hw-meta">Ideology: {esc(IDEOLOGY_LABELS[case.ideology])}. '
        f"Best route: <strong>{esc(OUTCOME_LABELS[case.best_outcome])}</strong>.</p>"
        f"{paras(case.summary)}"
    )
    return about + _notes(a, True) + "".join(steps)


def _case(a: ScenarioActivity, number: int, facilitator: bool) -> str:
    body = _facilitator_case(a) if facilitator else _participant_case(a)
    return (
        f'<section class="hw-case" id="activity-{esc(a.id)}"><h3>{number}. Case: {esc(a.case.title)}</h3>'
        f'<p class="hw-meta">Setting: {esc(setting_label(a.case))}</p>{body}</section>'
    )


def session(plan: Plan, facilitator: bool) -> str:
    """Every activity and case of the plan, numbered in the order they are run."""
    parts = [
        _case(a, number, facilitator) if isinstance(a, ScenarioActivity) else _activity(a, number, facilitator)
        for number, a in enumerate(plan.activities, start=1)
    ]
    return f'<section id="session"><h2>The session</h2>{"".join(parts)}</section>'


def run_sheet(plan: Plan) -> str:
    """The facilitator's timetable: when each activity starts if the plan's minutes are kept."""
    rows, start = [], 0.0
    for i, a in enumerate(plan.activities, start=1):
        rows.append(
            f'<tr><td class="hw-num">{i}</td><td class="hw-num">{_clock(start)}</td>'
            f'<td><a href="#activity-{esc(a.id)}">{esc(a.title)}</a></td><td>{KIND_LABELS[a.kind]}</td>'
            f'<td class="hw-num">{_minutes(a.minutes)}</td></tr>'
        )
        start += a.minutes
    return (
        '<section id="run-sheet"><h2>Run sheet</h2><table class="hw-runsheet">'
        '<thead><tr><th scope="col">#</th><th scope="col">Starts</th><th scope="col">Activity</th>'
        f'<th scope="col">Kind</th><th scope="col">Planned</th></tr></thead><tbody>{"".join(rows)}</tbody>'
        f'<tfoot><tr><td></td><td></td><td>Total</td><td></td><td class="hw-num">{_minutes(plan.minutes)}</td>'
        "</tr></tfoot></table></section>"
    )
