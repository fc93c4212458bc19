"""The evaluation report: one self-contained HTML file a training lead can email.

Plotly's JavaScript is inlined once, so the file opens offline and asks nothing of a network."""

from __future__ import annotations

from datetime import date

import pandas as pd
from plotly.offline import get_plotlyjs

from widgets.analysis.disclosure import Rule
from widgets.analysis.evaluation import Evaluation
from widgets.analysis.findings import Analysis
from widgets.analysis.summaries import Summary
from widgets.ui.charts import Block, evaluation_blocks, summary_blocks
from widgets.ui.render import esc

CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["toImage"]}

STYLE = """
body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; max-width: 960px; margin: 0 auto;
       padding: 16px; line-height: 1.4; font-size: 19px; }
h1 { font-size: 36px; } h2 { font-size: 27px; margin-top: 40px; border-top: 2px solid #b1b4b6; padding-top: 16px; }
h3 { font-size: 22px; margin-top: 32px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 24px; }
caption { text-align: left; font-weight: 700; padding: 4px 0; }
th, td { text-align: left; padding: 8px 8px 8px 0; border-bottom: 1px solid #b1b4b6; overflow-wrap: anywhere; }
@media (max-width: 640px) {
  body { font-size: 16px; padding: 8px; } h1 { font-size: 28px; } th, td { font-size: 15px; }
}
td.pw-num { text-align: right; font-variant-numeric: tabular-nums; }
.hint, .pw-hint { color: #505a5f; } ul.pw-texts li { margin-bottom: 8px; }
@media print { h2 { page-break-before: always; } .js-plotly-plot { page-break-inside: avoid; } }
"""


def _html(blocks: list[Block]) -> str:
    return "".join(
        b if isinstance(b, str) else b.to_html(full_html=False, include_plotlyjs=False, config=CONFIG) for b in blocks
    )


def report_html(
    sessions: pd.DataFrame, ev: Evaluation | None, summaries: list[Summary], rule: Rule, today: date | None = None
) -> str:
    """The whole report as one HTML document: sessions covered, the evaluation, each activity."""
    today = today or date.today()
    first, last = (sessions["date"].min(), sessions["date"].max()) if len(sessions) else (today, today)
    plans = ", ".join(sorted(sessions["title"].unique())) or "none"
    body = _html([b for s in summaries for b in summary_blocks(s)]) or "<p>No answers in these sessions.</p>"
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Prevent Referrals: evaluation report</title>
<style>{STYLE}</style>
<script>{get_plotlyjs()}</script>
</head><body><main>
<h1>Prevent Referrals: evaluation report</h1>
<p>{len(sessions)} session{"s" * (len(sessions) != 1)} from {first:%d %B %Y} to {last:%d %B %Y}
({esc(plans)}). Made on {today:%d %B %Y}.</p>
<p class="pw-hint">Anonymised: no names, no participant ids. {esc(rule.describe())} Free text is shown with
personal details removed, and only where enough people answered.</p>
<h2>Course evaluation</h2>
{_html(evaluation_blocks(ev))}
<h2>Activities</h2>
{body}
</main></body></html>
"""


def report_for(analysis: Analysis, session_ids: list[int]) -> str:
    """Read the chosen sessions and build their report (the CLI's `workshop report`)."""
    found = analysis.findings_for(session_ids)
    return report_html(found.sessions, found.evaluation, found.summaries, analysis.rule)
