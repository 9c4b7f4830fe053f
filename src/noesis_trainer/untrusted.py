"""Text that comes from outside (a server's reply, an error a client library raised): what must be
taken out of it before it is printed or stored.

`mask` hides a secret in every form a server may echo it back in: as is, URL-encoded, and
base64-encoded at any byte offset (inside "Bearer ...", "user:token"...). `strip_terminal_controls`
removes escape sequences and control characters, so a reply cannot retitle, clear or recolour the
user's terminal when a report is printed or `cat`.
"""

from __future__ import annotations

import base64
import re
import urllib.parse
from collections.abc import Iterable

MASK = "***"

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clear screen
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[@-Z\\-_]?"  # other two-character escapes (and a lone ESC)
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x07\x08\x7f-\x9f]"  # bell, backspace (hides text), DEL and C1 controls
)


def strip_terminal_controls(text: str) -> str:
    """`text` without terminal escape sequences, bell, backspace or C1 controls."""
    return _ESCAPES.sub("", text)


def _base64_forms(secret: bytes) -> set[str]:
    """The base64 text that encodes `secret` wherever it starts in a longer message: for each of
    the three alignments, the characters that depend on the secret's bytes only."""
    forms: set[str] = set()
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + secret).decode("ascii")
        first = (offset * 8 + 5) // 6  # characters touched by the padding bytes
        last = ((offset + len(secret)) * 8) // 6  # characters fully inside the secret
        inner = encoded[first:last]
        if len(inner) >= 8:
            forms.add(inner)
            forms.add(inner.replace("+", "-").replace("/", "_"))
    return forms


def secret_forms(secret: str) -> list[str]:
    """Every string that gives `secret` away, longest first."""
    if len(secret) < 4:
        return [secret] if secret else []
    forms = {
        secret,
        urllib.parse.quote(secret, safe=""),
        urllib.parse.quote_plus(secret),
        urllib.parse.quote(secret),
    }
    forms |= _base64_forms(secret.encode("utf-8"))
    return sorted(forms, key=len, reverse=True)


def mask(text: str, secrets: Iterable[str | None]) -> str:
    """`text` with every form of every secret replaced by ``***`` (case-insensitive for the
    URL-encoded hex digits)."""
    for secret in secrets:
        if not secret:
            continue
        for form in secret_forms(secret):
            text = re.sub(re.escape(form), MASK, text, flags=re.IGNORECASE if "%" in form else 0)
    return text
