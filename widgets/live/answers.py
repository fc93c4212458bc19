"""Check what a browser sent as an answer against the activity; every kernel call is public input."""

from __future__ import annotations

import unicodedata

from widgets.content.evaluation import CONFIDENCE, PHASES, SATISFACTION, EvaluationActivity
from widgets.content.exercises import RankingPoll, SortingActivity
from widgets.content.models import Activity, ChoicePoll, ScalePoll, TextPoll
from widgets.content.scenario import Case, ScenarioActivity


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
    if isinstance(activity, SortingActivity):
        return _sorting(activity, raw)
    if isinstance(activity, RankingPoll):
        ids = [o.id for o in activity.options]
        if not isinstance(raw, list | tuple) or not all(isinstance(r, str) for r in raw) or sorted(raw) != sorted(ids):
            raise AnswerRefused("Please put every option in order.")
        return list(raw)
    if isinstance(activity, ScenarioActivity):
        return scenario_path(activity.case, raw)
    if isinstance(activity, EvaluationActivity):
        return _evaluation(activity, raw)
    raise AnswerRefused("This activity does not take answers.")


def _sorting(activity: SortingActivity, raw) -> dict:
    categories = {c.id for c in activity.categories}
    statements = [s.id for s in activity.statements]
    if not isinstance(raw, dict) or any(not isinstance(k, str) or k not in statements for k in raw):
        raise AnswerRefused("Please sort the statements shown.")
    if any(not isinstance(v, str) or v not in categories for v in raw.values()):
        raise AnswerRefused("Please choose one of the categories for each statement.")
    if len(raw) != len(statements):
        raise AnswerRefused("Please choose a category for every statement.")
    return {s: raw[s] for s in statements}  # stored in the exercise's order


def scenario_path(case: Case, raw) -> list[list[str]]:
    """A path is the decisions taken so far, [[node, choice], …]; it must follow the case from its
    start (information steps are passed through), so a forged path cannot invent a route."""
    if not isinstance(raw, list | tuple) or not raw or len(raw) > len(case.nodes):
        raise AnswerRefused("Please choose what you would do.")
    node = case.node(case.start)
    path = []
    for step in raw:
        while node.next is not None:  # information steps lead on by themselves
            node = case.node(node.next)
        if (
            node.is_end
            or not isinstance(step, list | tuple)
            or len(step) != 2
            or step[0] != node.id
            or step[1] not in {c.id for c in node.choices}
        ):
            raise AnswerRefused("That step is not part of this case. Please reload the page.")
        path.append([node.id, step[1]])
        node = case.node(next(c.next for c in node.choices if c.id == step[1]))
    return path


def _rating(raw, scale: dict[int, str]) -> bool:
    return not isinstance(raw, bool) and isinstance(raw, int) and raw in scale


def _evaluation(activity: EvaluationActivity, raw) -> dict:
    """{"before": {outcome: 1-5}, "after": {…}, "rating": 1-5 or None, "intentions": text}: every
    outcome needs both answers, or before and after could not be paired."""
    if not isinstance(raw, dict) or set(raw) - {*PHASES, "rating", "intentions"}:
        raise AnswerRefused("Please fill in the evaluation form.")
    ids = [o.id for o in activity.outcomes]
    value: dict = {}
    for phase, label in PHASES.items():
        answers = raw.get(phase)
        if not isinstance(answers, dict) or set(answers) - set(ids):
            raise AnswerRefused("Please fill in the evaluation form.")
        if any(not _rating(answers.get(i), CONFIDENCE) for i in ids):
            raise AnswerRefused(f"Please choose how confident you are for every statement under '{label}'.")
        value[phase] = {i: answers[i] for i in ids}
    rating = raw.get("rating")
    if rating is not None and not (activity.rating and _rating(rating, SATISFACTION)):
        raise AnswerRefused("Please rate the session from 1 to 5.")
    value["rating"] = rating
    intentions = raw.get("intentions", "")
    if not isinstance(intentions, str) or len(intentions) > 2000:
        raise AnswerRefused("Please keep your answer to 1000 characters.")
    intentions = _clean_text(intentions, keep_newlines=True) if activity.intentions else ""
    if len(intentions) > 1000:
        raise AnswerRefused("Please keep your answer to 1000 characters.")
    value["intentions"] = intentions
    return value
