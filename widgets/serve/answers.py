"""`POST <base>workshop/answer`: a phone's answer to a choice question, stored by the participant
server itself rather than by the page's kernel.

Through the kernel a vote is two widget messages (the choice, then the click), each relayed by this
server and handled by a kernel that then writes to the store: about 10 ms of CPU per vote, and a
room voting at the same instant queues a hundred kernels for two cores. Here it is one small
request: the ballot the kernel gave the page (ballots.py) says who is answering, and
`LiveService.submit` decides what may be answered, exactly as through the kernel.

Hostile requests: a body over `MOST_BYTES`, anything but a JSON object with a ballot, an activity id
and a value, or a ballot this server did not issue, is refused with a message and stores nothing;
a replayed answer stores the same row again (one answer per person and question); a flood from one
participant is paced by the same `Saver` as the kernel's (BURST at once, then one per
WORKSHOP_ANSWER_INTERVAL), one per participant in this process.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from tornado.web import RequestHandler

from widgets.live import LiveService, Participant
from widgets.live.ballots import ballot_secret, redeem
from widgets.settings import Settings
from widgets.ui.saver import SAVED, Saver

ANSWER_PATH = "workshop/answer"  # below the server's base URL; choice.js posts here
MOST_BYTES = 4096  # a choice question's answer is a few option ids
UNREADABLE = "Your answer could not be read. Please reload the page and try again."
NOT_YOURS = "This page has lost its place in the workshop. Please reload the page."


class Answers:
    """What the handler shares across requests: the store, one writer thread, a pace per participant."""

    def __init__(self, service_factory: Callable[[], LiveService]):
        self._factory = service_factory  # the gate's: one store for the page and its answers
        self._service: LiveService | None = None
        self.settings = Settings()
        self.secret = ballot_secret()
        # One thread writes: answers are stored in the order they came, and a store waiting on a
        # lock holds up this queue, never the server's event loop (every phone's websocket).
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="answers")
        self.savers: dict[Participant, Saver] = {}

    @property
    def service(self) -> LiveService:
        if self._service is None:
            self._service = self._factory()
        return self._service

    def save(self, who: Participant, activity_id: int, value) -> str:
        """Store the answer (in the writer thread); returns what to tell the person, empty if saved."""
        saver = self.savers.get(who)
        if saver is None:
            saver = self.savers[who] = Saver(self.service, who, self.settings.answer_interval)
        return saver(activity_id, value)


class AnswerHandler(RequestHandler):
    def initialize(self, answers: Answers) -> None:
        self.answers = answers

    def check_xsrf_cookie(self) -> None:
        """The ballot in the body is the proof: another site's page cannot read it."""

    async def post(self) -> None:
        if len(self.request.body) > MOST_BYTES:
            return self._reply(413, False, UNREADABLE)
        try:
            sent = json.loads(self.request.body)
        except (ValueError, UnicodeDecodeError):
            sent = None
        if not (isinstance(sent, dict) and {"ballot", "activity", "value"} <= sent.keys()):
            return self._reply(400, False, UNREADABLE)
        who = redeem(self.answers.secret, sent["ballot"])
        if who is None:
            return self._reply(403, False, NOT_YOURS)
        answers = self.answers
        problem = await asyncio.get_running_loop().run_in_executor(
            answers.writer, answers.save, who, sent["activity"], sent["value"]
        )
        self._reply(200, not problem, problem or SAVED)

    def _reply(self, status: int, saved: bool, message: str) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps({"saved": saved, "message": message}))
