"""The participant page's gate, piece by piece: the rate per address, whose address a proxy's header
names, the pages it writes (escaped), the first paint spliced into a page written in chunks, and the
arguments `workshop serve` gives it. The whole gate on a real server: tests/security/test_flood.py."""

from pathlib import Path

import pytest
from markupsafe import escape

from widgets.content import load_plan
from widgets.live import LiveService
from widgets.serve.gate import GatedVoilaHandler, JoinGate, PageRate, client_address, gate_handlers
from widgets.serve.pages import MARKER, Splice, busy_page, first_paint, join_page
from widgets.serve.servers import build_plan
from widgets.settings import kernel_cap
from widgets.store import Store

ROOT = Path(__file__).resolve().parents[2]
DEMO_PLAN = ROOT / "scenarios" / "plans" / "demo.yaml"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_address_gets_a_burst_then_one_load_per_interval():
    clock = Clock()
    rate = PageRate(60, clock=clock)
    assert all(rate.allow("10.0.0.1") for _ in range(60))
    assert not rate.allow("10.0.0.1")
    assert rate.allow("10.0.0.2"), "another address has its own allowance"
    clock.now += 0.5
    assert not rate.allow("10.0.0.1")
    clock.now += 0.6  # a second since the burst: one more
    assert rate.allow("10.0.0.1") and not rate.allow("10.0.0.1")
    clock.now += 3600
    assert sum(rate.allow("10.0.0.1") for _ in range(100)) == 60, "refills to the burst, not beyond"


def test_refusals_do_not_lengthen_the_wait():
    clock = Clock()
    rate = PageRate(60, clock=clock)
    for _ in range(500):  # a reload loop
        rate.allow("10.0.0.1")
    clock.now += 1.01
    assert rate.allow("10.0.0.1")


def test_a_flood_of_addresses_cannot_grow_the_table_without_bound():
    rate = PageRate(60, addresses=100)
    for i in range(1000):
        rate.allow(f"10.0.{i // 256}.{i % 256}")
    assert len(rate.buckets) == 100


TRUSTED = frozenset({"127.0.0.1"})


@pytest.mark.parametrize(
    ("peer", "header", "who"),
    [
        ("127.0.0.1", None, "127.0.0.1"),
        ("127.0.0.1", "198.51.100.7", "198.51.100.7"),
        ("127.0.0.1", "203.0.113.9, 198.51.100.7", "198.51.100.7"),  # the first is the client's own claim
        ("127.0.0.1", "198.51.100.7, 127.0.0.1", "198.51.100.7"),  # through two proxies of ours
        ("10.0.0.5", "198.51.100.7", "10.0.0.5"),  # not our proxy: its header is anyone's to write
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_forwarded_for_is_believed_only_from_a_trusted_proxy(peer, header, who):
    assert client_address(peer, header, TRUSTED) == who


def test_the_join_page_is_a_plain_labelled_form_and_escapes_what_was_typed():
    html = join_page("/", "<script>alert(1)</script>" + "A" * 10_000, "No workshop has that code.")
    assert '<label class="pw-label" for="pw-join-code">Join code</label>' in html
    assert 'method="get"' in html and 'name="join"' in html and ">Join</button>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "A" * 30 not in html, "a huge code is not echoed back whole"
    assert 'role="status" aria-live="polite"' in html and "No workshop has that code." in html
    assert 'aria-invalid="true"' in html and "autofocus" in html


def test_the_empty_join_page_has_an_empty_polite_status_region_and_no_error():
    html = join_page("/")
    body = html[html.index("<body>") :]
    assert 'role="status" aria-live="polite"' in body and " hidden>" in body
    assert 'aria-invalid="true"' not in body and "autofocus" not in body and "<title>Error" not in html


def test_the_busy_page_says_try_again_in_a_minute():
    assert "The workshop is full or busy: try again in a minute." in busy_page()


@pytest.fixture
def service(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'w.db'}") as store:
        yield LiveService(store)


def test_the_first_paint_shows_the_question_and_its_choices_escaped(service):
    plan = load_plan(DEMO_PLAN)
    first = plan.activities[0].model_copy(update={"prompt": "Is <b>this</b> & that <script>x</script>?"})
    plan = plan.model_copy(update={"activities": [first, *plan.activities[1:]]})
    session = service.create_session(plan)
    html = first_paint(service.view(session["id"]))
    assert "Is &lt;b&gt;this&lt;/b&gt; &amp; that &lt;script&gt;" in html and "<script>" not in html
    assert 'class="pw-first-paint"' in html and "<button" not in html and "<input" not in html

    single = next(i for i, a in enumerate(plan.activities) if a.kind == "single_choice")
    service.go_to(session["id"], single)
    html = first_paint(service.view(session["id"]))
    assert plan.activities[single].prompt in html
    for option in plan.activities[single].options:
        assert f"<li>{escape(option.label)}</li>" in html  # as typed, escaped (the demo's have apostrophes)
    assert "Activity " not in html, "the step line is the live page's alone (tests find it by its text)"


@pytest.mark.parametrize("cut", range(len(MARKER) + 2))
def test_the_first_paint_replaces_the_marker_wherever_chunks_split_it(cut):
    page = f"<main class='pw-page'>\n{MARKER}\n<div>cells</div></main>"
    at = page.index(MARKER) + cut - 1
    splice = Splice("<section>Q</section>")
    out = splice.feed(page[:at]) + splice.feed(page[at:]) + splice.end()
    assert out == page.replace(MARKER, "<section>Q</section>")


def test_a_page_without_the_marker_passes_through_whole():
    splice = Splice("<section>Q</section>")
    chunks = ["<html>", "<body>", "<!-- pw-first", "-nope -->", "</body></html>"]
    assert "".join(splice.feed(c) for c in chunks) + splice.end() == "".join(chunks)


def test_the_gate_replaces_only_voilas_page_handler_and_only_when_enabled():
    from traitlets.config import Config
    from voila.tornado.handler import TornadoVoilaHandler

    from widgets.serve.answers import AnswerHandler
    from widgets.serve.kernel_store import StoreCallHandler, StoreChangesHandler

    routes = [("/(.*)", TornadoVoilaHandler, {"voila_configuration": None}), ("/voila/static/(.*)", object, {})]
    assert gate_handlers(routes, Config()) == routes
    config = Config({"JoinGate": {"enabled": True, "max_kernels": 7}})
    answers, changes, call, *gated = gate_handlers(routes, config, "/base/")
    assert gated[0][1] is GatedVoilaHandler and gated[0][2]["gate"].max_kernels == 7
    assert gated[1] == routes[1]
    # First, so Voilà's catch-all page route does not take them: where choice.js posts answers, and
    # where the server's kernels reach its store.
    assert answers[0] == "/base/workshop/answer" and answers[1] is AnswerHandler
    assert changes[:2] == ("/base/workshop/store/changes", StoreChangesHandler)
    assert call[:2] == ("/base/workshop/store/(\\w+)", StoreCallHandler)


class Kernels:
    def __init__(self, in_use):
        self.in_use = in_use

    def kernels_in_use(self):
        return self.in_use


def test_the_cap_counts_kernels_in_use_and_pages_still_starting():
    gate = JoinGate(max_kernels=5)
    assert not gate.full(Kernels(4))
    gate.starting = 1
    assert gate.full(Kernels(4))


def test_serve_gates_the_participant_server_only():
    plan = build_plan(Path("/nb"), "sqlite:////tmp/w.db", 8866, 8867, public_host="10.0.0.5", expected=40)
    argv = plan.participant_argv()
    assert "--JoinGate.enabled=True" in argv and f"--JoinGate.max_kernels={kernel_cap(40)}" in argv
    assert "--JoinGate.page_loads_per_minute=60" in argv
    assert not any("JoinGate" in a for a in plan.staff_argv())
    assert not any("JoinGate" in a for a in plan.course_argv(8868))


def test_trusted_proxies_come_from_the_setting(monkeypatch):
    monkeypatch.setenv("WORKSHOP_TRUSTED_PROXIES", "127.0.0.1, ::1")
    monkeypatch.setenv("WORKSHOP_MAX_KERNELS", "33")
    argv = build_plan(Path("/nb"), "sqlite:////tmp/w.db", 1, 2, public_host="h").participant_argv()
    assert "--JoinGate.trusted_proxies=127.0.0.1" in argv and "--JoinGate.trusted_proxies=::1" in argv
    assert "--JoinGate.max_kernels=33" in argv


@pytest.mark.parametrize(("expected", "cap"), [(0, 50), (20, 50), (60, 75), (200, 250), (400, 500)])
def test_the_cap_leaves_headroom_over_the_room(expected, cap):
    assert kernel_cap(expected) == cap
    assert kernel_cap(expected, 12) == 12
