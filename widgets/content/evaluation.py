"""The course evaluation: confidence in each learning outcome before and after, asked at the end."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from widgets.content.base import ActivityBase, Identifier, Strict, require_unique


class LearningOutcome(Strict):
    """One thing the course sets out to teach; the evaluation asks about confidence in each."""

    id: Identifier = Field(description="Stable id, stored with each answer and used to pair before with after.")
    text: str = Field(min_length=1, max_length=200, description="The outcome as participants read it.")


LEARNING_OUTCOMES = (
    LearningOutcome(id="referral", text="Describe what a Prevent referral is."),
    LearningOutcome(id="distinguish", text="Tell apart assumption, assertion and alternative explanation."),
    LearningOutcome(id="gather", text="Gather information and decide who to speak to, to validate a concern."),
    LearningOutcome(id="suitable", text="Understand when a referral is suitable."),
)

CONFIDENCE = {1: "Not confident", 2: "A little confident", 3: "Fairly confident", 4: "Confident", 5: "Very confident"}
SATISFACTION = {1: "Very poor", 2: "Poor", 3: "Fair", 4: "Good", 5: "Very good"}
PHASES = {"before": "Before the course", "after": "Now"}


class EvaluationActivity(ActivityBase):
    """A retrospective pre/post form: for each learning outcome, confidence before the course and
    now (asked together at the end, which avoids the 'didn't know what I didn't know' bias of a
    pre-test), then overall rating and what the participant will do differently."""

    kind: Literal["evaluation"] = Field(description="Activity kind.")
    outcomes: list[LearningOutcome] = Field(
        default_factory=lambda: list(LEARNING_OUTCOMES),
        min_length=1,
        max_length=8,
        description="Learning outcomes to ask about; the course's four when left out.",
    )
    rating: bool = Field(default=True, description="Ask for an overall rating of the session (1 to 5).")
    intentions: str = Field(
        default="What will you do differently after this course?",
        max_length=200,
        description="Free-text question about what people will do differently; empty to leave it out.",
    )

    @model_validator(mode="after")
    def _unique_outcomes(self) -> EvaluationActivity:
        require_unique("outcome", [o.id for o in self.outcomes])
        return self

    def outcome_text(self, outcome_id: str) -> str:
        return next(o.text for o in self.outcomes if o.id == outcome_id)
