"""The CLI, in-process: each verb's output and exit code."""

import re
import socket

from widgets.cli import main
from widgets.store import Store


def test_session_new_prints_code_and_url(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'w.db'}"
    assert main(["--db", db, "session", "new"]) == 0
    out = capsys.readouterr().out
    code = re.search(r"join code: ([A-Z]{3}) ([A-Z]{3})", out)
    assert code and f"?join={code[1]}{code[2]}" in out
    with Store(db) as store:
        assert store.get_session_by_code(code[1] + code[2])["plan_id"] == "demo"


def test_serve_stops_on_invalid_plan_before_starting_anything(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nid: x\ntitle: T\nactivities:\n  - id: q\n    kind: poll\n")
    assert main(["--db", f"sqlite:///{tmp_path / 'w.db'}", "serve", "--plan", str(bad)]) == 1
    assert f"{bad}:6: activities[0].kind:" in capsys.readouterr().err


def test_serve_without_a_session_says_how_to_start_one(tmp_path, capsys):
    assert main(["--db", f"sqlite:///{tmp_path / 'w.db'}", "serve"]) == 1
    assert "workshop session new" in capsys.readouterr().err


def test_serve_refuses_a_busy_port(tmp_path, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = main(
            [
                "--db",
                f"sqlite:///{tmp_path / 'w.db'}",
                "serve",
                "--plan",
                "scenarios/plans/demo.yaml",
                "--participant-port",
                str(port),
            ]
        )
    assert code == 1
    assert f"port {port} is already in use" in capsys.readouterr().err


def test_db_option_after_the_verb(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'after.db'}"
    assert main(["session", "new", "--db", db]) == 0
    with Store(db) as store:
        assert store.latest_running_session() is not None


def test_serve_stops_on_a_broken_local_file(tmp_path, capsys):
    bad = tmp_path / "local.yaml"
    bad.write_text("schema_version: 1\nid: x\narea: X\ncontacts: []\n")
    code = main(
        ["--db", f"sqlite:///{tmp_path / 'w.db'}", "serve", "--plan", "scenarios/plans/demo.yaml", "--local", str(bad)]
    )
    assert code == 1
    assert f"{bad}:4: contacts:" in capsys.readouterr().err
    with Store(f"sqlite:///{tmp_path / 'w.db'}") as store:
        assert store.latest_running_session() is None  # nothing half-made
