"""Pydantic models for course content. Strict: an unknown key is an error, so typos surface."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

SCHEMA_VERSION = 1
Identifier = Annotated[
    str,
    Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", description="Short id: lower-case letters, digits, - or _."),
]


def _require_unique(what: str, ids: list[str]) -> None:
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"duplicate {what} ids: {', '.join(dupes)}")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Option(Strict):
    """One answer a participant can pick in a choice poll."""

    id: Identifier = Field(description="Stable id of the option, stored with each response.")
    label: str = Field(min_length=1, max_length=200, description="Text shown on the answer button.")


class ActivityBase(Strict):
    id: Identifier = Field(description="Unique id of the activity within its plan.")
    title: str = Field(min_length=1, max_length=120, description="Short name shown in the run sheet.")
    prompt: str = Field(min_length=1, max_length=1000, description="The question participants see.")
    minutes: float = Field(default=2, gt=0, le=60, description="Planned minutes, for the run sheet.")
    notes: str = Field(default="", max_length=4000, description="Facilitator notes: prompts, misconceptions.")


class ChoicePoll(ActivityBase):
    """Single or multiple choice; with `correct` it becomes a quiz question."""

    kind: Literal["single_choice", "multiple_choice"] = Field(description="Poll kind.")
    options: list[Option] = Field(min_length=2, max_length=12, description="Answers to choose from.")
    correct: list[Identifier] = Field(default_factory=list, description="Ids of correct options (quiz mode).")
    explanation: str = Field(default="", max_length=2000, description="Shown with the correct answer on reveal.")
    source: str = Field(default="", max_length=500, description="Where a fact in the answer comes from.")

    @model_validator(mode="after")
    def _options_consistent(self) -> ChoicePoll:
        ids = [o.id for o in self.options]
        _require_unique("option", ids)
        unknown = [c for c in self.correct if c not in ids]
        if unknown:
            raise ValueError(f"correct names options that do not exist: {', '.join(unknown)}")
        if self.kind == "single_choice" and len(self.correct) > 1:
            raise ValueError("a single_choice poll can have at most one correct option")
        return self

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


Activity = Annotated[ChoicePoll | ScalePoll | TextPoll, Field(discriminator="kind")]
activity_adapter: TypeAdapter[Activity] = TypeAdapter(Activity)


class Plan(Strict):
    """A workshop plan: the activities of one session, in order."""

    schema_version: Literal[1] = Field(description="Format version of this file; currently 1.")
    id: Identifier = Field(description="Short id of the plan.")
    title: str = Field(min_length=1, max_length=120, description="Title shown to participants.")
    organisation: str = Field(default="", max_length=120, description="Who runs the workshop.")
    activities: list[Activity] = Field(min_length=1, description="Activities in the order they run.")

    @model_validator(mode="after")
    def _unique_ids(self) -> Plan:
        _require_unique("activity", [a.id for a in self.activities])
        return self

    @property
    def minutes(self) -> float:
        return sum(a.minutes for a in self.activities)
