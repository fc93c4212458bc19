"""Saving an answer from a page: throttled, and every failure turned into words for the person."""

from __future__ import annotations

import time

from widgets.live import AnswerRefused, LiveService, Participant
from widgets.store import StoreError


class Saver:
    """`saver(activity_id, value)` stores the answer and returns "" or what to tell the participant."""

    def __init__(self, service: LiveService, who: Participant, interval: float):
        self.service = service
        self.who = who
        self.interval = interval
        self.last = -float("inf")

    def __call__(self, activity_id: int, value) -> str:
        now = time.monotonic()
        if now - self.last < self.interval:  # a flood of clicks or replayed messages
            return "Please wait a moment before answering again."
        self.last = now
        try:
            self.service.submit(self.who, activity_id, value)
        except AnswerRefused as err:
            return str(err)
        except StoreError:
            return "Your answer could not be saved. Please try again."
        return ""
