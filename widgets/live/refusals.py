"""What the service can be refused with, shared by the service and its parts: a refusal the page
explains, or a store that did not answer. Pages catch these, never the store's own errors."""

from __future__ import annotations

import functools
import inspect

from widgets.store import StoreError


class ActionRefused(ValueError):
    """A facilitator action does not apply now (e.g. closing a poll that is not open)."""


class Unavailable(Exception):
    """The store did not answer (unreachable, locked too long, gone): the person may try again."""


def _translated(method):
    @functools.wraps(method)
    def call(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except StoreError as err:
            raise Unavailable(str(err)) from err

    return call


def store_errors_as_unavailable(cls: type) -> type:
    """Every public method of `cls` (inherited ones included) raises `Unavailable` where the store
    raised a StoreError its code did not handle, so the layers above need not know the store."""
    for name in dir(cls):
        attr = inspect.getattr_static(cls, name)
        if not name.startswith("_") and inspect.isfunction(attr):
            setattr(cls, name, _translated(attr))
    return cls
