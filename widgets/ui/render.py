"""HTML fragments for results, join details and the run sheet. Every string from content or
from participants goes through `esc`, so typed text is always shown, never run."""

from __future__ import annotations

from html import escape

from widgets.content import ContentError, load_local
from widgets.content.local import NATIONAL_CONTACTS, STAFF_ROUTE, Contact, LocalArea
from widgets.live import Results, SessionView, display_code
from widgets.settings import Settings

STATE_LABELS = {"draft": "Not opened", "open": "Open", "closed": "Closed", "revealed": "Results shown"}


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def _bar_table(caption: str, rows: list[tuple[str, int]], total: int, correct: set[str], mark: str) -> str:
    """A table that is also the chart: bars for the eye, numbers for screen readers."""
    top = max((n for _, n in rows), default=0) or 1
    body = []
    for label, n in rows:
        flag = f' <strong class="pw-correct">✓ {mark}</strong>' if label in correct else ""
        body.append(
            f'<tr><th scope="row">{esc(label)}{flag}</th>'
            f'<td class="pw-bar-cell"><span class="pw-bar" style="width:{round(100 * n / top)}%"></span></td>'
            f'<td class="pw-num">{n} <span class="pw-pct">({round(100 * n / (total or 1))}%)</span></td></tr>'
        )
    if not rows:
        body.append('<tr><td colspan="3">No answers yet.</td></tr>')
    return (
        f'<table class="pw-table"><caption class="pw-count">{esc(caption)}</caption>'
        f'<thead><tr><th scope="col">Answer</th><th scope="col"><span class="pw-visually-hidden">Chart</span></th>'
        f'<th scope="col">Count</th></tr></thead><tbody>{"".join(body)}</tbody></table>'
    )


def results_html(results: Results, *, show_correct: bool) -> str:
    """Results of any activity kind, as tables with bars (or a list for open text)."""
    count = f"{results.responses} response{'s' if results.responses != 1 else ''}"
    correct = set(results.correct) if show_correct else set()
    if results.kind == "open_text":
        none = "No answers to show yet." if results.responses else "No answers yet."  # some may await approval
        items = "".join(f"<li>{esc(t)}</li>" for t in results.texts) or f"<li>{none}</li>"
        return f'<div class="pw-results"><p class="pw-count">{count}</p><ul class="pw-texts">{items}</ul></div>'
    if results.kind == "ranking":
        rows = (
            "".join(
                f'<tr><td class="pw-num">{i}</td><th scope="row">{esc(label)}</th>'
                f'<td class="pw-num">{results.positions[label]:g}</td></tr>'
                for i, (label, _) in enumerate(results.rows, start=1)
            )
            or '<tr><td colspan="3">No answers yet.</td></tr>'
        )
        return (
            f'<div class="pw-results"><table class="pw-table"><caption class="pw-count">{count}: the room\'s order'
            '</caption><thead><tr><th scope="col">Place</th><th scope="col">Option</th>'
            f'<th scope="col">Average position</th></tr></thead><tbody>{rows}</tbody></table></div>'
        )
    if results.kind == "evaluation":
        return _evaluation_html(results, count)
    if results.groups:  # sorting: each statement's right category; scenario: the best route
        tables = "".join(
            _bar_table(g.heading, g.rows, sum(n for _, n in g.rows), {g.correct} if show_correct else set(), "Correct")
            if g.correct
            else _bar_table(g.heading, g.rows, sum(n for _, n in g.rows), correct, "Best route")
            for g in results.groups
        )
        best = ""
        if show_correct and results.kind == "scenario" and results.correct:
            best = f'<p class="pw-best">The best route in this case: <strong>{esc(results.correct[0])}</strong></p>'
        return f'<div class="pw-results"><p class="pw-count">{count}</p>{tables}{best}</div>'
    mean = f'<p class="pw-mean">Average: <strong>{results.mean}</strong></p>' if results.mean is not None else ""
    table = _bar_table(count, results.rows, results.responses, correct, "Correct answer")
    hands = f'<p class="pw-hands">Includes {results.hands} by a show of hands.</p>' if results.hands else ""
    return f'<div class="pw-results">{table}{hands}{mean}</div>'


def _evaluation_html(results: Results, count: str) -> str:
    """Average confidence before and after, per learning outcome, as a table a projector can show."""
    rows = (
        "".join(
            f'<tr><th scope="row">{esc(outcome)}</th><td class="pw-num">{before:.1f}</td>'
            f'<td class="pw-num">{after:.1f}</td><td class="pw-num">{after - before:+.1f}</td></tr>'
            for outcome, before, after in results.changes
        )
        or '<tr><td colspan="4">No answers yet.</td></tr>'
    )
    rating = (
        f'<p class="pw-mean">Average rating of the session: <strong>{results.mean}</strong> out of 5</p>'
        if results.mean is not None
        else ""
    )
    return (
        f'<div class="pw-results"><table class="pw-table"><caption class="pw-count">{count}: average confidence'
        ' from 1 (not confident) to 5 (very confident)</caption><thead><tr><th scope="col">Learning outcome</th>'
        '<th scope="col">Before</th><th scope="col">Now</th><th scope="col">Change</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>{rating}</div>"
    )


def explanation_html(activity) -> str:
    """What a quiz or ranking says once revealed, with the source of any fact in it."""
    text = getattr(activity, "explanation", "")
    if not text:
        return ""
    source = getattr(activity, "source", "")
    cite = f'<p class="pw-source">Source: {esc(source)}</p>' if source else ""
    return f'<div class="pw-explain"><p>{esc(text)}</p>{cite}</div>'


def qr_svg(url: str) -> str:
    """Scalable (viewBox only), so CSS decides its size on the console and the projector. segno is
    imported here: only staff pages draw QR codes, and every phone's kernel imports this module."""
    import segno

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


def clock(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def run_sheet_html(view: SessionView, used: dict[int, float] | None = None) -> str:
    """The plan with planned minutes, each activity's state, and the time used so far."""
    used = used or {}
    rows = []
    for a in view.activities:
        here = a.position == view.current
        current = ' aria-current="step" class="pw-current"' if here else ""
        spent = clock(used[a.position]) if a.position in used else ""
        rows.append(
            f"<tr{current}><td>{a.position + 1}</td><td>{esc(a.activity.title)}</td>"
            f"<td>{a.activity.minutes:g} min</td><td>{spent}</td><td>{STATE_LABELS[a.state]}</td></tr>"
        )
    total = sum(a.activity.minutes for a in view.activities)
    return (
        '<table class="pw-table pw-runsheet"><caption>Run sheet</caption>'
        '<thead><tr><th scope="col">#</th><th scope="col">Activity</th><th scope="col">Planned</th>'
        f'<th scope="col">Used</th><th scope="col">Status</th></tr></thead><tbody>{"".join(rows)}</tbody>'
        f"<tfoot><tr><td></td><td>Total</td><td>{total:g} min</td><td>{clock(sum(used.values()))}</td>"
        "<td></td></tr></tfoot></table>"
    )


def contacts_html(area: LocalArea | None) -> str:
    """Where to get help: the national contacts always, then the area's own if it has a file."""

    def item(c: Contact) -> str:
        how = [esc(c.phone)] if c.phone else []
        how += [f'<a href="mailto:{esc(c.email)}">{esc(c.email)}</a>'] if c.email else []
        how += [f'<a href="{esc(c.url)}" target="_blank" rel="noopener">{esc(c.url)}</a>'] if c.url else []
        note = f' <span class="pw-note">{esc(c.note)}</span>' if c.note else ""
        return f"<li><strong>{esc(c.name)}</strong>: {', '.join(how)}{note}</li>"

    lead = next((c for c in area.contacts if c.prevent_lead), None) if area is not None else None
    route = esc(STAFF_ROUTE)
    if lead is not None:
        email = f', <a href="mailto:{esc(lead.email)}">{esc(lead.email)}</a>' if lead.email else ""
        route += f" In {esc(area.area)}: {esc(lead.name)}{email}."
    html = f'<div class="pw-contacts"><h2>Where to get help</h2><p class="pw-staff-route">{route}</p>'
    html += "<h3>National contacts</h3><ul>" + "".join(item(c) for c in NATIONAL_CONTACTS) + "</ul>"
    if area is not None:
        html += f"<h3>In {esc(area.area)}</h3><ul>" + "".join(item(c) for c in area.contacts) + "</ul>"
        if area.links:
            links = "".join(
                f'<li><a href="{esc(link.url)}" target="_blank" rel="noopener">{esc(link.title)}</a></li>'
                for link in area.links
            )
            html += f"<h3>Local guidance</h3><ul>{links}</ul>"
    return html + "</div>"


def local_area(settings: Settings) -> LocalArea | None:
    """The configured area's arrangements, or None (then only the national contacts show)."""
    if not settings.local:
        return None
    try:
        return load_local(settings.local)
    except ContentError:
        return None  # `workshop serve --local` has checked it; a page never fails over contacts
