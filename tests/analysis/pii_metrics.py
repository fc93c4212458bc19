"""Precision and recall of the PII scrub on the labelled corpus (tests/data/pii/*.jsonl).

    .venv/bin/python -m tests.analysis.pii_metrics          # both parts, as a Markdown table

Measured through `scrub()` alone, the way its callers see it: the scrubbed text is aligned with
the answer word by word (difflib), so each placeholder is traced back to the words it replaced.
- A labelled detail is *caught* when every letter and digit of it was replaced, by any
  placeholder (a phone number hidden as "[number]" is hidden all the same). Recall = caught / all.
- A placeholder is *right* when what it replaced overlaps a labelled detail. Precision = right /
  placeholders; "Mrs [name]" is right, "[name] Council" is not.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

DATA = Path(__file__).parents[1] / "data" / "pii"
PARTS = {"tuning": "corpus.jsonl", "held out": "heldout.jsonl"}
KIND_OF = {"[name]": "name", "[email]": "email", "[phone]": "phone", "[number]": "phone",
           "[postcode]": "postcode", "[link]": "url", "[handle]": "handle"}  # fmt: skip
KINDS = ["name", "email", "phone", "postcode", "url", "handle"]
_TOKEN = re.compile(r"\[(?:name|email|phone|number|postcode|link|handle)\]|\w+|\s+|[^\w\s]")


def load(part: str) -> list[dict]:
    lines = (DATA / PARTS[part]).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def replaced(text: str, scrubbed: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) in `text` of each placeholder in `scrubbed`, from a word-level diff."""
    before, after = _tokens(text), _tokens(scrubbed)
    matcher = difflib.SequenceMatcher(None, [t[2] for t in before], [t[2] for t in after], autojunk=False)
    found = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        start = before[i1][0] if i1 < i2 else (before[i1 - 1][1] if i1 else 0)
        end = before[i2 - 1][1] if i1 < i2 else start
        kinds = [KIND_OF[t[2]] for t in after[j1:j2] if t[2] in KIND_OF]
        # words dropped without a placeholder of their own (an email's "." matched elsewhere) are hidden too
        found += [(start, end, kind) for kind in kinds] or ([(start, end, "")] if op == "delete" else [])
    return found


def measure(rows: list[dict], scrub: Callable[[str], str]) -> dict[str, dict[str, int]]:
    """Per kind: labelled details, caught, placeholders, right ones ("all" adds them up)."""
    n: dict[str, Counter] = {kind: Counter() for kind in [*KINDS, "all"]}
    for row in rows:
        text = unicodedata.normalize("NFKC", row["text"])
        found = replaced(text, scrub(text))
        hidden = set().union(*(range(s, e) for s, e, _ in found)) if found else set()
        for start, end, kind in row["spans"]:
            caught = all(i in hidden for i in range(start, end) if text[i].isalnum())
            for k in (kind, "all"):
                n[k]["details"] += 1
                n[k]["caught"] += caught
        for start, end, kind in found:
            if not kind:
                continue
            right = any(s < max(end, start + 1) and start < e for s, e, _ in row["spans"])
            for k in (kind, "all"):
                n[k]["placeholders"] += 1
                n[k]["right"] += right
    return {k: dict(c) for k, c in n.items()}


def rates(counts: dict[str, int]) -> tuple[float | None, float | None]:
    """(precision, recall); None where there is nothing to divide by."""
    precision = counts.get("right", 0) / counts["placeholders"] if counts.get("placeholders") else None
    recall = counts.get("caught", 0) / counts["details"] if counts.get("details") else None
    return precision, recall


def misses(rows: list[dict], scrub: Callable[[str], str]) -> list[str]:
    """Every labelled detail that got through and every placeholder that hid nothing, for reading."""
    out = []
    for row in rows:
        text = unicodedata.normalize("NFKC", row["text"])
        result = scrub(text)
        found = replaced(text, result)
        hidden = set().union(*(range(s, e) for s, e, _ in found)) if found else set()
        for s, e, _ in row["spans"]:
            if not all(i in hidden for i in range(s, e) if text[i].isalnum()):
                out.append(f"missed {text[s:e]!r} in {result!r}")
        for s, e, kind in found:
            if kind and not any(a < max(e, s + 1) and s < b for a, b, _ in row["spans"]):
                out.append(f"wrong [{kind}] for {text[s:e]!r} in {result!r}")
    return out


def table(scrub: Callable[[str], str]) -> str:
    lines = [
        "| part | kind | details | recall | placeholders | precision |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for part in PARTS:
        rows = load(part)
        for kind, counts in measure(rows, scrub).items():
            precision, recall = rates(counts)
            if precision is None and recall is None:
                continue
            pct = lambda x: "–" if x is None else f"{100 * x:.1f} %"  # noqa: E731
            lines.append(
                f"| {part} ({len(rows)} answers) | {kind} | {counts.get('details', 0)} | {pct(recall)} "
                f"| {counts.get('placeholders', 0)} | {pct(precision)} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    from widgets.analysis.pii import scrub

    print(table(scrub))
    if "--misses" in sys.argv:  # the tuning part only: the held-out part is for measuring
        print("\n".join(misses(load("tuning"), scrub)))
