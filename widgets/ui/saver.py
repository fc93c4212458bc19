"""Saving an answer from a page: throttled, and every failure turned into words for the person."""

from __future__ import annotations

import time

from widgets.live import AnswerRefused, LiveService, Participant, Unavailable

BURST = 3  # answers in quick succession before the pace applies: a tap, a second thought, a fix
SAVED = "Answer saved. You can change it while the poll is open."


class Saver:
    """`saver(activity_id, value)` stores the answer and returns "" or what to tell the participant.

    A token bucket: up to BURST answers at once, then one per `interval` seconds. A person who taps
    the wrong option and corrects it straight away is never told to wait; a flood of clicks or
    replayed messages is held to one save per interval. (Measured on the kernel's clock, which sees
    messages when it gets to them: a busy kernel can receive two clicks made seconds apart together.)
    """

    def __init__(self, service: LiveService, who: Participant, interval: float):
        self.service = service
        self.who = who
        self.interval = interval
        self.tokens = float(BURST)
        self.last = time.monotonic()

    def _take(self) -> bool:
        now = time.monotonic()
        if self.interval > 0:
            self.tokens = min(BURST, self.tokens + (now - self.last) / self.interval)
        else:
            self.tokens = BURST
        self.last = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    def ready(self) -> bool:
        """Take a token for some other message from this page (a question, an upvote): same pace."""
        return self._take()

    def __call__(self, activity_id: int, value) -> str:
        if not self._take():
            return "Please wait a moment before answering again."
        try:
            self.service.submit(self.who, activity_id, value)
        except AnswerRefused as err:
            return str(err)
        except Unavailable:
            return "Your answer could not be saved. Please try again."
        return ""
