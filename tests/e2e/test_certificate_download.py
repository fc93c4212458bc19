"""The end of a workshop in a real browser: the certificate downloads with the typed name, and the
name is nowhere in the store or the server logs; the facilitator sees only the count."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from widgets.live import LiveService
from widgets.store import Store

pytestmark = pytest.mark.e2e
NAME = "Zebedee Quartermaine-Testperson"


def test_certificate_downloads_and_the_name_stays_in_the_browser(own_workshop, new_page, tmp_path):
    ws = own_workshop
    page = new_page(375, 667)
    page.goto(ws.join_url)
    expect(page.get_by_text("Activity 1 of 6")).to_be_visible(timeout=30_000)
    with Store(ws.db_url) as store:
        service = LiveService(store)
        service.end_session(service.staff_session()["id"])

    expect(page.get_by_text("This workshop has ended.")).to_be_visible()
    expect(page.get_by_role("heading", name="Where to get help")).to_be_visible()
    page.get_by_role("button", name="Download certificate").click()
    expect(page.get_by_text("Please type your name first.")).to_be_visible()
    page.get_by_label("Your name").fill(NAME)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download certificate").click()
    saved = tmp_path / "certificate.html"
    download.value.save_as(saved)
    text = saved.read_text()
    assert NAME in text and "Certificate of completion" in text and "Tell apart assumption" in text

    with Store(ws.db_url) as store:
        session = store.latest_running_session() or {}
        ended = store.get_session_by_code(ws.code)
        assert not session and ended["status"] == "ended"
        # The facilitator's count arrives (a message from the page to its kernel): wait for it.
        expect(page.get_by_text("Downloaded.")).to_be_visible()
        for _ in range(100):
            if LiveService(store).certificates(ended["id"]) == 1:
                break
            page.wait_for_timeout(50)
        assert LiveService(store).certificates(ended["id"]) == 1

    database = Path(re.sub(r"^sqlite:///", "", ws.db_url))
    for f in [database, *database.parent.glob(database.name + "-*"), *ws.log_dir.glob("*.log")]:
        assert NAME.encode() not in f.read_bytes(), f"the name was found in {f}"
