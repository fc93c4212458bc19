"""The `workshop` command. Each verb parses, calls one service function and prints."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import segno

from widgets.content import ContentError, Plan, check_paths, load_local, load_plan
from widgets.live import LiveService, display_code
from widgets.serve.servers import ServeError, Server, build_plan, run_servers
from widgets.settings import DATA_DIR, Settings
from widgets.store import Store, StoreError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PLAN = ROOT / "scenarios" / "plans" / "demo.yaml"
HANDOUT_PLAN = ROOT / "scenarios" / "plans" / "workshop-60.yaml"
NOTEBOOKS = ROOT / "notebooks"


def _settings(args) -> Settings:
    db = getattr(args, "db", None) or os.environ.get("WORKSHOP_DB")
    return Settings(db=db) if db else Settings()


def _new_session(store: Store, plan: Plan, participant_url: str) -> dict:
    session = LiveService(store).create_session(plan)
    print(f"Session created: {session['title']}")
    print(f"  join code: {display_code(session['code'])}")
    print(f"  join at:   {participant_url}/?join={session['code']}")
    return session


def cmd_check(args) -> int:
    paths = args.paths or [ROOT / "scenarios"]
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
    return 0


def cmd_session_new(args) -> int:
    settings = _settings(args)
    with Store(settings.db) as store:
        _new_session(store, load_plan(args.plan), settings.participant_url)
    return 0


def cmd_serve(args) -> int:
    settings = _settings(args)
    # Check every file before anything is created or started: a typo must not leave half a session.
    plan = load_plan(args.plan) if args.plan else None
    local = args.local or (str(ROOT / "scenarios" / "local" / f"{plan.local}.yaml") if plan and plan.local else "")
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
    with Store(settings.db) as store:
        if plan:
            session = _new_session(store, plan, serving.participant_url)
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
    return run_servers(
        serving.live_servers(), serving.env, log_dir, on_ready=lambda: _banner(serving.staff_url, join_url)
    )


def cmd_course(args) -> int:
    settings = _settings(args)
    plan = build_plan(
        NOTEBOOKS, settings.db, args.port, 0, public_host=args.public_host, idle_minutes=settings.idle_minutes
    )
    url = f"{plan.participant_url}/"
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
    print(f"Facilitator console (keep this link private): {staff_url}")
    print("Press Ctrl-C to stop.", flush=True)


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
    serve.add_argument("--public-host", default="", help="address phones use (default: this machine's LAN address)")
    serve.add_argument("--local", default="", help="local arrangements file (default: the plan's `local`)")
    serve.add_argument("--log-dir", default=str(DATA_DIR / "logs"), help="where the servers write their logs")
    serve.set_defaults(func=cmd_serve)

    session = verbs.add_parser("session", help="manage sessions")
    session_verbs = session.add_subparsers(dest="session_verb", required=True)
    new = session_verbs.add_parser("new", parents=[common], help="create a session and print its join code")
    new.add_argument("--plan", default=str(DEFAULT_PLAN), help="plan YAML (default: the demo plan)")
    new.set_defaults(func=cmd_session_new)

    course = verbs.add_parser("course", parents=[common], help="serve the self-paced course notebooks")
    course.add_argument("--port", type=int, default=8868, help="port learners connect to (default 8868)")
    course.add_argument("--public-host", default="", help="address learners use (default: this machine's LAN address)")
    course.add_argument("--log-dir", default=str(DATA_DIR / "logs"), help="where the server writes its log")
    course.set_defaults(func=cmd_course)

    handout = verbs.add_parser("handout", help="write a printable handout: one self-contained HTML file")
    handout.add_argument(
        "--plan",
        default=str(ROOT / "scenarios" / "plans" / "workshop-60.yaml"),
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
    except (StoreError, ServeError) as err:
        print(f"workshop: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
