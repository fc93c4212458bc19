"""Ballots: how a phone's answer can go straight to the participant server and still be known to
come from the participant the page's kernel joined as.

After joining, the kernel hands its page a ballot, `"<session>.<participant>.<mac>"`: an HMAC-SHA256
of the two ids under a secret that the participant server makes at start and passes to its kernels
through the environment (`BALLOT_SECRET_VARIABLE`). The browser never sees the secret, and cannot
make its kernel reveal it (Voilà accepts no code from a page: comm messages only), so a ballot
can be neither forged nor switched to another participant. It says only who is answering; what they
may answer is checked by `LiveService.submit`, as for an answer through the kernel. A copied ballot
answers as that participant, as a copied page would; it is never shown and never leaves the page.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from widgets.live.service import Participant

BALLOT_SECRET_VARIABLE = "WORKSHOP_BALLOT_SECRET"  # noqa: S105 - the name of a variable, not a secret


def ballot_secret() -> str:
    """This server's secret, or "" where no participant server set one (a notebook run in Jupyter,
    the UI tests): pages then send answers through their kernel."""
    return os.environ.get(BALLOT_SECRET_VARIABLE, "")


def _mac(secret: str, session_id: int, participant_id: int) -> str:
    return hmac.new(secret.encode(), f"{session_id}.{participant_id}".encode(), hashlib.sha256).hexdigest()


def issue(secret: str, who: Participant) -> str:
    return f"{who.session_id}.{who.participant_id}.{_mac(secret, who.session_id, who.participant_id)}"


def redeem(secret: str, ballot: object) -> Participant | None:
    """The participant a ballot was issued to, or None for anything else."""
    if not secret or not isinstance(ballot, str) or len(ballot) > 100:
        return None
    session, _, rest = ballot.partition(".")
    participant, _, mac = rest.partition(".")
    if not all(part.isascii() and part.isdigit() for part in (session, participant)):
        return None
    if not hmac.compare_digest(mac, _mac(secret, int(session), int(participant))):
        return None
    return Participant(int(session), int(participant))
