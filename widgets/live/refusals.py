"""What a facilitator's action can be refused with: shared by the service and its parts."""


class ActionRefused(ValueError):
    """A facilitator action does not apply now (e.g. closing a poll that is not open)."""
