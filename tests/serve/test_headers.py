"""The header and cookie rules of widgets/serve/headers.py, without a server: what the policy lets
through, which requests are believed to be HTTPS, and which are redirected to shed their token."""

from __future__ import annotations

import pytest
from tornado.httputil import HTTPHeaders, HTTPServerRequest, RequestStartLine

from widgets.serve.headers import (
    PARTICIPANT_CSP,
    cookie_secret_for,
    is_page_visit,
    over_https,
    participant_csp,
    without_token,
)


def make(uri: str = "/", method: str = "GET", ip: str = "127.0.0.1", protocol: str = "http", **headers):
    req = HTTPServerRequest(
        start_line=RequestStartLine(method, uri, "HTTP/1.1"), headers=HTTPHeaders({"Host": "localhost", **headers})
    )
    req.remote_ip, req.protocol = ip, protocol
    return req


def test_the_policy_names_this_server_only_and_allows_no_inline_script():
    policy = participant_csp("workshop.example.org")
    assert "default-src 'self'" in policy and "'unsafe-inline'" not in PARTICIPANT_CSP["script-src"]
    assert "'unsafe-eval'" not in policy and "*" not in policy
    assert "connect-src 'self' ws://workshop.example.org wss://workshop.example.org;" in policy


@pytest.mark.parametrize("host", ["evil.example; script-src *", "a b", "x'y", "host\tname", ""])
def test_a_hostile_host_header_never_reaches_the_policy(host):
    assert participant_csp(host) == participant_csp("bad host")
    assert "connect-src 'self';" in participant_csp(host)


def test_only_a_proxy_on_this_machine_is_believed_about_https():
    assert over_https(make(protocol="https", ip="10.0.0.9"))
    assert over_https(make(**{"X-Forwarded-Proto": "https"}))
    assert over_https(make(ip="::1", **{"X-Forwarded-Proto": "HTTPS"}))
    assert not over_https(make(ip="10.0.0.9", **{"X-Forwarded-Proto": "https"}))
    assert not over_https(make())


def test_only_a_browser_opening_a_page_is_redirected():
    assert is_page_visit(make(Accept="text/html,application/xhtml+xml"))
    assert is_page_visit(make(**{"Sec-Fetch-Mode": "navigate"}))
    assert not is_page_visit(make())  # a script
    assert not is_page_visit(make(method="POST", Accept="text/html"))
    assert not is_page_visit(make(Accept="text/html", Upgrade="websocket"))


def test_the_token_is_taken_out_and_everything_else_kept():
    assert without_token(make("/voila/render/facilitator.ipynb?token=abc")) == "/voila/render/facilitator.ipynb"
    assert without_token(make("/a?x=1&token=abc&y=%C3%A9")) == "/a?x=1&y=%C3%A9"


def test_the_cookie_key_follows_the_token():
    assert cookie_secret_for("same") == cookie_secret_for("same") != cookie_secret_for("other")
    assert cookie_secret_for("") != cookie_secret_for("")  # no token: random


def test_the_one_inline_script_allowed_is_the_one_voila_sends():
    """Voilà writes `<script>window.voila_heartbeat()</script>` while a slow cell runs: its hash is
    in the policy; if Voilà changes it, this fails before a participant's browser reports it."""
    import base64
    import hashlib
    import inspect

    import voila.handler

    assert "<script>window.voila_heartbeat()</script>" in inspect.getsource(voila.handler)
    digest = base64.b64encode(hashlib.sha256(b"window.voila_heartbeat()").digest()).decode()
    assert f"'sha256-{digest}'" in PARTICIPANT_CSP["script-src"].split()
