"""Synthetic workshops, seeded, for trying the analyst view and benchmarking it: never real answers.

Each session runs a real plan through the live service: a join code, participants joining with
random browser keys (the store keeps only their hash), the awareness check, then every answer
checked by `validate_answer` and written in one transaction; the session is ended and moved back
to a weekday in the last nine months. Answers follow a small model of a room (`Person`): most
quiz answers right, typical confusions, scenario paths that mostly take the best route, and
confidence that grows unevenly: the harder outcomes move less (`OUTCOMES`), some people's does not
move or even falls, and it depends on who ran the session, which plan and when (`Facilitator`).
About one free-text answer in seven carries a planted personal detail (a titled name, a phone
number, an email, a postcode…); each session's result lists them, so a test can prove the PII
scrub removes every one.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from widgets.content import Plan, load_plan
from widgets.content.evaluation import EvaluationActivity
from widgets.content.exercises import RankingPoll, SortingActivity
from widgets.content.models import Activity, ChoicePoll, ScalePoll, TextPoll
from widgets.content.scenario import Case, ScenarioActivity
from widgets.live import demo_text as words
from widgets.live.answers import validate_answer
from widgets.live.service import AWARENESS, LiveService
from widgets.store import Store

DEMO_PLANS = ("workshop-60.yaml", "workshop-30.yaml")  # the first runs about three times as often
DAYS_BACK = 270  # about nine months
SMALL = (3, 7)  # a few sessions this small, so disclosure control has something to hide
SKIP = 0.04  # chance that a participant leaves an activity unanswered
PII_SHARE = 0.15  # share of free-text answers with a planted personal detail
KEY_ALPHABET = string.ascii_letters + string.digits + "-_"
# Per learning outcome of the evaluation: (confidence before, against the person's own; how much of
# their gain it gets). Describing a referral is easy to feel sure of; judging when one is suitable
# is the hardest, and a short course moves it least.
OUTCOMES = {"referral": (0.35, 1.15), "distinguish": (-0.3, 0.95), "gather": (0.05, 0.75), "suitable": (-0.45, 0.5)}
STEADY, FALLING = 0.1, 0.08  # shares of people whose confidence does not move, or falls ("I knew less than I thought")
SHORT_PLAN = 0.75  # the 30-minute plan moves confidence this much as the full one


@dataclass(frozen=True)
class Facilitator:
    """Who ran a session, and what that does to it: how much people's confidence grows (`lift`),
    how they rate it (`warmth`), and how often they run the 30-minute plan (`short`)."""

    name: str
    lift: float
    warmth: float
    short: float


FACILITATORS = (
    Facilitator("Anna", 0.3, 0.45, 0.1),
    Facilitator("Dev", 0.0, 0.0, 0.5),
    Facilitator("Rachel", -0.3, -0.55, 0.2),
    Facilitator("Tom", 0.1, 0.15, 0.8),
)


def demo_plans(folder: Path) -> list[Plan]:
    """The plans a demo runs, from a plans folder (scenarios/plans)."""
    return [load_plan(folder / name) for name in DEMO_PLANS]


def generate(
    store: Store, plans: list[Plan], sessions: int, participants: int, seed: int, today: date | None = None
) -> list[dict]:
    """Run `sessions` synthetic workshops of about `participants` people each; the same seed
    gives the same sessions, people and answers (join codes are always new). Returns one dict
    per session: id, code, plan, label, created_at, participants, activities (that take
    answers), responses, skipped (responses + skipped = participants × activities) and
    planted ([{activity, kind, value}]: personal details planted in free text)."""
    if sessions < 1 or participants < 1 or not plans:
        raise ValueError("a demo needs at least one plan, one session and one participant")
    rng = random.Random(seed)
    room = Room(rng)
    service = LiveService(store)
    days = _days(rng, sessions, today or datetime.now(UTC).date())
    small = set(rng.sample(range(sessions), max(1, round(sessions * 0.15)))) if sessions >= 3 else set()
    results = []
    for i, day in enumerate(days):
        host = rng.choice(FACILITATORS)
        plan = plans[0] if len(plans) == 1 or rng.random() >= host.short else rng.choice(plans[1:])
        size = rng.randint(*SMALL) if i in small else max(1, round(participants * rng.uniform(0.7, 1.3)))
        when = datetime.combine(day, time(rng.choice((9, 10, 13, 14)), rng.choice((0, 15, 30))), tzinfo=UTC)
        # Facilitators get better with practice: a session late in the nine months lands a little better.
        lift = host.lift + 0.3 * (i / max(1, sessions - 1)) - 0.15
        room.session = Session(lift, host.warmth, 1.0 if plan is plans[0] else SHORT_PLAN)
        label = f"{rng.choice(words.LABELS)} – {host.name}"
        results.append(_session(service, room, plan, label, size, when))
    return results


def _days(rng: random.Random, n: int, today: date) -> list[date]:
    """n weekdays in the last nine months, oldest first."""
    back = rng.sample(range(1, DAYS_BACK + 1), n) if n <= DAYS_BACK else rng.choices(range(1, DAYS_BACK + 1), k=n)
    days = [today - timedelta(days=offset) for offset in sorted(back, reverse=True)]
    weekday = {5: -1, 6: 1}  # Saturday moves to Friday, Sunday to Monday
    return [day + timedelta(days=weekday.get(day.weekday(), 0)) for day in days]


def _session(service: LiveService, room: Room, plan: Plan, label: str, size: int, when: datetime) -> dict:
    store, rng = service.store, room.rng
    session = service.create_session(plan, label=label)
    sid = session["id"]
    ids = {a["key"]: a["id"] for a in store.get_activities(sid)}
    answerable = [(i, a) for i, a in enumerate(plan.activities) if room.answers(a)]
    rows, planted, skipped = [], [], 0
    for _ in range(size):
        who = service.join(session["code"], "".join(rng.choice(KEY_ALPHABET) for _ in range(32)))
        if plan.awareness_check:
            service.record_awareness(who, rng.choices(list(AWARENESS), (60, 25, 15))[0])
        person = Person.draw(rng, room.session)
        for position, activity in answerable:
            if rng.random() < SKIP:
                skipped += 1
                continue
            raw, pii = room.answer(activity, person, later=position >= len(plan.activities) / 2)
            rows.append((ids[activity.id], who.participant_id, validate_answer(activity, raw)))
            if pii:
                planted.append({"activity": activity.id, **pii})
    store.add_responses(sid, rows)
    service.end_session(sid)
    store.set_session_created(sid, when)
    return {
        "id": sid,
        "code": session["code"],
        "plan": plan.id,
        "label": label,
        "created_at": when,
        "participants": size,
        "activities": len(answerable),
        "responses": len(rows),
        "skipped": skipped,
        "planted": planted,
    }


def _clamp(x: float, low: float, high: float) -> float:
    return min(high, max(low, x))


@dataclass(frozen=True)
class Session:
    """What one session adds to everyone in it: its facilitator's lift and warmth, its plan's reach."""

    lift: float = 0.0
    warmth: float = 0.0
    reach: float = 1.0


@dataclass(frozen=True)
class Person:
    """One synthetic participant: confidence (1 to 5) before the course, how much it grows (0 for
    some, below 0 for a few), how much likelier than most they are to pick a right answer, and how
    they rate the session."""

    confidence: float
    gain: float
    skill: float
    mood: float = 0.0

    @classmethod
    def draw(cls, rng: random.Random, session: Session | None = None) -> Person:
        session = session or Session()
        kind = rng.random()
        if kind < STEADY:
            gain = 0.0
        elif kind < STEADY + FALLING:
            gain = -abs(rng.gauss(0.7, 0.3))
        else:
            gain = max(0.1, rng.gauss(1.0, 0.45) + session.lift) * session.reach
        mood = session.warmth + 0.45 * (gain - 0.8) + rng.gauss(0, 0.7)
        return cls(_clamp(rng.gauss(2.7, 0.8), 1, 5), gain, rng.gauss(0, 0.08), mood)


class Room:
    """Answers as a browser would send them. What is tempting or hard about an activity is fixed
    by its ids, not the seed, so every demo shows the same typical confusions."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.session = Session()  # the session being answered now
        self._traits: dict[tuple, list[float]] = {}
        self._best: dict[str, dict[str, str]] = {}

    def traits(self, *name: str, n: int = 1, low: float = 0.0, high: float = 1.0) -> list[float]:
        key = (*name, n, low, high)
        if key not in self._traits:
            fixed = random.Random("/".join(name))
            self._traits[key] = [fixed.uniform(low, high) for _ in range(n)]
        return self._traits[key]

    @staticmethod
    def answers(activity: Activity) -> bool:
        kinds = (ChoicePoll, ScalePoll, TextPoll, SortingActivity, RankingPoll, ScenarioActivity, EvaluationActivity)
        if isinstance(activity, ScenarioActivity):  # a case told without a decision has no path to store
            node = activity.case.node(activity.case.start)
            while node.next is not None:
                node = activity.case.node(node.next)
            return bool(node.choices)
        return isinstance(activity, kinds)

    def answer(self, activity: Activity, person: Person, later: bool) -> tuple[object, dict | None]:
        """A raw answer, and the personal detail planted in it (or None)."""
        if isinstance(activity, ChoicePoll):
            return self._choice(activity, person), None
        if isinstance(activity, ScalePoll):
            level = person.confidence + (person.gain if later else 0) + self.rng.gauss(0, 0.35)
            return round(activity.min + (_clamp(level, 1, 5) - 1) / 4 * (activity.max - activity.min)), None
        if isinstance(activity, TextPoll):
            return self._text(activity)
        if isinstance(activity, SortingActivity):
            return self._sorting(activity, person), None
        if isinstance(activity, RankingPoll):
            bias = self.traits(activity.id, n=len(activity.options), low=-0.5, high=0.5)
            order = sorted(range(len(activity.options)), key=lambda i: i + bias[i] + self.rng.gauss(0, 1.0))
            return [activity.options[i].id for i in order], None
        if isinstance(activity, ScenarioActivity):
            return self._walk(activity.case, person), None
        return self._evaluation(activity, person)

    def _choice(self, poll: ChoicePoll, person: Person):
        rng, ids = self.rng, [o.id for o in poll.options]
        pull = dict(zip(ids, self.traits(poll.id, n=len(ids), low=0.2, high=1.0), strict=True))
        ease = self.traits(poll.id, "ease", low=0.55, high=0.9)[0] + person.skill
        if poll.kind == "single_choice":
            if not poll.correct:
                return rng.choices(ids, [pull[i] for i in ids])[0]
            right = poll.correct[0]
            if rng.random() < ease:
                return right
            wrong = [i for i in ids if i != right]  # the nearer an estimate, the likelier the slip
            return rng.choices(wrong, [pull[i] / (1 + abs(ids.index(i) - ids.index(right))) for i in wrong])[0]
        if poll.correct:
            chosen = [i for i in ids if rng.random() < (ease + 0.1 if i in poll.correct else pull[i] * 0.22)]
        else:
            chosen = [i for i in ids if rng.random() < pull[i] * 0.7]
        return chosen or [poll.correct[0] if poll.correct else max(ids, key=pull.get)]

    def _text(self, poll: TextPoll) -> tuple[str, dict | None]:
        rng = self.rng
        if poll.kind == "short_text":
            vocabulary = {w: n for w, n in words.REFERRAL_WORDS.items() if len(w) <= poll.limit}
            return rng.choices(list(vocabulary), list(vocabulary.values()))[0], None
        return self._free(rng.choice(words.QUESTIONS), poll.limit)

    def _free(self, text: str, limit: int) -> tuple[str, dict | None]:
        if self.rng.random() < PII_SHARE:
            planted, pii = words.with_pii(text, self.rng)
            if len(planted) <= limit:
                return planted, pii
        return text[:limit], None

    def _sorting(self, activity: SortingActivity, person: Person) -> dict:
        raw = {}
        for s in activity.statements:
            others = [c.id for c in activity.categories if c.id != s.answer]
            ease = self.traits(activity.id, s.id, low=0.6, high=0.92)[0] + person.skill
            pull = self.traits(activity.id, s.id, "pull", n=len(others), low=0.2, high=1.0)
            raw[s.id] = s.answer if self.rng.random() < ease else self.rng.choices(others, pull)[0]
        return raw

    def _walk(self, case: Case, person: Person) -> list[list[str]]:
        """Through the case from its start: the best choice at most decisions, a few stop early."""
        if case.id not in self._best:
            self._best[case.id] = best_choices(case)
        best, rng = self._best[case.id], self.rng
        node, path = case.node(case.start), []
        while len(path) < len(case.nodes):
            while node.next is not None:
                node = case.node(node.next)
            if node.is_end:
                break
            pick = best[node.id]
            if rng.random() > 0.72 + 2 * person.skill:
                pick = rng.choice([c.id for c in node.choices if c.id != pick])
            path.append([node.id, pick])
            node = case.node(next(c.next for c in node.choices if c.id == pick))
        if len(path) > 1 and rng.random() < 0.03:  # ran out of time
            path = path[: rng.randint(1, len(path) - 1)]
        return path

    def _evaluation(self, form: EvaluationActivity, person: Person) -> tuple[dict, dict | None]:
        rng = self.rng
        before, after = {}, {}
        for o in form.outcomes:
            shift, share = OUTCOMES.get(o.id, (0.0, 0.8))
            level = _clamp(person.confidence + shift + rng.gauss(0, 0.5), 1, 5)
            before[o.id] = round(level)
            # No gain, no change: the same answer twice. Otherwise the outcome's share of it, give or take.
            moved = person.gain * share + rng.gauss(0, 0.4) if person.gain else 0.0
            after[o.id] = round(_clamp(level + moved, 1, 5)) if moved else before[o.id]
        rating = None
        if form.rating and rng.random() > 0.05:  # a few leave it out
            rating = round(_clamp(3.9 + person.mood, 1, 5))
        intentions, pii = "", None
        if form.intentions and rng.random() < 0.75:
            said = rng.sample(words.INTENTIONS, 2 if rng.random() < 0.3 else 1)  # some write two things
            intentions, pii = self._free(" ".join(said), 1000)
        return {"before": before, "after": after, "rating": rating, "intentions": intentions}, pii


def best_choices(case: Case) -> dict[str, str]:
    """At each decision, the choice the author marked `best`; failing that, the one that starts the
    best route: it ends in the case's best outcome, checks on the way (passes an information step)
    if it can, and takes the fewest decisions; a tie goes to the choice listed first."""
    by_id = {n.id: n for n in case.nodes}

    def value(node_id: str, seen: frozenset) -> tuple[bool, bool, int]:
        node = by_id[node_id]
        if node.is_end:
            return node.outcome == case.best_outcome, False, 0
        if node_id in seen:  # a loop is never the best route
            return False, False, -len(by_id)
        if node.next is not None:
            reached, _, steps = value(node.next, seen | {node_id})
            return reached, True, steps
        return max(through(c.next, seen | {node_id}) for c in node.choices)

    def through(target: str, seen: frozenset) -> tuple[bool, bool, int]:
        reached, informed, steps = value(target, seen)
        return reached, informed, steps - 1

    best = {}
    for node in case.nodes:
        marked = [c.id for c in node.choices if c.best]
        if marked:  # the author's word comes first; the graph is only the fallback
            best[node.id] = marked[0]
        elif node.choices:
            scores = [through(c.next, frozenset({node.id})) for c in node.choices]
            best[node.id] = node.choices[scores.index(max(scores))].id
    return best
