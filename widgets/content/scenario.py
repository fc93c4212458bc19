"""Case scenarios: a short story told in nodes, with choices that branch, and a debrief at each end.

A case lives in its own file under scenarios/cases/ so several plans and modules can use it;
a plan's `scenario` activity names it, and the loader puts the whole case into the activity.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from widgets.content.base import ActivityBase, Identifier, Strict, require_unique

Setting = Literal[
    "school",
    "college",
    "university",
    "gp_surgery",
    "hospital",
    "housing",
    "youth_work",
    "social_care",
    "council",
    "online",
    "workplace",
    "community",
]
Ideology = Literal["extreme_right_wing", "islamist", "incel", "mixed_unclear", "school_massacre", "none"]
Outcome = Literal["prevent_referral", "other_safeguarding", "no_referral"]
OUTCOME_LABELS = {
    "prevent_referral": "A Prevent referral",
    "other_safeguarding": "Another safeguarding route, not Prevent",
    "no_referral": "No referral",
}


class Choice(Strict):
    """One thing the participant could do at a decision."""

    id: Identifier = Field(description="Id of the choice, unique within its node; stored with the path.")
    label: str = Field(min_length=1, max_length=200, description="What the participant would do.")
    feedback: str = Field(min_length=1, max_length=1500, description="Why this is or is not a good step.")
    next: Identifier = Field(description="Id of the node this choice leads to.")
    best: bool = Field(default=False, description="The step the debrief recommends here (one per decision).")


class Node(Strict):
    """A step of the story: a decision (choices), more information (next), or an end (outcome)."""

    id: Identifier = Field(description="Id of the node, unique within the case.")
    text: str = Field(min_length=1, max_length=2000, description="What happens, or what you find out.")
    reveals: list[str] = Field(
        default_factory=list, description="Facts a 'gather more information' step brings to light."
    )
    choices: list[Choice] = Field(default_factory=list, description="Decisions at this step (2 to 5).")
    next: Identifier | None = Field(default=None, description="Where an information step goes next.")
    outcome: Outcome | None = Field(default=None, description="At an end: where this path leads.")
    debrief: str = Field(default="", max_length=3000, description="At an end: what to take away.")
    ordered: bool = Field(
        default=False,
        description="At a decision: true keeps the choices in the order written for everyone; by default each "
        "participant sees them in an order of their own, so the best choice is not given away by its place.",
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Node:
        kinds = [bool(self.choices), self.next is not None, self.outcome is not None]
        if sum(kinds) != 1:
            raise ValueError("a node needs exactly one of: choices, next, or outcome (an end)")
        if self.choices and not 2 <= len(self.choices) <= 5:
            raise ValueError("a decision needs 2 to 5 choices")
        if self.outcome is not None and not self.debrief:
            raise ValueError("an end needs a debrief")
        require_unique("choice", [c.id for c in self.choices])
        if sum(c.best for c in self.choices) > 1:
            raise ValueError("a decision can mark only one choice as best")
        return self

    @property
    def is_end(self) -> bool:
        return self.outcome is not None

    def targets(self) -> list[str]:
        return [c.next for c in self.choices] if self.choices else [self.next] if self.next else []


class Case(Strict):
    """A whole case scenario, checked as a graph: every node reachable, every path can end."""

    schema_version: Literal[1] = Field(description="Format version of this file; currently 1.")
    id: Identifier = Field(description="Short id of the case; plans name it in `case`.")
    title: str = Field(min_length=1, max_length=120, description="Title of the case.")
    setting: Setting = Field(description="Where it happens, e.g. college, gp_surgery, housing, online.")
    ideology: Ideology = Field(description="The concern in the case, or none; for balance across a course.")
    best_outcome: Outcome = Field(description="What the debrief concludes is the right route.")
    summary: str = Field(min_length=1, max_length=300, description="One line for the run sheet and the handout.")
    start: Identifier = Field(description="Id of the first node.")
    nodes: list[Node] = Field(min_length=2, description="The steps of the story.")
    minutes: float = Field(
        default=6, gt=0, le=60, description="Planned minutes (phones, then debrief) when added from the case bank."
    )

    @model_validator(mode="after")
    def _graph(self) -> Case:
        ids = [n.id for n in self.nodes]
        require_unique("node", ids)
        by_id = {n.id: n for n in self.nodes}
        if self.start not in by_id:
            raise ValueError(f"start names a node that does not exist: {self.start}")
        dangling = sorted({t for n in self.nodes for t in n.targets() if t not in by_id})
        if dangling:
            raise ValueError(f"next names nodes that do not exist: {', '.join(dangling)}")
        if not any(n.is_end for n in self.nodes):
            raise ValueError("the case has no end: add a node with an outcome and a debrief")
        seen, todo = set(), [self.start]
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(by_id[node].targets())
        unreachable = [i for i in ids if i not in seen]
        if unreachable:
            raise ValueError(f"nodes that cannot be reached from start: {', '.join(unreachable)}")
        can_end = {n.id for n in self.nodes if n.is_end}
        grew = True
        while grew:
            before = len(can_end)
            can_end |= {n.id for n in self.nodes if any(t in can_end for t in n.targets())}
            grew = len(can_end) != before
        stuck = [i for i in ids if i not in can_end]
        if stuck:
            raise ValueError(f"no path from these nodes reaches an end: {', '.join(stuck)}")
        return self

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)

    def outcome_of(self, path: list) -> Outcome | None:
        """Where a stored path ([[node id, choice id], …], as a phone saves it) leads: its last
        choice, then on through information steps. None for an empty path or one that stops short."""
        if not path:
            return None
        node_id, choice_id = path[-1]
        node = self.node(next(c.next for c in self.node(node_id).choices if c.id == choice_id))
        while node.next is not None:
            node = self.node(node.next)
        return node.outcome


class ScenarioActivity(ActivityBase):
    """A case scenario played by each participant at their own pace while it is open."""

    kind: Literal["scenario"] = Field(description="Activity kind.")
    case: Case = Field(description="The case's id (a file in scenarios/cases/); the loader puts the case here.")
    alternatives: list[Identifier] = Field(
        default_factory=list, description="Other cases (ids in scenarios/cases/) a facilitator may run here instead."
    )
