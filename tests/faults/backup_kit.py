"""The writer of the backup test: one participant kernel's worth of votes, arriving without pause
until told to stop, each by a new participant (so every vote is a new row that a backup either
holds or, if it came later, does not)."""

from __future__ import annotations

BARRIER_SECONDS = 120


def steady_voter(url: str, code: str, writer: int, barrier, stop, results) -> None:
    """Join and vote until `stop` is set; report ("stored", participant id, value) for every vote
    the store accepted, and ("error", …) for anything else."""
    from widgets.live import LiveService
    from widgets.store import Store

    out: list[tuple] = []
    try:
        with Store(url) as store:
            service = LiveService(store)
            activity_id = service.view(service.find_session(code)["id"]).current_activity.id
            barrier.wait(BARRIER_SECONDS)
            i = 0
            while not stop.is_set():
                value = (writer + i) % 5 + 1
                who = service.join(code, f"backup{writer:02d}person{i:05d}x")
                service.submit(who, activity_id, value)
                out.append(("stored", who.participant_id, value))
                i += 1
    except Exception as err:  # reported, so the test fails with the reason
        out.append(("error", None, f"{type(err).__name__}: {err}"))
    results.put(out)
