"""Course content: strict pydantic models for activities and plans, loaded from YAML.

The loader (and PyYAML) is imported on first use: a phone's kernel gets its activities from the
store, never from a file, and pays for each module it imports once per phone."""

from widgets.content.models import (
    Activity,
    ChoicePoll,
    Option,
    Plan,
    ScalePoll,
    TextPoll,
)

__all__ = [
    "Activity",
    "ChoicePoll",
    "ContentError",
    "Option",
    "Plan",
    "Problem",
    "ScalePoll",
    "TextPoll",
    "check_paths",
    "load_case",
    "load_local",
    "load_plan",
]

_LOADER = {"ContentError", "Problem", "check_paths", "load_case", "load_local", "load_plan"}


def __getattr__(name: str):
    if name in _LOADER:
        from widgets.content import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
