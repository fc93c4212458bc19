"""The self-paced course's addresses: `/` is the course home, `/welcome` and `/module/N` its parts,
each mapped here to its notebook (content/course.py), so a learner never meets Voilà's file tree, a
file name or `.ipynb`. Voilà's own tree, render and contents routes are dropped: asked for, they are
404. Everything else (kernels, websockets, static files, images) stays as Voilà made it.
"""

from __future__ import annotations

from pathlib import Path

from jupyter_server.utils import url_path_join
from tornado.web import HTTPError
from voila.tornado.handler import TornadoVoilaHandler

from widgets.content.course import HOME_NOTEBOOK, course_parts

HIDDEN = ("voila/tree", "voila/render/", "voila/api/contents")  # the file tree and notebooks by file name


class CoursePageHandler(TornadoVoilaHandler):
    """Voilà's page handler with the notebook chosen by route, not by a path in the address."""

    def initialize(self, pages: dict[str, str], **kwargs):
        super().initialize(**kwargs)
        self.pages = pages

    async def get(self, route: str | None = None):
        notebook = self.pages.get(route or "")
        if notebook is None:
            raise HTTPError(404)
        self.notebook_path = notebook  # relative to the served folder, as Voilà's tree mode has it
        await super().get(path=None)


def course_pages(folder: Path) -> dict[str, str]:
    """Route → notebook file: "" the home, then "welcome", "module/1" …"""
    return {"": HOME_NOTEBOOK} | {part.route: part.notebook for part in course_parts(folder)}


def course_handlers(handlers: list, server_url: str, folder: Path) -> list:
    """Voilà's routes for a served folder, with the tree and the notebooks by file name replaced by
    the course's own pages (which take the settings Voilà gave its render route)."""
    render = next(r for r in handlers if isinstance(r, tuple) and r[0].endswith("/voila/render/(.*)"))
    prefixes = tuple(url_path_join(server_url, h) for h in HIDDEN)
    kept = [r for r in handlers if not (isinstance(r, tuple) and (r[0] == server_url or r[0].startswith(prefixes)))]
    pages = course_pages(folder)
    routes = "|".join(sorted((r for r in pages if r), key=len, reverse=True))
    page = (url_path_join(server_url, rf"({routes})?"), CoursePageHandler, {**render[2], "pages": pages})
    return [*kept, page]
