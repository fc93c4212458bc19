"""Plotly charts and their table alternatives for the analyst view and the evaluation report.

Every chart takes a finished, already protected frame (see widgets.analysis): suppressed cells
arrive as NA and are drawn as a marked gap, never as a number."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from widgets.analysis.disclosure import SUPPRESSED
from widgets.analysis.evaluation import Evaluation
from widgets.analysis.summaries import Summary, Table
from widgets.ui.render import esc

# GOV.UK design system colours: they pass contrast against white.
BLUE, GREEN, RED, GREY, DARK = "#1d70b8", "#00703c", "#d4351c", "#505a5f", "#0b0c0c"
FONT = {"family": "Arial, Helvetica, sans-serif", "size": 16, "color": DARK}


def _layout(fig: go.Figure, title: str, rows: int = 5) -> go.Figure:
    fig.update_layout(
        title={"text": esc(title), "x": 0, "font": {"size": 18}},
        font=FONT,
        height=max(220, 60 + 56 * rows),  # room for a label wrapped onto two lines
        margin={"l": 8, "r": 24, "t": 56, "b": 40},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=False,
    )
    fig.update_xaxes(gridcolor="#dddddd", zeroline=False)
    fig.update_yaxes(automargin=True)
    return fig


def _body(frame: pd.DataFrame) -> pd.DataFrame:
    """Without the Total row and column that protect_counts adds: totals are for tables."""
    return frame.drop(index="Total", columns="Total", errors="ignore")


def bar_chart(table: Table) -> go.Figure:
    """Horizontal bars (labels stay readable on a narrow screen); a suppressed cell shows '*'."""
    frame = _body(table.frame)
    column = frame.columns[0]
    values = pd.to_numeric(frame[column], errors="coerce")
    labels = [_wrap(str(i)) for i in frame.index]
    text = [SUPPRESSED if pd.isna(v) else f"{v:g}{'%' if table.unit == '%' else ''}" for v in values]
    fig = go.Figure(
        go.Bar(
            x=values.fillna(0),
            y=labels,
            orientation="h",
            marker_color=BLUE,
            text=text,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, table.caption, len(frame))


def words_chart(words: pd.DataFrame, title: str = "Words used most") -> go.Figure:
    fig = go.Figure(go.Bar(x=words["people"], y=[esc(w) for w in words["word"]], orientation="h", marker_color=GREY))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text="Answers using the word")
    return _layout(fig, title, len(words))


def confidence_chart(ev: Evaluation) -> go.Figure:
    """Before → now, per learning outcome: a dumbbell, the change a person reads at a glance."""
    fig = go.Figure()
    means = ev.means
    names = [_wrap(o) for o in means.index]
    for name, row in zip(names, means.itertuples(), strict=True):
        if pd.notna(row.Before) and pd.notna(row.Now):
            fig.add_trace(
                go.Scatter(
                    x=[row.Before, row.Now],
                    y=[name, name],
                    mode="lines",
                    line={"color": GREY, "width": 3},
                    showlegend=False,  # the connecting line is not a series: no "trace 0" in the legend
                    hoverinfo="skip",
                )
            )
    for column, colour, symbol in (("Before", GREY, "circle-open"), ("Now", BLUE, "circle")):
        fig.add_trace(
            go.Scatter(
                x=means[column],
                y=names,
                mode="markers",
                name=column,
                marker={"color": colour, "size": 16, "symbol": symbol, "line": {"width": 3, "color": colour}},
                hovertemplate=f"{column}: %{{x:.2f}}<extra>%{{y}}</extra>",
            )
        )
    fig.update_xaxes(range=[0.8, 5.2], tickvals=[1, 2, 3, 4, 5], title_text="Average confidence (1 = not, 5 = very)")
    fig.update_yaxes(autorange="reversed")
    fig = _layout(fig, "Confidence before the course and now", len(names))
    return _legend_below(fig)


def change_chart(ev: Evaluation) -> go.Figure:
    """How many people's confidence went up, stayed or went down, per outcome (stacked)."""
    frame = _body(ev.change)
    colours = {"Went up": GREEN, "Stayed the same": GREY, "Went down": RED}
    fig = go.Figure()
    for change, row in frame.iterrows():
        values = pd.to_numeric(row, errors="coerce")
        fig.add_trace(
            go.Bar(
                x=values.fillna(0),
                y=[_wrap(o) for o in frame.columns],
                name=change,
                orientation="h",
                marker_color=colours[change],
                text=[SUPPRESSED if pd.isna(v) else f"{v:g}" for v in values],
                textposition="inside",
                hovertemplate=f"{change}: %{{text}}<extra>%{{y}}</extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title_text="People")
    fig = _layout(fig, "Whose confidence changed", len(frame.columns))
    return _legend_below(fig)


def _legend_below(fig: go.Figure) -> go.Figure:
    """The legend in a band of its own under the axis title (a legend placed in the plot's own
    coordinates lands on the axis title)."""
    fig.update_layout(
        showlegend=True,
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yref": "container", "yanchor": "bottom"},
        height=fig.layout.height + 48,
        margin={"b": 88},
    )
    return fig


def _wrap(text: str, width: int = 36) -> str:
    """Break long labels so charts stay narrow (plotly wraps only at <br>). Escapes each line:
    escaping after wrapping would turn the <br> into text."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(esc(part) for part in [*lines, line])


def table_html(table: Table) -> str:
    """The chart's text alternative, and the numbers to quote: every value escaped."""
    frame = table.frame
    head = "".join(f'<th scope="col">{esc(str(c))}</th>' for c in frame.columns)
    body = "".join(
        f'<tr><th scope="row">{esc(str(index))}</th>'
        + "".join(f'<td class="pw-num">{_cell(v, table.unit)}</td>' for v in row)
        + "</tr>"
        for index, row in zip(frame.index, frame.itertuples(index=False), strict=True)
    )
    return (
        f'<table class="pw-table"><caption>{esc(table.caption)}</caption>'
        f"<thead><tr><td></td>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _cell(value, unit: str) -> str:
    if pd.isna(value):
        return SUPPRESSED
    if unit == "average":
        return f"{value:.2f}"
    return f"{value:g}%" if unit == "%" else f"{value:g}"


def texts_html(texts: list[str], heading: str) -> str:
    if not texts:
        return ""
    items = "".join(f"<li>{esc(t)}</li>" for t in texts[:200])
    more = f"<p>…and {len(texts) - 200} more in the export.</p>" if len(texts) > 200 else ""
    return f'<h3>{esc(heading)}</h3><ul class="pw-texts">{items}</ul>{more}'


# -- what the analyst page and the report both show, as blocks: a figure or a piece of HTML -------
Block = go.Figure | str


def evaluation_blocks(ev: Evaluation | None) -> list[Block]:
    if ev is None:
        return ["<p>None of these sessions asked for the course evaluation.</p>"]
    if ev.people is None:
        return ["<p>Too few people answered the evaluation to show it without risk of identifying them.</p>"]
    means = Table("Average confidence, 1 (not confident) to 5 (very confident)", ev.means.astype("Float64"), "average")
    rating = Table("Overall rating of the session", ev.rating)
    blocks: list[Block] = [
        f"<p>About <strong>{ev.people}</strong> people answered the evaluation.</p>",
        confidence_chart(ev),
        table_html(means),
        change_chart(ev),
        table_html(Table("People whose confidence went up, stayed the same or went down", ev.change)),
        bar_chart(rating),
        table_html(rating),
    ]
    if ev.rating_mean is not None:
        blocks.append(f"<p>Average rating: <strong>{ev.rating_mean:g}</strong> out of 5.</p>")
    if len(ev.words):
        blocks.append(words_chart(ev.words, "What people will do differently: words used most"))
    blocks.append(texts_html(ev.texts, "What people will do differently (personal details removed)"))
    return blocks


def summary_blocks(s: Summary) -> list[Block]:
    people = "too few to show" if s.people is None else f"about {s.people}"
    blocks: list[Block] = [
        f'<h3>{esc(s.title)}</h3><p class="pw-hint">{esc(s.prompt)}<br>People answering: {people}.</p>'
    ]
    for table in s.tables:
        blocks += [bar_chart(table), table_html(table)]
    if s.mean is not None:
        blocks.append(f"<p>Average: <strong>{s.mean:g}</strong></p>")
    if s.words is not None and len(s.words):
        blocks.append(words_chart(s.words))
    if s.kind in ("short_text", "open_text"):
        blocks.append(
            texts_html(s.texts, "Answers (personal details removed)") or "<p>Too few answers to list them.</p>"
        )
    return blocks
