"""Join codes: short, typed easily on a phone, no letters that look alike, any case."""

from __future__ import annotations

import hashlib
import re
import secrets

# No vowels (so no words get spelled, and no O or I to mistake for 0 or 1) and no L; 20 letters.
ALPHABET = "BCDFGHJKMNPQRSTVWXYZ"
LENGTH = 6
_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(typed: str) -> str | None:
    """Upper-case, drop spaces and dashes; None when it cannot be a join code at all."""
    if not isinstance(typed, str) or len(typed) > 40:
        return None
    code = re.sub(r"[\s\-_.]", "", typed).upper()
    if len(code) != LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def display_code(code: str) -> str:
    """Shown as two groups of three, which people read aloud and type more reliably."""
    return f"{code[:3]} {code[3:]}"


def hash_key(browser_key: str) -> str | None:
    """The store keeps only a hash of the browser's random key; None if the key is malformed."""
    if not isinstance(browser_key, str) or not _KEY.match(browser_key):
        return None
    return hashlib.sha256(browser_key.encode()).hexdigest()
