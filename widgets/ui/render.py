"""HTML fragments for results, join details, the run sheet and where to get help, rendered by
Jinja2 from the templates beside this module with autoescaping on: every value is escaped unless
it is marked `Markup` on purpose, so typed text is always shown, never run.

`esc` is the same escaping for the f-string HTML the other ui modules still write. jinja2 is
imported on the first render, not with this module: every phone's kernel imports this module but
needs a template only once it shows a result or the contacts, and jinja2 with its compiled
templates costs a kernel ~1.8 MiB (tests/serve/test_lean_participant_kernel.py keeps it out).
"""

from __future__ import annotations

import functools
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from markupsafe import Markup

from widgets.content.local import NATIONAL_CONTACTS, STAFF_ROUTE, LocalArea
from widgets.live import Results, SessionView, display_code
from widgets.settings import Settings

if TYPE_CHECKING:
    from jinja2 import Environment

STATE_LABELS = {"draft": "Not opened", "open": "Open", "closed": "Closed", "revealed": "Results shown"}


def esc(text: object) -> str:
    """Text as HTML: `&`, `<`, `>` and both quotes as entities. The templates escape with this too,
    so f-string HTML and templates spell the same text the same way."""
    return escape(str(text), quote=True)


def _as_html(value: object) -> object:
    """Every value a template prints: escaped by `esc` unless it is Markup, i.e. marked trusted
    on purpose. (Jinja's own escaping would spell quotes `&#34;`, not `&quot;`.)"""
    return value if hasattr(value, "__html__") else Markup(esc(value))  # noqa: S704 - escaped just now


def environment(folder: Path) -> Environment:
    """A Jinja2 environment for one layer's templates: autoescaping on, and a variable the caller
    did not pass (a typo) fails the render rather than printing nothing."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(folder),
        autoescape=True,
        finalize=_as_html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.cache
def _templates() -> Environment:
    return environment(Path(__file__).with_name("templates"))


def render(template: str, **values: object) -> str:
    """`template` from widgets/ui/templates, filled with `values` (escaped unless Markup)."""
    return _templates().get_template(template).render(**values)


class Bar(NamedTuple):
    label: str
    n: int
    width: int  # percent of the longest bar
    percent: int  # percent of everyone who answered
    correct: bool


class Table(NamedTuple):
    caption: str
    bars: list[Bar]
    mark: str  # said beside a correct row: "Correct answer", "Best route"


def _table(caption: str, rows: list[tuple[str, int]], total: int, correct: set[str], mark: str) -> Table:
    top = max((n for _, n in rows), default=0) or 1
    bars = [Bar(label, n, round(100 * n / top), round(100 * n / (total or 1)), label in correct) for label, n in rows]
    return Table(caption, bars, mark)


def results_html(results: Results, *, show_correct: bool) -> str:
    """Results of any activity kind, as tables with bars (or a list for open text)."""
    count = f"{results.responses} response{'s' if results.responses != 1 else ''}"
    correct = set(results.correct) if show_correct else set()
    tables = [
        _table(g.heading, g.rows, sum(n for _, n in g.rows), {g.correct} if show_correct else set(), "Correct")
        if g.correct
        else _table(g.heading, g.rows, sum(n for _, n in g.rows), correct, "Best route")
        for g in results.groups
    ] or [_table(count, results.rows, results.responses, correct, "Correct answer")]
    scenario = show_correct and results.kind == "scenario" and results.correct
    best = results.correct[0] if scenario else ""
    return render("results.html.j2", results=results, count=count, tables=tables, best=best)


def explanation_html(activity) -> str:
    """What a quiz or ranking says once revealed, with the source of any fact in it."""
    text = getattr(activity, "explanation", "")
    if not text:
        return ""
    return render("explanation.html.j2", text=text, source=getattr(activity, "source", ""))


@functools.lru_cache(maxsize=16)
def qr_svg(url: str) -> str:
    """Scalable (viewBox only), so CSS decides its size on the console and the projector. segno is
    imported here: only staff pages draw QR codes, and every phone's kernel imports this module.
    Kept: the console redraws on every vote, and encoding the code was half of each redraw (4 ms)."""
    import segno

    return segno.make(url, error="m").svg_inline(
        scale=4, omitsize=True, dark="#0b0c0c", light="#ffffff", title="QR code to join"
    )


def join_html(view: SessionView, participant_url: str) -> str:
    link = f"{participant_url.rstrip('/')}/?join={view.code}"
    return render(
        "join.html.j2",
        qr=Markup(qr_svg(link)),  # noqa: S704 - segno draws the link as QR modules, not text; the title is ours
        participant_url=participant_url,
        spelled=" ".join(view.code),
        code=display_code(view.code),
        participants=view.participants,
    )


def clock(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def run_sheet_html(view: SessionView, used: dict[int, float] | None = None) -> str:
    """The plan with planned minutes, each activity's state, and the time used so far."""
    used = used or {}
    return render(
        "run_sheet.html.j2",
        view=view,
        spent={position: clock(seconds) for position, seconds in used.items()},
        total=sum(a.activity.minutes for a in view.activities),
        total_spent=clock(sum(used.values())),
        state_labels=STATE_LABELS,
    )


def contacts_html(area: LocalArea | None) -> str:
    """Where to get help: the national contacts always, then the area's own if it has a file."""
    lead = next((c for c in area.contacts if c.prevent_lead), None) if area is not None else None
    return render("contacts.html.j2", staff_route=STAFF_ROUTE, national=NATIONAL_CONTACTS, area=area, lead=lead)


def local_area(settings: Settings) -> LocalArea | None:
    """The configured area's arrangements, or None (then only the national contacts show)."""
    if not settings.local:
        return None
    from widgets.content.loader import ContentError, load_local  # PyYAML: only where an area is set

    try:
        return load_local(settings.local)
    except ContentError:
        return None  # `workshop serve --local` has checked it; a page never fails over contacts
