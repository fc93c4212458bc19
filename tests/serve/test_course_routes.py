"""The course server's routes: its pages by route, Voilà's tree and notebooks by file name gone."""

import re

from widgets.content.paths import COURSE_DIR
from widgets.serve.app import WorkshopVoila
from widgets.serve.course_routes import CoursePageHandler, course_handlers, course_pages
from widgets.serve.servers import build_plan

RENDER = {"template_paths": ["t"], "config": None, "voila_configuration": None}
VOILA_ROUTES = [
    ("/api/kernels/(?P<kernel_id>\\w+-\\w+-\\w+-\\w+-\\w+)", object),
    ("/voila/static/(.*)", object, {}),
    ("/voila/files/(.*)", object, {}),
    ("/", object, {}),
    ("/voila/tree(?P<path>(?:(?:/[^/]+)+|/?))", object, {}),
    ("/voila/render/(.*)", object, RENDER),
    ("/voila/api/contents(?P<path>(?:(?:/[^/]+)+|/?))", object, {}),
]


def test_pages_by_route():
    pages = course_pages(COURSE_DIR)
    assert pages[""] == "home.ipynb" and pages["welcome"] == "00-welcome.ipynb"
    assert pages["module/3"] == "03-assumption-assertion-alternative.ipynb" and len(pages) == 8


def test_the_tree_and_file_names_give_way_to_the_course_pages():
    routes = course_handlers(VOILA_ROUTES, "/", COURSE_DIR)
    patterns = [r[0] for r in routes]
    assert not any(p == "/" or "tree" in p or "render" in p or "contents" in p for p in patterns)
    assert "/voila/static/(.*)" in patterns and "/voila/files/(.*)" in patterns  # assets and images stay
    pattern, handler, kwargs = routes[-1]
    assert handler is CoursePageHandler and kwargs["template_paths"] == ["t"]
    for path, route in [("/", None), ("/welcome", "welcome"), ("/module/6", "module/6")]:
        assert re.fullmatch(pattern, path)[1] == route
    for path in ["/module/7", "/module/1/", "/00-welcome.ipynb", "/voila/tree"]:
        assert re.fullmatch(pattern, path) is None


def test_only_the_course_server_serves_the_course():
    plan = build_plan(COURSE_DIR.parent, "sqlite:////tmp/w.db", 8866, 8867, public_host="h")
    assert "--WorkshopVoila.course=True" in plan.course_argv(8868)
    assert not any("WorkshopVoila.course" in a for a in plan.participant_argv() + plan.staff_argv())
    assert WorkshopVoila.course.default_value is False
