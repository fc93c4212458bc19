"""The store: SQLAlchemy Core over SQLite (default) or PostgreSQL."""

from widgets.store.store import Conflict, NotFound, Store, StoreError

__all__ = ["Conflict", "NotFound", "Store", "StoreError"]
