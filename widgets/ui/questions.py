"""Questions from the room (Q&A): the participant's panel, the console's list, the projector's card.

Rows are kept by question id and updated in place, so a button under the keyboard keeps its
place. Every question is shown escaped; nothing says who asked."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from widgets.live import AnswerRefused, LiveService, Participant, Unavailable
from widgets.live.questions import QUESTION_LIMIT, Question
from widgets.ui.browser import StatusMessage
from widgets.ui.render import esc
from widgets.ui.saver import Saver
from widgets.ui.swap import swap

STATUS = {"pending": "Waiting for approval", "approved": "Approved", "hidden": "Hidden"}


def votes(n: int) -> str:
    return f"{n} vote{'s' * (n != 1)}"


def question_html(q: Question, *, staff: bool) -> str:
    notes = [votes(q.votes)]
    if staff or q.status != "approved":
        notes.append(STATUS[q.status] if staff or not q.asked else "Your question: waiting for the facilitator")
    elif q.asked:
        notes.append("Your question")
    if q.answered:
        notes.append("Answered")
    if staff and q.on_screen:
        notes.append("On the screen")
    return f'<p class="pw-q-says">{esc(q.text)}</p><p class="pw-q-meta">{" · ".join(notes)}</p>'


class Rows(w.VBox):
    """A list of question rows kept by id: `make(question)` builds a row, `row.update(question)` refreshes it."""

    def __init__(self, make: Callable[[Question], w.Widget]):
        self.make = make
        self.rows: dict[int, w.Widget] = {}
        super().__init__()
        self.add_class("pw-q-list")

    def show(self, questions: list[Question]) -> None:
        for q in questions:
            if q.id in self.rows:
                self.rows[q.id].update(q)
            else:
                self.rows[q.id] = self.make(q)
        self.rows = {q.id: self.rows[q.id] for q in questions}
        children = tuple(self.rows.values())
        if children != self.children:
            swap(self, children)  # a question hidden by the facilitator: its row is closed


class RoomRow(w.HBox):
    """A question as a participant sees it, with its Upvote button (not on their own)."""

    def __init__(self, q: Question, upvote: Callable[[int], None]):
        self.text = w.HTML()
        self.text.add_class("pw-q-text")
        self.button = w.Button(description="Upvote")
        self.button.add_class("pw-secondary")
        self.button.on_click(lambda _b: upvote(self.question.id))
        super().__init__([self.text, self.button])
        self.add_class("pw-q-row")
        self.question: Question | None = None
        self.update(q)

    def update(self, q: Question) -> None:
        if q == self.question:
            return
        self.question = q
        self.text.value = question_html(q, staff=False)
        self.button.description = "Upvoted" if q.voted else "Upvote"
        self.button.layout.display = "none" if q.asked or q.status != "approved" else None


OPEN, CLOSE = "Ask or see questions", "Close questions"


class QuestionBox(w.VBox):
    """The participant's panel, under the activity at every step: ask, see approved questions, upvote.
    Folded until opened, so the activity stays first on a phone and the page keeps one status line."""

    def __init__(self, service: LiveService, who: Participant, pace: Saver):
        self.service, self.who, self.pace = service, who, pace
        heading = w.HTML('<h2 class="pw-q-heading">Questions for the facilitator</h2>')
        self.toggle = w.Button(description=OPEN)
        self.toggle.add_class("pw-secondary")
        self.toggle.on_click(lambda _b: self.fold(self.toggle.description == CLOSE))
        intro = w.HTML(
            '<p class="pw-hint">Ask at any time. '
            f"Nobody sees who asked. Up to {QUESTION_LIMIT} characters; questions show here once the "
            "facilitator approves them. Upvote the ones you want answered.</p>"
        )
        self.text = w.Textarea(description="Your question", continuous_update=False)
        self.text.layout.max_width = "640px"
        self.send = w.Button(description="Send question")
        self.send.add_class("pw-secondary")
        self.send.on_click(lambda _b: self.ask())
        self.status = StatusMessage()
        self.list = Rows(lambda q: RoomRow(q, self.upvote))
        self.body = w.VBox([intro, self.text, self.send, self.status, self.list])
        self.body.layout.display = "none"
        super().__init__([heading, self.toggle, self.body])
        self.add_class("pw-questions")

    def fold(self, folded: bool) -> None:
        self.body.layout.display = "none" if folded else None
        self.toggle.description = OPEN if folded else CLOSE
        if not folded:
            self.refresh()

    def _act(self, act: Callable[[], str]) -> None:
        """Run one of the participant's actions at the page's pace; say how it went."""
        if not self.pace.ready():
            self.status.say("Please wait a moment before trying again.", "error")
            return
        try:
            said = act()
        except AnswerRefused as err:
            self.status.say(str(err), "error")
            return
        except Unavailable:
            self.status.say("That did not reach the workshop. Please try again.", "error")
            return
        self.status.say(said, "success")
        self.refresh()

    def ask(self) -> None:
        def send() -> str:
            self.service.ask(self.who, self.text.value)
            self.text.value = ""
            return "Question sent. It shows here once the facilitator approves it."

        self._act(send)

    def upvote(self, question_id) -> None:
        self._act(
            lambda: (
                "Upvoted." if self.service.upvote(self.who, question_id) else "You have already upvoted this question."
            )
        )

    def refresh(self, view=None) -> None:
        view = view or self.service.view(self.who.session_id)
        if not self.service.takes_questions(view):
            self.layout.display = "none"
            return
        self.layout.display = None
        if self.body.layout.display != "none":  # folded: nothing to read (150 phones, every change)
            self.list.show(self.service.room_questions(self.who))


# -- the console ---------------------------------------------------------------------------------
ACTIONS = [  # (label, action) pairs: each button's label says what it will do now
    (("Approve", "approve"),),
    (("Hide", "hide"),),
    (("Mark answered", "answered"), ("Mark not answered", "not answered")),
    (("Show on screen", "show"), ("Take off screen", "take off")),
]


class StaffRow(w.HBox):
    def __init__(self, q: Question, act: Callable[[int, str], None]):
        self.text = w.HTML()
        self.text.add_class("pw-q-text")
        self.buttons = [w.Button() for _ in ACTIONS]
        for button in self.buttons:
            button.add_class("pw-secondary")
            button.on_click(lambda b: act(self.question.id, b.action))
        super().__init__([self.text, *self.buttons])
        self.add_class("pw-q-row")
        self.question: Question | None = None
        self.update(q)

    def update(self, q: Question) -> None:
        if q == self.question:
            return
        self.question = q
        self.text.value = question_html(q, staff=True)
        for button, choices in zip(self.buttons, ACTIONS, strict=True):
            flipped = len(choices) > 1 and (q.answered if choices[0][1] == "answered" else q.on_screen)
            button.description, button.action = choices[1] if flipped else choices[0]


class QuestionsPanel(w.VBox):
    """The console's list of questions from the room, most votes first."""

    def __init__(self, service: LiveService, session_id: int, status: StatusMessage, after: Callable[[], None]):
        self.service, self.session_id, self.status, self.after = service, session_id, status, after
        self.summary = w.HTML()
        self.list = Rows(lambda q: StaffRow(q, self.act))
        super().__init__([self.summary, self.list])
        self.add_class("pw-questions")

    def act(self, question_id: int, action: str) -> None:
        if not self.status.attempt(lambda: self.service.act_on_question(self.session_id, question_id, action)):
            return
        self.status.say("")
        self.after()

    def show(self, view) -> None:
        if not self.service.takes_questions(view):
            self.layout.display = "none"
            return
        self.layout.display = None
        questions = self.service.questions(self.session_id)
        waiting = sum(q.status == "pending" for q in questions)
        self.summary.value = (
            '<h2 class="pw-q-heading">Questions from the room</h2>'
            f'<p class="pw-hint">{len(questions)} asked, <strong>{waiting}</strong> waiting for approval. '
            "Most votes first.</p>"
        )
        self.list.show(questions)


def screen_question_html(q: Question | None) -> str:
    """The question the facilitator put on the projector, or nothing."""
    if q is None:
        return ""
    return (
        '<div class="pw-screen-question"><p class="pw-q-label">Question from the room</p>'
        f'<p class="pw-q-says">{esc(q.text)}</p><p class="pw-q-label">{votes(q.votes)}</p></div>'
    )
