"""Check what a browser sent as an answer against the activity; every kernel call is public input."""

from __future__ import annotations

import unicodedata

from widgets.content.models import Activity, ChoicePoll, ScalePoll, TextPoll


class AnswerRefused(ValueError):
    """The answer cannot be accepted; the message is shown to the participant as it is."""


def _clean_text(value: str, keep_newlines: bool) -> str:
    """Drop control and format characters (except newlines in open text); keep what was typed."""
    allowed = {"\n"} if keep_newlines else set()
    text = "".join(
        ch if ch in allowed or unicodedata.category(ch)[0] != "C" else " " for ch in value.replace("\r\n", "\n")
    )
    return text.strip()


def validate_answer(activity: Activity, raw) -> object:
    """Return the answer as it will be stored, or raise AnswerRefused saying what is wrong."""
    if isinstance(activity, ChoicePoll):
        ids = [o.id for o in activity.options]
        if activity.kind == "single_choice":
            if not isinstance(raw, str) or raw not in ids:
                raise AnswerRefused("Please choose one of the answers.")
            return raw
        if not isinstance(raw, list | tuple) or not raw:
            raise AnswerRefused("Please choose at least one answer.")
        if any(not isinstance(r, str) or r not in ids for r in raw) or len(set(raw)) != len(raw):
            raise AnswerRefused("Please choose from the answers shown.")
        return [i for i in ids if i in raw]  # stored in the poll's order
    if isinstance(activity, ScalePoll):
        if isinstance(raw, bool) or not isinstance(raw, int) or not activity.min <= raw <= activity.max:
            raise AnswerRefused(f"Please choose a value from {activity.min} to {activity.max}.")
        return raw
    if isinstance(activity, TextPoll):
        if not isinstance(raw, str):
            raise AnswerRefused("Please type an answer.")
        if len(raw) > activity.limit * 2:  # refuse before doing any work on a huge string
            raise AnswerRefused(f"Please keep your answer to {activity.limit} characters.")
        text = _clean_text(raw, keep_newlines=activity.kind == "open_text")
        if not text:
            raise AnswerRefused("Please type an answer.")
        if len(text) > activity.limit:
            raise AnswerRefused(f"Please keep your answer to {activity.limit} characters.")
        return text
    raise AnswerRefused("This activity does not take answers.")
