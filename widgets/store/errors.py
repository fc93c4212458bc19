"""The store's domain errors: what callers catch instead of driver errors."""


class StoreError(Exception):
    """The store could not do what was asked (database unreachable, locked too long, …)."""


class NotFound(StoreError):
    """No such session, activity or participant."""


class Conflict(StoreError):
    """The change clashes with what is stored (e.g. a join code already in use)."""
