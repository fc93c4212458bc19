"""Live sessions: state machine, join codes, answer checks, tallies and the change feed."""

from widgets.live.answers import AnswerRefused, validate_answer
from widgets.live.codes import display_code, normalise_code
from widgets.live.feed import ChangeFeed
from widgets.live.refusals import Unavailable
from widgets.live.results import Results, tally
from widgets.live.service import (
    AWARENESS,
    ActionRefused,
    ActivityState,
    JoinRefused,
    LiveService,
    Participant,
    SessionView,
)

__all__ = [
    "AWARENESS",
    "ActionRefused",
    "ActivityState",
    "AnswerRefused",
    "ChangeFeed",
    "JoinRefused",
    "LiveService",
    "Participant",
    "Results",
    "SessionView",
    "Unavailable",
    "display_code",
    "normalise_code",
    "tally",
    "validate_answer",
]
