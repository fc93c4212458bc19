"""The `workshop` command. Each verb parses, calls one service function and prints."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import segno

from widgets.analysis import FORMATS
from widgets.content import ContentError, Plan, check_paths, load_local, load_plan
from widgets.content.bias import bias_report
from widgets.content.paths import DEMO_PLAN, HANDOUT_PLAN, LOCAL_AREAS, NOTEBOOKS, PLANS, SCENARIOS
from widgets.live import LiveService, Unavailable, display_code
from widgets.live.codes import normalise_code
from widgets.live.retention import purge
from widgets.serve.servers import ServeError, Server, build_plan, run_servers
from widgets.settings import DATA_DIR, Settings
from widgets.store import Store, StoreError


def _settings(args) -> Settings:
    db = getattr(args, "db", None) or os.environ.get("WORKSHOP_DB")
    return Settings(db=db) if db else Settings()


def _new_session(store: Store, plan: Plan, participant_url: str, label: str = "") -> dict:
    session = LiveService(store).create_session(plan, label=label)
    print(f"Session created: {session['title']}")
    print(f"  join code: {display_code(session['code'])}")
    print(f"  join at:   {participant_url}/?join={session['code']}")
    return session


def cmd_check(args) -> int:
    paths = args.paths or [SCENARIOS]
    loaded, problems = check_paths([Path(p) for p in paths])
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    plans, cases, areas = loaded["plans"], len(loaded["cases"]), len(loaded["local"])
    activities = sum(len(p.activities) for p in plans)
    print(
        f"ok: {len(plans)} plan{'s' * (len(plans) != 1)} ({activities} activities), "
        f"{cases} case{'s' * (cases != 1)}, {areas} local area{'s' * (areas != 1)}, no problems"
    )
    print("Can the best answer be guessed? (how often it is listed first, how often it is the longest)")
    for line in bias_report(plans, loaded["cases"]):
        print(f"  {line.line()}")
    return 0


def cmd_session_new(args) -> int:
    settings = _settings(args)
    with Store(settings.db) as store:
        _new_session(store, load_plan(args.plan), settings.participant_url, args.label)
    return 0


def cmd_session_delete(args) -> int:
    """Delete one session's participants and answers now, for good."""
    settings = _settings(args)
    with Store(settings.db) as store:
        session = store.get_session_by_code(normalise_code(args.code) or args.code)
        store.delete_sessions([session["id"]])
    print(f"Deleted the session {display_code(session['code'])} ({session['title']}) and all its answers.")
    return 0


def _said_deleted(gone: list[dict]) -> None:
    for s in gone:
        print(f"Deleted: {s['title']} of {s['created_at']:%d %b %Y} ({s['participants']} participants)")


def cmd_purge(args) -> int:
    """Sessions older than DAYS, and any whose scheduled deletion has passed, go for good."""
    settings = _settings(args)
    with Store(settings.db) as store:
        gone = purge(store, args.older_than)
    _said_deleted(gone)
    print(f"{len(gone)} session{'s' * (len(gone) != 1)} deleted.")
    return 0


def _write_out(data: bytes, output: str, binary: bool) -> None:
    if output:
        Path(output).write_bytes(data)
        print(f"Wrote {output} ({len(data) / 1024:.0f} KiB)", file=sys.stderr)
    elif binary and sys.stdout.isatty():
        raise ServeError("Parquet is binary: give --output FILE, or redirect to a file")
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)


def _held(summary) -> str:
    n = len(summary.sessions)
    return (f"{n} session{'s' * (n != 1)}, {summary.participants} participants, {summary.responses} answers, "
            f"{summary.size / 1024:.0f} KiB")  # fmt: skip


def cmd_backup(args) -> int:
    """A consistent copy of the store, made while a session runs (SQLite; PostgreSQL: pg_dump)."""
    from widgets.store.backup import backup

    settings = _settings(args)
    done = backup(settings.db, Path(args.output) if args.output else None)
    print(f"Backed up the store to {done.path} in {done.seconds:.2f} s: {_held(done)}.")
    return 0


def cmd_db_upgrade(args) -> int:
    """Bring the store's schema up to date (Alembic); on SQLite a copy is made beside it first."""
    upgrade_store(_settings(args).db, quiet=False)
    return 0


def upgrade_store(url: str, quiet: bool = True) -> None:
    """What `db upgrade`, and `serve` and `course` before starting, do; `quiet`: say only a change."""
    from widgets.store.migrate import upgrade

    done = upgrade(url)
    for line in done.lines() if done.changed or not quiet else []:
        print(line, flush=True)


def cmd_restore(args) -> int:
    """Check a backup, say what it holds, and restore it (never over sessions without --replace)."""
    from widgets.store.backup import inspect_backup, restore

    settings = _settings(args)
    done = inspect_backup(Path(args.file)) if args.check else restore(Path(args.file), settings.db, args.replace)
    print(f"{args.file} is a workshop store: {_held(done)}.")
    for s in done.sessions:
        print(f"  {display_code(s['code'])}  {s['title']} ({s['status']}): "
              f"{s['participants']} participants, {s['responses']} answers")  # fmt: skip
    if not args.check:
        print(f"Restored into {settings.db} in {done.seconds:.2f} s.")
    return 0


def cmd_demo(args) -> int:
    """Fill the store with seeded synthetic workshops (never real answers) to try the analyst page."""
    from widgets.live.demo import demo_plans, generate

    settings = _settings(args)
    with Store(settings.db) as store:
        made = generate(store, demo_plans(PLANS), args.sessions, args.participants, args.seed)
    people, answers = sum(s["participants"] for s in made), sum(s["responses"] for s in made)
    print(f"Made {len(made)} synthetic sessions: {people} participants, {answers} responses, in {settings.db}")
    print("See them on the analyst page (analyst.ipynb on the staff server), or with `workshop report --all`.")
    return 0


def _typed_code(args) -> str:
    """The session code an export or report names, as the store holds it ("" for all)."""
    typed = "" if args.all else args.session or ""
    return normalise_code(typed) or typed


def cmd_export(args) -> int:
    """Anonymised responses, one row per response, with disclosure control applied."""
    from widgets.analysis.disclosure import Rule
    from widgets.analysis.export import choose_sessions, export_frame, write

    settings = _settings(args)
    with Store(settings.db) as store:
        ids = choose_sessions(store, _typed_code(args), args.plan)
        frame = export_frame(store, ids, Rule(k=settings.min_group))
    _write_out(write(frame, args.format), args.output, binary=args.format == "parquet")
    return 0


def cmd_report(args) -> int:
    """The evaluation report as one self-contained HTML file."""
    from widgets.analysis.disclosure import Rule
    from widgets.analysis.export import choose_sessions
    from widgets.analysis.findings import Analysis
    from widgets.ui.report import report_for

    settings = _settings(args)
    with Store(settings.db) as store:
        ids = choose_sessions(store, _typed_code(args), args.plan)
        html = report_for(Analysis(store, Rule(k=settings.min_group)), ids)
    _write_out(html.encode(), args.output, binary=False)
    return 0


def cmd_serve(args) -> int:
    settings = _settings(args)
    # Check every file before anything is created or started: a typo must not leave half a session.
    plan = load_plan(args.plan) if args.plan else None
    local = args.local or (str(LOCAL_AREAS / f"{plan.local}.yaml") if plan and plan.local else "")
    if local:
        load_local(local)
    serving = build_plan(
        NOTEBOOKS,
        settings.db,
        args.participant_port,
        args.staff_port,
        public_host=args.public_host,
        token=settings.staff_token,
        idle_minutes=settings.idle_minutes,
    )
    upgrade_store(settings.db)  # before the kernels open it: they refuse a store that is behind
    with Store(settings.db) as store:
        _said_deleted(purge(store))  # deletions scheduled from an earlier session's console
        if plan:
            session = _new_session(store, plan, serving.participant_url, args.label)
        else:
            session = LiveService(store).staff_session(settings.session)
            if session is None:
                print("No workshop is running. Start one with: workshop session new --plan FILE", file=sys.stderr)
                return 1
    if local:
        serving.env["WORKSHOP_LOCAL"] = str(Path(local).resolve())
    join_url = f"{serving.participant_url}/?join={session['code']}"
    print("Starting the servers…", flush=True)
    log_dir = Path(args.log_dir)
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    staff_url = "" if args.only == "participant" else serving.staff_url
    return run_servers(
        serving.live_servers(args.only), serving.env, log_dir, on_ready=lambda: _banner(staff_url, join_url)
    )


def cmd_course(args) -> int:
    settings = _settings(args)
    plan = build_plan(
        NOTEBOOKS, settings.db, args.port, 0, public_host=args.public_host, idle_minutes=settings.idle_minutes
    )
    url = f"{plan.participant_url}/"
    upgrade_store(settings.db)
    log_dir = Path(args.log_dir)
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    servers = [Server("course", args.port, plan.course_argv(args.port), {})]

    def banner() -> None:
        print(f"\nThe self-paced course is at: {url}")
        segno.make(url, error="m").terminal(compact=True)
        print("Learners' progress is kept in their browser's id. Press Ctrl-C to stop.", flush=True)

    print("Starting the course server…", flush=True)
    return run_servers(servers, plan.env, log_dir, on_ready=banner)


def cmd_handout(args) -> int:
    from widgets.handout import write_handout  # imported here: it brings nbformat, slow to load

    done = write_handout(args.plan, args.local, facilitator=args.facilitator, output=args.output, pdf=args.pdf)
    for line in done.lines:
        print(line)
    for problem in done.problems:
        print(f"workshop: {problem}", file=sys.stderr)
    return 0 if done.ok else 1


def _banner(staff_url: str, join_url: str) -> None:
    print(f"\nParticipants join at: {join_url}")
    segno.make(join_url, error="m").terminal(compact=True)
    if staff_url:
        print(f"Facilitator console (keep this link private): {staff_url}")
    print("Press Ctrl-C to stop.", flush=True)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    # --db works before or after the verb: `workshop --db URL serve` and `workshop serve --db URL`.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", default=argparse.SUPPRESS, help="store URL (default: WORKSHOP_DB, else a file in your data dir)"
    )
    parser = argparse.ArgumentParser(
        prog="workshop", description="Run a live Prevent Referrals workshop.", parents=[common]
    )
    verbs = parser.add_subparsers(dest="verb", required=True)

    serve = verbs.add_parser("serve", parents=[common], help="start the participant and staff servers")
    serve.add_argument("--plan", help="create a new session from this plan first")
    serve.add_argument("--participant-port", type=int, default=8866, help="port phones connect to (default 8866)")
    serve.add_argument("--staff-port", type=int, default=8867, help="port of the staff pages (default 8867)")
    serve.add_argument(
        "--public-host",
        default="",
        help="address phones use (default: this machine's LAN address), or a whole URL such as "
        "http://10.0.0.5:8080 when nginx is in front of several participant servers",
    )
    serve.add_argument(
        "--only", choices=["participant", "staff"], default="", help="start one of the two servers (see docs/deploy.md)"
    )
    serve.add_argument("--local", default="", help="local arrangements file (default: the plan's `local`)")
    serve.add_argument("--log-dir", default=str(DATA_DIR / "logs"), help="where the servers write their logs")
    serve.add_argument("--label", default="", help="a note for analysts on a new session, e.g. 'Taunton team'")
    serve.set_defaults(func=cmd_serve)

    session = verbs.add_parser("session", help="manage sessions")
    session_verbs = session.add_subparsers(dest="session_verb", required=True)
    new = session_verbs.add_parser("new", parents=[common], help="create a session and print its join code")
    new.add_argument("--plan", default=str(DEMO_PLAN), help="plan YAML (default: the demo plan)")
    new.add_argument("--label", default="", help="a note for analysts, e.g. 'Taunton team' (no one's name)")
    new.set_defaults(func=cmd_session_new)
    remove = session_verbs.add_parser("delete", parents=[common], help="delete a session and its answers now")
    remove.add_argument("code", help="the session's join code")
    remove.set_defaults(func=cmd_session_delete)

    for name, helptext in (
        ("export", "write anonymised responses (CSV, Parquet or JSON), disclosure control applied"),
        ("report", "write the evaluation report: one self-contained HTML file to email"),
    ):
        verb = verbs.add_parser(name, parents=[common], help=helptext)
        which = verb.add_mutually_exclusive_group(required=True)
        which.add_argument("session", nargs="?", default="", help="a session's join code")
        which.add_argument("--all", action="store_true", help="every session in the store (see --plan)")
        verb.add_argument("--plan", default="", help="only sessions of this plan id, e.g. workshop-60")
        if name == "export":
            verb.add_argument("--format", choices=FORMATS, default="csv", help="file format (default csv)")
            verb.add_argument("--output", default="", help="file to write (default: standard output)")
        else:
            verb.add_argument(
                "--output", default="evaluation-report.html", help="file to write (default: evaluation-report.html)"
            )
        verb.set_defaults(func=cmd_export if name == "export" else cmd_report)

    demo = verbs.add_parser("demo", parents=[common], help="fill the store with seeded synthetic workshops")
    demo.add_argument("--sessions", type=_positive, default=12, help="how many sessions (default 12)")
    demo.add_argument("--participants", type=_positive, default=20, help="about how many people in each (default 20)")
    demo.add_argument("--seed", type=int, default=1, help="the same seed makes the same answers (default 1)")
    demo.set_defaults(func=cmd_demo)

    purge_verb = verbs.add_parser("purge", parents=[common], help="delete old sessions and their answers for good")
    purge_verb.add_argument(
        "--older-than", type=float, metavar="DAYS", default=None, help="delete sessions older than DAYS"
    )
    purge_verb.set_defaults(func=cmd_purge)

    backup_verb = verbs.add_parser("backup", parents=[common], help="copy the store safely, also while a session runs")
    backup_verb.add_argument("--output", default="", help="file to write (default: backups/ beside the store, dated)")
    backup_verb.set_defaults(func=cmd_backup)
    restore_verb = verbs.add_parser("restore", parents=[common], help="check a backup and restore it into the store")
    restore_verb.add_argument("file", help="a file written by `workshop backup`")
    restore_verb.add_argument("--check", action="store_true", help="only check it and say what it holds")
    restore_verb.add_argument("--replace", action="store_true", help="overwrite a store that already holds sessions")
    restore_verb.set_defaults(func=cmd_restore)

    db = verbs.add_parser("db", help="look after the store itself")
    db_verbs = db.add_subparsers(dest="db_verb", required=True)
    db_upgrade = db_verbs.add_parser("upgrade", parents=[common], help="bring an older store's schema up to date")
    db_upgrade.set_defaults(func=cmd_db_upgrade)

    course = verbs.add_parser("course", parents=[common], help="serve the self-paced course notebooks")
    course.add_argument("--port", type=int, default=8868, help="port learners connect to (default 8868)")
    course.add_argument("--public-host", default="", help="address learners use (default: this machine's LAN address)")
    course.add_argument("--log-dir", default=str(DATA_DIR / "logs"), help="where the server writes its log")
    course.set_defaults(func=cmd_course)

    handout = verbs.add_parser("handout", help="write a printable handout: one self-contained HTML file")
    handout.add_argument(
        "--plan",
        default=str(HANDOUT_PLAN),
        help="plan YAML (default: the 60-minute workshop)",
    )
    handout.add_argument("--local", default="", help="local arrangements file (default: the plan's `local`)")
    handout.add_argument("--facilitator", action="store_true", help="the facilitator edition: answers, notes, times")
    handout.add_argument("--output", default="handout.html", help="file to write (default: handout.html here)")
    handout.add_argument("--pdf", action="store_true", help="also print it to PDF with chromium, if installed")
    handout.set_defaults(func=cmd_handout)

    check = verbs.add_parser("check", help="validate scenario and plan YAML")
    check.add_argument("paths", nargs="*", help="files or folders (default: scenarios/)")
    check.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ContentError as err:
        print(err, file=sys.stderr)
        return 1
    except (StoreError, Unavailable, ServeError, LookupError) as err:
        print(f"workshop: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
