"""Questions from the room (Q&A): participants ask at any time, see the approved questions and
upvote each once; the facilitator approves or hides them, marks them answered and puts one on the
projector. Anonymous: who asked is stored only to limit how many one person sends, never shown."""

from __future__ import annotations

from dataclasses import dataclass

from widgets.live.answers import AnswerRefused, _clean_text
from widgets.live.moderation import SHOW_UNLESS_HIDDEN, policy, shown
from widgets.live.refusals import ActionRefused
from widgets.store import Conflict, NotFound

QUESTION_LIMIT = 300  # characters in one question
MOST_QUESTIONS = 5  # questions one participant may send in a session
# What the facilitator can do to a question: the store fields each action sets.
QUESTION_ACTIONS = {
    "approve": {"status": "approved"},
    "hide": {"status": "hidden", "on_screen": False},
    "answered": {"answered": True},
    "not answered": {"answered": False},
    "show": {"on_screen": True, "status": "approved"},  # what the projector shows is approved
    "take off": {"on_screen": False},
}


@dataclass(frozen=True)
class Question:
    id: int
    text: str
    status: str  # pending | approved | hidden
    answered: bool
    on_screen: bool
    votes: int
    voted: bool = False  # by the participant asking for the list
    asked: bool = False  # by the participant asking for the list

    @property
    def decision(self) -> str | None:
        """The status as moderation sees it (None: waiting)."""
        return None if self.status == "pending" else self.status


def clean_question(raw) -> str:
    """The question as it will be stored, or AnswerRefused saying what is wrong."""
    if not isinstance(raw, str):
        raise AnswerRefused("Please type a question.")
    if len(raw) > QUESTION_LIMIT * 2:  # refuse before doing any work on a huge string
        raise AnswerRefused(f"Please keep your question to {QUESTION_LIMIT} characters.")
    text = _clean_text(raw, keep_newlines=False)
    if not text:
        raise AnswerRefused("Please type a question.")
    if len(text) > QUESTION_LIMIT:
        raise AnswerRefused(f"Please keep your question to {QUESTION_LIMIT} characters.")
    return text


class QuestionService:
    """Mixed into LiveService (which gives it `self.store` and `self.view`)."""

    def takes_questions(self, view) -> bool:
        return view.status == "running" and (view.options or {}).get("questions", True) is not False

    def _visible_statuses(self, options: dict) -> tuple[str, ...]:
        return ("approved", "pending") if policy(options) == SHOW_UNLESS_HIDDEN else ("approved",)

    def ask(self, who, raw) -> Question:
        """A participant's question; AnswerRefused carries the message to show."""
        text = clean_question(raw)
        view = self.view(who.session_id)
        if not self.takes_questions(view):
            raise AnswerRefused("This workshop is not taking questions now.")
        status = "approved" if policy(view.options) == SHOW_UNLESS_HIDDEN else "pending"
        try:
            qid = self.store.add_question(who.session_id, who.participant_id, text, status, MOST_QUESTIONS)
        except Conflict as err:
            if "already" in str(err):
                raise AnswerRefused("You have already sent this question.") from None
            raise AnswerRefused(f"You can send up to {MOST_QUESTIONS} questions in a workshop.") from None
        except NotFound:
            raise AnswerRefused("Please reload the page and join again.") from None
        return Question(qid, text, status, False, False, 0, asked=True)

    def room_questions(self, who) -> list[Question]:
        """What a participant sees: the questions the room may see, and their own, most votes first."""
        rule = policy(self.view(who.session_id).options)
        return [
            q
            for q in (Question(**r) for r in self.store.question_records(who.session_id, who.participant_id))
            if q.asked or shown(q.decision, rule)
        ]

    def upvote(self, who, question_id) -> bool:
        """One vote per participant per question; False if they had voted already."""
        if isinstance(question_id, bool) or not isinstance(question_id, int):
            raise AnswerRefused("That question is not open for votes.")
        options = self.view(who.session_id).options
        try:
            return self.store.record_question_vote(
                who.session_id, question_id, who.participant_id, self._visible_statuses(options)
            )
        except NotFound:
            raise AnswerRefused("That question is not open for votes.") from None

    def questions(self, session_id: int) -> list[Question]:
        """Every question of the session, for the facilitator: most votes first."""
        return [Question(**r) for r in self.store.question_records(session_id)]

    def question_on_screen(self, session_id: int) -> Question | None:
        rule = policy(self.view(session_id).options)
        return next((q for q in self.questions(session_id) if q.on_screen and shown(q.decision, rule)), None)

    def act_on_question(self, session_id: int, question_id: int, action: str) -> None:
        """approve, hide, answered, not answered, show (on the projector) or take off."""
        if action not in QUESTION_ACTIONS:
            raise ActionRefused("That is not something to do with a question.")
        try:
            self.store.update_question(session_id, question_id, **QUESTION_ACTIONS[action])
        except NotFound:
            raise ActionRefused("That question is no longer there.") from None
