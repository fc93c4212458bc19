"""The live session service: the one API the CLI, the facilitator console and participants share."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from widgets.content.course import SELF_PACED
from widgets.content.models import Activity, ChoicePoll, Plan, activity_adapter
from widgets.content.scenario import Case
from widgets.live.answers import AnswerRefused, validate_answer
from widgets.live.cases import CaseRefused, case_layout, position_moves
from widgets.live.codes import hash_key, new_code, normalise_code
from widgets.live.feed import ChangeFeed
from widgets.live.moderation import ModerationService, moderated
from widgets.live.questions import QuestionService
from widgets.live.refusals import ActionRefused, store_errors_as_unavailable
from widgets.live.results import Results, tally
from widgets.live.retention import schedule_deletion
from widgets.settings import Settings
from widgets.store import Conflict, NotFound

if TYPE_CHECKING:  # a phone's kernel has a RemoteStore (remote.py) and never loads SQLAlchemy
    from widgets.live.remote import RemoteStore
    from widgets.store import Store

# Which states each facilitator action may start from (draft → open → closed → revealed).
TRANSITIONS = {
    "open": {"draft", "closed"},
    "closed": {"open"},
    "revealed": {"open", "closed"},
}


AWARENESS = {"yes": "Yes", "no": "No", "unsure": "Not sure"}  # answers to the check on joining


class JoinRefused(ValueError):
    """A join attempt failed; the message is friendly and shown as it is."""


@dataclass(frozen=True)
class ActivityState:
    id: int
    position: int
    activity: Activity
    state: str  # draft | open | closed | revealed


@dataclass(frozen=True)
class SessionView:
    """A consistent snapshot of one session, for drawing a page."""

    id: int
    code: str
    title: str
    status: str
    current: int
    activities: list[ActivityState]
    timer_ends_at: float | None
    participants: int
    self_paced: bool = False
    options: dict = field(default_factory=dict)
    created_at: datetime | None = None

    @property
    def current_activity(self) -> ActivityState:
        return self.activities[self.current]


@dataclass(frozen=True)
class Participant:
    """Who is answering: a session and a pseudonymous id. Never a name."""

    session_id: int
    participant_id: int


@store_errors_as_unavailable
class LiveService(ModerationService, QuestionService):
    """Pages, the CLI and the servers act on sessions through this; a store failure reaches them as
    `Unavailable`."""

    def __init__(self, store: Store | RemoteStore):
        self.store = store
        # By (row id, activity id): a stored activity's spec never changes, and SQLite may give a
        # removed row's id to a new one only for another activity (a case bank's choice).
        self._activities: dict[tuple[int, str], Activity] = {}

    @classmethod
    def from_settings(cls, settings: Settings) -> LiveService:
        """The service on the store the settings name (WORKSHOP_DB)."""
        from widgets.store import Store

        return cls(Store(settings.db))

    # -- sessions ---------------------------------------------------------------------------
    def create_session(self, plan: Plan, label: str = "") -> dict:
        """`label` is a free note for staff (who ran it, where), shown to analysts as a filter."""
        specs = [a.model_dump(mode="json") for a in plan.activities]
        for _ in range(10):  # a clash among 64 million codes is rare; retry rather than fail
            code = new_code()
            try:
                options = {
                    "awareness_check": plan.awareness_check,
                    "organisation": plan.organisation,
                    "minutes": plan.minutes,
                    "local": plan.local or "",
                    "label": label.strip()[:80],
                    "moderation": plan.moderation,
                    "questions": plan.questions,
                }
                session_id = self.store.add_session(code, plan.id, plan.title, specs, options)
            except Conflict:
                continue
            return {"id": session_id, "code": code, "title": plan.title}
        raise RuntimeError("could not find a free join code")

    def self_paced_session(self, plan: Plan) -> dict:
        """The standing session self-paced learners of a plan share: every activity open, no
        facilitator. Each learner is a participant in it, so their progress is kept like any answer."""
        existing = self.store.find_session_by_plan(SELF_PACED + plan.id)
        if existing is not None:
            return existing
        session = self.create_session(plan.model_copy(update={"id": SELF_PACED + plan.id}))
        for activity in self.store.get_activities(session["id"]):
            self.store.set_activity_state(session["id"], activity["id"], "open")
        first = self.store.find_session_by_plan(SELF_PACED + plan.id)
        if first["id"] != session["id"]:  # two learners started it at once: everyone uses the oldest
            self.end_session(session["id"])
        return first

    def find_session(self, typed_code: str) -> dict:
        code = normalise_code(typed_code)
        if code is None:
            raise JoinRefused("That doesn't look like a join code. It has 6 letters, like BCD FGH.")
        try:
            session = self.store.get_session_by_code(code)
        except NotFound:
            raise JoinRefused("No workshop has that code. Check the code on the screen and try again.") from None
        if session["status"] != "running":
            raise JoinRefused("This workshop has ended. Thank you for taking part.")
        return session

    def staff_session(self, code: str = "") -> dict | None:
        """The session staff pages show: the one named, else the newest that is running."""
        if code:
            normal = normalise_code(code)
            try:
                return self.store.get_session_by_code(normal) if normal else None
            except NotFound:
                return None
        return self.store.latest_running_session(not_plan_prefix=SELF_PACED)  # courses are not live

    def join(self, typed_code: str, browser_key: str) -> Participant:
        session = self.find_session(typed_code)
        key_hash = hash_key(browser_key)
        if key_hash is None:
            raise JoinRefused("Your browser did not send a valid id. Please reload the page.")
        return Participant(session["id"], self.store.record_participant(session["id"], key_hash))

    def view(self, session_id: int) -> SessionView:
        s, records, participants = self.store.view_records(session_id)
        acts = [ActivityState(r["id"], r["position"], self._activity(r), r["state"]) for r in records]
        return SessionView(
            s["id"],
            s["code"],
            s["title"],
            s["status"],
            s["current"],
            acts,
            s["timer_ends_at"],
            participants,
            s["plan_id"].startswith(SELF_PACED),
            s["options"] or {},
            s["created_at"],
        )

    def _activity(self, record: dict) -> Activity:
        """The activity of a stored record, validated once per process: every vote and every redraw
        reads the session's activities, and validating a case's spec each time cost most of that."""
        key = (record["id"], record["key"])
        if key not in self._activities:
            self._activities[key] = activity_adapter.validate_python(record["spec"])
        return self._activities[key]

    def versions(self, session_id: int) -> tuple[str, int, int] | None:
        return self.store.get_versions(session_id)

    def follow(
        self, session_id: int, redraw, settings: Settings, *, each_vote: bool = True, draw: bool = True
    ) -> ChangeFeed:
        """Draw a page of one session now and on every change: woken by the store's notifications
        on PostgreSQL, by polling on SQLite. `each_vote=False` (phones): state changes only, so a
        room's votes do not redraw every phone. `draw=False`: the page draws first itself, from a
        view it reads after this returns (ChangeFeed.follow)."""
        if each_vote:
            read, kinds = (lambda: self.versions(session_id)), None
        else:
            read, kinds = (lambda: (self.versions(session_id) or (None,))[:2]), ["state"]
        wake = self.store.watch(session_id, kinds)
        return ChangeFeed.follow(read, redraw, settings.poll_interval, settings.feed_hours, wake=wake, draw=draw)

    # -- facilitator actions ----------------------------------------------------------------
    def _set_state(self, session_id: int, target: str) -> None:
        current = self.view(session_id).current_activity
        if current.state not in TRANSITIONS[target]:
            raise ActionRefused(f"Cannot make a {current.state} activity {target}.")
        self.store.set_activity_state(session_id, current.id, target)

    def open_poll(self, session_id: int) -> None:
        self._set_state(session_id, "open")

    def close_poll(self, session_id: int) -> None:
        self._set_state(session_id, "closed")

    def reveal_results(self, session_id: int) -> None:
        self._set_state(session_id, "revealed")

    def go_to(self, session_id: int, position: int) -> None:
        view = self.view(session_id)
        if not 0 <= position < len(view.activities):
            raise ActionRefused("There is no activity there.")
        self.store.update_session(session_id, "moved", str(position), current=position)

    def next_activity(self, session_id: int) -> None:
        self.go_to(session_id, self.view(session_id).current + 1)

    def previous_activity(self, session_id: int) -> None:
        self.go_to(session_id, self.view(session_id).current - 1)

    def start_timer(self, session_id: int, seconds: int) -> None:
        if not 0 < seconds <= 3600:
            raise ActionRefused("A timer runs for 1 second to 60 minutes.")
        self.store.update_session(session_id, "timer", str(seconds), timer_ends_at=time.time() + seconds)

    def stop_timer(self, session_id: int) -> None:
        self.store.update_session(session_id, "timer", "stopped", timer_ends_at=None)

    def choose_cases(self, session_id: int, case_ids: list[str], bank: dict[str, Case]) -> None:
        """Run these cases (ids, from the session or the bank) and drop the session's others; see cases.py."""
        view = self.view(session_id)
        if view.status != "running":
            raise ActionRefused("This session has ended.")
        try:
            layout = case_layout(view.activities, view.current, case_ids, bank)
        except CaseRefused as err:
            raise ActionRefused(str(err)) from None
        moves = position_moves([a.id for a in view.activities], layout)
        minutes = sum(a.activity.minutes for a in view.activities if a.id in layout)
        minutes += sum(spec["minutes"] for spec in layout if isinstance(spec, dict))
        try:
            self.store.arrange_activities(session_id, layout, json.dumps(moves), minutes=minutes)
        except Conflict:
            raise ActionRefused("The session changed meanwhile. Please choose the cases again.") from None

    def end_session(self, session_id: int, delete_after_days: float | None = None) -> None:
        """End for everyone; with `delete_after_days`, schedule the answers' deletion too."""
        if delete_after_days is not None:
            schedule_deletion(self.store, session_id, delete_after_days)
        self.store.update_session(session_id, "ended", status="ended")

    def seconds_used(self, session_id: int, now: datetime | None = None) -> dict[int, float]:
        """Seconds spent on each activity (by position), for the run sheet's time used against
        planned. The clock starts when the first poll is opened, not when the session was made."""
        used: dict[int, float] = {}
        position, since = 0, None
        for event in self.store.events_records(session_id):
            at = event["at"] if event["at"].tzinfo else event["at"].replace(tzinfo=UTC)
            if event["kind"] == "arranged":  # cases added or dropped: positions moved
                moves = json.loads(event["detail"])
                used = {moves[p]: s for p, s in used.items() if p < len(moves) and moves[p] >= 0}
                position = moves[position] if position < len(moves) and moves[position] >= 0 else position
                continue
            if since is None:
                if event["kind"] == "moved":
                    position = int(event["detail"])
                elif event["kind"] == "open":
                    since = at
                continue
            if event["kind"] == "moved":
                used[position] = used.get(position, 0) + (at - since).total_seconds()
                position, since = int(event["detail"]), at
            elif event["kind"] == "ended":
                break
        if since is not None and self.store.get_session(session_id)["status"] == "running":
            used[position] = used.get(position, 0) + ((now or datetime.now(UTC)) - since).total_seconds()
        return used

    # -- participants' answers --------------------------------------------------------------
    def submit(self, who: Participant, activity_id: int, raw) -> object:
        """Validate and store an answer; AnswerRefused carries the message to show.

        Checked against one narrow read (`Store.answer_target`), not the session's view: a vote is
        the commonest thing a room does at once, and the view's three queries were most of its cost.
        """
        whole = isinstance(activity_id, int) and not isinstance(activity_id, bool)
        number = activity_id if whole and 0 < activity_id < 2**31 else None  # an id the store could hold
        target = self.store.answer_target(who.session_id, number)
        if target["status"] != "running":
            raise AnswerRefused("This workshop has ended.")
        if target["plan_id"].startswith(SELF_PACED):  # no facilitator: any activity of the course can be answered
            if target["id"] is None:
                raise AnswerRefused("That activity is not part of this course.")
        elif target["id"] is None or target["position"] != target["current"]:
            raise AnswerRefused("The facilitator has moved on to another activity.")
        if target["state"] != "open":
            raise AnswerRefused("This poll is not open for answers right now.")
        value = validate_answer(self._activity(target), raw)
        try:
            self.store.record_response(who.session_id, number, who.participant_id, value)
        except Conflict:
            raise AnswerRefused("This poll has just closed, so your answer was not saved.") from None
        return value

    def my_answer(self, who: Participant, activity_id: int):
        return self.store.get_response(activity_id, who.participant_id)

    def results(self, state: ActivityState) -> Results:
        """The tally the room may see: free text only as moderated (see moderation.py)."""
        if moderated(state.activity):
            return self.room_results(state)
        manual = self.store.get_manual_counts(state.id) if isinstance(state.activity, ChoicePoll) else {}
        return tally(state.activity, self.store.response_values(state.id), manual)

    # -- people without a device, and the check on joining ----------------------------------
    def set_hand_counts(self, session_id: int, counts: dict) -> None:
        """Counts from a show of hands for the current choice poll, replacing any entered before."""
        current = self.view(session_id).current_activity
        if not isinstance(current.activity, ChoicePoll):
            raise ActionRefused("Hand counts are for choice polls.")
        ids = {o.id for o in current.activity.options}
        if not isinstance(counts, dict) or set(counts) - ids:
            raise ActionRefused("Those are not this poll's answers.")
        if any(isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 10_000 for n in counts.values()):
            raise ActionRefused("Counts are whole numbers from 0 to 10,000.")
        self.store.record_manual_counts(session_id, current.id, counts)

    def hand_counts(self, state: ActivityState) -> dict[str, int]:
        return self.store.get_manual_counts(state.id)

    def record_awareness(self, who: Participant, answer: str) -> None:
        """Whether this participant has done Prevent awareness training; only counts are shown."""
        if answer not in AWARENESS:
            raise AnswerRefused("Please choose Yes, No or Not sure.")
        self.store.record_checkin(who.session_id, who.participant_id, answer)

    def record_certificate(self, session_id: int) -> None:
        """Someone downloaded a certificate: counted, with no name and no participant."""
        self.store.record_event(session_id, "certificate")

    def certificates(self, session_id: int) -> int:
        return sum(e["kind"] == "certificate" for e in self.store.events_records(session_id))

    def awareness(self, who: Participant) -> str | None:
        return self.store.get_checkin(who.participant_id)

    def awareness_counts(self, session_id: int) -> dict[str, int]:
        counts = self.store.checkin_counts(session_id)
        return {key: counts.get(key, 0) for key in AWARENESS}
