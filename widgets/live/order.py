"""Each participant's own order of choices, so the best answer is not given away by its place.

In the written content the best choice tends to come first; shown that way, a participant can
guess it from where it sits. So each participant sees the options of a quiz question, and the
choices at each decision of a case, in an order of their own. The order is fixed for that person:
it comes from their pseudonymous participant id and the activity (and decision), never from a
random draw, so a reload shows the same order. Only what is shown moves: answers are stored by
option and choice id, and the console, projector and results keep the order written.

Polls whose order means something (scales, numbered estimates, a ranking's start) keep it: see
the content's `ordered` fields.
"""

from __future__ import annotations

import hashlib

from widgets.content.exercises import RankingPoll
from widgets.content.models import Activity, ChoicePoll
from widgets.content.scenario import Case, ScenarioActivity


def personal_order(ids: list[str], seed: str) -> list[str]:
    """`ids` in the order this seed gives them: each id ranked by a hash of (seed, id).

    A keyed hash sort, not `random.shuffle`: the same seed gives the same order on any machine
    and Python version, and the order does not depend on how the ids were listed.
    """

    def rank(item: str) -> bytes:
        return hashlib.sha256(f"{seed}\x1f{item}".encode()).digest()

    return sorted(ids, key=rank)


def _seed(participant_id: int, activity_id: int, *parts: str) -> str:
    return "\x1e".join(["order", str(participant_id), str(activity_id), *parts])


def for_participant(activity: Activity, participant_id: int, activity_id: int) -> Activity:
    """The activity as this participant is shown it: the same content, choices in their order.

    `activity_id` is the activity's id in the session (two runs of one plan differ). Anything
    whose order is kept is returned unchanged.
    """
    if isinstance(activity, ChoicePoll) and activity.shuffled:
        return activity.model_copy(update={"options": _arrange(activity.options, _seed(participant_id, activity_id))})
    if isinstance(activity, RankingPoll) and not activity.ordered:
        return activity.model_copy(update={"options": _arrange(activity.options, _seed(participant_id, activity_id))})
    if isinstance(activity, ScenarioActivity):
        return activity.model_copy(update={"case": case_for_participant(activity.case, participant_id, activity_id)})
    return activity


def case_for_participant(case: Case, participant_id: int, activity_id: int) -> Case:
    """The case with each decision's choices in this participant's order (seeded per decision)."""
    nodes = [
        node.model_copy(update={"choices": _arrange(node.choices, _seed(participant_id, activity_id, node.id))})
        if node.choices and not node.ordered
        else node
        for node in case.nodes
    ]
    return case.model_copy(update={"nodes": nodes})


def _arrange(items: list, seed: str) -> list:
    by_id = {item.id: item for item in items}
    return [by_id[i] for i in personal_order(list(by_id), seed)]
