"""Can the best answer be guessed without reading? How often it is listed first, how often longest.

A participant who always taps the first or the longest option should do no better than chance.
Each *decision* counted here has one best answer: a case decision with a choice marked `best`,
or a scored single-choice poll with one correct option. Multiple-choice polls (several right
answers) and unscored polls are left out: they have no single best answer to give away.
"""

from __future__ import annotations

from dataclasses import dataclass

from widgets.content.models import ChoicePoll, Plan
from widgets.content.scenario import Case

# Limits the shipped content is held to (tests/content/test_bias.py). With two to five options
# chance alone puts the best first in 20-50 % of decisions; 40 % leaves room for two-option steps
# while a file that always leads with the answer (or always makes it the longest) fails.
MAX_BEST_FIRST = 0.40
MAX_BEST_LONGEST = 0.40
MIN_DECISIONS = 3  # a file with fewer decisions is counted overall but not judged on its own


@dataclass(frozen=True)
class Decision:
    """One question with a single best answer: option labels in authored order, and the best one."""

    where: str
    labels: tuple[str, ...]
    best: int

    @property
    def best_first(self) -> bool:
        return self.best == 0

    @property
    def best_longest(self) -> bool:
        """Strictly longer than every other label: a tie gives nothing away."""
        mine = len(self.labels[self.best])
        return all(mine > len(label) for i, label in enumerate(self.labels) if i != self.best)


@dataclass(frozen=True)
class Bias:
    """The position and length bias of one file (or of everything, as `name` 'overall')."""

    name: str
    decisions: tuple[Decision, ...]

    @property
    def count(self) -> int:
        return len(self.decisions)

    @property
    def first(self) -> int:
        return sum(d.best_first for d in self.decisions)

    @property
    def longest(self) -> int:
        return sum(d.best_longest for d in self.decisions)

    def share(self, n: int) -> float:
        return n / self.count if self.count else 0.0

    @property
    def judged(self) -> bool:
        return self.count >= MIN_DECISIONS or self.name == "overall"

    @property
    def over_limit(self) -> list[str]:
        if not self.judged:
            return []
        over = []
        if self.share(self.first) > MAX_BEST_FIRST:
            over.append(f"best first in more than {MAX_BEST_FIRST:.0%}")
        if self.share(self.longest) > MAX_BEST_LONGEST:
            over.append(f"best longest in more than {MAX_BEST_LONGEST:.0%}")
        return over

    def line(self) -> str:
        text = (
            f"{self.name}: best first {self.first}/{self.count} ({self.share(self.first):.0%}), "
            f"best longest {self.longest}/{self.count} ({self.share(self.longest):.0%})"
        )
        if self.over_limit:
            text += " - over the limit: " + "; ".join(self.over_limit)
        return text


def case_decisions(case: Case) -> list[Decision]:
    return [
        Decision(f"{case.id}:{node.id}", tuple(c.label for c in node.choices), i)
        for node in case.nodes
        for i, c in enumerate(node.choices)
        if c.best
    ]


def plan_decisions(plan: Plan) -> list[Decision]:
    """Scored single-answer polls of a plan; its cases are counted in their own files."""
    return [
        Decision(f"{plan.id}:{a.id}", tuple(o.label for o in a.options), [o.id for o in a.options].index(a.correct[0]))
        for a in plan.activities
        if isinstance(a, ChoicePoll) and len(a.correct) == 1
    ]


def bias_report(plans: list[Plan], cases: list[Case]) -> list[Bias]:
    """One line per file with decisions (plans first, then cases), and the overall figures last."""
    files = [Bias(f"plans/{p.id}", tuple(plan_decisions(p))) for p in plans]
    files += [Bias(f"cases/{c.id}", tuple(case_decisions(c))) for c in cases]
    files = [f for f in files if f.count]
    return [*files, Bias("overall", tuple(d for f in files for d in f.decisions))]
