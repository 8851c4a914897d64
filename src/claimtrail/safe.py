"""Text that leaves claimtrail for a person: no secrets, no terminal control, no formulas, no raw HTML.

``redact`` is the one place where database credentials are removed from URLs and error messages
(the CLI and the web app both use it); the other helpers make untrusted article text inert where it
is shown: in a terminal, in a CSV cell opened by a spreadsheet, in Markdown.
"""

from __future__ import annotations

import re
from urllib.parse import quote, quote_plus, unquote, unquote_plus

MASK = "***"
URL_END = re.compile(r"[\s\"'<>`]")  # where a URL written inside a message ends
KEYWORD_SECRET = re.compile(r"(?i)\b(password|passwd|pwd|secret|token)(\s*=\s*)('[^']*'|\"[^\"]*\"|\S+)")
# C0 controls but tab and newline, DEL, C1 controls, and bidirectional overrides that reorder what a terminal shows
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _userinfo(url: str, whole: bool = False) -> list[tuple[int, int]]:
    """Spans of everything between each ``://`` and the last ``@`` before the URL ends; never parsed apart,
    so a password with ``#``, ``?``, ``/`` or ``@`` in it is still covered whole."""
    spans = []
    i = url.find("://")
    while i >= 0:
        start = i + 3
        end_m = None if whole else URL_END.search(url, start)
        end = end_m.start() if end_m else len(url)
        at = url.rfind("@", start, end)
        if at > start:
            spans.append((start, at))
        i = url.find("://", max(start, end))
    return spans


def _secrets(url: str, whole: bool = False) -> set[str]:
    """The password of ``url`` in every form a library may echo: as written, decoded and encoded."""
    out: set[str] = set()
    for a, b in _userinfo(url, whole=whole):
        info = url[a:b]
        if ":" in info:
            pw = info.split(":", 1)[1]
            for form in (pw, unquote(pw), unquote_plus(pw), quote(unquote(pw), safe=""), quote_plus(unquote(pw)), quote(pw, safe="")):
                if form:
                    out.add(form)
    for m in KEYWORD_SECRET.finditer(url):  # libpq's "host=... password=..." form
        out.add(m.group(3).strip("'\""))
    return out


def redact(text: str, url: str | None = None) -> str:
    """``text`` without credentials: the user and password part of every URL in it becomes ``***``, any
    ``password=...`` value too, and the password of ``url`` (the database URL in use) is removed from
    wherever else it appears (libpq's own error text), including its percent-encoded forms."""
    if not text:
        return text
    secrets = _secrets(url or "", whole=True) | _secrets(text)
    for a, b in reversed(_userinfo(text)):
        text = text[:a] + MASK + text[b:]
    text = KEYWORD_SECRET.sub(lambda m: m.group(1) + m.group(2) + MASK, text)
    for s in sorted(secrets, key=len, reverse=True):
        text = text.replace(s, MASK)
    return text


def terminal(s: str) -> str:
    """``s`` without control characters that a terminal would act on (escape sequences, bells, bidi overrides)."""
    return CONTROL.sub("\ufffd", s) if CONTROL.search(s) else s


def csv_cell(s: str) -> str:
    """A cell a spreadsheet will not run: text that starts like a formula gets a leading apostrophe."""
    return "'" + s if s.startswith(FORMULA_START) else s


def markdown(s: str) -> str:
    """Article text for Markdown: HTML is shown as text, not passed through."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
