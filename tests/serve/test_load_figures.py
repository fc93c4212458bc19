"""load.py's CPU per vote: the whole kit's, and the part phones' votes cost the participant server
and its kernels (issue 12's ≤ 3 ms), which leaves out the console redrawing on the staff side."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from loadreport import vote_cpu


@pytest.fixture
def side():
    """One round of 100 votes over 2 s; every role idles at 0.01 CPU-s per second."""
    roles = ["cli server", "participant server", "participant kernels", "staff server", "staff kernels"]
    return {
        "cpu_idle_roles": dict.fromkeys(roles, 0.01),
        "rounds": [
            {
                "votes_wall": 2.0,
                "cpu_roles": {
                    "cli server": 0.02,
                    "participant server": 0.12,
                    "participant kernels": 9.9,
                    "staff server": 0.07,
                    "staff kernels": 0.42,
                },
                "voter_kernels_cpu": [0.003] * 100,  # each voter's kernel against
                "other_kernels_cpu": [0.002] * 50,  # those that did not vote, over the same seconds
            }
        ],
    }


def test_the_phone_side_leaves_out_the_staff_side_and_the_cli(side):
    kernels = 100 * (0.003 - 0.002)
    participant_server = 0.12 - 0.01 * 2
    staff = (0.07 - 0.02) + (0.42 - 0.02)
    assert vote_cpu(side, "participant") == pytest.approx(participant_server + kernels)
    assert vote_cpu(side) == pytest.approx(participant_server + kernels + staff + (0.02 - 0.02))


def test_without_kernels_that_did_not_vote_the_kernels_idle_rate_is_the_baseline(side):
    side["rounds"][0]["other_kernels_cpu"] = []  # every phone voted
    assert vote_cpu(side, "participant") == pytest.approx((0.12 - 0.02) + (9.9 - 0.02))
    assert vote_cpu(side, "staff") == pytest.approx(0.05 + 0.40)
