"""Disclosure control for every count, share and average the analyst view and exports show.

NHS Digital's secondary-care rule by default: counts of 1–7 are hidden, the rest rounded to the
nearest 5, totals worked out from the true counts and then rounded (so a published total need
not equal the sum of the published cells), shares worked out from the rounded counts, averages
hidden when fewer than 8 people gave a value. On top of that, secondary suppression hides more
cells until no hidden cell can be worked back out from the totals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

SUPPRESSED = "*"
TOTAL = "Total"


@dataclass(frozen=True)
class Rule:
    """How small a group may be before its numbers are hidden."""

    k: int = 8
    """Counts of 1..k-1 are hidden; shares and averages need at least k people."""
    round_to: int = 5
    """Published counts are rounded to a multiple of this (1: shown exactly)."""

    def __post_init__(self):
        for name in ("k", "round_to"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"Rule.{name} must be a whole number of at least 1, not {value!r}")

    @property
    def floor(self) -> int:
        """Smallest published non-zero count: rounding never lands below k, nor on 0."""
        return math.ceil(self.k / self.round_to) * self.round_to

    def publish(self, count: int) -> int | None:
        """One count as shown: None when hidden (1..k-1), otherwise rounded (halves up)."""
        if count == 0:
            return 0
        if count < self.k:
            return None
        rounded = (count + self.round_to // 2) // self.round_to * self.round_to
        return max(rounded, self.floor)

    def describe(self) -> str:
        """One plain-English sentence for the page footer."""
        k, r = self.k, self.round_to
        parts = []
        if k > 1:
            parts.append(f"Counts of {'1' if k == 2 else f'1–{k - 1}'} are hidden (shown as {SUPPRESSED})")
        nearest = f"rounded to the nearest {r}" if r > 1 else "shown exactly"
        if r > 1 and self.floor > (k + r // 2) // r * r:
            nearest += f" (and up to {self.floor} if lower)"
        parts.append(f"others {nearest}" if parts else f"Counts are {nearest}")
        shares = f"hidden when fewer than {k} people answered" if k > 1 else "always shown"
        return f"{' and '.join(parts)}; percentages and averages are {shares}."


def protect_counts(table: pd.DataFrame, rule: Rule, totals: bool = True) -> pd.DataFrame:
    """Counts as published: hidden cells are <NA>, the rest rounded; plus a Total row and column.

    Rows are categories (e.g. options), columns disjoint groups (e.g. sessions); don't pass an
    "All" column, the Total column is that. Missing cells count as 0. The table is protected as
    if its totals were published (they usually are, as the n of a poll), so `totals=False` only
    leaves them out of the result; the cells shown are the same either way.
    """
    if TOTAL in table.index or TOTAL in table.columns:
        raise ValueError(f"the table already has a {TOTAL!r} row or column; pass the counts alone")
    cells = table.fillna(0).to_numpy(dtype=float)
    if cells.size and (not np.isfinite(cells).all() or (cells < 0).any() or (cells % 1 != 0).any()):
        raise ValueError("counts must be whole numbers of 0 or more")
    cells = cells.astype(np.int64)
    full = np.zeros((cells.shape[0] + 1, cells.shape[1] + 1), dtype=np.int64)
    full[:-1, :-1] = cells
    full[:-1, -1] = cells.sum(axis=1)
    full[-1, :] = full[:-1, :].sum(axis=0)

    hidden = suppress(full, rule.k)
    shown = [
        [pd.NA if hide else rule.publish(int(n)) for n, hide in zip(*line, strict=True)]
        for line in zip(full, hidden, strict=True)
    ]
    result = pd.DataFrame(shown, index=[*table.index, TOTAL], columns=[*table.columns, TOTAL], dtype="Int64")
    result.index.name, result.columns.name = table.index.name, table.columns.name
    return result if totals else result.iloc[:-1, :-1]


def suppress(full: np.ndarray, k: int) -> np.ndarray:
    """Which cells of a table with its margins (last row and column) to hide.

    Primary: counts of 1..k-1. Secondary, until nothing changes: (1) a line (row or column) with
    a published total and exactly one hidden cell also hides its smallest non-zero published
    cell (a zero, or the total itself, when there is none); (2) any hidden cell that the
    published totals still pin down (through several lines at once) hides a neighbour likewise.
    """
    hidden = (full >= 1) & (full < k)
    lines = _lines(full.shape)
    while True:
        for cells, total in lines:
            if not hidden[total] and sum(hidden[c] for c in cells) == 1:
                hidden[_smallest(full, [c for c in cells if not hidden[c]]) or total] = True
                break
        else:
            pinned = _pinned(hidden, lines)
            if not pinned:
                return hidden
            near = [c for cells, total in lines if pinned[0] in (*cells, total) for c in (*cells, total)]
            cell = _smallest(full, [c for c in near if not hidden[c]]) or _smallest(full, np.argwhere(~hidden))
            if cell is None:  # everything hidden already: nothing can be pinned down
                return hidden
            hidden[cell] = True


def _lines(shape: tuple[int, int]) -> list[tuple[list[tuple[int, int]], tuple[int, int]]]:
    """Every row and column as (cells, total); the margins are lines too."""
    rows, cols = shape[0] - 1, shape[1] - 1
    return [([(i, j) for j in range(cols)], (i, cols)) for i in range(rows + 1)] + [
        ([(i, j) for i in range(rows)], (rows, j)) for j in range(cols + 1)
    ]


def _smallest(full: np.ndarray, published) -> tuple[int, int] | None:
    """The published cell to hide next: the smallest non-zero one, else a zero (a hidden zero
    still leaves the other hidden cell's value open), else None."""
    published = [tuple(c) for c in published]
    nonzero = [c for c in published if full[c] > 0]
    return min(nonzero or published, key=lambda c: full[c], default=None)


def _pinned(hidden: np.ndarray, lines) -> list[tuple[int, int]]:
    """Hidden cells whose value follows from the published totals by linear algebra.

    Each line says sum(cells) - total = 0; the published terms are known, so a hidden cell is
    pinned down exactly when its unit vector lies in the row space of the hidden terms' matrix,
    that is when the null space has nothing in its coordinate.
    """
    unknown = [tuple(c) for c in np.argwhere(hidden)]
    if not unknown:
        return []
    column = {c: n for n, c in enumerate(unknown)}
    equations = np.zeros((len(lines), len(unknown)))
    for row, (cells, total) in enumerate(lines):
        for c in cells:
            if c in column:
                equations[row, column[c]] = 1
        if total in column:
            equations[row, column[total]] = -1
    _, singular, vt = np.linalg.svd(equations)
    rank = int((singular > 1e-9).sum())
    null = vt[rank:]
    return [c for c in unknown if np.abs(null[:, column[c]]).max(initial=0) < 1e-9]


def protect_share(numerator: int, denominator: int, rule: Rule) -> float | None:
    """A share (0..1) as NHS Digital publishes it: from the rounded counts; None when either is hidden.

    From the rounded counts so that a share agrees with the counts printed beside it and does
    not undo their rounding.
    """
    if pd.isna(numerator) or pd.isna(denominator):
        return None
    top, bottom = rule.publish(int(numerator)), rule.publish(int(denominator))
    if top is None or not bottom:
        return None
    return top / bottom


def protect_mean(values: pd.Series, rule: Rule) -> float | None:
    """The average of the values given, or None when fewer than k people gave one."""
    numbers = pd.to_numeric(pd.Series(values), errors="coerce").dropna()
    if len(numbers) < rule.k:
        return None
    return float(numbers.mean())


def protect_distribution(counts: pd.Series, rule: Rule) -> pd.DataFrame:
    """One poll's counts per option as published: columns `count` and `share`, with a Total row.

    Shares come from the published counts, so they are hidden wherever a count is (including
    the secondary suppressions that a share computed on its own would give away).
    """
    protected = protect_counts(counts.to_frame("count"), rule)["count"]
    total = protected[TOTAL]
    share = protected.astype("Float64") / (total if not pd.isna(total) and total > 0 else pd.NA)
    return pd.DataFrame({"count": protected, "share": share.astype("Float64")})


def display(frame: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """A copy for showing: hidden values become the SUPPRESSED marker."""
    shown = frame.astype(object)
    return shown.where(frame.notna(), SUPPRESSED)
