"""What the accessibility tests share: the demo session's states, reaching them from Python, an
axe-core scan, and the measurements made in the page (overflow, target sizes, focus styles, the
accessibility tree)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from testkit.harness import RunningWorkshop
from widgets.live import LiveService
from widgets.settings import Settings

# What a participant sees.
WAITING = "Waiting for the facilitator…"
CLOSED = "Voting has closed. " + WAITING
SAVED = "Answer saved. You can change it while the poll is open."
BAD_CODE = "No workshop has that code. Check the code on the screen and try again."
COUNT = re.compile(r"^\d+ responses?$")
# The submit throttle of a participant's page (the servers run with the default).
ANSWER_INTERVAL = Settings.model_fields["answer_interval"].default

# The demo plan's activities, by position.
SCALE, SINGLE, ESTIMATE, MULTIPLE, SHORT_TEXT, OPEN_TEXT = range(6)
KINDS = {
    SCALE: "scale",
    SINGLE: "single_choice",
    ESTIMATE: "single_choice_estimate",
    MULTIPLE: "multiple_choice",
    SHORT_TEXT: "short_text",
    OPEN_TEXT: "open_text",
}
STEP = {"open": "open_poll", "closed": "close_poll", "revealed": "reveal_results"}
PATHS = {"draft": [], "open": ["open"], "closed": ["open", "closed"], "revealed": ["open", "revealed"]}

# WCAG 2.0/2.1/2.2 A and AA: the bar. Best practice is scanned too, for the report.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAIL_IMPACTS = {"serious", "critical"}
# Moderate, but fixed once (a main landmark on every page, an h1 on the console): kept fixed.
FAIL_RULES = {"landmark-one-main", "region", "page-has-heading-one"}
# Moderate and minor findings of every scan in the run: (impact, rule, help) → where seen.
FINDINGS: dict[tuple[str, str, str], set[str]] = {}
_axe = Axe()


@dataclass
class Live:
    """The running server and its one demo session, driven straight through the service."""

    server: RunningWorkshop
    service: LiveService
    session_id: int

    def state(self) -> tuple[int, str]:
        current = self.service.view(self.session_id).current_activity
        return current.position, current.state

    def at(self, position: int, state: str = "open") -> None:
        """Go to activity `position` and bring it to `state` (draft, open, closed or revealed)."""
        if self.state()[0] != position:
            self.service.go_to(self.session_id, position)
        now = self.state()[1]
        if now == state:
            return
        steps = PATHS[state]
        if now in steps:
            steps = steps[steps.index(now) + 1 :]
        elif now == "closed" and state == "revealed":
            steps = ["revealed"]
        for step in steps:
            getattr(self.service, STEP[step])(self.session_id)

    def answers(self, position: int) -> list:
        """Every stored answer to activity `position`."""
        activity_id = self.service.view(self.session_id).activities[position].id
        return self.service.store.response_values(activity_id)


# -- pages ---------------------------------------------------------------------------------------
def expect_ready(page: Page, ready) -> None:
    """The page is ready: `ready` (a locator) shows and Voilà's loading spinner has gone."""
    expect(ready).to_be_visible(timeout=30_000)
    expect(page.locator("#loading")).to_have_count(0)


def joined(page: Page):
    """What a participant sees first after joining: the question asked on joining (when the kit
    asks one, in `.pw-checkin`) or else the current activity. Returns the question's box, or None."""
    checkin = page.locator(".pw-checkin")
    step = page.get_by_text(re.compile(r"^Activity \d of 6$"))
    expect(checkin.or_(step).filter(visible=True)).to_have_count(1, timeout=30_000)
    expect(page.locator("#loading")).to_have_count(0)
    return checkin if checkin.is_visible() else None


def go_on(page: Page, checkin, *, keyboard: bool = False) -> None:
    """Answer the question on joining with its first button ("Yes"), then see the activity."""
    if checkin is not None:
        button = checkin.get_by_role("button").first
        if keyboard:
            tab_to(page, button)
            page.keyboard.press("Enter")
        else:
            button.click()
        expect(checkin).to_be_hidden()
    expect(page.get_by_text(re.compile(r"^Activity \d of 6$"))).to_be_visible()


def join(page: Page, live: Live) -> None:
    """Open the participant page with the join link and wait for the current activity."""
    page.goto(live.server.join_url)
    go_on(page, joined(page))


def open_console(page: Page, live: Live) -> None:
    page.goto(live.server.staff_url)
    expect_ready(page, page.get_by_text(re.compile(r"^Activity \d of 6 · ")))


def expect_console_at(page: Page, position: int, label: str) -> None:
    expect(page.get_by_text(f"Activity {position + 1} of 6 · {label}", exact=True)).to_be_visible()


LAST_SAVED: dict[int, float] = {}  # id(page) → when it last showed "Answer saved"

# ipywidgets sends a widget's changes one at a time: while one waits for the kernel's reply, later
# changes wait in the model's buffer (`_msg_buffer`), but a button's click goes straight out and
# can overtake them. The groups of choices avoid that (they send each change as a custom message:
# see test_quick_change_then_submit_saves_what_is_shown); a text box does not. "Caught up": no model
# has a change in flight or buffered. Reads ipywidgets' private fields, through Voilà's app object.
CAUGHT_UP_JS = """async (ms) => {
  const manager = window.jupyterapp && window.jupyterapp.widgetManager;
  if (!manager || !manager._models) throw new Error('no ipywidgets manager on window.jupyterapp');
  const deadline = Date.now() + ms;
  for (;;) {
    const models = await Promise.all(Object.values(manager._models));
    if (models.every(m => !m._pending_msgs && m._msg_buffer === null)) return true;
    if (Date.now() > deadline) return false;
    await new Promise(done => setTimeout(done, 10));  // poll again: a reply from the kernel is due
  }
}"""


def kernel_caught_up(page: Page, timeout_ms: int = 10_000) -> None:
    """Wait until the kernel has every change the page made to its widgets."""
    assert page.evaluate(CAUGHT_UP_JS, timeout_ms), f"the page still had widget changes unsent after {timeout_ms} ms"


def submit(page: Page, *, keyboard: bool = False) -> None:
    """Press "Submit answer" (Enter on it, or a click) once the kernel has the answer shown, and
    wait for "Answer saved".

    The kit refuses a second answer within ANSWER_INTERVAL of the last one, on purpose, against
    floods; so a page that answers again waits out what is left of that interval (measured from
    when it last saw "Answer saved", which is after the kernel took that answer in), no longer."""
    left = LAST_SAVED.get(id(page), -float("inf")) + ANSWER_INTERVAL - time.monotonic()
    if left > 0:
        time.sleep(left)
    kernel_caught_up(page)
    if keyboard:
        page.keyboard.press("Enter")
    else:
        page.get_by_role("button", name="Submit answer").click()
    expect(page.get_by_role("status")).to_have_text(SAVED)
    LAST_SAVED[id(page)] = time.monotonic()


# -- axe-core ------------------------------------------------------------------------------------
def axe_scan(page: Page, where: str) -> list[str]:
    """Scan the whole document; returns the serious and critical violations (and FAIL_RULES'), one
    line each, and keeps the other moderate and minor ones for the end-of-run summary."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    failures = []
    for v in results.response["violations"]:
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"]]
        if v["impact"] in FAIL_IMPACTS or v["id"] in FAIL_RULES:
            failures.append(f"{where}: [{v['impact']}] {v['id']} ({v['help']}) at {targets[:5]}")
        else:
            FINDINGS.setdefault((v["impact"] or "none", v["id"], v["help"]), set()).add(where)
    return failures


# -- measurements in the page --------------------------------------------------------------------
# The document and every panel Voilà scrolls (its lab template scrolls inner Lumino panels).
OVERFLOW_JS = """() => [document.scrollingElement, ...document.querySelectorAll('*')]
  .filter(e => e === document.scrollingElement ||
               ['auto', 'scroll'].includes(getComputedStyle(e).overflowX) ||
               ['auto', 'scroll'].includes(getComputedStyle(e).overflowY))
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => `${e.tagName.toLowerCase()}#${e.id}.${[...e.classList].join('.')}: ` +
            `scrollWidth ${e.scrollWidth} > clientWidth ${e.clientWidth}`)"""

# Interactive targets and their clickable boxes: a radio or checkbox counts with its label.
TARGETS_JS = """(min) => {
  const shown = e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; };
  const out = [];
  for (const e of document.querySelectorAll('button, input, select, textarea, summary, a[href]')) {
    if (!shown(e) || e.disabled) continue;
    if (e.matches('a') && getComputedStyle(e).display === 'inline' && e.closest('p, li')) continue; // inline link
    // A radio or checkbox is also clicked through its label (wrapped round it or pointing at it).
    const label = e.matches('input[type=radio], input[type=checkbox]') && e.labels && e.labels[0];
    const a = e.getBoundingClientRect(), b = label ? label.getBoundingClientRect() : a;
    const r = {width: Math.max(a.right, b.right) - Math.min(a.left, b.left),
               height: Math.max(a.bottom, b.bottom) - Math.min(a.top, b.top)};
    const box = label || e;
    const name = (box.innerText || e.value || e.getAttribute('aria-label') || e.placeholder || e.type).trim();
    out.push({name: name.slice(0, 40), tag: e.tagName.toLowerCase(), type: e.type || '',
              width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10});
  }
  return out;
}"""

# What focus changes: the computed outline, shadow and colours of the focused element.
STYLE_JS = """(e) => { const s = getComputedStyle(e); return {
  outline: s.outlineStyle === 'none' ? 'none' : `${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}`,
  outlineWidth: parseFloat(s.outlineWidth) || 0, outlineStyle: s.outlineStyle, outlineColor: s.outlineColor,
  boxShadow: s.boxShadow, background: s.backgroundColor, color: s.color, border: s.borderColor}; }"""

FOCUSABLE_JS = """() => [...document.querySelectorAll(
    'button, input, select, textarea, summary, a[href], [tabindex]:not([tabindex="-1"])')]
  .filter(e => !e.disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')"""

DESCRIBE_JS = """(e) => { if (!e || e === document.body) return 'body';
  const label = e.labels && e.labels[0]; const text = (label ? label.innerText : e.innerText) || '';
  return `${e.tagName.toLowerCase()}${e.type ? '[' + e.type + ']' : ''} "${(text.trim() ||
    e.getAttribute('aria-label') || e.placeholder || e.title || '').slice(0, 40)}"`; }"""

GOLD = "rgb(255, 221, 0)"  # --pw-focus, #ffdd00
INK = "rgb(11, 12, 12)"  # --pw-text, #0b0c0c


def overflowing(page: Page) -> list[str]:
    return page.evaluate(OVERFLOW_JS)


def small_targets(page: Page, minimum: float = 24) -> list[dict]:
    return [t for t in page.evaluate(TARGETS_JS, minimum) if t["width"] < minimum or t["height"] < minimum]


def resize(page: Page, width: int, height: int) -> None:
    """A new window size, once the page's main panel has been laid out to it (Voilà's lab page: its
    #rendered_cells; the lean participant page: its <main>; a page the server writes itself, such as
    the join form: its body)."""
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_function(
        "(w) => { const p = document.getElementById('rendered_cells') || document.querySelector('main')"
        " || document.body;"
        " return window.innerWidth === w && p &&"
        " Math.abs(p.getBoundingClientRect().width - document.documentElement.clientWidth) < 1; }",
        arg=width,
    )


def focused(page: Page) -> str:
    return page.evaluate(f"() => ({DESCRIBE_JS})(document.activeElement)")


def tab_to(page: Page, locator, limit: int = 40, key: str = "Tab") -> int:
    """Press Tab until `locator` has focus; returns how many presses it took."""
    handle = locator.element_handle()
    for n in range(1, limit + 1):
        page.keyboard.press(key)
        if page.evaluate("(e) => document.activeElement === e", handle):
            return n
    raise AssertionError(f"{limit} × {key} never reached {locator}; focus is on {focused(page)}")


def blur(page: Page) -> None:
    """Focus nothing: the next Tab starts at the top of the page."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.evaluate("() => { window.getSelection() && window.getSelection().removeAllRanges(); }")


def focus_walk(page: Page, limit: int = 60) -> list[dict]:
    """Tab through the whole page from the top. For each control that takes focus: its style when
    focused and when not, and whether it is inside the viewport (not obscured, not off-screen)."""
    blur(page)
    count = page.evaluate(f"() => ({FOCUSABLE_JS})().length")
    rest = {}
    for i in range(count):
        rest[i] = page.evaluate(f"(i) => ({STYLE_JS})(({FOCUSABLE_JS})()[i])", i)
    seen: list[dict] = []
    for _ in range(min(limit, count + 2)):
        page.keyboard.press("Tab")
        info = page.evaluate(
            f"""() => {{ const e = document.activeElement, all = ({FOCUSABLE_JS})();
              if (!e || e === document.body) return null;
              const r = e.getBoundingClientRect();
              const hit = document.elementFromPoint(
                Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1),
                Math.min(Math.max(r.top + Math.min(r.height / 2, 10), 0), innerHeight - 1));
              return {{index: all.indexOf(e), what: ({DESCRIBE_JS})(e), style: ({STYLE_JS})(e),
                inView: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
                onTop: !!hit && (hit === e || e.contains(hit) || hit.contains(e) ||
                                 [...(e.labels || [])].some(l => l.contains(hit)))}}; }}"""
        )
        if info is None or any(s["index"] == info["index"] for s in seen):
            break  # back at the top (or out of the page): every control has been visited
        info["rest"] = rest.get(info["index"])
        seen.append(info)
    return seen


def focus_problems(walk: list[dict]) -> list[str]:
    """A focused control must look different from its unfocused self: a solid outline of at least
    2 px or a changed box shadow, in the kit's yellow-and-black ring."""
    problems = []
    for f in walk:
        on, off = f["style"], f["rest"] or {}
        ring = on["outlineStyle"] not in {"none", "hidden"} and on["outlineWidth"] >= 2
        changed = (on["outline"], on["boxShadow"]) != (off.get("outline"), off.get("boxShadow"))
        if not (ring and changed):
            problems.append(f"{f['what']}: no visible focus change (focused {on}, unfocused {off})")
        elif GOLD not in on["outlineColor"] + on["boxShadow"] or INK not in on["boxShadow"]:
            problems.append(f"{f['what']}: focus ring is not the yellow #ffdd00 with a dark inset ({on})")
        if not f["inView"]:
            problems.append(f"{f['what']}: focused but outside the viewport")
        elif not f["onTop"]:
            problems.append(f"{f['what']}: focused but covered by something else")
    return problems


# -- the accessibility tree (Chrome's own, through the DevTools protocol) ------------------------
CONTROL_ROLES = {
    "button",
    "textbox",
    "radio",
    "checkbox",
    "combobox",
    "listbox",
    "link",
    "searchbox",
    "spinbutton",
    "slider",
    "switch",
    "menuitem",
    "tab",
}


def ax_tree(page: Page) -> list[dict]:
    session = page.context.new_cdp_session(page)
    try:
        return session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()


def ax_value(node: dict, key: str) -> str:
    return str((node.get(key) or {}).get("value") or "")


def ax_controls(page: Page) -> list[dict]:
    """Every control Chrome exposes: role, name and where the name came from."""
    out = []
    for node in ax_tree(page):
        role = ax_value(node, "role")
        if node.get("ignored") or role not in CONTROL_ROLES:
            continue
        sources = [s for s in (node.get("name") or {}).get("sources", []) if s.get("value") and not s.get("superseded")]
        source = sources[0] if sources else {}
        out.append(
            {
                "role": role,
                "name": ax_value(node, "name").strip(),
                "from": source.get("type", "") + (f":{source['attribute']}" if source.get("attribute") else ""),
                "id": node.get("backendDOMNodeId"),
            }
        )
    return out


# -- answering each kind of activity -------------------------------------------------------------
# position → (what to choose or type, what the store then holds)
ANSWERS = {
    SCALE: (["4"], 4),
    SINGLE: (["A way to get early support for someone who may be susceptible to radicalisation"], "support"),
    ESTIMATE: (["About 40%"], "p40"),
    MULTIPLE: (["Your designated safeguarding lead", "A colleague who knows the person well"], ["dsl", "colleague"]),
    SHORT_TEXT: (["proportionate"], "proportionate"),
    OPEN_TEXT: (["How do we record a concern before we refer?"], "How do we record a concern before we refer?"),
}


def expect_open(page: Page, position: int) -> None:
    """The participant's page shows activity `position`, open, with its input and Submit button."""
    expect(page.get_by_text(f"Activity {position + 1} of 6", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Submit answer")).to_be_visible()
    control = {SCALE: "radio", SINGLE: "radio", ESTIMATE: "radio", MULTIPLE: "checkbox"}.get(position, "textbox")
    expect(page.get_by_role(control).first).to_be_visible()


def answer_with_mouse(page: Page, position: int) -> None:
    chosen, _ = ANSWERS[position]
    if position in (SCALE, SINGLE, ESTIMATE):
        page.get_by_role("radio", name=chosen[0], exact=True).check()
    elif position == MULTIPLE:
        for label in chosen:
            page.get_by_role("checkbox", name=label, exact=True).check()
    else:
        box = page.locator(".pw-answer").locator("input[type=text], textarea")
        box.fill(chosen[0])
        box.press("Tab")  # continuous_update=False: the value reaches the kernel on blur
    submit(page)
