"""Per-activity summaries of the decoded answers, with disclosure control applied."""

from __future__ import annotations

import bisect
import itertools
import random
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from widgets.analysis.disclosure import Rule, protect_counts, protect_share
from widgets.analysis.pii import text_answers, word_counts
from widgets.analysis.reading import Answers
from widgets.content.evaluation import EvaluationActivity
from widgets.content.exercises import RankingPoll, SortingActivity
from widgets.content.models import Activity, ChoicePoll, ScalePoll, TextPoll
from widgets.content.scenario import OUTCOME_LABELS, ScenarioActivity

# -- free text: scrubbing is the slow part, so it works on a bounded random sample ---------------
WORDS_FROM = 2000  # answers a word chart counts: all up to this many, else a random sample (±2%)
TEXTS_SHOWN = 200  # answers listed


def sample_texts(pairs: list[tuple[str, int]], limit: int = WORDS_FROM) -> pd.Series:
    """Up to `limit` answers drawn at random (seeded, so a page shows the same each time) from
    (text, how many gave it) pairs, in random order: its first TEXTS_SHOWN are a fair listing too."""
    pairs = sorted(pairs)  # the database's order can change between reads; the sample must not
    total = sum(n for _, n in pairs)
    rng = random.Random(0)
    if total <= limit:
        picked = [text for text, n in pairs for _ in range(n)]
    else:
        ends = list(itertools.accumulate(n for _, n in pairs))
        picked = [pairs[bisect.bisect_right(ends, i)][0] for i in rng.sample(range(total), limit)]
    rng.shuffle(picked)
    return pd.Series(picked, dtype="object")


@dataclass(frozen=True)
class Table:
    """A published table: `frame` is already protected (NA = suppressed); `unit` says what the
    numbers are (people, %, average)."""

    caption: str
    frame: pd.DataFrame
    unit: str = "people"


@dataclass(frozen=True)
class Summary:
    plan: str
    key: str
    kind: str
    title: str
    prompt: str
    people: int | None  # protected: None when suppressed
    tables: list[Table] = field(default_factory=list)
    mean: float | None = None
    words: pd.DataFrame | None = None
    texts: list[str] = field(default_factory=list)


def _counts_table(caption: str, labels: list[str], counts: Counter, rule: Rule, totals: bool) -> Table:
    frame = pd.DataFrame({"People": [counts.get(label, 0) for label in labels]}, index=labels)
    return Table(caption, row_totals(protect_counts(frame, rule, totals=totals)))


def row_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep the Total row, drop the Total column: across answers or outcomes it would add up the
    same people more than once. (Publishing less never undoes suppression.)"""
    return frame.drop(columns="Total", errors="ignore")


def summarise(data: Answers, rule: Rule) -> list[Summary]:
    """One summary per activity that has answers, in plan order."""
    out = []
    for (plan, key), activity in data.activities.items():
        rows = data.counts.get((plan, key))
        if rows is None or isinstance(activity, EvaluationActivity):
            continue
        out.append(summarise_activity(plan, activity, rows, rule))
    return out


def published(n: int, rule: Rule) -> int | None:
    """A head count as published: rounded, or None when it is too small to show."""
    cell = protect_counts(pd.DataFrame({"n": [n]}), rule, totals=False).iloc[0, 0]
    return None if pd.isna(cell) else int(cell)


def mean_of(pairs, rule: Rule) -> float | None:
    """Mean of (value, how many) pairs, hidden when fewer than k people gave them."""
    n = sum(count for _, count in pairs)
    return round(sum(v * count for v, count in pairs) / n, 2) if n >= rule.k else None


def summarise_activity(plan: str, activity: Activity, answers: list[tuple[object, int]], rule: Rule) -> Summary:
    """Aggregate one activity's distinct answers (value, how many) into protected tables."""
    people = sum(n for _, n in answers)
    base = {"plan": plan, "key": activity.id, "kind": activity.kind, "title": activity.title, "prompt": activity.prompt}
    shown = published(people, rule)
    if isinstance(activity, ChoicePoll):
        counts: Counter = Counter()
        for value, n in answers:
            for option in value if isinstance(value, list) else [value]:
                counts[option] += n
        labels = [o.label for o in activity.options]
        by_label = Counter(
            {activity.option_label(i): n for i, n in counts.items() if i in {o.id for o in activity.options}}
        )
        single = activity.kind == "single_choice"
        caption = "People choosing each answer" + ("" if single else " (several could be chosen)")
        return Summary(**base, people=shown, tables=[_counts_table(caption, labels, by_label, rule, totals=single)])
    if isinstance(activity, ScalePoll):
        scale = range(activity.min, activity.max + 1)
        ends = {activity.min: activity.min_label, activity.max: activity.max_label}
        labels = [f"{v} – {ends[v]}" if v in ends else str(v) for v in scale]
        counts = Counter({labels[v - activity.min]: n for v, n in answers if isinstance(v, int) and v in scale})
        table = _counts_table("People choosing each point of the scale", labels, counts, rule, totals=True)
        mean = mean_of([(v, n) for v, n in answers if isinstance(v, int) and v in scale], rule)
        return Summary(**base, people=shown, tables=[table], mean=mean)
    if isinstance(activity, TextPoll):
        texts = sample_texts([(v, n) for v, n in answers if isinstance(v, str)])
        return Summary(
            **base, people=shown, words=word_counts(texts, rule), texts=text_answers(texts[:TEXTS_SHOWN], rule)
        )
    if isinstance(activity, SortingActivity):
        right: Counter = Counter()
        for value, n in answers:
            for s in activity.statements:
                right[s.id] += n * (isinstance(value, dict) and value.get(s.id) == s.answer)
        shares = [protect_share(right[s.id], people, rule) for s in activity.statements]
        shares = [None if v is None else round(100 * v) for v in shares]
        frame = pd.DataFrame({"Sorted correctly (%)": shares}, index=[s.text for s in activity.statements])
        return Summary(**base, people=shown, tables=[Table("Share who sorted each statement correctly", frame, "%")])
    if isinstance(activity, RankingPoll):
        places: dict[str, list[tuple[int, int]]] = {o.id: [] for o in activity.options}
        for value, n in answers:
            for place, option in enumerate(value if isinstance(value, list) else [], start=1):
                if option in places:
                    places[option].append((place, n))
        means = [mean_of(places[o.id], rule) for o in activity.options]
        frame = pd.DataFrame({"Average position": means}, index=[o.label for o in activity.options])
        frame = frame.sort_values("Average position", na_position="last")
        return Summary(**base, people=shown, tables=[Table("The group's order (1 = first)", frame, "average")])
    if isinstance(activity, ScenarioActivity):
        return Summary(**base, people=shown, tables=_scenario_tables(activity, answers, rule))
    return Summary(**base, people=shown)


def _scenario_tables(activity: ScenarioActivity, answers: list[tuple[object, int]], rule: Rule) -> list[Table]:
    """How people split at each decision, and where their paths ended."""
    case = activity.case
    taken: dict[str, Counter] = {}
    ends: Counter = Counter()
    for path, n in answers:
        if not isinstance(path, list) or not path:
            continue
        for node_id, choice_id in path:
            taken.setdefault(node_id, Counter())[choice_id] += n
        if outcome := case.outcome_of(path):
            ends[OUTCOME_LABELS[outcome]] += n
    tables = []
    for node in case.nodes:
        if node.id in taken:
            labels = [c.label for c in node.choices]
            counts = Counter({c.label: taken[node.id][c.id] for c in node.choices})
            tables.append(_counts_table(node.text, labels, counts, rule, totals=True))
    if ends:
        labels = list(OUTCOME_LABELS.values())
        tables.append(_counts_table("Where people ended up", labels, ends, rule, totals=True))
    return tables
