"""The course evaluation: each person's before and after per learning outcome, rating and intentions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from widgets.analysis.disclosure import Rule, protect_counts
from widgets.analysis.pii import text_answers, word_counts
from widgets.analysis.reading import Answers
from widgets.analysis.summaries import TEXTS_SHOWN, mean_of, published, row_totals, sample_texts
from widgets.content.evaluation import CONFIDENCE, SATISFACTION, EvaluationActivity

CHANGE = ("Went up", "Stayed the same", "Went down")


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
        mb, ma = mean_of([(x, n) for x, _, n in mine], rule), mean_of([(y, n) for _, y, n in mine], rule)
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
        people=published(people, rule),
        outcomes=list(outcomes.values()),
        means=pd.DataFrame.from_dict(means, orient="index"),
        change=row_totals(protect_counts(pd.DataFrame(change, index=list(CHANGE)), rule, totals=True)),
        before=protect_counts(pd.DataFrame(before, index=levels), rule, totals=False),
        after=protect_counts(pd.DataFrame(after, index=levels), rule, totals=False),
        rating=row_totals(protect_counts(rating, rule, totals=True)),
        rating_mean=mean_of(list(ratings.items()), rule),
        words=word_counts(texts, rule),
        texts=text_answers(texts[:TEXTS_SHOWN], rule),
    )
