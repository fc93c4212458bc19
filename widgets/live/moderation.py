"""Moderation: the facilitator approves or hides each free-text answer before the room sees it.

The room (projector, participants' revealed results) sees an answer when the session's policy
says so: under approve_first (the default) only once approved, under show_unless_hidden until it
is hidden. A hidden answer is also left out of exports and reports (see widgets.analysis)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from widgets.content.models import TextPoll
from widgets.live.refusals import ActionRefused
from widgets.live.results import Results, tally

APPROVE_FIRST, SHOW_UNLESS_HIDDEN = "approve_first", "show_unless_hidden"
DECISIONS = {"approved": "Approved", "hidden": "Hidden"}
STATUS_LABELS = {None: "Waiting", **DECISIONS}


@dataclass(frozen=True)
class FreeText:
    """One free-text answer as the facilitator judges it: `judged` is its stamp, so a decision
    applies to exactly the text that was on the facilitator's screen."""

    id: int
    text: str
    judged: datetime
    status: str | None  # approved | hidden | None (waiting)


def policy(options: dict | None) -> str:
    """The session's moderation policy; anything unknown is the safe default."""
    chosen = (options or {}).get("moderation")
    return chosen if chosen in (APPROVE_FIRST, SHOW_UNLESS_HIDDEN) else APPROVE_FIRST


def shown(status: str | None, rule: str) -> bool:
    """Whether the room may see an answer with this decision under this policy."""
    if status == "hidden":
        return False
    return status == "approved" or rule == SHOW_UNLESS_HIDDEN


def moderated(activity) -> bool:
    """Which activities' answers are moderated: typed free text."""
    return isinstance(activity, TextPoll)


class ModerationService:
    """Mixed into LiveService (which gives it `self.store`)."""

    def free_texts(self, state) -> list[FreeText]:
        """Every answer to a free-text activity, oldest first, with its decision."""
        if not moderated(state.activity):
            return []
        return [
            FreeText(r["id"], r["value"], r["judged"], r["status"])
            for r in self.store.text_records(state.id)
            if isinstance(r["value"], str)
        ]

    def moderate(self, session_id: int, items: list[FreeText], status: str) -> int:
        """Approve or hide these answers (as the facilitator saw them); returns how many changed."""
        if status not in DECISIONS:
            raise ActionRefused("Answers are approved or hidden.")
        if not all(isinstance(i, FreeText) for i in items):
            raise ActionRefused("Those are not answers to moderate.")
        return self.store.record_decisions(session_id, [(i.id, i.judged, status) for i in items])

    def room_results(self, state) -> Results:
        """The tally of what the room may see, counting every answer given."""
        rule = policy(self.store.activity_options(state.id))
        answers = self.free_texts(state)
        visible = [a.text for a in answers if shown(a.status, rule)]
        return replace(tally(state.activity, visible), responses=len(answers))

    def moderation_policy(self, view) -> str:
        return policy(view.options)
