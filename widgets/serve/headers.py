"""What the servers say about themselves in headers and cookies, for a deployment on the internet.

- `Referrer-Policy: no-referrer` on every response of every server: a page's address (a join code,
  a staff link) never travels to another site in a Referer header.
- The participant page's Content-Security-Policy, `PARTICIPANT_CSP` below: the one place to change
  it (a leaner participant front end may need less).
- The staff login cookie, through jupyter_server's own identity provider: the first visit with
  `?token=…` is answered by a redirect to the same address without it, with the login cookie set
  (HttpOnly, SameSite=Lax, Secure when served over https), so the address bar, the history and
  bookmarks never hold the token.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import os
import re
from urllib.parse import urlencode

from jupyter_server.auth.identity import PasswordIdentityProvider, User
from tornado.httputil import HTTPServerRequest
from tornado.web import Application, OutputTransform, RequestHandler

REFERRER_POLICY = "no-referrer"
HEARTBEAT = "sha256-" + base64.b64encode(hashlib.sha256(b"window.voila_heartbeat()").digest()).decode()

# The participant page loads nothing from elsewhere. What Voilà's page and the widgets need beyond
# 'self', each checked by tests/security/test_tls.py (no violation while joining and voting):
PARTICIPANT_CSP = {
    "default-src": "'self'",
    # anywidget imports each widget's ES module from a blob: URL; the hash is the one inline script
    # Voilà still writes, `window.voila_heartbeat()`, sent while a slow cell keeps the page waiting.
    "script-src": f"'self' blob: '{HEARTBEAT}'",
    "style-src": "'self' 'unsafe-inline'",  # the template's <style>, and widgets' inline styles
    "img-src": "'self' data:",  # the page's empty favicon, and icons inlined in the theme's CSS
    "font-src": "'self' data:",
    "connect-src": "'self'",  # the kernel websocket; its ws:/wss: address is added per request
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}
HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


def participant_csp(host: str) -> str:
    """The policy for a page served as `host`: older Safari does not count ws:/wss: as 'self'."""
    policy = dict(PARTICIPANT_CSP)
    if HOST.match(host):
        policy["connect-src"] += f" ws://{host} wss://{host}"
    return "; ".join(f"{name} {value}" for name, value in policy.items())


def security_headers(strict_csp: bool) -> type[OutputTransform]:
    """A tornado output transform (it sees every response, Voilà's and jupyter_server's handlers,
    static files and error pages alike) that adds the headers above."""

    class SecurityHeaders(OutputTransform):
        def __init__(self, request: HTTPServerRequest):
            self.request = request

        def transform_first_chunk(self, status_code, headers, chunk, finishing):
            headers["Referrer-Policy"] = REFERRER_POLICY
            if strict_csp:
                headers["Content-Security-Policy"] = participant_csp(self.request.host)
            return status_code, headers, chunk

    return SecurityHeaders


def add_security_headers(app: Application, strict_csp: bool) -> None:
    app.add_transform(security_headers(strict_csp))


def cookie_secret_for(token: str | None) -> bytes:
    """What signs the login cookie: drawn from the staff token, so a console left open across a
    restart with the same token (WORKSHOP_STAFF_TOKEN) reloads without it, and a new token (the
    default: new at every start) makes every earlier cookie worthless. Without a token, random."""
    if not token:
        return os.urandom(32)
    return hashlib.sha256(b"prevent-workshop login cookie\0" + token.encode()).digest()


def over_https(request: HTTPServerRequest) -> bool:
    """Served over https: directly, or by a TLS proxy on this machine (nginx) that says so. Only a
    proxy on the loopback is believed: the staff server listens there and nowhere else."""
    if request.protocol == "https":
        return True
    try:
        local = ipaddress.ip_address(request.remote_ip or "").is_loopback
    except ValueError:
        local = False
    return local and request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def is_page_visit(request: HTTPServerRequest) -> bool:
    """A browser opening an address (not a script calling the API, not a websocket)."""
    if request.method != "GET" or request.headers.get("Upgrade", "").lower() == "websocket":
        return False
    return request.headers.get("Sec-Fetch-Mode") == "navigate" or "text/html" in request.headers.get("Accept", "")


def without_token(request: HTTPServerRequest) -> str:
    """The same address with `token` taken out of its query (everything else kept)."""
    kept = [(k, v.decode()) for k, values in request.query_arguments.items() if k != "token" for v in values]
    return request.path + (f"?{urlencode(kept)}" if kept else "")


class StaffIdentityProvider(PasswordIdentityProvider):
    """jupyter_server's token and password login, as Voilà uses it, with the cookie made for the
    internet and the token taken out of the address once it has been exchanged for the cookie.

    Secure only over https: a plain-http page could not have the cookie sent back; on plain http
    the staff server listens on 127.0.0.1 only, so the cookie never crosses a network anyway.
    SameSite=Lax, not Strict: the staff link is often opened from a chat or mail client in a
    browser, and a Strict cookie would not be sent on that first redirect, so the facilitator would
    land on the login page. Lax still keeps it off other sites' forms and background requests."""

    def set_login_cookie(self, handler: RequestHandler, user: User) -> None:
        options = {"samesite": "Lax", **self.cookie_options}
        if over_https(handler.request):
            options.setdefault("secure", True)
        previous, self.cookie_options = self.cookie_options, options
        try:
            super().set_login_cookie(handler, user)
        finally:
            self.cookie_options = previous

    async def _get_user(self, handler: RequestHandler) -> User | None:
        user = await super()._get_user(handler)
        if (
            user is not None
            and getattr(handler, "_token_authenticated", False)
            and "token" in handler.request.query_arguments
            and is_page_visit(handler.request)
        ):
            handler.redirect(without_token(handler.request))  # the cookie set above goes with it
        return user
