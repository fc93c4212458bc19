"""`workshop handout`: the course narrative, a plan's activities and cases, and where to get help,
as ONE self-contained, printable HTML page (and a PDF when Debian's chromium is installed).

The participant edition has the stories and the choices but no answers: no feedback, no outcomes
or debriefs, no correct options, explanations or facilitator notes. The facilitator edition adds
all of them, each case step by step, and a run sheet with the planned minutes.

- `render`: the activities, cases and run sheet, from Jinja2 templates (handout/templates) that
  escape every string from content;
- `course`: the course notebooks' Markdown, rendered and cleaned by nh3 to an allow-list;
- `page`: the one document, CSS inline and a Content-Security-Policy, loading nothing;
- `output`: writing the file, and the PDF.
"""

from widgets.handout.course import COURSE_DIR, Module, clean_html, course_modules
from widgets.handout.output import DEFAULT_PLAN, Written, local_for, print_pdf, write_handout
from widgets.handout.page import Handout, render_handout
from widgets.handout.render import main_line, run_sheet, story_order

__all__ = [
    "COURSE_DIR",
    "DEFAULT_PLAN",
    "Handout",
    "Module",
    "Written",
    "clean_html",
    "course_modules",
    "local_for",
    "main_line",
    "print_pdf",
    "render_handout",
    "run_sheet",
    "story_order",
    "write_handout",
]
