"""Plain HTTP for the tests that check what the servers refuse: one request, no redirects followed."""

from __future__ import annotations

import http.client

REDIRECTS = {301, 302, 303, 307, 308}


def request(
    port: int, method: str, path: str, headers: dict | None = None, body: bytes | None = None
) -> tuple[int, dict, str]:
    """One request to localhost, no redirects followed: (status, headers in lower case, body)."""
    conn = http.client.HTTPConnection("localhost", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode(errors="replace")
    finally:
        conn.close()


def to_login(status: int, headers: dict) -> bool:
    """Sent to the login page: how the staff server answers a missing or wrong token on a page."""
    return status in REDIRECTS and "/login" in headers.get("location", "")
