"""The store: SQLAlchemy Core over SQLite (default) or PostgreSQL.

`Store` is imported on first use: its errors and the live layer's rules are needed in a phone's
kernel, which reaches the store through its server (remote.py) and never loads SQLAlchemy (11 MiB
of every phone's kernel)."""

from widgets.store.errors import Conflict, NotFound, StoreError

__all__ = ["Conflict", "NotFound", "Store", "StoreError"]


def __getattr__(name: str):
    if name == "Store":
        from widgets.store.store import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
