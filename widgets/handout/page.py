"""The whole handout as ONE self-contained HTML document: header, contents, (run sheet,) course, session, help.

Nothing in the page is loaded from anywhere: the CSS is inline, images are data: URIs, there are
no scripts or web fonts, and a Content-Security-Policy tells the browser so as well.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from widgets.content import Plan
from widgets.content.local import LocalArea
from widgets.content.scenario import ScenarioActivity
from widgets.handout.course import COURSE_DIR, ROOT, Module, course_modules
from widgets.handout.render import run_sheet, session
from widgets.ui.render import contacts_html, esc

CSS_FILE = Path(__file__).with_name("handout.css")
OWN_LEAD = (
    "<p><strong>Your own DSL or safeguarding lead</strong>, and how to reach them: always start here.</p>"
    '<div class="hw-lines" aria-hidden="true"><div class="hw-line"></div><div class="hw-line"></div></div>'
)
# Belt and braces: even if something slipped through, the browser would load nothing.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@dataclass(frozen=True)
class Handout:
    html: str
    warnings: list[str] = field(default_factory=list)


def _shown(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _course(modules: list[Module], course_dir: Path) -> str:
    """The narrative, one section per notebook; a copy without the notebooks says so rather than fail."""
    if modules:
        course = "".join(
            f'<section class="hw-module" id="course-{i}">{m.html}</section>' for i, m in enumerate(modules, start=1)
        )
    else:
        course = (
            '<h2 id="course-1">The course</h2><p class="hw-missing">The course narrative is not available in this '
            f"copy: no course notebooks were found in {esc(_shown(course_dir))}.</p>"
        )
    return f'<div id="course">{course}</div>'


def _contents(plan: Plan, modules: list[Module], facilitator: bool) -> str:
    contents = [('<a href="#run-sheet">Run sheet</a>' if facilitator else "")]
    contents += [f'<a href="#course-{i}">{esc(m.title)}</a>' for i, m in enumerate(modules, start=1)] or [
        '<a href="#course-1">The course</a>'
    ]
    contents += ['<a href="#session">The session</a>']
    contents += [
        f'<a href="#activity-{esc(a.id)}">Case: {esc(a.case.title)}</a>'
        for a in plan.activities
        if isinstance(a, ScenarioActivity)
    ]
    contents += ['<a href="#help">Where to get help</a>']
    return (
        '<nav class="hw-contents" aria-label="Contents"><h2>Contents</h2><ol>'
        + "".join(f"<li>{c}</li>" for c in contents if c)
        + "</ol></nav>"
    )


def render_handout(
    plan: Plan,
    area: LocalArea | None,
    *,
    facilitator: bool = False,
    course_dir: Path = COURSE_DIR,
    made: date | None = None,
) -> Handout:
    """The whole handout as one HTML document, for `plan`, with `area`'s contacts (or national only)."""
    made = made or date.today()
    modules, warnings = course_modules(Path(course_dir))
    edition = "Facilitator edition" if facilitator else "Participant handout"
    if facilitator:
        intro = (
            '<p class="hw-warning">Facilitator edition: it contains the answers, the feedback on every choice '
            "and the facilitator notes. Do not give it to participants before the session.</p>"
        )
    else:
        intro = (
            "<p>For people taking part in the workshop, to read before or after the session. The session "
            "talks through the answers; the contacts at the end are for when you have a concern.</p>"
        )
    organisation = f'<p class="hw-meta">{esc(plan.organisation)}</p>' if plan.organisation else ""
    made_line = (
        f'<p class="hw-made">{esc(edition)} made by <code>workshop handout</code> from the plan '
        f"“{esc(plan.id)}” on {made.day} {made:%B %Y}.</p>"
    )
    title = f"{plan.title} – {edition.lower()}"
    html = (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>\n{CSS_FILE.read_text(encoding='utf-8')}</style></head>\n"
        f'<body><header><p class="hw-lead">{esc(edition)}</p><h1>{esc(plan.title)}</h1>{organisation}{intro}</header>'
        f"<main>{_contents(plan, modules, facilitator)}{run_sheet(plan) if facilitator else ''}"
        f"{_course(modules, Path(course_dir))}{session(plan, facilitator)}"
        f'<section id="help">{contacts_html(area)}{OWN_LEAD}</section></main>'
        f"<footer>{made_line}</footer></body></html>\n"
    )
    return Handout(html, warnings)
