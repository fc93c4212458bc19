"""The scrub measured on the labelled corpus (tests/data/pii): recall and precision per kind of detail.

The tuning part is what the scrub was tuned on; the held-out part was written by hand beforehand and
not used for tuning, so its floor is lower and says how the scrub does on answers it has not seen.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.analysis import pii_metrics
from widgets.analysis.pii import scrub

DOCS = Path(__file__).parents[2] / "docs" / "analyst.md"


@pytest.fixture(scope="module")
def measured():
    return {part: pii_metrics.measure(pii_metrics.load(part), scrub) for part in pii_metrics.PARTS}


def test_the_corpus_is_large_varied_and_labelled_in_place():
    rows = pii_metrics.load("tuning") + pii_metrics.load("held out")
    assert len(pii_metrics.load("tuning")) >= 400 and len(pii_metrics.load("held out")) >= 100
    kinds = {kind for row in rows for _, _, kind in row["spans"]}
    assert kinds == set(pii_metrics.KINDS)
    assert sum(not row["spans"] for row in rows) >= 80  # look-alikes that must come through
    for row in rows:
        for start, end, _ in row["spans"]:
            assert 0 <= start < end <= len(row["text"]) and row["text"][start:end].strip() == row["text"][start:end]


def test_the_committed_corpus_is_what_the_script_writes():
    """Tests read the committed file; this checks it was not edited by hand or left stale."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_corpus", pii_metrics.DATA / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.corpus() == pii_metrics.load("tuning")
    lines = (pii_metrics.DATA / "heldout.txt").read_text(encoding="utf-8").splitlines()
    assert [module.from_marked(x) for x in lines if x and not x.startswith("#")] == pii_metrics.load("held out")


@pytest.mark.parametrize("kind", ["email", "phone", "postcode", "url", "handle"])
def test_every_contact_detail_is_caught(measured, kind):
    for part, counts in measured.items():
        precision, recall = pii_metrics.rates(counts[kind])
        assert recall == 1.0, (part, kind, counts[kind])
        assert precision >= 0.9, (part, kind, counts[kind])


def test_names_recall_and_precision_on_the_tuning_part(measured):
    precision, recall = pii_metrics.rates(measured["tuning"]["name"])
    assert recall >= 0.99 and precision >= 0.9, measured["tuning"]["name"]
    assert pii_metrics.rates(measured["tuning"]["all"])[0] >= 0.9


def test_names_on_the_held_out_part(measured):
    """A floor below the tuning part's: the held-out answers still have names the rules miss."""
    precision, recall = pii_metrics.rates(measured["held out"]["name"])
    assert recall >= 0.95 and precision >= 0.9, measured["held out"]["name"]


def test_the_measure_can_fail():
    rows = pii_metrics.load("tuning")
    nothing = pii_metrics.measure(rows, lambda text: text)
    assert nothing["all"].get("caught", 0) == 0 and pii_metrics.rates(nothing["name"])[1] == 0
    everything = pii_metrics.measure(rows, lambda text: " ".join("[name]" for _ in text.split()))
    precision, recall = pii_metrics.rates(everything["name"])
    assert recall == 1.0 and precision < 0.5


def test_the_issue_examples_lose_every_detail():
    text = "Ring Jo Bloggs on 07700 900123 or jo.bloggs@example.org, TA1 1AA"
    assert scrub(text) == "Ring [name] [name] on [phone] or [email], [postcode]"
    row = {"text": text, "spans": [[5, 14, "name"]]}
    assert pii_metrics.measure([row], scrub)["name"] == {"details": 1, "caught": 1, "placeholders": 2, "right": 2}


def test_the_analyst_guide_shows_todays_numbers():
    """docs/analyst.md carries the table `python -m tests.analysis.pii_metrics` prints."""
    guide = DOCS.read_text(encoding="utf-8")
    for line in pii_metrics.table(scrub).splitlines()[2:]:
        assert line in guide, f"docs/analyst.md lacks (or has an old) row: {line}"


def test_rows_are_json_lines():
    for name in pii_metrics.PARTS.values():
        for line in (pii_metrics.DATA / name).read_text(encoding="utf-8").splitlines():
            assert set(json.loads(line)) == {"text", "spans"}


def test_wordfreq_is_loaded_by_the_first_scrub_only():
    """Importing the analysis layer stays cheap, and the participant page never loads the word list."""
    code = (
        "import sys\n"
        "import widgets.analysis.pii as pii\n"
        "from widgets.ui.participant import participant_app\n"
        "before = 'wordfreq' in sys.modules\n"
        "pii.scrub('Ring Jo Bloggs')\n"
        "print(before, 'wordfreq' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["False", "True"]
