"""Replacing what a box shows, and closing what it no longer shows.

A page that redraws sets new children, but ipywidgets keeps every widget ever made (and each one's
layout and style, widgets of their own) open in the kernel and in the browser until it is closed. A
phone's page redraws on every step of the workshop: without closing, a kernel and its page gained
about ten widget models per step, for as long as the workshop ran.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import ipywidgets as w


def swap(box: w.Box, children: Sequence[w.Widget], keep: Sequence[w.Widget] = ()) -> None:
    """Show `children` in `box`, then close every widget of the old ones that neither the new ones
    nor `keep` (widgets the caller shows again later) use."""
    old = box.children
    box.children = children  # the page stops showing them first, then hears they are gone
    kept = {id(widget) for widget in _tree([*children, *keep])}
    for widget in list(_tree(old)):
        if id(widget) not in kept:
            widget.close()


def _tree(roots: Sequence[w.Widget]) -> Iterator[w.Widget]:
    """Each open widget that `roots` own, once: themselves, their children, and each one's layout and
    style. Other references (a form's `announcer`, the page's status line) are not owned: not followed."""
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        widget = stack.pop()
        if id(widget) in seen or widget.comm is None:
            continue
        seen.add(id(widget))
        yield widget
        owned = [getattr(widget, "layout", None), getattr(widget, "style", None), *getattr(widget, "children", ())]
        stack.extend(item for item in owned if isinstance(item, w.Widget))
