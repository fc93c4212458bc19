"""Tidy exports: one row per response, nobody identifiable, nothing joinable across exports."""

from __future__ import annotations

import io
import json
import random
import secrets

import pandas as pd

from widgets.analysis import FORMATS
from widgets.analysis.disclosure import Rule
from widgets.analysis.pii import scrub
from widgets.analysis.sessions import sessions_frame
from widgets.store import NotFound, Store

COLUMNS = ["session", "date", "plan", "activity", "kind", "participant", "answer"]


def _scrubbed(value):
    """Free text anywhere in an answer (text polls, the evaluation's intentions) goes through
    the PII scrub; everything else is ids and numbers the plan defined."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {k: _scrubbed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrubbed(v) for v in value]
    return value


class NoSessions(LookupError):
    """Nothing matched what was asked for; the message says what."""


def choose_sessions(store: Store, code: str = "", plan: str = "") -> list[int]:
    """The sessions an export or report covers: the one with this join code (as stored: the CLI
    normalises what was typed), else all (of a plan)."""
    if code:
        try:
            return [store.get_session_by_code(code)["id"]]
        except NotFound:
            raise NoSessions(f"no session has the code {code!r}") from None
    chosen = sessions_frame(store.session_records())
    if plan:
        chosen = chosen[chosen["plan"] == plan]
    if chosen.empty:
        raise NoSessions("no sessions" + (f" of plan {plan!r}" if plan else "") + " in this store")
    return [int(i) for i in chosen["session"]]


def export_frame(store: Store, session_ids: list[int], rule: Rule, seed: int | None = None) -> pd.DataFrame:
    """Responses of the chosen sessions with disclosure control applied:
    - sessions with fewer than k participants are left out whole (a small group is identifiable);
    - an activity answered by fewer than k people in the export is left out;
    - participants get new ids for this export only (random order, so ids say nothing about
      joining order), and sessions are numbered within the export: two exports cannot be joined;
    - times are cut to the session's date; free text is PII-scrubbed;
    - answers a facilitator hid during the session are left out."""
    sessions = sessions_frame([s for s in store.session_records() if s["id"] in set(session_ids)])
    sessions = sessions[sessions["participants"] >= rule.k]
    rng = random.Random(seed if seed is not None else secrets.randbits(64))
    session_no = {sid: f"S{n}" for n, sid in enumerate(rng.sample(list(sessions["session"]), len(sessions)), 1)}
    info = sessions.set_index("session")
    # What every response to an activity shares (session, date, plan, activity, kind), made once.
    where = {
        a["id"]: (
            session_no[a["session_id"]],
            info.at[a["session_id"], "date"].isoformat(),
            info.at[a["session_id"], "plan"],
            a["key"],
            a["kind"],
        )
        for a in store.activity_records(list(session_no))
    }
    hidden = store.hidden_responses(list(session_no))  # answers a facilitator hid are not exported
    rows = [r for r in store.response_rows(list(session_no)) if (r["activity_id"], r["participant_id"]) not in hidden]
    people = sorted({r["participant_id"] for r in rows})
    pseudonym = {pid: f"P{n:05d}" for n, pid in enumerate(rng.sample(people, len(people)), 1)}
    frame = pd.DataFrame(
        [(*where[r["activity_id"]], pseudonym[r["participant_id"]], _scrubbed(r["value"])) for r in rows],
        columns=COLUMNS,
    )
    answered = frame.groupby(["plan", "activity"])["participant"].transform("nunique")
    frame = frame[answered >= rule.k]
    return frame.sort_values(["session", "activity", "participant"], ignore_index=True)


def write(frame: pd.DataFrame, fmt: str) -> bytes:
    """The export as bytes in the chosen format; answers are JSON text in CSV and Parquet, and
    JSON values in JSON."""
    if fmt == "json":
        return json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=1).encode()
    flat = frame.assign(answer=[json.dumps(a, ensure_ascii=False) for a in frame["answer"]])
    if fmt == "csv":
        return flat.to_csv(index=False).encode()
    if fmt == "parquet":
        buffer = io.BytesIO()
        flat.to_parquet(buffer, index=False)
        return buffer.getvalue()
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
