"""Shared pieces of every content model. Strict: an unknown key is an error, so typos surface."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Identifier = Annotated[
    str,
    Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", description="Short id: lower-case letters, digits, - or _."),
]


def require_unique(what: str, ids: list[str]) -> None:
    dupes = sorted(i for i, n in Counter(ids).items() if n > 1)  # linear: plans can be large
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
