"""A self-paced learner's progress through the course: which parts they have started and finished,
and where "Continue" takes them. Counted from their answers in the standing self-paced sessions,
under the same browser key the modules use, so nothing else has to be stored."""

from __future__ import annotations

from dataclasses import dataclass

from widgets.content import Plan
from widgets.content.course import CoursePart
from widgets.live.service import LiveService

NOT_STARTED, IN_PROGRESS, DONE = "Not started", "In progress", "Done"


@dataclass(frozen=True)
class PartProgress:
    part: CoursePart
    answered: int  # of the part's activities, how many have an answer

    @property
    def total(self) -> int:
        return len(self.part.activities)

    @property
    def status(self) -> str:
        if self.answered == 0:
            return NOT_STARTED
        return DONE if self.answered >= self.total else IN_PROGRESS


def progress(parts: list[CoursePart], answered: set[tuple[str, str]]) -> list[PartProgress]:
    """`answered` holds (plan id, activity id) pairs, as the parts name their activities."""
    return [PartProgress(p, sum(a in answered for a in p.activities)) for p in parts]


def continue_to(parts: list[PartProgress]) -> PartProgress | None:
    """Where the learner left off: the furthest part they have touched if it is unfinished, else the
    next unfinished part after it, else the first unfinished one; None once everything is done."""
    unfinished = [p for p in parts if p.status != DONE]
    if not unfinished:
        return None
    touched = [i for i, p in enumerate(parts) if p.status != NOT_STARTED]
    furthest = touched[-1] if touched else 0
    later = [p for p in parts[furthest:] if p.status != DONE]
    return later[0] if later else unfinished[0]


def answered_activities(service: LiveService, plans: dict[str, Plan], browser_key: str) -> set[tuple[str, str]]:
    """The (plan id, activity id) pairs this browser has answered in the plans' self-paced sessions.
    Joining is what every module page does on opening too: the same learner, never a new one."""
    done: set[tuple[str, str]] = set()
    for plan_id, plan in plans.items():
        session = service.self_paced_session(plan)
        who = service.join(session["code"], browser_key)
        for state in service.view(session["id"]).activities:
            if service.my_answer(who, state.id) is not None:
                done.add((plan_id, state.activity.id))
    return done
