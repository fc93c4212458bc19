"""Answers a facilitator hid are left out of exports, word charts, answer lists and the report."""

import pytest

from widgets.analysis.disclosure import Rule
from widgets.analysis.export import export_frame
from widgets.analysis.findings import Analysis, analyse
from widgets.analysis.reading import without_hidden
from widgets.analysis.sessions import sessions_frame
from widgets.live import LiveService
from widgets.store import Store
from widgets.ui.report import report_for

RULE = Rule()
HIDDEN = "zebracorn"  # a word nobody else uses, in every hidden answer
OPEN_TEXT, SHORT_TEXT = 5, 4  # positions in the demo plan


@pytest.fixture(scope="module")
def moderated(tmp_path_factory):
    """One finished session of 16: four of each free-text activity's answers hidden, two approved
    then hidden again, the rest left as they were."""
    from tests.conftest import DEMO_PLAN
    from widgets.content import load_plan

    with Store(f"sqlite:///{tmp_path_factory.mktemp('moderated') / 'm.db'}") as store:
        service = LiveService(store)
        session = service.create_session(load_plan(DEMO_PLAN))
        sid = session["id"]
        who = [service.join(session["code"], f"moderated-key-{i:04d}-abcdef") for i in range(16)]
        for position in (SHORT_TEXT, OPEN_TEXT):
            service.go_to(sid, position)
            service.open_poll(sid)
            state = service.view(sid).current_activity
            for n, person in enumerate(who):
                service.submit(person, state.id, f"{HIDDEN} {n}" if n < 4 else "speak to the safeguarding lead")
            texts = service.free_texts(state)
            service.moderate(sid, texts, "approved")
            service.moderate(sid, [t for t in texts if HIDDEN in t.text], "hidden")
            service.close_poll(sid)
        service.end_session(sid)
        yield store, sid


def test_hidden_answers_are_not_exported(moderated):
    store, sid = moderated
    frame = export_frame(store, [sid], RULE, seed=1)
    texts = [a for a, kind in zip(frame["answer"], frame["kind"], strict=True) if kind.endswith("_text")]
    assert len(texts) == 2 * 12  # 16 people each, 4 hidden per activity
    assert not any(HIDDEN in t for t in texts)
    assert len(frame[frame["kind"] == "scale"]) == 0  # unanswered activities stay out as before


def test_hidden_answers_are_in_no_summary_or_report(moderated):
    store, sid = moderated
    chosen = sessions_frame([s for s in store.session_records() if s["id"] == sid])
    _, summaries = analyse(store, chosen, RULE)
    free = {s.kind: s for s in summaries if s.kind.endswith("_text")}
    assert set(free) == {"short_text", "open_text"}
    for summary in free.values():
        assert summary.texts and not any(HIDDEN in t for t in summary.texts)
        assert HIDDEN not in set(summary.words["word"])
        assert summary.people == RULE.publish(12) != RULE.publish(16)  # the hidden four are not counted
    html = report_for(Analysis(store, RULE), [sid])
    assert "safeguarding" in html and HIDDEN not in html


def test_without_hidden_subtracts_only_what_was_hidden():
    totals = [("p", "a", '"x"', 5), ("p", "a", '"y"', 2), ("q", "a", '"x"', 1)]
    assert without_hidden(totals, []) is totals
    assert without_hidden(totals, [("p", "a", '"x"', 2), ("p", "a", '"y"', 2)]) == [
        ("p", "a", '"x"', 3),
        ("q", "a", '"x"', 1),
    ]
