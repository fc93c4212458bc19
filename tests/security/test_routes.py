"""What each server answers over plain HTTP: the participant server shows the participant page and
nothing else; the staff server shows nothing at all without its token.

Kernel ids: Voilà serves /api/kernels/<id> (GET, DELETE) and /voila/api/shutdown/<id> (the closed-tab
beacon) on the participant server with no login and no XSRF check, so whoever knows a kernel's id can
stop it. The id is a random UUID, sent only in its own page; the tests below check that it is the only
way in: there is no listing, a guessed id finds nothing, and no page carries another page's id.
"""

from __future__ import annotations

import json
import uuid
from urllib.parse import urlsplit

import pytest
from security_kit import hostile, kernel_ids, request

from testkit.kernel_client import page_config
from tests.http_kit import to_login
from widgets.serve.servers import PARTICIPANT_TEMPLATE

CONSOLE = ("pw-console", "Open poll", "Reveal results", "facilitator_console")  # signs of the staff pages
NOTEBOOK_JSON = ('"cells"', '"nbformat"')  # a notebook served as a file


def follow(port: int, path: str, hops: int = 5) -> tuple[int, str, str]:
    """GET with same-server redirects followed: (status, final path, body)."""
    for _ in range(hops):
        status, headers, body = request(port, "GET", path)
        if status not in {301, 302, 303, 307, 308}:
            return status, path, body
        target = urlsplit(headers["location"])
        assert target.port in (None, port), f"{path} redirects off the server: {headers['location']}"
        path = target.path + (f"?{target.query}" if target.query else "")
    raise AssertionError(f"too many redirects from {path}")


PARTICIPANT_REFUSES = [
    "/voila/tree", "/voila/tree/", "/voila/render/facilitator.ipynb", "/voila/render/screen.ipynb",
    "/voila/render/participant.ipynb", "/facilitator.ipynb", "/notebooks/facilitator.ipynb", "/api/contents",
    "/api/contents/facilitator.ipynb", "/voila/api/contents", "/voila/api/contents/facilitator.ipynb",
    "/voila/files/participant.ipynb", "/voila/files/facilitator.ipynb", "/voila/files/", "/api/kernels",
    "/api/sessions", "/api/kernelspecs", "/api/terminals", "/lab", "/tree", "/login",
    # attempts to climb out of the static folders
    "/voila/static/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "/voila/templates/workshop/static/../../../../etc/passwd",
    "/voila/templates/lab/static/..%2f..%2f..%2f..%2fetc%2fpasswd", "/voila/labextensions/..%2f..%2f..%2fetc%2fpasswd",
    "/voila/files/..%2f..%2fwidgets%2fcli.py", "/voila/api/themes/..%2f..%2f..%2fetc%2fpasswd",
]  # fmt: skip


@pytest.mark.parametrize("path", PARTICIPANT_REFUSES)
def test_participant_server_serves_nothing_but_the_participant_page(workshop, path):
    hostile.update(tried=1)
    status, final, body = follow(workshop.participant_port, path)
    for sign in (*CONSOLE, *NOTEBOOK_JSON, "root:x:0:0", "jp-DirListing", "import argparse"):
        assert sign not in body, f"GET {path} → {status} {final} served {sign!r}"
    assert not kernel_ids(body), f"GET {path} → {status} {final} started a notebook"
    assert status in {403, 404, 405, 500}, f"GET {path} → {status} {final}"
    hostile.update(refused=1)


@pytest.mark.parametrize("query", ["voila-template=classic", "voila-theme=dark", "voila-template=../../etc"])
def test_participant_server_ignores_template_and_theme_overrides(workshop, query):
    hostile.update(tried=1)
    # With the join code: without one the gate writes the join form itself, and Voilà is not asked.
    status, _, body = request(workshop.participant_port, "GET", f"/?join={workshop.code}&{query}")
    assert status == 200
    assert f"/voila/templates/{PARTICIPANT_TEMPLATE}/static/" in body  # the configured page, nothing else
    assert "/voila/templates/classic/" not in body and "theme-dark" not in body
    config = page_config(body)
    assert config["jupyterLabTheme"] == "light"
    hostile.update(refused=1)
    request(workshop.participant_port, "POST", f"/voila/api/shutdown/{config['kernelId']}")  # close the tab


def test_participant_pages_cannot_be_framed_by_another_site(workshop):
    _, headers, _ = request(workshop.participant_port, "GET", "/")
    assert "frame-ancestors 'self'" in headers.get("content-security-policy", "")


def test_a_kernel_id_is_the_only_way_to_another_participants_kernel(workshop, record_property):
    """Two participant pages; the second tries to reach the first's kernel with and without its id."""
    port = workshop.participant_port
    bodies = [request(port, "GET", f"/?join={workshop.code}")[2] for _ in range(2)]
    (mine,), (theirs,) = (kernel_ids(b) for b in bodies)
    assert mine != theirs and uuid.UUID(theirs).version == 4  # 122 random bits: not guessable
    assert theirs not in bodies[0], "a page carries another page's kernel id"

    # Without the id: no listing, and a guessed id finds nothing (404) and stops nothing.
    hostile.update(tried=5)
    assert request(port, "GET", "/api/kernels")[0] != 200
    for method in ("GET", "DELETE"):
        assert request(port, method, f"/api/kernels/{uuid.uuid4()}")[0] == 404
    assert request(port, "POST", f"/voila/api/shutdown/{uuid.uuid4()}")[0] in {403, 404, 500}
    assert request(port, "GET", f"/api/kernels/{theirs}/channels")[0] in {400, 404, 405}  # not a websocket
    hostile.update(refused=5)

    # With the id, what Voilà allows: reading the kernel's status (no answers, no names) and stopping it.
    status, _, body = request(port, "GET", f"/api/kernels/{theirs}")
    assert status == 200 and set(json.loads(body)) <= {"id", "name", "last_activity", "execution_state",
                                                       "connections"}  # fmt: skip
    deleted = request(port, "DELETE", f"/api/kernels/{theirs}")[0]
    after = request(port, "GET", f"/api/kernels/{theirs}")[0]
    record_property("DELETE another participant's kernel with its id", f"{deleted}, then GET {after}")
    print(f"with the id: GET → 200 (status only); DELETE → {deleted}; GET afterwards → {after}")
    request(port, "POST", f"/voila/api/shutdown/{mine}")


STAFF_PATHS = [
    "/", "/voila/tree", "/voila/render/facilitator.ipynb", "/voila/render/screen.ipynb",
    "/voila/render/participant.ipynb", "/api/kernels", "/voila/api/contents", "/voila/api/contents/facilitator.ipynb",
    "/voila/files/facilitator.ipynb", "/voila/files/participant.ipynb", "/facilitator.ipynb", "/api/contents",
    "/api/sessions",
]  # fmt: skip
WRONG_TOKENS = ["", "?token=wrong", "?token=", "?token=%00", "?token[]=x"]


def refused(status: int, headers: dict) -> bool:
    return status in {401, 403, 404} or to_login(status, headers)


@pytest.mark.parametrize("path", STAFF_PATHS)
def test_staff_server_refuses_every_route_without_the_token(workshop, path):
    for suffix in WRONG_TOKENS:
        hostile.update(tried=1)
        status, headers, body = request(workshop.staff_port, "GET", path + suffix)
        assert refused(status, headers), f"GET {path}{suffix}: {status} {headers.get('location', '')}"
        assert not any(sign in body for sign in (*CONSOLE, *NOTEBOOK_JSON)) and not kernel_ids(body)
        hostile.update(refused=1)
    # A wrong token in the Authorization header, as a script would send it.
    status, headers, _ = request(workshop.staff_port, "GET", path, {"Authorization": "token wrong"})
    assert refused(status, headers)


def test_staff_kernels_need_the_token_even_with_their_id(workshop):
    status, _, body = request(workshop.staff_port, "GET", urlsplit(workshop.staff_url).path + "?" +
                              urlsplit(workshop.staff_url).query)  # fmt: skip
    assert status == 200
    (kernel,) = kernel_ids(body)
    port, auth = workshop.staff_port, {"Authorization": f"token {workshop.token}"}
    attempts = [("GET", f"/api/kernels/{kernel}"), ("DELETE", f"/api/kernels/{kernel}"),
                ("POST", f"/voila/api/shutdown/{kernel}"), ("GET", f"/api/kernels/{kernel}/channels")]  # fmt: skip
    for method, path in attempts:
        for suffix in WRONG_TOKENS:
            hostile.update(tried=1)
            status, headers, _ = request(port, method, path + suffix)
            assert refused(status, headers) or status == 405, f"{method} {path}{suffix}: {status}"
            hostile.update(refused=1)
    assert request(port, "GET", f"/api/kernels/{kernel}", auth)[0] == 200  # still running
    request(port, "POST", f"/voila/api/shutdown/{kernel}", auth)
