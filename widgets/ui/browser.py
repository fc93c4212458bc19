"""Tiny anywidgets for what only the browser knows or should do: its key, and a ticking clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import anywidget
import traitlets

from widgets.live import ActionRefused, Unavailable

HERE = Path(__file__).parent


class BrowserIdentity(anywidget.AnyWidget):
    """Reports the browser's pseudonymous key and ?join= code; `joined` makes a reload rejoin."""

    _esm = HERE / "identity.js"
    key = traitlets.Unicode("").tag(sync=True)
    join = traitlets.Unicode("").tag(sync=True)
    joined = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_msg(self._answer_ping)

    def _answer_ping(self, _widget, content, _buffers) -> None:
        """The page pings; no pong for a while means the kernel is gone and it offers a reload."""
        if isinstance(content, dict) and content.get("type") == "ping":
            self.send({"type": "pong"})


class Countdown(anywidget.AnyWidget):
    """Counts down in the browser, so a running timer costs the kernel nothing."""

    _esm = HERE / "countdown.js"
    seconds = traitlets.Float(0).tag(sync=True)
    finished = traitlets.Bool(False).tag(sync=True)
    epoch = traitlets.Int(0).tag(sync=True)
    ends_at = traitlets.Float(None, allow_none=True)

    @traitlets.observe("ends_at")
    def _sync(self, change) -> None:
        ends = change["new"]
        left = max(0.0, ends - time.time()) if ends else 0.0
        self.seconds, self.finished = left, bool(ends) and left == 0
        self.epoch += 1


class StatusMessage(anywidget.AnyWidget):
    """A polite live region: its element persists, so each new message is announced."""

    _esm = HERE / "status.js"
    text = traitlets.Unicode("").tag(sync=True)
    tone = traitlets.Unicode("info").tag(sync=True)  # info | success | error

    def say(self, text: str, tone: str = "info") -> None:
        """One update message for both (a vote's reply is one message fewer for 150 phones). Sent
        even when the kernel said the same last: the page may show a reply the kernel never saw (an
        answer posted straight to the server: choice.js), which this must replace."""
        if (self.text, self.tone) == (text, tone):
            self.send_state(["text", "tone"])
            return
        with self.hold_sync():
            self.tone, self.text = tone, text

    def attempt(self, action: Callable[[], object]) -> bool:
        """Run a facilitator's action; a refusal, or a store that did not answer, is said here for
        every console panel alike. True when it went through."""
        try:
            action()
        except ActionRefused as err:
            self.say(str(err), "error")
        except Unavailable:
            self.say("The store did not answer. Please try again.", "error")
        else:
            return True
        return False
