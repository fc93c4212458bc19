"""Voilà with gzip and cacheable static assets, which its command line cannot switch on.

Voilà builds the tornado Application before applying `tornado_settings`, and tornado reads
`compress_response` only while building it, so it has to be set here (see shared voila-notes).
"""

from __future__ import annotations

import os

from traitlets import default
from voila.app import Voila

from widgets.settings import STAFF_TOKEN_VARIABLE as TOKEN_VARIABLE


class WorkshopVoila(Voila):
    @default("token")
    def _token_from_environment(self) -> str | None:
        """Take the staff token from the environment, not argv (which `ps` shows to every user),
        and remove it, so the kernels this server starts never see it."""
        return os.environ.pop(TOKEN_VARIABLE, None) or None

    def init_settings(self) -> dict:
        settings = super().init_settings()
        settings["compress_response"] = True
        settings["static_immutable_cache"] = ["/voila/static"]
        return settings


main = WorkshopVoila.launch_instance

if __name__ == "__main__":
    main()
