"""The analyst's page: choose sessions, see the evaluation and every activity, all anonymised.

Everything shown comes from widgets.analysis with disclosure control applied; this module only
lays it out (charts with their tables beneath, as text alternatives)."""

from __future__ import annotations

import json

import ipywidgets as w
import plotly.io as pio

from widgets.analysis.findings import Analysis
from widgets.analysis.sessions import Filters, choose
from widgets.settings import Settings
from widgets.ui.charts import Block, evaluation_blocks, summary_blocks
from widgets.ui.render import esc

# Only the Plotly JSON goes to the page; the staff server's plotly extension draws it (no CDN).
PLOTLY_MIME = "application/vnd.plotly.v1+json"
# Responsive: a chart follows its column when the window narrows, instead of keeping the width it
# was first drawn at (and scrolling sideways inside its box).
CONFIG = {"displaylogo": False, "responsive": True}


def _chart(figure) -> w.Output:
    """A figure as an Output whose `outputs` are set as widget state, not captured with
    `with out: display(...)`. A capture during the notebook's run makes Voilà's executor (nbclient)
    write to the kernel's shell socket while it awaits the cell's reply on that socket; now and then
    the reply is then never seen and the page stays on "Running …" for good."""
    spec = json.loads(pio.to_json(figure, validate=False))
    bundle = {PLOTLY_MIME: {"data": spec.get("data", []), "layout": spec.get("layout", {}), "config": CONFIG}}
    chart = w.Output()
    chart.outputs = ({"output_type": "display_data", "data": bundle, "metadata": {}},)
    return chart


def _widgets(blocks: list[Block]) -> list[w.Widget]:
    """Figures go through an Output (rendered by the plotly extension); HTML as it is."""
    return [w.HTML(block) if isinstance(block, str) else _chart(block) for block in blocks]


class AnalystView(w.VBox):
    """Filters on top; the evaluation and each activity beneath, redrawn when a filter changes."""

    def __init__(self, analysis: Analysis):
        self.analysis, self.rule = analysis, analysis.rule
        self.sessions = analysis.sessions()
        s = self.sessions

        def pick(description: str, column: str) -> w.SelectMultiple:
            values = sorted(v for v in s[column].unique() if v)
            return w.SelectMultiple(options=values, description=description, rows=min(4, max(2, len(values))))

        self.start = w.DatePicker(description="From")
        self.end = w.DatePicker(description="To")
        self.plans = pick("Plan", "plan")
        self.labels = pick("Facilitator label", "label")
        self.areas = pick("Local area", "area")
        self.summary = w.HTML()
        self.body = w.VBox()
        for control in (self.start, self.end, self.plans, self.labels, self.areas):
            control.style.description_width = "initial"
            # Label above its input: the kit's CSS makes every label full width, which in the
            # widgets' own row layout squeezes the input beside it to nothing.
            control.layout = w.Layout(flex_flow="row wrap", width="auto", height="auto", margin="0 24px 16px 0")
            control.observe(lambda _c: self.refresh(), "value")
        filters = w.HBox([self.start, self.end, self.plans, self.labels, self.areas], layout={"flex_flow": "row wrap"})
        super().__init__(
            [
                w.HTML(
                    "<h1>Workshop results</h1><p>Anonymised results of the sessions you choose. "
                    f"{esc(self.rule.describe())} Free text is shown with personal details removed.</p>"
                ),
                w.HTML("<h2>Choose sessions</h2><p class='pw-hint'>Leave a filter empty to include all.</p>"),
                filters,
                self.summary,
                self.body,
            ]
        )
        self.add_class("pw-app")
        self.refresh()

    def filters(self) -> Filters:
        return Filters(self.start.value, self.end.value, self.plans.value, self.labels.value, self.areas.value)

    def refresh(self) -> None:
        chosen = choose(self.sessions, self.filters())
        ids = [int(i) for i in chosen["session"]]
        people = int(chosen["participants"].sum())
        self.summary.value = (
            f'<p class="pw-count" role="status">{len(ids)} session{"s" * (len(ids) != 1)} chosen'
            f"{'' if people >= self.rule.k else ' (too few people to show results)'}.</p>"
        )
        if not ids or people < self.rule.k:
            self.body.children = []
            return
        found = self.analysis.findings(chosen)
        blocks: list[Block] = ["<h2>Course evaluation</h2>", *evaluation_blocks(found.evaluation)]
        blocks.append("<h2>Activities</h2>")
        for summary in found.summaries:
            blocks += summary_blocks(summary)
        self.body.children = _widgets(blocks)


def analyst_view(settings: Settings | None = None) -> AnalystView:
    settings = settings or Settings()
    return AnalystView(Analysis.from_settings(settings))
