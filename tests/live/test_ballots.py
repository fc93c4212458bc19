"""A ballot names one participant, and only the secret's holder can make one (live/ballots.py)."""

import pytest

from widgets.live import Participant
from widgets.live.ballots import issue, redeem

SECRET = "s" * 43
ALICE = Participant(3, 17)


def test_a_ballot_names_the_participant_it_was_issued_to():
    assert redeem(SECRET, issue(SECRET, ALICE)) == ALICE


def test_another_secret_another_participant_or_a_changed_mac_is_refused():
    ballot = issue(SECRET, ALICE)
    session, participant, mac = ballot.split(".")
    assert redeem("t" * 43, ballot) is None
    assert redeem(SECRET, f"{session}.18.{mac}") is None  # someone else's id with Alice's mac
    assert redeem(SECRET, f"4.{participant}.{mac}") is None
    assert redeem(SECRET, f"{session}.{participant}.{'0' * len(mac)}") is None


@pytest.mark.parametrize("ballot", [None, 3, ["3.17.x"], "", "3.17", "..", "³.17.ab", "3.17." + "a" * 200, "-3.17.ab"])
def test_anything_else_is_refused(ballot):
    assert redeem(SECRET, ballot) is None


def test_no_secret_no_ballot():
    assert redeem("", issue("", ALICE)) is None
