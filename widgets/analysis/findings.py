"""What the analyst page and the report draw, read by analysis so that pages never touch the store."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from widgets.analysis.disclosure import Rule
from widgets.analysis.evaluation import Evaluation, evaluation
from widgets.analysis.reading import bulk, read
from widgets.analysis.sessions import sessions_frame
from widgets.analysis.summaries import Summary, summarise
from widgets.settings import Settings
from widgets.store import Store


def analyse(store: Store, sessions: pd.DataFrame, rule: Rule) -> tuple[Evaluation | None, list[Summary]]:
    """The evaluation and every activity's summary for the chosen sessions."""
    with bulk():
        data = read(store, sessions)
        return evaluation(data, rule), summarise(data, rule)


@dataclass(frozen=True)
class Findings:
    """Everything a page shows about the chosen sessions, anonymised, disclosure control applied."""

    sessions: pd.DataFrame
    evaluation: Evaluation | None
    summaries: list[Summary]


class Analysis:
    """The store as an analyst may see it: read only, and never a person."""

    def __init__(self, store: Store, rule: Rule):
        self.store, self.rule = store, rule

    @classmethod
    def from_settings(cls, settings: Settings) -> Analysis:
        """On the store the settings name (WORKSHOP_DB), with their smallest group (WORKSHOP_MIN_GROUP)."""
        return cls(Store(settings.db), Rule(k=settings.min_group))

    def sessions(self) -> pd.DataFrame:
        """One row per session, to choose from (no join code, nothing about people)."""
        return sessions_frame(self.store.session_records())

    def findings(self, chosen: pd.DataFrame) -> Findings:
        return Findings(chosen, *analyse(self.store, chosen, self.rule))

    def findings_for(self, session_ids: list[int]) -> Findings:
        everyone = self.sessions()
        return self.findings(everyone[everyone["session"].isin(session_ids)].reset_index(drop=True))
