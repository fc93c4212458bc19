"""One chromium: WORKSHOP_CHROMIUM picks the browser the handout prints with, given the same flags
as before, and the test kit drives the same one."""

from __future__ import annotations

import stat
from pathlib import Path

from testkit import harness
from widgets.handout import write_handout
from widgets.settings import CHROMIUM_ARGS, Settings

PLAN_60 = Path(__file__).resolve().parent.parent / "scenarios" / "plans" / "workshop-60.yaml"
# Stands in for chromium: records its arguments and "prints" the PDF it is asked for.
FAKE_CHROMIUM = """#!/bin/sh
printf '%s\\n' "$@" > "$(dirname "$0")/argv.txt"
for arg; do
  case "$arg" in --print-to-pdf=*) printf '%%PDF-1.4 fake\\n' > "${arg#--print-to-pdf=}" ;; esac
done
"""


def test_debian_chromium_by_default(monkeypatch):
    monkeypatch.delenv("WORKSHOP_CHROMIUM", raising=False)
    assert Settings().chromium == "/usr/bin/chromium"


def test_the_handout_prints_with_the_chromium_the_setting_names(tmp_path, monkeypatch):
    chromium = tmp_path / "bin" / "my-chromium"
    chromium.parent.mkdir()
    chromium.write_text(FAKE_CHROMIUM)
    chromium.chmod(chromium.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("WORKSHOP_CHROMIUM", str(chromium))
    out = tmp_path / "h.html"
    done = write_handout(PLAN_60, output=out, pdf=True, course_dir=tmp_path / "no-course")
    assert done.ok, done.problems
    assert out.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    argv = (chromium.parent / "argv.txt").read_text().splitlines()
    assert argv[0] == "--headless" and argv[1 : 1 + len(CHROMIUM_ARGS)] == CHROMIUM_ARGS
    assert f"--print-to-pdf={out.with_suffix('.pdf')}" in argv and argv[-1] == out.as_uri()


def test_a_missing_chromium_from_the_setting_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKSHOP_CHROMIUM", str(tmp_path / "nowhere" / "chromium"))
    done = write_handout(PLAN_60, output=tmp_path / "h.html", pdf=True, course_dir=tmp_path / "no-course")
    assert done.ok and not (tmp_path / "h.pdf").exists()
    assert any(f"({tmp_path / 'nowhere' / 'chromium'} not found)" in line for line in done.lines)


def test_the_test_kit_drives_the_same_chromium_with_the_same_flags():
    assert Settings().chromium == harness.CHROMIUM
    assert harness.CHROMIUM_ARGS is CHROMIUM_ARGS
