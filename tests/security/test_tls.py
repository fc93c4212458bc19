"""The workshop on the internet: deploy/nginx-tls.conf.template in front of the real `workshop serve`
with a self-signed certificate made here. Plain HTTP is sent to HTTPS; HTTPS pages carry HSTS; the
participant page works under its Content-Security-Policy (join, vote, "Answer saved", the kernel
websocket through nginx) and reports no violation; the staff token leaves the address for an
HttpOnly, Secure, SameSite cookie; every page of both servers sends `Referrer-Policy: no-referrer`.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from security_kit import SAVED, kernel_ids, port_open, request

from testkit.harness import free_ports
from tests.browser_kit import open_page
from tests.http_kit import to_login
from widgets.live import display_code
from widgets.serve.headers import HEARTBEAT, PARTICIPANT_CSP

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx-tls.conf.template"
HSTS = "max-age=31536000"
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
"""


def nginx() -> str:
    """Debian's nginx, installed when missing (as deploy/multi-server.sh does); '' if it cannot be."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found and os.geteuid() == 0 and shutil.which("apt-get"):
        env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], env=env, capture_output=True, check=False)
        found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    return found


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost and 127.0.0.1, valid for a day, with openssl's command line."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@dataclass
class Tls:
    http_port: int
    https_port: int
    staff_https_port: int
    cert: Path
    access_log: Path

    def context(self) -> ssl.SSLContext:
        """Verifies nginx's certificate against the one made here (no verification is turned off)."""
        return ssl.create_default_context(cafile=self.cert)

    def get(self, port: int, path: str, headers: dict | None = None) -> tuple[int, dict, str]:
        conn = http.client.HTTPSConnection("localhost", port, timeout=60, context=self.context())
        try:
            conn.request("GET", path, headers=headers or {})
            r = conn.getresponse()
            cookies = [v for k, v in r.getheaders() if k.lower() == "set-cookie"]
            heads = {k.lower(): v for k, v in r.getheaders()} | {"set-cookie": "\n".join(cookies)}
            return r.status, heads, r.read().decode(errors="replace")
        finally:
            conn.close()


@pytest.fixture(scope="module")
def tls(workshop, tmp_path_factory) -> Iterator[Tls]:
    """nginx with the TLS template, in a throwaway folder, in front of this module's workshop."""
    binary = nginx()
    if not binary:
        pytest.skip("nginx is not installed and cannot be (needs root and apt-get): apt-get install nginx")
    folder = tmp_path_factory.mktemp("nginx-tls")
    folder.chmod(0o711)  # nginx's workers (nobody) reach their temp folder
    (folder / "tmp").mkdir()
    cert, key = self_signed(folder)
    http_port, https_port, staff_https_port = free_ports(3)
    fields = {"PREFIX": folder, "HTTP_PORT": http_port, "HTTPS_PORT": https_port, "STAFF_HTTPS_PORT": staff_https_port,
              "CERTIFICATE": cert, "CERTIFICATE_KEY": key, "PARTICIPANT_PORT": workshop.participant_port,
              "STAFF_PORT": workshop.staff_port}  # fmt: skip
    config = TEMPLATE.read_text()
    for name, value in fields.items():
        config = config.replace(f"@{name}@", str(value))
    assert "@" not in re.sub(r"#.*", "", config), "a field of the template was left unfilled"
    (folder / "nginx.conf").write_text(config)
    argv = [binary, "-p", str(folder), "-c", str(folder / "nginx.conf")]
    checked = subprocess.run([*argv, "-t", "-q"], capture_output=True, text=True)
    assert checked.returncode == 0, f"nginx refused the template: {checked.stderr}"
    proc = subprocess.Popen([*argv, "-g", "daemon off;"], start_new_session=True, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while not all(port_open(p) for p in (http_port, https_port, staff_https_port)):
        assert proc.poll() is None and time.monotonic() < deadline, f"nginx did not start: {proc.stderr.read()}"
        time.sleep(0.1)
    yield Tls(http_port, https_port, staff_https_port, cert, folder / "access.log")
    os.killpg(proc.pid, signal.SIGQUIT)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def staff_path(workshop) -> str:
    """The staff link's path and query (…/facilitator.ipynb?token=…)."""
    url = urlsplit(workshop.staff_url)
    return f"{url.path}?{url.query}"


def policy(header: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in (p.strip() for p in header.split(";")) if d}


def test_plain_http_is_sent_to_https(tls, workshop):
    for path in (f"/?join={workshop.code}", "/voila/static/voila.js"):
        status, headers, body = request(tls.http_port, "GET", path)
        assert status == 301 and headers["location"] == f"https://localhost:{tls.https_port}{path}", (status, headers)
        assert not kernel_ids(body)


def test_https_participant_page_has_hsts_no_referrer_and_a_strict_csp(tls, workshop):
    status, headers, body = tls.get(tls.https_port, f"/?join={workshop.code}")
    assert status == 200 and kernel_ids(body)
    assert headers["strict-transport-security"] == HSTS
    assert headers["referrer-policy"] == "no-referrer"
    csp = policy(headers["content-security-policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'", "blob:", f"'{HEARTBEAT}'"]  # no 'unsafe-inline', no 'unsafe-eval'
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"] and csp["frame-ancestors"] == ["'self'"]
    assert f"wss://localhost:{tls.https_port}" in csp["connect-src"]
    sources = [s for values in csp.values() for s in values]
    assert not [s for s in sources if "://" in s and "localhost" not in s], "something is loaded from elsewhere"
    assert set(csp) == set(PARTICIPANT_CSP)
    request(workshop.participant_port, "POST", f"/voila/api/shutdown/{kernel_ids(body)[0]}")  # close the tab


def test_staff_token_leaves_the_address_for_a_secure_cookie(tls, workshop):
    path, page = staff_path(workshop), {"Accept": "text/html"}
    # Over https, through nginx: a redirect to the same address without the token, and the cookie.
    status, headers, _ = tls.get(tls.staff_https_port, path + "&view=1", page)
    assert status == 302 and headers["location"] == urlsplit(workshop.staff_url).path + "?view=1", headers
    assert workshop.token not in headers["location"]
    cookie = headers["set-cookie"]
    assert all(flag in cookie for flag in ("HttpOnly", "Secure", "SameSite=Lax")), cookie
    assert headers["strict-transport-security"] == HSTS and headers["referrer-policy"] == "no-referrer"
    # The cookie alone opens the page; without it, the login page.
    name_value = cookie.split(";")[0]
    status, _, body = tls.get(tls.staff_https_port, headers["location"], page | {"Cookie": name_value})
    assert status == 200 and kernel_ids(body)
    request(workshop.staff_port, "POST", f"/voila/api/shutdown/{kernel_ids(body)[0]}",
            {"Authorization": f"token {workshop.token}"})  # fmt: skip
    assert to_login(*tls.get(tls.staff_https_port, headers["location"], page)[:2])
    # On plain http (the staff server on 127.0.0.1): the same, but not Secure, or it would not come back.
    status, headers, _ = request(workshop.staff_port, "GET", path, page)
    assert status == 302 and "HttpOnly" in headers["set-cookie"] and "SameSite=Lax" in headers["set-cookie"]
    assert "Secure" not in headers["set-cookie"]
    # nginx's log holds no token either.
    assert workshop.token not in tls.access_log.read_text()


REFERRER_PATHS = {
    "participant": ["/", "/?join={code}", "/voila/static/voila.js", "/voila/templates/workshop/static/page-setup.js",
                    "/no-such-page", "/voila/tree", "/api/kernels"],
    "staff": ["/", "/login", "/voila/render/facilitator.ipynb", "/voila/static/voila.js", "/no-such-page",
              "/voila/render/screen.ipynb?token={token}"],
}  # fmt: skip


@pytest.mark.parametrize("server", sorted(REFERRER_PATHS))
def test_every_page_of_both_servers_says_no_referrer(workshop, server):
    port = workshop.participant_port if server == "participant" else workshop.staff_port
    for path in REFERRER_PATHS[server]:
        path = path.format(code=workshop.code, token=workshop.token)
        status, headers, body = request(port, "GET", path)
        assert headers.get("referrer-policy") == "no-referrer", f"{server} {path} → {status} without it"
        csp = headers.get("content-security-policy", "")
        assert ("default-src 'self'" in csp) == (server == "participant"), f"{server} {path}: {csp}"
        for kernel in kernel_ids(body):
            auth = {"Authorization": f"token {workshop.token}"} if server == "staff" else {}
            request(port, "POST", f"/voila/api/shutdown/{kernel}", auth)


def test_a_participant_votes_over_https_under_the_csp(tls, workshop, service, store, browser):
    contexts: list = []
    session = store.get_session_by_code(workshop.code)
    try:
        phone = open_page(browser, contexts, 375, 667, is_mobile=True, has_touch=True, ignore_https_errors=True)
        phone.add_init_script(RECORD_VIOLATIONS)
        console = []
        phone.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
        phone.goto(f"https://localhost:{tls.https_port}/?join={workshop.code}", wait_until="commit")
        expect(phone.get_by_text("Activity 1 of", exact=False).first).to_be_visible(timeout=30_000)
        service.open_poll(session["id"])
        phone.get_by_role("radio", name="4", exact=True).check()
        phone.get_by_role("button", name="Submit answer").click()
        expect(phone.get_by_text(SAVED)).to_be_visible(timeout=20_000)
        assert phone.evaluate("window.cspViolations") == []
        assert not [m for m in console if "Content Security Policy" in m], console
        assert phone.errors == []
        assert phone.url.startswith("https://")
    finally:
        for context in contexts:
            context.close()
        if service.view(session["id"]).current_activity.state == "open":
            service.close_poll(session["id"])
    # The websocket went through nginx: its upgrade was answered 101 (logged once the tab closed).
    deadline = time.monotonic() + 20
    while not re.search(r'"GET /api/kernels/[0-9a-f-]{36}/channels HTTP/1.1" 101', tls.access_log.read_text()):
        assert time.monotonic() < deadline, f"no websocket in nginx's log:\n{tls.access_log.read_text()[-2000:]}"
        time.sleep(0.2)


def test_the_staff_console_over_https_keeps_no_token_in_the_address(tls, workshop, browser):
    contexts: list = []
    try:
        console = open_page(browser, contexts, 1280, 900, ignore_https_errors=True)
        console.goto(f"https://localhost:{tls.staff_https_port}{staff_path(workshop)}", wait_until="commit")
        expect(console.get_by_text(display_code(workshop.code), exact=True)).to_be_visible(timeout=30_000)
        assert "token" not in console.url and workshop.token not in console.url
        history = console.context.new_cdp_session(console).send("Page.getNavigationHistory")["entries"]
        assert [e["url"] for e in history if workshop.token in e["url"]] == [], history  # replaced, not kept
        assert workshop.token not in console.evaluate("document.cookie")  # HttpOnly: scripts cannot read it
        [login] = [c for c in console.context.cookies() if c["name"].startswith("username-")]
        assert login["httpOnly"] and login["secure"] and login["sameSite"] == "Lax"
        console.reload()  # the cookie alone keeps the console open
        expect(console.get_by_text(display_code(workshop.code), exact=True)).to_be_visible(timeout=30_000)
    finally:
        for context in contexts:
            context.close()
