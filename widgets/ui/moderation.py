"""The console's list of free-text answers, to approve or hide before the room sees them.

Rows are kept and updated in place as answers arrive (a vote redraws the console), so a button the
facilitator is on keeps its place and focus. Every decision names the answer as it was shown."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from widgets.live import ActivityState, LiveService
from widgets.live.moderation import APPROVE_FIRST, STATUS_LABELS, FreeText, moderated
from widgets.ui.browser import StatusMessage
from widgets.ui.render import esc
from widgets.ui.swap import swap

POLICY_HINTS = {
    APPROVE_FIRST: "The room sees an answer once you approve it.",
    "show_unless_hidden": "The room sees every answer unless you hide it.",
}


def badge_html(text: str, status: str | None) -> str:
    badge = f'<span class="pw-badge pw-mod-{status or "waiting"}">{STATUS_LABELS[status]}</span>'
    return f'<p class="pw-mod-text">{esc(text)}</p><p class="pw-mod-status">{badge}</p>'


class AnswerRow(w.HBox):
    """One answer, its decision, and the two buttons that change it."""

    def __init__(self, item: FreeText, decide: Callable[[list[FreeText], str], None]):
        self.item = item
        self.shown = w.HTML(badge_html(item.text, item.status))
        self.shown.add_class("pw-mod-answer")
        approve, hide = w.Button(description="Approve"), w.Button(description="Hide")
        approve.add_class("pw-secondary")
        hide.add_class("pw-secondary")
        approve.on_click(lambda _b: decide([self.item], "approved"))
        hide.on_click(lambda _b: decide([self.item], "hidden"))
        super().__init__([self.shown, approve, hide])
        self.add_class("pw-mod-row")

    def update(self, item: FreeText) -> None:
        if item != self.item:
            self.item = item
            self.shown.value = badge_html(item.text, item.status)


class ModerationPanel(w.VBox):
    """Shown while the current activity takes free text; hidden otherwise."""

    def __init__(self, service: LiveService, session_id: int, status: StatusMessage, after: Callable[[], None]):
        self.service, self.session_id, self.status, self.after = service, session_id, status, after
        self.summary = w.HTML()
        self.approve_all = w.Button(description="Approve all")
        self.approve_all.add_class("pw-secondary")
        self.approve_all.on_click(
            lambda _b: self.decide([r.item for r in self.rows.values()], "approved", waiting=True)
        )
        self.list = w.VBox()
        self.list.add_class("pw-mod-list")
        self.rows: dict[int, AnswerRow] = {}
        self.activity_id: int | None = None
        super().__init__([self.summary, self.approve_all, self.list])
        self.add_class("pw-moderation")
        self.layout.display = "none"

    def decide(self, items: list[FreeText], status: str, waiting: bool = False) -> None:
        """Record a decision; "Approve all" takes only the answers still waiting (hidden stay hidden)."""
        if waiting:
            items = [i for i in items if i.status is None]
            if not items:
                self.status.say("No answers are waiting.")
                return
        if not self.status.attempt(lambda: self.service.moderate(self.session_id, items, status)):
            return
        done = "approved" if status == "approved" else "hidden"
        self.status.say(f"{len(items)} answer{'s' * (len(items) != 1)} {done}.", "success")
        self.after()  # redraw now, not at the feed's next tick

    def show(self, current: ActivityState, rule: str) -> None:
        if not moderated(current.activity):
            self.layout.display = "none"
            self.activity_id, self.rows = None, {}
            swap(self.list, ())
            return
        self.layout.display = None
        if self.activity_id != current.id:
            self.activity_id, self.rows = current.id, {}
        items = self.service.free_texts(current)
        for item in items:
            if item.id in self.rows:
                self.rows[item.id].update(item)
            else:
                self.rows[item.id] = AnswerRow(item, self.decide)
        kept = {i.id for i in items}
        self.rows = {k: row for k, row in self.rows.items() if k in kept}
        children = tuple(self.rows[i.id] for i in items)
        if children != self.list.children:
            swap(self.list, children)
        counts = {s: sum(i.status == s for i in items) for s in STATUS_LABELS}
        self.summary.value = (
            '<h3 class="pw-mod-heading">Answers to approve</h3>'
            f'<p class="pw-hint">{POLICY_HINTS.get(rule, "")} Waiting: <strong>{counts[None]}</strong>, '
            f"approved: <strong>{counts['approved']}</strong>, hidden: <strong>{counts['hidden']}</strong>. "
            '"Approve all" approves those waiting.</p>'
        )
