"""Helpers for the security tests: a participant driven over its kernel websocket, store look-ups,
and the count of hostile inputs sent (printed at the end of the run by conftest.py)."""

from __future__ import annotations

import asyncio
import re
import socket
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from testkit.kernel_client import KernelClient, Widget, run_apart
from tests.http_kit import request  # noqa: F401 (the security tests import it from here)
from widgets.live.codes import hash_key
from widgets.settings import Settings
from widgets.store import Store
from widgets.store.schema import participants

ROOT = Path(__file__).absolute().parents[2]
DEMO_PLAN = ROOT / "scenarios" / "plans" / "demo.yaml"
KERNEL = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')

SAVED = "Answer saved. You can change it while the poll is open."
WAIT = "Please wait a moment before answering again."
WAITING = "Waiting for the facilitator…"

# The servers run with the default (the harness passes none of the caller's WORKSHOP_* settings).
ANSWER_INTERVAL = Settings.model_fields["answer_interval"].default

hostile = Counter()  # "tried" / "refused", summed over the run


run = run_apart  # asyncio.run() that works after a browser test in the same process


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def kernel_ids(body: str) -> list[str]:
    return KERNEL.findall(body)


def participant_id(store: Store, session_id: int, key: str) -> int | None:
    """Which participant a browser key became (the store keeps only its hash)."""
    with store.engine.connect() as conn:
        return conn.execute(
            select(participants.c.id).where(
                participants.c.session_id == session_id, participants.c.key_hash == hash_key(key)
            )
        ).scalar()


@dataclass(frozen=True)
class Choose:
    """A choice sent as choice.js sends it (a custom message), not as a state update."""

    value: object


class Phone:
    """A participant's page, driven over its kernel websocket exactly as identity.js and a person would."""

    def __init__(self, page: KernelClient, code: str, key: str = ""):
        self.page, self.code, self.key = page, code, key
        self.answered_at = -float("inf")  # when the kernel last said how a submit went

    @classmethod
    async def load(cls, base: str, code: str) -> Phone:
        return cls(await KernelClient.open(f"{base}/?join={code}"), code)

    @classmethod
    async def join(cls, base: str, code: str, key: str | None = None) -> Phone:
        phone = await cls.load(base, code)
        phone.key = await phone.page.join(code, key)

        def drawn():  # the activity, then the questions panel below it: a separate update
            return phone.find(text="Activity ") and phone.button("Ask or see questions")

        await phone.page.wait_for(drawn, 60, "the first activity and the questions panel")
        return phone

    def find(self, model_name: str = "", **criteria) -> list[Widget]:
        return self.page.find(model_name, **criteria)

    @property
    def status(self) -> str:
        return str(self.page.find(anywidget="StatusMessage")[0].state.get("text", ""))

    @property
    def status_id(self) -> str:
        return self.page.find(anywidget="StatusMessage")[0].model_id

    def said_since(self, seen: int) -> list[str]:
        """The status texts the kernel sent after update number `seen`."""
        return [s.get("text") for m, s in list(self.page.updates)[seen:] if m == self.status_id]

    def button(self, description: str) -> Widget | None:
        return self.page.button(description)

    def press_message(self, button: Widget, value=None, activity=None) -> dict:
        """The message pressing `button` sends the kernel: a click, or a form's answer (choice.js
        without a ballot: what any page may send the kernel, ballot or not) with the activity the page
        showed (`activity`, if not the one the button shows now: a page that has not caught up)."""
        if button.state.get("submit"):
            shown = button.state.get("activity") if activity is None else activity
            content = {"event": "submit", "value": value, "activity": shown}
        else:
            content = {"event": "click"}
        data = {"method": "custom", "content": content}
        return self.page.message("comm_msg", {"comm_id": button.model_id, "data": data}, {"version": "2.1.0"})

    async def press(self, button: Widget, value=None, activity=None) -> None:
        await self.page.send(self.press_message(button, value, activity))

    async def answer(self, key: str) -> None:
        """Choose an option by its key and press the question's button as a browser does: with the
        ballot, straight to the server (choice.js); fails unless the reply says it was saved."""
        await self.pace()
        reply = await self.page.answer(key)
        assert reply == {"saved": True, "message": SAVED}, reply
        self.answered_at = time.monotonic()

    def control(self) -> Widget:
        """The answer input on screen now: a text box, or a group of choices (radios or checkboxes)."""
        return next(w for w in self.page.visible() if "pw-control" in w.state.get("_dom_classes", []))

    async def choose(self, value, target: Widget | None = None) -> None:
        """What choice.js sends when a radio or checkbox changes: a custom message with the value."""
        await self.page.send_custom((target or self.control()).model_id, {"event": "choose", "value": value})

    async def settle(self) -> None:
        """Wait until the kernel has handled everything sent so far (its shell channel is in order)."""
        await self.page.kernel_info(20)

    async def clear_status(self) -> None:
        """Blank the status line (a synced trait), so the kernel's next message shows up even if repeated."""
        await self.page.update(self.status_id, {"text": ""})
        await self.settle()

    async def wait_open(self, position: int) -> Widget:
        """Wait until activity `position` (0-based) is on screen and open; return its Submit button."""
        await self.page.wait_for(lambda: self.find(text=f"Activity {position + 1} of "), 30, f"activity {position}")
        return await self.page.wait_for(lambda: self.button("Submit answer"), 30, "the Submit answer button")

    async def submit(
        self, state: dict | Choose | None = None, target: Widget | None = None, expect: str = SAVED
    ) -> None:
        """Set the answer input (or `target`) to `state` (a state update, or `Choose(value)`: the message
        a group of choices sends), click Submit, wait for the status to say `expect`. A choice
        question's own button sends the value with the press (choice.js without a ballot)."""
        await self.clear_status()
        button = self.button("Submit answer")
        value = state.value if isinstance(state, Choose) else (state or button.state).get("value")
        if isinstance(state, Choose) and not button.state.get("submit"):
            await self.choose(state.value, target)
        elif isinstance(state, dict):
            await self.page.update((target or self.control()).model_id, state)
        await self.pace()
        await self.press(button, value)
        await self.page.wait_for(lambda: self.status == expect, 30, f"status {expect!r}")
        self.answered_at = time.monotonic()

    async def pace(self) -> None:
        """A person cannot answer faster than the kit allows (the flood test is where that is tried).
        `answered_at` is taken after the kernel replied, so it is never earlier than the kernel's clock."""
        await asyncio.sleep(max(0.0, self.answered_at + ANSWER_INTERVAL - time.monotonic()))

    async def close(self) -> None:
        """Close the tab: the kernel is shut down, as Voilà's beacon does, so kernels do not pile up."""
        await self.page.shutdown()
