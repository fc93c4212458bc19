"""Disclosure control: exact behaviour on tiny literal frames, then properties over random tables."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.analysis.disclosure import (
    SUPPRESSED,
    TOTAL,
    Rule,
    display,
    protect_counts,
    protect_distribution,
    protect_mean,
    protect_share,
)

NA = pd.NA


def frame(rows, index=None, columns=None):
    return pd.DataFrame(rows, index=index, columns=columns, dtype="Int64")


# --- the rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, 0), (1, None), (7, None), (8, 10), (12, 10), (13, 15), (22, 20), (23, 25), (100, 100)],
)
def test_publish_hides_1_to_7_and_rounds_the_rest_to_5(count, shown):
    assert Rule().publish(count) == shown


def test_rounding_never_lands_below_k_nor_on_zero():
    assert Rule(k=7).publish(7) == 10  # nearest 5 would be 5, which is below k
    assert Rule(k=1).publish(1) == 5  # nearest 5 would be 0, which would read as nobody
    assert Rule(k=3, round_to=1).publish(3) == 3


@pytest.mark.parametrize("bad", [{"k": 0}, {"round_to": 0}, {"k": True}, {"k": 2.5}, {"round_to": "5"}])
def test_rule_takes_whole_numbers_of_at_least_one(bad):
    with pytest.raises(ValueError):
        Rule(**bad)


def test_describe_says_what_the_reader_sees():
    assert Rule().describe() == (
        "Counts of 1–7 are hidden (shown as *) and others rounded to the nearest 5; "
        "percentages and averages are hidden when fewer than 8 people answered."
    )
    assert Rule(k=2, round_to=1).describe() == (
        "Counts of 1 are hidden (shown as *) and others shown exactly; "
        "percentages and averages are hidden when fewer than 2 people answered."
    )
    assert Rule(k=1, round_to=1).describe() == "Counts are shown exactly; percentages and averages are always shown."
    assert "up to 10 if lower" in Rule(k=7).describe()


# --- count tables -----------------------------------------------------------------------------


def test_small_cells_hidden_with_a_partner_in_every_line():
    table = pd.DataFrame({"s1": [30, 5, 12, 0], "s2": [20, 9, 40, 3]}, index=list("abcd"))
    expected = frame(
        [[30, 20, 50], [NA, NA, NA], [NA, NA, 50], [0, NA, NA], [45, 70, 120]],
        index=[*"abcd", TOTAL],
        columns=["s1", "s2", TOTAL],
    )
    pd.testing.assert_frame_equal(protect_counts(table, Rule()), expected)


def test_one_small_option_in_one_poll_hides_the_next_smallest_too():
    table = pd.DataFrame({"All": [30, 5, 12, 0]}, index=["agree", "unsure", "disagree", "no answer"])
    shown = protect_counts(table, Rule())
    assert shown["All"].tolist() == [30, NA, NA, 0, 45]


def test_nothing_small_means_only_rounding():
    table = pd.DataFrame({"s1": [8, 12], "s2": [13, 22]}, index=["yes", "no"])
    expected = frame(
        [[10, 15, 20], [10, 20, 35], [20, 35, 55]], index=["yes", "no", TOTAL], columns=["s1", "s2", TOTAL]
    )
    pd.testing.assert_frame_equal(protect_counts(table, Rule()), expected)


def test_totals_come_from_true_counts_so_need_not_add_up():
    shown = protect_counts(pd.DataFrame({"a": [8], "b": [8]}), Rule())
    assert shown.loc[0].tolist() == [10, 10, 15]  # 8 + 8 = 16, rounded to 15, not 10 + 10


def test_totals_false_shows_the_same_cells_without_the_margins():
    table = pd.DataFrame({"s1": [30, 5, 12], "s2": [20, 9, 40]}, index=list("abc"))
    with_totals = protect_counts(table, Rule())
    pd.testing.assert_frame_equal(protect_counts(table, Rule(), totals=False), with_totals.iloc[:-1, :-1])


def test_labels_survive_and_missing_cells_count_as_zero():
    table = pd.DataFrame({"s1": [10.0, np.nan]}, index=pd.Index(["yes", "no"], name="option"))
    table.columns.name = "session"
    shown = protect_counts(table, Rule(k=1, round_to=1))
    assert shown.index.name == "option" and shown.columns.name == "session"
    assert shown["s1"].tolist() == [10, 0, 10]


@pytest.mark.parametrize("bad", [[[-1]], [[1.5]], [[np.inf]]])
def test_counts_must_be_whole_and_not_negative(bad):
    with pytest.raises(ValueError, match="whole numbers"):
        protect_counts(pd.DataFrame(bad), Rule())


def test_a_table_that_already_has_totals_is_refused():
    with pytest.raises(ValueError, match="Total"):
        protect_counts(pd.DataFrame({"a": [1], TOTAL: [1]}), Rule())


def test_empty_table():
    shown = protect_counts(pd.DataFrame(), Rule())
    assert shown.shape == (1, 1) and shown.iloc[0, 0] == 0


def test_display_shows_the_marker():
    shown = display(frame([[10, NA]], columns=["a", "b"]))
    assert shown.loc[0].tolist() == [10, SUPPRESSED]
    assert display(pd.Series([NA, 5], dtype="Int64")).tolist() == [SUPPRESSED, 5]


# --- shares, means, distributions --------------------------------------------------------------


def test_share_from_rounded_counts_hidden_when_either_is_small():
    rule = Rule()
    assert protect_share(12, 47, rule) == 10 / 45
    assert protect_share(0, 40, rule) == 0.0
    assert protect_share(3, 40, rule) is None
    assert protect_share(5, 7, rule) is None
    assert protect_share(0, 0, rule) is None
    assert protect_share(NA, 40, rule) is None


def test_mean_needs_k_values():
    rule = Rule()
    assert protect_mean(pd.Series([5, 4, 3, 5, 4, 3, 5]), rule) is None
    assert protect_mean(pd.Series([5, 4, 3, 5, 4, 3, 5, 3, None]), rule) == 4.0
    assert protect_mean(pd.Series([], dtype=float), rule) is None


def test_distribution_hides_the_share_wherever_the_count_is_hidden():
    shown = protect_distribution(pd.Series([30, 5, 12, 0], index=list("abcd")), Rule())
    assert shown["count"].tolist() == [30, NA, NA, 0, 45]
    assert shown["share"].tolist() == [30 / 45, NA, NA, 0.0, 1.0]


def test_distribution_of_a_small_poll_is_all_hidden():
    shown = protect_distribution(pd.Series([3, 2], index=["yes", "no"]), Rule())
    assert shown["count"].isna().all() and shown["share"].isna().all()


# --- properties -------------------------------------------------------------------------------

small_counts = st.one_of(st.integers(0, 10), st.integers(0, 60))
tables = st.integers(1, 5).flatmap(
    lambda cols: st.lists(st.lists(small_counts, min_size=cols, max_size=cols), min_size=1, max_size=6)
)
rules = st.builds(Rule, k=st.integers(1, 10), round_to=st.integers(1, 10))


def with_margins(rows):
    cells = np.array(rows, dtype=np.int64)
    full = np.zeros((cells.shape[0] + 1, cells.shape[1] + 1), dtype=np.int64)
    full[:-1, :-1] = cells
    full[:-1, -1] = cells.sum(axis=1)
    full[-1, :] = full[:-1, :].sum(axis=0)
    return full


def lines(shape):
    rows, cols = shape[0] - 1, shape[1] - 1
    for i in range(rows + 1):
        yield [(i, j) for j in range(cols)], (i, cols)
    for j in range(cols + 1):
        yield [(i, j) for i in range(rows)], (rows, j)


def recoverable(hidden):
    """Hidden cells whose value the published cells and totals fix exactly (a rank test per cell)."""
    unknown = [tuple(c) for c in np.argwhere(hidden)]
    where = {c: n for n, c in enumerate(unknown)}
    rows = []
    for cells, total in lines(hidden.shape):
        row = np.zeros(len(unknown))
        for c in cells:
            if c in where:
                row[where[c]] = 1
        if total in where:
            row[where[total]] = -1
        rows.append(row)
    system = np.array(rows)
    rank = np.linalg.matrix_rank(system) if unknown else 0
    found = []
    for c in unknown:
        probe = np.zeros(len(unknown))
        probe[where[c]] = 1
        if np.linalg.matrix_rank(np.vstack([system, probe])) == rank:
            found.append(c)
    return found


@settings(max_examples=300, deadline=None)
@given(rows=tables, rule=rules)
def test_no_published_cell_is_small(rows, rule):
    shown = protect_counts(pd.DataFrame(rows), rule).to_numpy()
    full = with_margins(rows)
    for value, true in zip(shown.ravel(), full.ravel(), strict=True):
        if value is not NA:
            assert value == 0 or value >= rule.k
            assert (value == 0) == (true == 0)
            assert value % rule.round_to == 0
            assert abs(value - true) < rule.round_to or value == rule.floor


@settings(max_examples=300, deadline=None)
@given(rows=tables, rule=rules)
def test_totals_cannot_reveal_a_hidden_cell(rows, rule):
    hidden = protect_counts(pd.DataFrame(rows), rule).isna().to_numpy()
    for cells, total in lines(hidden.shape):
        if not hidden[total]:
            assert sum(hidden[c] for c in cells) != 1
    assert recoverable(hidden) == []


@settings(max_examples=100, deadline=None)
@given(rows=tables, rule=rules)
def test_protection_is_repeatable_and_the_same_without_totals(rows, rule):
    table = pd.DataFrame(rows)
    first = protect_counts(table, rule)
    pd.testing.assert_frame_equal(protect_counts(table, rule), first)
    pd.testing.assert_frame_equal(protect_counts(table, rule, totals=False), first.iloc[:-1, :-1])


@given(count=st.integers(0, 10_000), rule=rules)
def test_rounding_is_idempotent(count, rule):
    shown = rule.publish(count)
    if shown is not None:
        assert rule.publish(shown) == shown
