"""Course content: strict pydantic models for activities and plans, loaded from YAML."""

from widgets.content.loader import ContentError, Problem, check_paths, load_case, load_local, load_plan
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
