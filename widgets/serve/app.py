"""Voilà with gzip and cacheable static assets, which its command line cannot switch on.

Voilà builds the tornado Application before applying `tornado_settings`, and tornado reads
`compress_response` only while building it, so it has to be set here (see shared voila-notes).
"""

from __future__ import annotations

from voila.app import Voila


class WorkshopVoila(Voila):
    def init_settings(self) -> dict:
        settings = super().init_settings()
        settings["compress_response"] = True
        settings["static_immutable_cache"] = ["/voila/static"]
        return settings


main = WorkshopVoila.launch_instance

if __name__ == "__main__":
    main()
