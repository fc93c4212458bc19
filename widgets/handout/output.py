"""Writing the handout: the HTML file, replaced in one step, and a PDF printed by headless chromium."""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from widgets.content import Plan, load_local, load_plan
from widgets.content.local import LocalArea
from widgets.handout.course import COURSE_DIR, ROOT
from widgets.handout.page import render_handout
from widgets.settings import CHROMIUM_ARGS, Settings

DEFAULT_PLAN = ROOT / "scenarios" / "plans" / "workshop-60.yaml"
LOCAL_DIR = ROOT / "scenarios" / "local"
PDF_SECONDS = 120


@dataclass
class Written:
    """What `write_handout` did: lines for stdout, problems for stderr, and whether it all worked."""

    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ok: bool = True


def local_for(plan: Plan, local: str | Path | None) -> LocalArea | None:
    """--local if given, else the plan's `local` (scenarios/local/<id>.yaml), else None (national only)."""
    if local:
        return load_local(local)
    return load_local(LOCAL_DIR / f"{plan.local}.yaml") if plan.local else None


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1024:,.0f} KB"


def print_pdf(html_path: Path, pdf_path: Path, chromium: str, args: list[str]) -> str:
    """Print the page to PDF with headless chromium; returns "" or what went wrong."""
    with tempfile.TemporaryDirectory(prefix="workshop-handout-") as profile:
        argv = [
            chromium,
            "--headless",
            *args,
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf_path}",
            html_path.as_uri(),
        ]
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=PDF_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            return f"chromium did not finish within {PDF_SECONDS} s"
        except OSError as err:
            return f"could not run {chromium}: {err.strerror or err}"
    if done.returncode != 0 or not pdf_path.is_file():
        tail = (done.stderr or "").strip().splitlines()[-3:]
        return f"chromium exited with {done.returncode}" + (": " + " / ".join(tail) if tail else "")
    return ""


def write_handout(
    plan_path: str | Path = DEFAULT_PLAN,
    local: str | Path | None = None,
    *,
    facilitator: bool = False,
    output: str | Path = "handout.html",
    pdf: bool = False,
    course_dir: Path = COURSE_DIR,
    chromium: str | None = None,
) -> Written:
    """Load and check everything, then write the handout (and the PDF if asked and possible).

    A broken plan or local file raises ContentError before anything is written.
    """
    plan = load_plan(plan_path)
    area = local_for(plan, local)
    handout = render_handout(plan, area, facilitator=facilitator, course_dir=course_dir)
    done = Written(problems=[f"warning: {w}" for w in handout.warnings])
    out = Path(output).resolve()
    partial = out.with_name(f".{out.name}.partial")
    try:
        partial.write_text(handout.html, encoding="utf-8")
        os.replace(partial, out)  # a reader never sees half a handout
    except OSError as err:
        partial.unlink(missing_ok=True)
        done.problems.append(f"could not write {out}: {err.strerror or err}")
        done.ok = False
        return done
    edition = "facilitator edition" if facilitator else "participant handout"
    done.lines.append(f"Wrote the {edition} to {out} ({_size(out)}).")
    if not pdf:
        return done
    chromium = chromium or Settings().chromium  # WORKSHOP_CHROMIUM, Debian's by default
    pdf_path = out.with_suffix(".pdf")
    if not Path(chromium).is_file():
        done.lines.append(
            f"No PDF: chromium is not installed ({chromium} not found). Open {out.name} in a browser and print "
            "it, or install chromium (apt-get install chromium) and run this again."
        )
        return done
    problem = print_pdf(out, pdf_path, chromium, CHROMIUM_ARGS)
    if problem:
        done.problems.append(f"could not make the PDF: {problem}; the HTML handout is written")
        done.ok = False
    else:
        done.lines.append(f"Wrote the PDF to {pdf_path} ({_size(pdf_path)}).")
    return done
