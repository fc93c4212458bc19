"""The completion certificate: the details come from the kernel, the name never goes to it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import anywidget
import traitlets

from widgets.content.local import LocalArea
from widgets.live import LiveService, SessionView

OUTCOMES = [
    "Describe what a Prevent referral is.",
    "Tell apart assumption, assertion and alternative explanation.",
    "Gather information and decide who to speak to, to validate a concern.",
    "Understand when a referral is suitable.",
]


class Certificate(anywidget.AnyWidget):
    """Built and downloaded in the browser. `on_download()` hears only that one was made."""

    _esm = Path(__file__).with_name("certificate.js")
    course = traitlets.Unicode("Prevent Referrals").tag(sync=True)
    date = traitlets.Unicode("").tag(sync=True)
    duration = traitlets.Unicode("").tag(sync=True)
    outcomes = traitlets.List(traitlets.Unicode(), OUTCOMES).tag(sync=True)
    area = traitlets.Unicode("").tag(sync=True)
    organisation = traitlets.Unicode("").tag(sync=True)

    def __init__(self, on_download: Callable[[], None] | None = None, **kwargs):
        super().__init__(**kwargs)
        self._on_download = on_download
        self.on_msg(self._message)

    def _message(self, _widget, content, _buffers) -> None:
        if isinstance(content, dict) and content.get("type") == "downloaded" and self._on_download:
            self._on_download()


def certificate_for(service: LiveService, view: SessionView, area: LocalArea | None) -> Certificate:
    """The certificate of a session: its title, the day it ran, the plan's length and organisation."""
    created = view.created_at
    minutes = view.options.get("minutes")
    return Certificate(
        on_download=lambda: service.record_certificate(view.id),
        course=view.title,
        date=f"{created.day} {created:%B %Y}",
        duration=f"about {round(minutes)} minutes" if minutes else "",
        area=area.area if area else "",
        organisation=view.options.get("organisation", ""),
    )
