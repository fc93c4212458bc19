"""What the browser-driven suites (e2e, faults, a11y) share: pages in their own contexts, and a
screenshot of every open page when a test fails."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page


def open_page(browser: Browser, contexts: list[BrowserContext], width: int, height: int, **options) -> Page:
    """A page in a context of its own (own localStorage = own participant), kept in `contexts` for
    closing; uncaught page errors are collected on `page.errors`."""
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    context.set_default_timeout(15_000)
    contexts.append(context)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    return page


def screenshots(contexts: list[BrowserContext], folder: Path, name: str) -> list[str]:
    """Save a full-page screenshot of every page still open; one line each for the report."""
    notes = []
    for i, context in enumerate(contexts):
        try:
            pages = list(context.pages)
        except Exception:  # a closed context
            pages = []
        for j, page in enumerate(pages):
            shot = folder / "failures" / f"{name}-{i}-{j}.png"
            try:
                page.screenshot(path=shot, full_page=True)
                notes.append(f"{page.url}: {shot}")
            except Exception as err:  # a crashed page must not hide the real failure
                notes.append(f"{page.url}: no screenshot ({err})")
    return notes
