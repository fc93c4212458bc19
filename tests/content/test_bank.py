"""The case bank: every case file that loads, and a clear problem for one that does not."""

import shutil
from pathlib import Path

from widgets.content.bank import CASES, case_bank
from widgets.content.loader import load_case


def test_the_bank_is_every_shipped_case_as_the_careful_loader_reads_it():
    cases, problems = case_bank()
    assert problems == []
    careful = [load_case(f) for f in sorted(CASES.glob("*.yaml"))]
    assert list(cases.values()) == careful


def test_a_broken_case_is_reported_and_the_others_still_load(tmp_path: Path):
    shutil.copy(CASES / "gp-angry-patient.yaml", tmp_path)
    (tmp_path / "broken.yaml").write_text("schema_version: 1\nid: broken\ntitle: [unclosed\n")
    (tmp_path / "wrong.yaml").write_text("schema_version: 1\nid: wrong\ntitle: A case\nsetting: moon\n")
    cases, problems = case_bank(tmp_path)
    assert list(cases) == ["gp-angry-patient"]
    assert {Path(p.file).name for p in problems} == {"broken.yaml", "wrong.yaml"}
    assert any(p.where == "setting" and p.line == 4 for p in problems)  # with the careful loader's line
