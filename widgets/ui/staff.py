"""Staff pages (console, projector screen) show one session: the configured one or the newest."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from widgets.live import LiveService
from widgets.settings import Settings


def staff_view(make: Callable[[LiveService, int, Settings], w.Widget], settings: Settings | None = None) -> w.Widget:
    """Build the page for the session, or say plainly that there is none and how to start one."""
    settings = settings or Settings()
    service = LiveService.from_settings(settings)
    session = service.staff_session(settings.session)
    if session is None:
        return w.HTML(
            '<div class="pw-app"><h1>No workshop is running</h1>'
            "<p>Start one with <code>workshop session new</code>, then reload this page.</p></div>"
        )
    return make(service, session["id"], settings)
