"""The whole handout as ONE self-contained HTML document: header, contents, (run sheet,) course, session, help.

Nothing in the page is loaded from anywhere: the CSS is inline, images are data: URIs, there are
no scripts or web fonts, and a Content-Security-Policy tells the browser so as well.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from markupsafe import Markup

from widgets.content import Plan
from widgets.content.local import LocalArea
from widgets.handout.course import COURSE_DIR, ROOT, Module, course_modules
from widgets.handout.render import render, run_sheet, session
from widgets.ui.render import contacts_html

CSS_FILE = Path(__file__).with_name("handout.css")


@dataclass(frozen=True)
class Handout:
    html: str
    warnings: list[str] = field(default_factory=list)


def _shown(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


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
    html = render(
        "handout.html.j2",
        plan=plan,
        facilitator=facilitator,
        edition=edition,
        made=made,
        course_dir=_shown(Path(course_dir)),
        # Trusted HTML, each for the reason beside it; everything else in the page is escaped.
        css=Markup(CSS_FILE.read_text(encoding="utf-8")),  # noqa: S704 - our own stylesheet, beside this module
        modules=[Module(m.name, m.title, Markup(m.html)) for m in modules],  # noqa: S704 - cleaned by nh3 (course.py)
        run_sheet=Markup(run_sheet(plan)) if facilitator else "",  # noqa: S704 - from an autoescaping template
        session=Markup(session(plan, facilitator)),  # noqa: S704 - from an autoescaping template
        contacts=Markup(contacts_html(area)),  # noqa: S704 - from ui's autoescaping template
    )
    return Handout(html + "\n", warnings)
