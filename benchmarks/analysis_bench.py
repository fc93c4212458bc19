"""How fast the analyst view aggregates 1,000,000 responses (budget: 1 s on a 2-core machine).

    .venv/bin/python benchmarks/analysis_bench.py [--runs 5] [--responses 1000000] [--no-profile]
    tests/with-postgres.sh .venv/bin/python benchmarks/analysis_bench.py   # PostgreSQL too

The store is built once with the demo generator (`widgets.live.demo.generate`: workshop-60
sessions of about 25 people, real answer shapes, planted PII in free text) and cached in
benchmarks/.cache/ (ignored by git); later runs reuse it. With WORKSHOP_TEST_PG_URL set, the same
rows are copied into that PostgreSQL database and timed there too. Then it times, `--runs` times,
what the analyst page does on opening with every session chosen, step by step, and writes the
medians to the "Analysis: 1,000,000 responses" section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import re
import sqlite3
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy
from sqlalchemy import create_engine, func, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from widgets.analysis.disclosure import Rule  # noqa: E402
from widgets.analysis.evaluation import evaluation  # noqa: E402
from widgets.analysis.pii import scrub  # noqa: E402
from widgets.analysis.reading import answers, bulk, newest_activities  # noqa: E402
from widgets.analysis.sessions import Filters, choose, sessions_frame  # noqa: E402
from widgets.analysis.summaries import TEXTS_SHOWN, WORDS_FROM, summarise  # noqa: E402
from widgets.content import load_plan  # noqa: E402
from widgets.live.demo import generate  # noqa: E402
from widgets.store import Store  # noqa: E402
from widgets.store.migrate import upgrade  # noqa: E402
from widgets.store.revision import create_if_empty, locked  # noqa: E402
from widgets.store.schema import metadata, responses  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
HEADING = "## Analysis: 1,000,000 responses"
BUDGET = 1.0
TODAY = date(2026, 11, 1)  # fixed, so the cached store is the same wherever it is built
BATCH = 250  # sessions per generate() call
SLICE = 100  # also timed: the newest 100 sessions, about what one area runs in two years
VERSION = 2  # bump when the generator changes, to rebuild the cache


def build_sqlite(target: int) -> tuple[str, dict]:
    """The cached SQLite store with at least `target` responses, built if missing or stale."""
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / ".gitignore").write_text("*\n")
    db, stamp_file = CACHE / f"analysis-{target}.db", CACHE / f"analysis-{target}.json"
    url = f"sqlite:///{db}"
    if db.exists() and stamp_file.exists():
        stamp = json.loads(stamp_file.read_text())
        if stamp.get("version") == VERSION:
            upgrade(url, backup_first=False)  # a store built before an index was added gets it now
            return url, stamp
    for stale in CACHE.glob(f"analysis-{target}.db*"):
        stale.unlink()
    plan = load_plan(ROOT / "scenarios" / "plans" / "workshop-60.yaml")
    started, made, seed = time.perf_counter(), [], 0
    with Store(url) as store:
        while sum(s["responses"] for s in made) < target:
            made += generate(store, [plan], BATCH, 25, seed=seed, today=TODAY)
            seed += 1
            done = sum(s["responses"] for s in made)
            print(f"  built {len(made):,} sessions, {done:,} responses ({time.perf_counter() - started:.0f} s)")
    stamp = {
        "version": VERSION,
        "sessions": len(made),
        "participants": sum(s["participants"] for s in made),
        "responses": sum(s["responses"] for s in made),
        "planted": sum(len(s["planted"]) for s in made),
        "build_seconds": round(time.perf_counter() - started),
    }
    stamp_file.write_text(json.dumps(stamp))
    return url, stamp


def copy_to_postgres(sqlite_url: str, pg_url: str, expected: int) -> None:
    """Copy every table, ids and all, unless the PostgreSQL database already holds the same rows."""
    target = create_engine(pg_url)
    with target.connect() as conn:
        present = sqlalchemy.inspect(conn).has_table("responses")
        copied = present and conn.execute(select(func.count()).select_from(responses)).scalar_one() == expected
    if copied:
        upgrade(pg_url, backup_first=False)  # copied by an older kit: stamped, indexed
        return
    metadata.drop_all(target)
    with locked(target) as conn:
        create_if_empty(conn)  # the tables, stamped at the newest schema revision
    source = create_engine(sqlite_url)
    started = time.perf_counter()
    with source.connect() as src, target.begin() as dst:
        for table in metadata.sorted_tables:
            batch = []
            for row in src.execute(select(table)).mappings():
                batch.append(dict(row))
                if len(batch) == 20_000:
                    dst.execute(insert(table), batch)
                    batch = []
            if batch:
                dst.execute(insert(table), batch)
            if "id" in table.c:  # later inserts must not reuse the copied ids
                dst.execute(select(func.setval(func.pg_get_serial_sequence(table.name, "id"), func.max(table.c.id))))
    with target.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    print(f"  copied to PostgreSQL in {time.perf_counter() - started:.0f} s")
    source.dispose()
    target.dispose()


BOUGHT = """What each change bought (SQLite, medians of CPU ms, measured one after another on 2026-11-25;
the aggregation started at 1,815 ms):

| Change | Where | Effect |
|---|---|---|
| Bulk reads as the driver's plain tuples, not SQLAlchemy rows; distinct answers kept as lists per activity, not one DataFrame | store.py `_tuples`, analysis/reading.py | grouped answers 578 → 386 ms, activities 246 → 137 ms; total 1,815 → 1,282 ms |
| Answers decoded with orjson (json where it refuses), Python's cycle collector paused during the read (`bulk`) | analysis/reading.py | decoding 223 → ~70 ms; collector passes ~150 ms → 0; total → ~1,010 ms |
| An index that holds which activity is which (`ix_activities_key`) | schema.py | activities 118 → 80 ms |
| The PII scrub skips a rule when the text lacks what it needs (a digit, "@", a dot) | pii.py | 80 → 34 µs per text; evaluation 316 → 169 ms; total 893 ms |
| PostgreSQL merges answers across sessions in SQL; SQLite's merge, in the store, goes activity by activity | store.py `answer_totals` | PostgreSQL 1,461 → ~920 ms wall (its GROUP BY 888 → 410 ms); SQLite ~980 → ~940 ms |
| The evaluation counts each person's whole set of answers once, then splits them by outcome | analysis/evaluation.py `evaluation` | its loop 120 → 90 ms; SQLite total ~940 → ~890 ms |"""  # noqa: E501

STEPS = (
    "sessions (session_records + sessions_frame + choose)",
    "activity_records + newest specs",
    "answer_totals (SQL GROUP BY, merged across sessions)",
    "answers (decode + sum across sessions)",
    "summarise (per-activity tables)",
    "evaluation (pre/post, rating, intentions)",
)


def analyse(store: Store, rule: Rule, newest: int = 0) -> tuple[list[tuple[float, float]], dict]:
    """What the analyst page does with every session chosen (or the newest few): (wall, CPU)
    seconds per step. CPU is this process's time, so it leaves out a PostgreSQL server's own
    work but also the waiting when other processes share the cores."""
    clock: list[tuple[float, float]] = []
    marks = [(time.perf_counter(), time.process_time())]

    def lap() -> None:
        marks.append((time.perf_counter(), time.process_time()))
        clock.append((marks[-1][0] - marks[-2][0], marks[-1][1] - marks[-2][1]))

    with bulk():  # as findings.analyse does
        chosen = choose(sessions_frame(store.session_records()), Filters())
        chosen = chosen.tail(newest) if newest else chosen
        ids = [int(i) for i in chosen["session"]]
        lap()
        records = store.activity_records(ids)
        specs = store.activity_specs(list(newest_activities(chosen, records).values()))
        lap()
        totals = store.answer_totals(ids)
        lap()
        data = answers(chosen, records, specs, totals)
        lap()
        summaries = summarise(data, rule)
        lap()
        report = evaluation(data, rule)
        lap()
    facts = {
        "sessions": len(ids),
        "responses": sum(n for *_, n in totals),
        "distinct": sum(map(len, data.counts.values())),
        "summaries": len(summaries),
        "evaluated": report.people if report else None,
        "free_text": [
            (v["intentions"], n)
            for rows in data.counts.values()
            for v, n in rows
            if isinstance(v, dict) and v.get("intentions")
        ],
    }
    return clock, facts


def scrub_cost(free_text: list[tuple[str, int]], sample: int = 3000) -> dict:
    """The synthetic free text repeats templates; real answers are nearly all different. Time the
    PII scrub per distinct text to say what the same number of real answers would cost."""
    people: dict[str, int] = {}
    for t, n in free_text:
        people[t] = people.get(t, 0) + n
    texts = list(people)[:sample]
    started = time.process_time()
    for t in texts:
        scrub(t)
    each = (time.process_time() - started) / max(1, len(texts))
    answered = sum(people.values())
    return {"answers": answered, "distinct": len(people), "each": each, "all_unique": each * answered}


def hot_spots(store: Store, rule: Rule, top: int = 12) -> tuple[float, list[tuple[str, int, float, float]]]:
    """Where one run spends its time (cProfile): the profiled run's total seconds, and function,
    calls, own seconds, cumulative seconds of the top functions by own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    analyse(store, rule)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # {(file, line, name): (primitive calls, calls, own, cumulative, callers)}
    rows = []
    for (file, line, name), (_, calls, own, cumulative, _) in stats.items():
        where = re.sub(r".*/(site-packages|lib/python3\.\d+)/", "", file.removeprefix(f"{ROOT}/"))
        rows.append((f"{where}:{line}({name})" if file != "~" else name, calls, own, cumulative))
    total = sum(own for _, _, own, _ in rows)
    return total, sorted(rows, key=lambda r: -r[2])[:top]


def measure(name: str, url: str, runs: int, rule: Rule, profile: bool) -> dict:
    with Store(url) as store:
        analyse(store, rule)  # warm-up: the first run also pays for opening files and imports
        per_run = [analyse(store, rule) for _ in range(runs)]
        profiled, spots = hot_spots(store, rule) if profile else (0.0, [])
        small = [analyse(store, rule, newest=SLICE) for _ in range(runs)]
    free_text = per_run[-1][1].pop("free_text")
    for run in small:
        run[1].pop("free_text")
    totals = [sum(wall for wall, _ in run[0]) for run in per_run]
    return {
        "name": name,
        "wall": [statistics.median(run[0][i][0] for run in per_run) for i in range(len(STEPS))],
        "cpu": [statistics.median(run[0][i][1] for run in per_run) for i in range(len(STEPS))],
        "total": statistics.median(totals),
        "cpu_total": statistics.median(sum(c for _, c in run[0]) for run in per_run),
        "totals": totals,
        "load": os.getloadavg(),
        "spots": spots,
        "profiled": profiled,
        "slice": {
            "wall": statistics.median(sum(w for w, _ in run[0]) for run in small),
            "cpu": statistics.median(sum(c for _, c in run[0]) for run in small),
            "responses": small[-1][1]["responses"],
        },
        "scrub": scrub_cost(free_text),
        **per_run[-1][1],
    }


def section(results: list[dict], stamp: dict, runs: int, command: str, pg_version: str | None) -> str:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:,.0f}"

    columns = [f"{r['name']} wall (ms) | {r['name']} CPU (ms)" for r in results]
    lines = [
        HEADING,
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Budget: the whole aggregation in ≤ {BUDGET:.0f} s. "
        "Reproduce from the repository root:",
        "",
        "```",
        command,
        "tests/with-postgres.sh " + command + "   # PostgreSQL as well",
        "```",
        "",
        f"Store: {stamp['sessions']:,} ended sessions of workshop-60 (20 activities) with "
        f"{stamp['participants']:,} participants and {stamp['responses']:,} responses, made by the demo generator "
        f"(`widgets.live.demo.generate`, {stamp['planted']:,} planted PII details in the free text), cached in "
        f"benchmarks/.cache/ (built once in {stamp['build_seconds']:,} s). Timed: what the analyst page does on "
        f"opening with every session chosen, after one warm-up run; medians of {runs} runs. CPU is this "
        "process's own time: on a shared machine it is the better guide to an idle one (it leaves out "
        "PostgreSQL's server-side work).",
        "",
        "| Step | " + " | ".join(columns) + " |",
        "|---|" + "---|---|" * len(results),
    ]
    for i, step in enumerate(STEPS):
        cells = " | ".join(f"{ms(r['wall'][i])} | {ms(r['cpu'][i])}" for r in results)
        lines.append(f"| {step} | {cells} |")
    cells = " | ".join(f"**{ms(r['total'])}** | **{ms(r['cpu_total'])}**" for r in results)
    lines.append(f"| **Total** | {cells} |")
    lines += [
        "",
        "Every run's wall total (ms): "
        + "; ".join(f"{r['name']} {', '.join(ms(t) for t in r['totals'])}" for r in results)
        + ". Load average while measuring: "
        + "; ".join(f"{r['name']} {r['load'][0]:.1f}" for r in results)
        + f" (on {os.cpu_count()} cores).",
        "",
    ]
    first = results[0]
    lines.append(
        f"The {first['responses']:,} responses are {first['distinct']:,} distinct answers to an activity of a "
        "plan (SQLite groups them per activity first, then merges those groups across sessions). "
        f"{first['summaries']} activity summaries and the evaluation of {first['evaluated'] or 0:,} people "
        "(rounded as published) come out."
    )
    lines.append("")
    lines.append(
        "A smaller choice, the newest "
        + f"{SLICE} sessions: "
        + "; ".join(
            f"{r['name']} {r['slice']['responses']:,} responses in {ms(r['slice']['wall'])} ms wall, "
            f"{ms(r['slice']['cpu'])} ms CPU"
            for r in results
        )
        + "."
    )
    lines.append("")
    sc = first["scrub"]
    lines.append(
        f"Free text: the evaluation's {sc['answers']:,} written intentions are {sc['distinct']:,} distinct texts "
        "(the generator combines about 30 templates). The PII scrub takes "
        f"{sc['each'] * 1e6:,.0f} µs CPU per text, so scrubbing all {sc['answers']:,} would take "
        f"{sc['all_unique']:,.1f} s; the analysis scrubs a random sample of at most {WORDS_FROM:,} answers per "
        f"question for its word chart (and lists {TEXTS_SHOWN} of them), about "
        f"{ms(sc['each'] * (WORDS_FROM + TEXTS_SHOWN))} ms however many people answered, and no less for "
        "all-different text than for these repeats."
    )
    lines += ["", BOUGHT, ""]
    verdicts = [
        f"{r['name']}: {'within' if r['total'] <= BUDGET else 'OVER'} budget "
        f"({ms(r['total'])} ms wall, {ms(r['cpu_total'])} ms CPU)"
        for r in results
    ]
    lines += ["Verdict: " + "; ".join(verdicts) + ".", ""]
    for r in results:
        if r["spots"]:
            lines += [
                f"Where one {r['name']} run spends its time (cProfile, top functions by own time; the "
                f"profiled run took {ms(r['profiled'])} ms, as profiling slows Python code down: read the "
                "shares):",
                "",
                "| function | calls | own (ms) | cumulative (ms) |",
                "|---|---|---|---|",
            ]
            lines += [f"| `{f}` | {calls:,} | {ms(own)} | {ms(cum)} |" for f, calls, own, cum in r["spots"]]
            lines.append("")
    machine = (
        f"Machine: {os.cpu_count()} CPUs, {platform.platform()}; Python {platform.python_version()}, "
        f"pandas {pd.__version__}, SQLAlchemy {sqlalchemy.__version__}, SQLite {sqlite3.sqlite_version}"
    )
    lines.append(machine + (f", PostgreSQL {pg_version}." if pg_version else "."))
    return "\n".join(lines) + "\n"


def write_section(body: str) -> None:
    """Replace only this benchmark's section of RESULTS.md (other benchmarks own the rest)."""
    old = RESULTS.read_text() if RESULTS.exists() else ""
    start = old.find(HEADING)
    if start < 0:
        new = old.rstrip("\n") + ("\n\n" if old.strip() else "") + body
    else:
        ends = [i for i in (old.find("\n## ", start + 1), old.find("\n# ", start + 1)) if i >= 0]
        end = min(ends) + 1 if ends else len(old)
        new = old[:start] + body + ("\n" + old[end:] if end < len(old) else "")
    RESULTS.write_text(new)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per store (median reported)")
    parser.add_argument("--responses", type=int, default=1_000_000, help="responses in the store (at least)")
    parser.add_argument("--no-profile", action="store_true", help="skip profiling one more run for the hot spots")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv)
    rule = Rule()
    url, stamp = build_sqlite(args.responses)
    print(f"SQLite store: {stamp['responses']:,} responses in {stamp['sessions']:,} sessions")
    results = [measure("SQLite", url, args.runs, rule, not args.no_profile)]
    pg_url, pg_version = os.environ.get("WORKSHOP_TEST_PG_URL", ""), None
    if pg_url:
        copy_to_postgres(url, pg_url, stamp["responses"])
        with create_engine(pg_url).connect() as conn:
            pg_version = conn.execute(text("SHOW server_version")).scalar_one().split()[0]
        results.append(measure("PostgreSQL", pg_url, args.runs, rule, not args.no_profile))
    for r in results:
        print(f"\n{r['name']}: total {r['total'] * 1000:,.0f} ms wall, {r['cpu_total'] * 1000:,.0f} ms CPU")
        for step, wall, cpu in zip(STEPS, r["wall"], r["cpu"], strict=True):
            print(f"  {wall * 1000:8,.0f} ms wall {cpu * 1000:8,.0f} ms CPU  {step}")
        wall, cpu = r["slice"]["wall"] * 1000, r["slice"]["cpu"] * 1000
        print(f"  newest {SLICE} sessions: {wall:,.0f} ms wall, {cpu:,.0f} ms CPU")
        print(f"  PII scrub: {r['scrub']['each'] * 1e6:,.0f} µs CPU per distinct text")
    command = ".venv/bin/python benchmarks/analysis_bench.py" + (f" --runs {args.runs}" if args.runs != 5 else "")
    if not args.no_write:
        write_section(section(results, stamp, args.runs, command, pg_version))
        print(f"\nWrote the '{HEADING[3:]}' section of {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
