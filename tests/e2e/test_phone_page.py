"""The lean participant page (template workshop-phone): what the server sends before any script
runs, and how its few static files are sent (gzipped once, cached for good, nothing external)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.http_kit import request
from widgets.serve.servers import PARTICIPANT_TEMPLATE

pytestmark = pytest.mark.e2e

MODULES = ["phone.js", "manager.js", "kernel.js", "views.js"]
BUDGET = 30_000  # bytes of gzipped JavaScript a phone loads once (~8 kB today; Voilà's own page: ~1 MB)
YEAR = 365 * 24 * 3600
NO_SCRIPT = "This page needs JavaScript to answer."


def page_html(workshop) -> str:
    status, _, body = request(workshop.participant_port, "GET", f"/?join={workshop.code}")
    assert status == 200
    config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', body, re.S).group(1))
    request(workshop.participant_port, "POST", f"/voila/api/shutdown/{config['kernelId']}")  # as a closed tab
    return body


def test_the_participant_server_uses_the_lean_page(workshop):
    assert PARTICIPANT_TEMPLATE == "workshop-phone"
    body = page_html(workshop)
    assert "/voila/static/voila.js" not in body and "labextensions" not in body  # no JupyterLab front end
    # Right after <main>: the first paint (gate.py writes the question there), or its marker when there is none.
    first = r'<main class="pw-page">\s*(<!-- pw-first-paint -->|<section class="pw-first-paint")'
    assert re.search(first, body), "the first paint is not at the top of the page"
    # Without JavaScript, a clear message. (Chromium with scripts switched off through DevTools still
    # parses <noscript> as text, so a browser test cannot show it: the HTML is checked instead.)
    assert re.search(rf"<noscript>.*{re.escape(NO_SCRIPT)}.*</noscript>", body, re.S)
    assert re.search(r'data-pw-view="[0-9a-f]{32}"', body), "no place for the notebook's widget"
    assert not re.search(r'(src|href)="(https?:)?//', body), "the page loads something from another host"


def test_static_files_are_gzipped_once_and_cached_for_good(workshop):
    body = page_html(workshop)
    urls = {name: re.search(rf'"([^"]*/static/{re.escape(name)}\?v=[0-9a-f]+)"', body).group(1) for name in MODULES}
    gzipped = 0
    for name, url in urls.items():
        status, headers, _ = request(workshop.participant_port, "GET", url, {"Accept-Encoding": "gzip"})
        assert status == 200, url
        assert headers.get("content-encoding") == "gzip", f"{name} was sent uncompressed"
        age = int(re.search(r"max-age=(\d+)", headers.get("cache-control", "")).group(1))
        assert age >= YEAR, f"{name} is cached for {age} s only"
        gzipped += int(headers["content-length"])
    assert gzipped <= BUDGET, f"the page's JavaScript grew to {gzipped} bytes gzipped"
    # What was sent is the file in the repository, whole.
    status, headers, _ = request(workshop.participant_port, "GET", urls["kernel.js"])
    assert status == 200 and "content-encoding" not in headers


def test_the_loading_line_gives_way_to_the_page(new_page, workshop):
    page = new_page(375, 667, is_mobile=True, has_touch=True)
    page.goto(workshop.join_url)
    expect(page.locator(".pw-app")).to_be_visible(timeout=20_000)
    expect(page.locator(".pw-loading, .pw-first-paint")).to_have_count(0)
    assert page.errors == []


def test_the_projector_screen_uses_the_lean_page_and_the_console_does_not(workshop):
    def page(notebook: str) -> str:
        path = f"/voila/render/{notebook}?token={workshop.token}"
        status, _, body = request(workshop.staff_port, "GET", path)
        assert status == 200, f"{notebook}: {status}"
        kernel = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', body, re.S).group(1))
        request(workshop.staff_port, "POST", f"/voila/api/shutdown/{kernel['kernelId']}?token={workshop.token}")
        return body

    assert "/voila/templates/workshop-phone/static/phone.js" in page("screen.ipynb")
    assert "/voila/static/voila.js" in page("facilitator.ipynb")  # the console keeps Voilà's front end
