"""HTML fragments for results, join details and the run sheet. Every string from content or
from participants goes through `esc`, so typed text is always shown, never run."""

from __future__ import annotations

from html import escape

import segno

from widgets.live import Results, SessionView, display_code

STATE_LABELS = {"draft": "Not opened", "open": "Open", "closed": "Closed", "revealed": "Results shown"}


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def results_html(results: Results, *, show_correct: bool) -> str:
    """A results table that is also the chart: bars for the eye, numbers for screen readers."""
    count = f"{results.responses} response{'s' if results.responses != 1 else ''}"
    if results.kind == "open_text":
        items = "".join(f"<li>{esc(t)}</li>" for t in results.texts) or "<li>No answers yet.</li>"
        return f'<div class="pw-results"><p class="pw-count">{count}</p><ul class="pw-texts">{items}</ul></div>'
    top = max((n for _, n in results.rows), default=0) or 1
    total = results.responses or 1
    body = []
    for label, n in results.rows:
        mark = ""
        if show_correct and label in results.correct:
            mark = ' <strong class="pw-correct">✓ Correct answer</strong>'
        pct = round(100 * n / total)
        body.append(
            f'<tr><th scope="row">{esc(label)}{mark}</th>'
            f'<td class="pw-bar-cell"><span class="pw-bar" style="width:{round(100 * n / top)}%"></span></td>'
            f'<td class="pw-num">{n} <span class="pw-pct">({pct}%)</span></td></tr>'
        )
    if not body:
        body.append('<tr><td colspan="3">No answers yet.</td></tr>')
    mean = f'<p class="pw-mean">Average: <strong>{results.mean}</strong></p>' if results.mean is not None else ""
    return (
        f'<div class="pw-results"><table class="pw-table"><caption class="pw-count">{count}</caption>'
        f'<thead><tr><th scope="col">Answer</th><th scope="col"><span class="pw-visually-hidden">Chart</span></th>'
        f'<th scope="col">Count</th></tr></thead><tbody>{"".join(body)}</tbody></table>{mean}</div>'
    )


def qr_svg(url: str) -> str:
    """Scalable (viewBox only), so CSS decides its size on the console and the projector."""
    return segno.make(url, error="m").svg_inline(
        scale=4, omitsize=True, dark="#0b0c0c", light="#ffffff", title="QR code to join"
    )


def join_html(view: SessionView, participant_url: str) -> str:
    code = display_code(view.code)
    link = f"{participant_url.rstrip('/')}/?join={view.code}"
    return (
        '<div class="pw-join">'
        f'<div class="pw-join-qr">{qr_svg(link)}</div>'
        f'<div><p class="pw-join-label">Join at <strong>{esc(participant_url)}</strong> with code</p>'
        f'<p class="pw-join-code" aria-label="Join code {esc(" ".join(view.code))}">{esc(code)}</p>'
        f'<p class="pw-joined" aria-live="polite"><strong>{view.participants}</strong> joined</p></div></div>'
    )


def run_sheet_html(view: SessionView) -> str:
    rows = []
    for a in view.activities:
        here = a.position == view.current
        current = ' aria-current="step" class="pw-current"' if here else ""
        rows.append(
            f"<tr{current}><td>{a.position + 1}</td><td>{esc(a.activity.title)}</td>"
            f"<td>{a.activity.minutes:g} min</td><td>{STATE_LABELS[a.state]}</td></tr>"
        )
    total = sum(a.activity.minutes for a in view.activities)
    return (
        '<table class="pw-table pw-runsheet"><caption>Run sheet</caption>'
        '<thead><tr><th scope="col">#</th><th scope="col">Activity</th><th scope="col">Planned</th>'
        f'<th scope="col">Status</th></tr></thead><tbody>{"".join(rows)}</tbody>'
        f"<tfoot><tr><td></td><td>Total</td><td>{total:g} min</td><td></td></tr></tfoot></table>"
    )
