"""What a participant's phone shows: join, then whatever activity the facilitator is on."""

from __future__ import annotations

import contextlib

import ipywidgets as w

from widgets.content.scenario import ScenarioActivity
from widgets.live import ChangeFeed, JoinRefused, LiveService, Participant, Unavailable
from widgets.live.ballots import ballot_secret, issue
from widgets.live.moderation import moderated
from widgets.live.order import for_participant
from widgets.live.remote import RemoteStore, log_to_server
from widgets.live.service import ActivityState, SessionView
from widgets.settings import Settings
from widgets.ui.answer import AnswerInput, RankingInput, SortingInput, answer_input, describe_answer
from widgets.ui.browser import BrowserIdentity, Countdown, StatusMessage
from widgets.ui.certificate import certificate_for
from widgets.ui.checkin import AwarenessCheck
from widgets.ui.choice import ChoiceGroup
from widgets.ui.questions import QuestionBox
from widgets.ui.render import contacts_html, esc, explanation_html, local_area, results_html
from widgets.ui.saver import SAVED, Saver
from widgets.ui.scenario import ScenarioPlayer
from widgets.ui.swap import swap

WAITING = "Waiting for the facilitator…"


class ParticipantApp(w.VBox):
    """Join by code (from the URL or typed), then follow the session live through the feed."""

    def __init__(self, service: LiveService, settings: Settings):
        self.service = service
        self.settings = settings
        self.who: Participant | None = None
        self.feed: ChangeFeed | None = None
        self.drawn: tuple | None = None  # (activity id, state) on screen now
        self.answer: AnswerInput | SortingInput | RankingInput | None = None
        self.choices: AnswerInput | None = None  # kept between choice questions (`_input_for`)
        self.checkin: AwarenessCheck | None = None
        self.questions: QuestionBox | None = None  # questions from the room, once joined
        self.ballot = ""  # set on joining when a participant server stands behind the page (live/ballots.py)

        self.identity = BrowserIdentity()
        self.title = w.HTML('<h1 class="pw-title">Prevent Referrals workshop</h1>')
        self.code_input = w.Text(description="Join code", placeholder="e.g. BCD FGH", continuous_update=False)
        self.code_input.add_class("pw-code-input")
        self.join_button = w.Button(description="Join")
        self.join_button.add_class("pw-primary")
        self.join_form = w.VBox(
            [w.HTML('<p class="pw-lead">Type the code shown on the screen.</p>'), self.code_input, self.join_button]
        )
        self.join_form.add_class("pw-join-form")
        self.join_form.layout.display = "none"
        self.status = StatusMessage()
        self.timer = Countdown()
        self.activity_box = w.VBox()
        # The step ("Activity 3 of 12"), the question and, between polls, what is known: one widget,
        # redrawn in place, so they change together and a redraw opens no new widgets.
        self.lead = w.HTML()
        self.step = ""  # a case added or dropped changes it, not the activity
        self.said = ""  # the rest of the lead
        self.activity_box.add_class("pw-activity")
        super().__init__([self.identity, self.title, self.join_form, self.timer, self.activity_box, self.status])
        self.add_class("pw-app")

        self.join_button.on_click(lambda _: self.try_join(self.code_input.value))
        self.code_input.observe(lambda _: self.try_join(self.code_input.value), names="value")  # Enter
        self.identity.observe(self._on_identity, names="key")

    # -- joining ----------------------------------------------------------------------------
    def _on_identity(self, _change=None) -> None:
        if self.who is None:
            if self.identity.join:
                self.try_join(self.identity.join)
            else:
                self.join_form.layout.display = None

    def try_join(self, typed: str) -> None:
        if self.who is not None:
            return
        if not self.identity.key:
            self.status.say("Still connecting… please try again in a moment.")
            return
        try:
            who = self.service.join(typed, self.identity.key)
        except JoinRefused as err:
            self.join_form.layout.display = None
            self.status.say(str(err), "error")
            return
        except Unavailable:
            self.status.say("The workshop server is busy. Please try again.", "error")
            return
        self.who = who
        self.save = Saver(self.service, who, self.settings.answer_interval)
        secret = ballot_secret()
        self.ballot = issue(secret, who) if secret else ""  # answers to choices go straight to the server
        # Participants redraw on state changes only, not on every vote (the tally version). The feed
        # reads the version first; this page then reads its view once, for the title and the first
        # draw (on a participant server every read is a request).
        self.feed = self.service.follow(who.session_id, self.refresh, self.settings, each_vote=False, draw=False)
        try:
            self._show(who)
        except BaseException:
            self.feed.stop()  # as when a feed's own first draw fails
            raise

    def _show(self, who: Participant) -> None:
        """The page once joined: title, the check on joining if asked, the activity, then questions."""
        view = self.service.view(who.session_id)
        self.identity.joined = view.code
        self.join_form.layout.display = "none"
        self.title.value = f'<h1 class="pw-title">{esc(view.title)}</h1>'
        self.status.say("")
        asked = view.options.get("awareness_check")
        if asked and self.service.awareness(who) is None:  # asked once; a reload does not ask again
            self.activity_box.layout.display = "none"
            self.checkin = AwarenessCheck(lambda answer: self.service.record_awareness(who, answer), self.go_on)
            self.children = [*self.children[:-1], self.checkin, self.children[-1]]
        self.questions = QuestionBox(self.service, who, self.save)  # one pace for answers and questions
        self.refresh(view)
        # The panel goes below the activity once the activity is drawn: shown before it, its button
        # jumped down as the activity came, and a tap at that moment landed on the activity.
        self.children = [*self.children, self.questions]

    def go_on(self) -> None:
        """After the check on joining: show the workshop."""
        self.checkin.layout.display = "none"
        self.activity_box.layout.display = None
        self.drawn = None  # draw again, status line included
        self.refresh()

    # -- following the facilitator ----------------------------------------------------------
    def refresh(self, view: SessionView | None = None) -> None:
        """Redraw only what changed: a new activity or state rebuilds the panel, nothing else does."""
        view = view or self.service.view(self.who.session_id)
        self.timer.ends_at = view.timer_ends_at
        self.questions.refresh(view)
        if view.status != "running":
            self.drawn = None
            self.lead.value = '<h2 class="pw-prompt">This workshop has ended.</h2><p>Thank you for taking part.</p>'
            ending = [
                certificate_for(self.service, view, local_area(self.settings)),
                w.HTML(contacts_html(local_area(self.settings))),
            ]
            swap(self.activity_box, [self.lead, *ending])
            self.status.say("")
            if self.feed:
                self.feed.stop()
            return
        current = view.current_activity
        step = f'<p class="pw-step">Activity {current.position + 1} of {len(view.activities)}</p>'
        drawn = (current.id, current.state)
        if current.state == "revealed" and moderated(current.activity):  # redrawn as answers are approved
            drawn += (self.service.results(current),)
        if self.drawn == drawn:
            if step != self.step:  # a case added or dropped moves the step only
                self.step = step
                self.lead.value = step + self.said
            return
        self.drawn, self.step = drawn, step
        self.draw(current)
        if self.activity_box.layout.display == "none":  # still on the check on joining
            self.status.say("")

    def draw(self, current: ActivityState) -> None:
        a = current.activity
        said = f'<h2 class="pw-prompt">{esc(a.prompt)}</h2>'
        saved = self.service.my_answer(self.who, current.id)
        parts: list[w.Widget] = [self.lead]
        self.answer = None
        shown = for_participant(a, self.who.participant_id, current.id)  # choices in this person's own order
        if current.state == "open" and isinstance(shown, ScenarioActivity):
            parts.append(ScenarioPlayer(shown.case, saved, save=lambda path, aid=current.id: self.save(aid, path)))
            self.status.say("")
        elif current.state == "open":
            held = self.choices.control.hold_sync() if self.choices else contextlib.nullcontext()
            with held:  # a choice question again: its question, form and answer in one update (after `ask`'s value)
                self.answer = self._input_for(shown)
                self.answer.value = saved
                if form := self._form():  # a choice question: its own button, answers straight to the server
                    form.as_form("Submit answer", current.id, self.ballot, self.status)
                    form.on_submit(self.submit)  # with the activity the page showed
            if getattr(self.answer, "shows_prompt", False):  # the prompt is the legend of its choices
                said = ""
            if form:
                parts.append(self.answer)
            else:
                submit = w.Button(description="Submit answer")
                submit.add_class("pw-primary")
                submit.on_click(lambda _b, aid=current.id: self.submit(aid))
                parts += [self.answer, submit]
            self.status.say(SAVED if saved is not None else "")
        else:
            mine = describe_answer(a, saved) if saved is not None else ""
            if mine:
                said += f'<p class="pw-mine">Your answer: <strong>{esc(mine)}</strong></p>'
            if current.state == "revealed":
                said += results_html(self.service.results(current), show_correct=True) + explanation_html(a)
                self.status.say("")
            else:
                text = "Voting has closed. " + WAITING if current.state == "closed" else WAITING
                self.status.say(text)
        self.said = said
        self.lead.value = self.step + said
        swap(self.activity_box, parts, keep=[self.choices] if self.choices else [])

    def _input_for(self, shown) -> AnswerInput | SortingInput | RankingInput:
        """The input for an open activity. Choice questions share one, asked each new question: a poll
        opening is then an update to every phone in the room, not new widgets and their code."""
        if self.choices is not None and self.choices.ask(shown, heading=2):
            return self.choices
        made = answer_input(shown, heading=2)
        if isinstance(made, AnswerInput) and isinstance(made.control, ChoiceGroup):
            self.choices = made
        return made

    def _form(self) -> ChoiceGroup | None:
        """The answer's group of choices when it is the whole answer (single, multiple, scale)."""
        control = getattr(self.answer, "control", None)
        return control if isinstance(self.answer, AnswerInput) and isinstance(control, ChoiceGroup) else None

    def submit(self, activity_id: int) -> None:
        """An answer through the kernel: a form without a ballot, or any other kind of answer."""
        if self.answer is None:
            return
        value = self.answer.value
        problem = self.save(activity_id, value)
        if problem:
            self.status.say(problem, "error")
            return
        self.status.say(SAVED, "success")
        if hasattr(self.answer, "after_saved"):
            self.answer.after_saved(value)


def participant_app(settings: Settings | None = None) -> ParticipantApp:
    """The page's app: on its participant server's store when one started this kernel (remote.py)."""
    settings = settings or Settings()
    remote = RemoteStore.from_environment()
    if remote:
        log_to_server()
    return ParticipantApp(LiveService(remote) if remote else LiveService.from_settings(settings), settings)
