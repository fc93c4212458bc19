"""Ctrl-C always stops `workshop serve` and its servers (servers.run_servers), however it is pressed."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time

from testkit.harness import free_ports

# A server that only SIGKILL stops (as a Voilà stuck in its shutdown would be).
STUBBORN = textwrap.dedent(
    """
    import os, pathlib, signal, socket, sys, time
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    pathlib.Path(sys.argv[2]).write_text(str(os.getpid()))
    s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen()
    time.sleep(600)
    """
)
RUN = textwrap.dedent(
    """
    import sys
    from widgets.serve import servers
    servers.STOP_SECONDS = 1.0
    argv = [sys.executable, "-c", sys.argv[2], sys.argv[1], sys.argv[3]]
    server = servers.Server("stubborn", int(sys.argv[1]), argv, {})
    sys.exit(servers.run_servers([server], {}, on_ready=lambda: print("ready", flush=True)))
    """
)


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_a_second_ctrl_c_while_stopping_leaves_no_server_running(tmp_path):
    """An impatient facilitator presses Ctrl-C twice: the servers are still stopped (killed when
    they do not stop by themselves), the ports are free for the next workshop, and the exit is clean."""
    (port,), pid_file = free_ports(1), tmp_path / "server.pid"
    cli = subprocess.Popen(
        [sys.executable, "-c", RUN, str(port), STUBBORN, str(pid_file)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
    )  # fmt: skip
    try:
        assert cli.stdout.readline().strip() == "ready"
        cli.send_signal(signal.SIGINT)
        time.sleep(0.3)  # stopping: the server has ignored SIGTERM
        cli.send_signal(signal.SIGINT)
        _, err = cli.communicate(timeout=30)
        assert cli.returncode == 0, err
        assert "Stopping…" in err and "Traceback" not in err
        assert not listening(port)
    finally:
        if cli.poll() is None:
            cli.kill()
        if listening(port):  # a server left behind (the old code did): do not leak it
            os.kill(int(pid_file.read_text()), signal.SIGKILL)
