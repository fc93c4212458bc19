"""HTML the participant server writes itself, with no kernel: the join form, the busy page, and the
current activity painted into the live page before any JavaScript runs (its first paint).

Rendered by Jinja2 with autoescaping on (prompts and options are course content, and the typed
join code is whatever arrived in the URL), from the templates beside this module.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from widgets.live import SessionView

MARKER = "<!-- pw-first-paint -->"  # where a participant template wants the first paint (its <main>)
TYPED_SHOWN = 40  # characters of a typed code shown back in the box: a join code never needs more

_PAGES = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("pages")),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def join_page(action: str, typed: str = "", problem: str = "") -> str:
    """The join form; `problem` is a JoinRefused message, said in the page's status region."""
    return _PAGES.get_template("join.html.j2").render(action=action, typed=typed[:TYPED_SHOWN], problem=problem)


def busy_page() -> str:
    return _PAGES.get_template("busy.html.j2").render()


def first_paint(view: SessionView) -> str:
    """The session's title and current activity: its prompt and, for a poll, what can be chosen,
    as text (nothing here can be answered: the live page does that)."""
    current = view.current_activity if view.activities else None
    activity = current.activity if current else None
    options = [o.label for o in getattr(activity, "options", None) or []]
    scale = None
    if activity is not None and activity.kind == "scale":
        scale = {"low": activity.min, "high": activity.max, "low_label": activity.min_label,
                 "high_label": activity.max_label}  # fmt: skip
    return _PAGES.get_template("first_paint.html.j2").render(
        title=view.title,
        activity=activity,
        activity_state=current.state if current else "",
        options=options,
        scale=scale,
    )


class Splice:
    """Puts `block` in place of MARKER in a page written in chunks, wherever a chunk boundary falls."""

    def __init__(self, block: str):
        self.block, self.tail, self.done = block, "", False

    def feed(self, chunk: str) -> str:
        if self.done:
            return chunk
        text = self.tail + chunk
        at = text.find(MARKER)
        if at >= 0:
            self.done, self.tail = True, ""
            return text[:at] + self.block + text[at + len(MARKER) :]
        keep = min(len(text), len(MARKER) - 1)  # a marker may start in this chunk's last characters
        self.tail = text[len(text) - keep :]
        return text[: len(text) - keep]

    def end(self) -> str:
        rest, self.tail = self.tail, ""
        return rest
