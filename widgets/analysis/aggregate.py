"""From the store's grouped answers to per-activity summaries, with disclosure control applied.

The database does the heavy grouping (`Store.answer_totals`): what arrives here is one row per
distinct answer with how many gave it, so a million responses are tens of thousands of rows."""

from __future__ import annotations

import bisect
import gc
import itertools
import json
import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

import orjson
import pandas as pd

from widgets.analysis.disclosure import Rule, protect_counts, protect_share
from widgets.analysis.pii import text_answers, word_counts
from widgets.content.evaluation import CONFIDENCE, SATISFACTION, EvaluationActivity
from widgets.content.exercises import RankingPoll, SortingActivity
from widgets.content.models import Activity, ChoicePoll, ScalePoll, TextPoll, activity_adapter
from widgets.content.scenario import OUTCOME_LABELS, ScenarioActivity

SELF_PACED = "self-paced:"  # the live layer's prefix for a course's standing session
CHANGE = ("Went up", "Stayed the same", "Went down")


# -- choosing sessions ------------------------------------------------------------------------
@dataclass(frozen=True)
class Filters:
    """Which sessions to look at; an empty tuple means all."""

    start: date | None = None
    end: date | None = None
    plans: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()


def sessions_frame(records: list[dict]) -> pd.DataFrame:
    """One row per session: what an analyst filters on (no join code, nothing about people)."""
    rows = []
    for r in records:
        options = r.get("options") or {}
        rows.append(
            {
                "session": r["id"],
                "date": pd.Timestamp(r["created_at"]).date(),
                "plan": r["plan_id"].removeprefix(SELF_PACED),
                "mode": "self-paced" if r["plan_id"].startswith(SELF_PACED) else "live",
                "title": r["title"],
                "status": r["status"],
                "organisation": options.get("organisation", ""),
                "label": options.get("label", ""),
                "area": options.get("local", ""),
                "participants": r["participants"],
            }
        )
    columns = ["session", "date", "plan", "mode", "title", "status", "organisation", "label", "area", "participants"]
    return pd.DataFrame(rows, columns=columns)


def choose(sessions: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    keep = pd.Series(True, index=sessions.index)
    if filters.start:
        keep &= sessions["date"] >= filters.start
    if filters.end:
        keep &= sessions["date"] <= filters.end
    for column, wanted in (("plan", filters.plans), ("label", filters.labels), ("area", filters.areas)):
        if wanted:
            keep &= sessions[column].isin(wanted)
    return sessions[keep]


# -- answers ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Answers:
    """Distinct answers per activity, and each activity's definition (from its newest session)."""

    counts: dict[tuple[str, str], list[tuple[object, int]]]  # (plan, key) -> [(answer decoded, people)]
    activities: dict[tuple[str, str], Activity]  # (plan, key) -> activity, in plan order


def newest_activities(sessions: pd.DataFrame, activity_records: list[dict]) -> dict[tuple[str, str], int]:
    """(plan, key) -> the id of that activity in its newest session: the version whose wording the
    analyst sees (a plan edited between sessions keeps its ids)."""
    plan_of = dict(zip(sessions["session"], sessions["plan"], strict=True))
    newest: dict[tuple[str, str], tuple[int, int, int]] = {}
    for a in activity_records:
        key = (plan_of[a["session_id"]], a["key"])
        if key not in newest or a["session_id"] > newest[key][0]:
            newest[key] = (a["session_id"], a["position"], a["id"])
    ordered = sorted(newest.items(), key=lambda kv: (kv[0][0], kv[1][1]))
    return {key: activity_id for key, (_, _, activity_id) in ordered}


def _decode(text: str) -> object:
    """orjson takes a third of json's time over 50,000 evaluation forms; what it refuses (NaN,
    which the standard library writes for a float that is not a number) json still reads."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def answers(
    sessions: pd.DataFrame,
    activity_records: list[dict],
    specs: dict[int, dict],
    totals: list[tuple[str, str, str, int]],
) -> Answers:
    """Decode each distinct answer once (`totals` from Store.answer_totals), with a course's
    standing session counted under its plan. `specs` holds (at least) the newest version of each
    activity."""
    merged: dict[tuple[str, str, str], int] = {}
    for plan_id, key, text, n in totals:
        k = (plan_id.removeprefix(SELF_PACED), key, text)
        merged[k] = merged.get(k, 0) + n
    by_key: dict[tuple[str, str], list[tuple[object, int]]] = {}
    for (plan, key, text), n in merged.items():
        by_key.setdefault((plan, key), []).append((_decode(text), n))
    newest = newest_activities(sessions, activity_records)
    activities = {key: activity_adapter.validate_python(specs[activity_id]) for key, activity_id in newest.items()}
    return Answers(by_key, activities)


@contextmanager
def bulk() -> Iterator[None]:
    """Python's cycle collector paused while a million rows become objects. None of them form
    cycles, yet its passes over them took ~15 % of the aggregation; it runs again after."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def read(store, sessions: pd.DataFrame) -> Answers:
    """Everything the analysis needs about the chosen sessions, in four queries (`store` is a
    widgets.store.Store; passed in, so this module stays free of the database)."""
    ids = [int(i) for i in sessions["session"]]
    records = store.activity_records(ids)
    specs = store.activity_specs(list(newest_activities(sessions, records).values()))
    return answers(sessions, records, specs, without_hidden(store.answer_totals(ids), store.hidden_totals(ids)))


def without_hidden(totals: list[tuple[str, str, str, int]], hidden: list[tuple[str, str, str, int]]) -> list:
    """The totals less the answers a facilitator hid (both as Store.answer_totals gives them): a
    hidden answer is in no chart, list or count."""
    if not hidden:
        return totals
    off: dict[tuple[str, str, str], int] = {}
    for plan, key, text, n in hidden:
        off[(plan, key, text)] = off.get((plan, key, text), 0) + n
    kept = [(plan, key, text, n - off.get((plan, key, text), 0)) for plan, key, text, n in totals]
    return [row for row in kept if row[3] > 0]


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


# -- summaries --------------------------------------------------------------------------------
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
    return Table(caption, _row_totals(protect_counts(frame, rule, totals=totals)))


def _row_totals(frame: pd.DataFrame) -> pd.DataFrame:
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


def _shown(n: int, rule: Rule) -> int | None:
    """A head count as published: rounded, or None when it is too small to show."""
    cell = protect_counts(pd.DataFrame({"n": [n]}), rule, totals=False).iloc[0, 0]
    return None if pd.isna(cell) else int(cell)


def _mean(pairs, rule: Rule) -> float | None:
    """Mean of (value, how many) pairs, hidden when fewer than k people gave them."""
    n = sum(count for _, count in pairs)
    return round(sum(v * count for v, count in pairs) / n, 2) if n >= rule.k else None


def summarise_activity(plan: str, activity: Activity, answers: list[tuple[object, int]], rule: Rule) -> Summary:
    """Aggregate one activity's distinct answers (value, how many) into protected tables."""
    people = sum(n for _, n in answers)
    base = {"plan": plan, "key": activity.id, "kind": activity.kind, "title": activity.title, "prompt": activity.prompt}
    shown = _shown(people, rule)
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
        mean = _mean([(v, n) for v, n in answers if isinstance(v, int) and v in scale], rule)
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
        means = [_mean(places[o.id], rule) for o in activity.options]
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
        node = case.node(next(c.next for c in case.node(path[-1][0]).choices if c.id == path[-1][1]))
        while node.next is not None:
            node = case.node(node.next)
        if node.is_end:
            ends[OUTCOME_LABELS[node.outcome]] += n
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


# -- the course evaluation --------------------------------------------------------------------
@dataclass(frozen=True)
class Evaluation:
    """Retrospective pre/post confidence per learning outcome, rating, and intentions."""

    people: int | None
    outcomes: list[str]
    means: pd.DataFrame  # index outcome; columns Before, Now, Change (protected: NA when too few)
    change: pd.DataFrame  # index Went up / Stayed the same / Went down; one column per outcome
    before: pd.DataFrame  # index confidence label; one column per outcome: people at each level
    after: pd.DataFrame
    rating: pd.DataFrame  # index rating label; column People
    rating_mean: float | None
    words: pd.DataFrame
    texts: list[str]


def evaluation(data: Answers, rule: Rule) -> Evaluation | None:
    """Pair each person's before and after (they are one answer) across every evaluation
    activity chosen; None when no session asked for an evaluation."""
    forms: list[tuple[dict, int]] = []
    outcomes: dict[str, str] = {}
    for (plan, key), activity in data.activities.items():
        if isinstance(activity, EvaluationActivity):
            outcomes.update({o.id: o.text for o in activity.outcomes})
            forms += [(v, n) for v, n in data.counts.get((plan, key), []) if isinstance(v, dict)]
    if not outcomes:
        return None
    people = sum(n for _, n in forms)
    # One pass over the forms, counting each person's whole set of answers (a few thousand
    # distinct sets among tens of thousands of people), then (outcome, before, after) -> people.
    ids = list(outcomes)
    sets: dict[tuple[tuple, tuple], int] = {}
    ratings: Counter = Counter()
    intentions: list[tuple[str, int]] = []
    for form, n in forms:
        first, now = form.get("before") or {}, form.get("after") or {}
        k = (tuple(map(first.get, ids)), tuple(map(now.get, ids)))
        sets[k] = sets.get(k, 0) + n
        if type(form.get("rating")) is int:
            ratings[form["rating"]] += n
        if form.get("intentions"):
            intentions.append((form["intentions"], n))
    pairs: Counter = Counter()
    for (firsts, nows), n in sets.items():
        for oid, x, y in zip(ids, firsts, nows, strict=True):
            if type(x) is int and type(y) is int:  # answered both (a bool is not a level)
                pairs[(oid, x, y)] += n
    means, change, before, after = {}, {}, {}, {}
    for oid, text in outcomes.items():
        mine = [(x, y, n) for (o, x, y), n in pairs.items() if o == oid]
        mb, ma = _mean([(x, n) for x, _, n in mine], rule), _mean([(y, n) for _, y, n in mine], rule)
        means[text] = {"Before": mb, "Now": ma, "Change": None if mb is None or ma is None else round(ma - mb, 2)}
        moved: Counter = Counter()
        for x, y, n in mine:
            moved[CHANGE[0] if y > x else CHANGE[1] if y == x else CHANGE[2]] += n
        change[text] = [moved[c] for c in CHANGE]
        before[text] = [sum(n for x, _, n in mine if x == level) for level in CONFIDENCE]
        after[text] = [sum(n for _, y, n in mine if y == level) for level in CONFIDENCE]
    levels = [f"{k} – {v}" for k, v in CONFIDENCE.items()]
    rating_labels = [f"{k} – {v}" for k, v in SATISFACTION.items()]
    rating = pd.DataFrame({"People": [ratings.get(k, 0) for k in SATISFACTION]}, index=rating_labels)
    texts = sample_texts(intentions)
    return Evaluation(
        people=_shown(people, rule),
        outcomes=list(outcomes.values()),
        means=pd.DataFrame.from_dict(means, orient="index"),
        change=_row_totals(protect_counts(pd.DataFrame(change, index=list(CHANGE)), rule, totals=True)),
        before=protect_counts(pd.DataFrame(before, index=levels), rule, totals=False),
        after=protect_counts(pd.DataFrame(after, index=levels), rule, totals=False),
        rating=_row_totals(protect_counts(rating, rule, totals=True)),
        rating_mean=_mean(list(ratings.items()), rule),
        words=word_counts(texts, rule),
        texts=text_answers(texts[:TEXTS_SHOWN], rule),
    )


def analyse(store, sessions: pd.DataFrame, rule: Rule) -> tuple[Evaluation | None, list[Summary]]:
    """What the analyst page and the report show for the chosen sessions."""
    with bulk():
        data = read(store, sessions)
        return evaluation(data, rule), summarise(data, rule)
