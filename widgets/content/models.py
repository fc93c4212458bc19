"""Poll models and the plan: what a workshop runs, in order."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field, TypeAdapter, model_validator

from widgets.content.base import ActivityBase, Identifier, Option, Strict, require_unique
from widgets.content.evaluation import EvaluationActivity
from widgets.content.exercises import RankingPoll, SortingActivity
from widgets.content.scenario import ScenarioActivity

SCHEMA_VERSION = 1


class ChoicePoll(ActivityBase):
    """Single or multiple choice; with `correct` it becomes a quiz question."""

    kind: Literal["single_choice", "multiple_choice"] = Field(description="Poll kind.")
    options: list[Option] = Field(min_length=2, max_length=12, description="Answers to choose from.")
    correct: list[Identifier] = Field(default_factory=list, description="Ids of correct options (quiz mode).")
    explanation: str = Field(default="", max_length=2000, description="Shown with the correct answer on reveal.")
    source: str = Field(default="", max_length=500, description="Where a fact in the answer comes from.")
    ordered: bool | None = Field(
        default=None,
        description=(
            "true: every participant sees the options in the order written (e.g. 10%, 25%, 40%); false: each "
            "sees them in an order of their own. Default: quiz questions (with `correct`) are shuffled per "
            "participant, other polls keep the order written. The console and results keep the order written."
        ),
    )

    @model_validator(mode="after")
    def _options_consistent(self) -> ChoicePoll:
        ids = [o.id for o in self.options]
        require_unique("option", ids)
        unknown = [c for c in self.correct if c not in ids]
        if unknown:
            raise ValueError(f"correct names options that do not exist: {', '.join(unknown)}")
        if self.kind == "single_choice" and len(self.correct) > 1:
            raise ValueError("a single_choice poll can have at most one correct option")
        return self

    @property
    def shuffled(self) -> bool:
        """Whether each participant sees the options in an order of their own."""
        return not self.ordered if self.ordered is not None else bool(self.correct)

    def option_label(self, option_id: str) -> str:
        return next(o.label for o in self.options if o.id == option_id)


class ScalePoll(ActivityBase):
    """A Likert-style scale with labelled ends, e.g. 1 = not confident … 5 = very confident."""

    kind: Literal["scale"] = Field(description="Poll kind.")
    min: int = Field(default=1, ge=0, le=10, description="Lowest value on the scale.")
    max: int = Field(default=5, ge=1, le=10, description="Highest value on the scale.")
    min_label: str = Field(min_length=1, max_length=60, description="What the lowest value means.")
    max_label: str = Field(min_length=1, max_length=60, description="What the highest value means.")

    @model_validator(mode="after")
    def _range(self) -> ScalePoll:
        if self.max <= self.min:
            raise ValueError("max must be greater than min")
        return self


class TextPoll(ActivityBase):
    """Free text: short answers are counted as a ranked list; open text is listed for staff."""

    kind: Literal["short_text", "open_text"] = Field(description="Poll kind.")
    max_length: int = Field(default=0, ge=0, le=2000, description="Longest answer allowed; 0 = kit default.")

    @property
    def limit(self) -> int:
        return self.max_length or (60 if self.kind == "short_text" else 1000)


ACTIVITY_MODELS = (ChoicePoll, ScalePoll, TextPoll, SortingActivity, RankingPoll, ScenarioActivity, EvaluationActivity)
Activity = Annotated[Union[ACTIVITY_MODELS], Field(discriminator="kind")]  # noqa: UP007 - a tuple needs Union
activity_adapter: TypeAdapter[Activity] = TypeAdapter(Activity)
ACTIVITY_KINDS = {kind for model in ACTIVITY_MODELS for kind in model.model_fields["kind"].annotation.__args__}


class Plan(Strict):
    """A workshop plan: the activities of one session, in order."""

    schema_version: Literal[1] = Field(description="Format version of this file; currently 1.")
    id: Identifier = Field(description="Short id of the plan.")
    title: str = Field(min_length=1, max_length=120, description="Title shown to participants.")
    organisation: str = Field(default="", max_length=120, description="Who runs the workshop.")
    local: Identifier | None = Field(
        default=None, description="Local arrangements to show: the id of a file in scenarios/local/."
    )
    awareness_check: bool = Field(
        default=False, description="Ask participants on joining whether they have done Prevent awareness training."
    )
    moderation: Literal["approve_first", "show_unless_hidden"] = Field(
        default="approve_first",
        description="Free text the room sees (short and open text answers, questions from the room): "
        "approve_first shows only what the facilitator has approved; show_unless_hidden shows all "
        "until the facilitator hides it.",
    )
    questions: bool = Field(
        default=True, description="Let participants send questions to the facilitator at any time (Q&A)."
    )
    activities: list[Activity] = Field(min_length=1, description="Activities in the order they run.")

    @model_validator(mode="after")
    def _unique_ids(self) -> Plan:
        require_unique("activity", [a.id for a in self.activities])
        return self

    @property
    def minutes(self) -> float:
        return sum(a.minutes for a in self.activities)
