"""Exercises beyond polls: sorting statements into categories, and ranking options."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from widgets.content.base import ActivityBase, Identifier, Option, Strict, require_unique


class Statement(Strict):
    """One statement to sort, with the category it belongs to and why."""

    id: Identifier = Field(description="Id of the statement, unique within the exercise.")
    text: str = Field(min_length=1, max_length=500, description="The statement participants classify.")
    answer: Identifier = Field(description="Id of the category it belongs to.")
    feedback: str = Field(min_length=1, max_length=1000, description="Why it belongs there.")


class SortingActivity(ActivityBase):
    """Classify each statement, e.g. as assumption, assertion or alternative explanation."""

    kind: Literal["sorting"] = Field(description="Activity kind.")
    categories: list[Option] = Field(min_length=2, max_length=6, description="The categories to sort into.")
    statements: list[Statement] = Field(min_length=1, max_length=20, description="The statements to sort.")

    @model_validator(mode="after")
    def _consistent(self) -> SortingActivity:
        ids = [c.id for c in self.categories]
        require_unique("category", ids)
        require_unique("statement", [s.id for s in self.statements])
        wrong = [s.id for s in self.statements if s.answer not in ids]
        if wrong:
            raise ValueError(f"statements whose answer is not a category: {', '.join(wrong)}")
        return self


class RankingPoll(ActivityBase):
    """Put options in order, e.g. "who would you speak to first?"; the room's mean rank is shown."""

    kind: Literal["ranking"] = Field(description="Activity kind.")
    options: list[Option] = Field(min_length=2, max_length=8, description="The options to put in order.")
    explanation: str = Field(default="", max_length=2000, description="Shown with the room's ranking on reveal.")
    ordered: bool = Field(
        default=True,
        description="true (default): everyone starts from the order written; false: each starts from their own.",
    )

    @model_validator(mode="after")
    def _unique(self) -> RankingPoll:
        require_unique("option", [o.id for o in self.options])
        return self
