"""The web app's checks on hostile requests: Host, token, CSRF token and origin, upload names, headers.

Every comparison of a secret is on bytes (``hmac.compare_digest`` refuses non-ASCII ``str``), so a
token or CSRF value in any script or encoding is a clean 401/403, never a 500.
"""

from __future__ import annotations

import hmac
import ipaddress
import re
import secrets
import time
from hashlib import sha256
from urllib.parse import urlsplit

from fastapi import HTTPException

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARD = ("0.0.0.0", "::", "")
MAX_NAME_BYTES = 200
CSRF_MAX_AGE_S = 12 * 3600

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def secure(response):
    """``response`` with the security headers every answer carries, errors included."""
    for k, v in SECURITY_HEADERS.items():
        response.headers[k] = v
    return response


# --- Host (DNS rebinding) -----------------------------------------------------------------------

def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _bracket(host: str) -> str:
    try:
        return f"[{host}]" if ipaddress.ip_address(host).version == 6 else host
    except ValueError:
        return host


def allowed_hosts(bind: str, extra: tuple[str, ...] = ()) -> frozenset[str] | None:
    """The Host names the app answers to when listening on ``bind``; None: any (a wildcard bind, token required).

    On loopback only 127.0.0.1, localhost and [::1], so a web page cannot reach the app through a
    name of its own that resolves to 127.0.0.1 (DNS rebinding).
    """
    bind = bind.strip().strip("[]").lower()
    if is_loopback(bind):
        names = set(LOOPBACK_NAMES)
    elif bind in WILDCARD:
        return None if not extra else frozenset(x.lower() for x in extra)
    else:
        names = {_bracket(bind)}
    return frozenset(names | {x.lower() for x in extra})


def host_ok(header: str | None, allowed: frozenset[str] | None, port: int | None) -> bool:
    if allowed is None:
        return True
    if not header:
        return False
    m = re.fullmatch(r"(\[[0-9a-f:.]+\]|[^:\[\]]+)(?::(\d{1,5}))?", header.strip().lower())
    if m is None or m.group(1) not in allowed:
        return False
    return m.group(2) is None or port is None or int(m.group(2)) == port


# --- token --------------------------------------------------------------------------------------

class TokenCheck:
    """The ``--token`` secret, given as ``Authorization: Bearer``, ``?token=`` or the cookie set after it."""

    COOKIE = "claimtrail_token"

    def __init__(self, token: str) -> None:
        self.secret = token.encode("utf-8", "surrogatepass")
        self.cookie_value = hmac.new(self.secret, b"claimtrail session cookie", sha256).hexdigest()  # never the token itself

    def from_query(self, request) -> bool:
        given = request.query_params.get("token")
        return given is not None and hmac.compare_digest(given.encode("utf-8", "replace"), self.secret)

    def ok(self, request) -> bool:
        auth = request.headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":  # Starlette decodes headers as Latin-1: encoding gives back the bytes sent
            return hmac.compare_digest(auth[7:].strip().encode("latin-1"), self.secret)
        cookie = request.cookies.get(self.COOKIE)
        if cookie is not None and hmac.compare_digest(cookie.encode("utf-8", "replace"), self.cookie_value.encode()):
            return True
        return self.from_query(request)


# --- CSRF -----------------------------------------------------------------------------------------

class Csrf:
    """Form tokens signed with a per-process secret: ``time.nonce.hmac``. The cookie and the field must
    both carry the same token, and the token must be one this process signed in the last 12 hours."""

    COOKIE = "claimtrail_csrf"

    def __init__(self) -> None:
        self.key = secrets.token_bytes(32)

    def _sign(self, msg: str) -> str:
        return hmac.new(self.key, msg.encode(), sha256).hexdigest()

    def new(self) -> str:
        msg = f"{int(time.time())}.{secrets.token_urlsafe(18)}"
        return f"{msg}.{self._sign(msg)}"

    def valid(self, value: str | None) -> bool:
        if not value or len(value) > 200 or not value.isascii():
            return False
        msg, _, sig = value.rpartition(".")
        stamp = msg.split(".", 1)[0]
        if not hmac.compare_digest(sig.encode(), self._sign(msg).encode()) or not stamp.isdigit():
            return False
        return 0 <= time.time() - int(stamp) <= CSRF_MAX_AGE_S

    def matches(self, cookie: str | None, field: str | None) -> bool:
        if not cookie or not field:
            return False
        same = hmac.compare_digest(cookie.encode("utf-8", "replace"), field.encode("utf-8", "replace"))
        return same and self.valid(field)


def same_origin(request) -> bool:
    """Whether a state-changing request comes from the app's own pages: its Origin (else Referer),
    when the browser sends one, names the host the request was sent to. Clients without either
    header (curl, scripts) are not browsers and cannot be tricked into a cross-site post."""
    source = request.headers.get("origin")
    if source is None:
        source = request.headers.get("referer")
        if source is None:
            return True
    if source.strip().lower() == "null":
        return False
    try:
        src = urlsplit(source.strip())
        own = urlsplit("//" + request.headers.get("host", ""))
        default = {"http": 80, "https": 443}.get(src.scheme)
        if default is None or not src.hostname or not own.hostname:
            return False
        return src.hostname == own.hostname and (src.port or default) == (own.port or default)
    except ValueError:
        return False


# --- uploads ------------------------------------------------------------------------------------

def upload_name(raw: str) -> str:
    """The base name to store an upload under; 400 when nothing usable is left."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in name):
        raise HTTPException(400, f"{raw!r}: a file name with control characters")
    if name in ("", ".", ".."):
        raise HTTPException(400, f"{raw!r}: not a usable file name")
    try:
        size = len(name.encode("utf-8"))
    except UnicodeEncodeError:
        raise HTTPException(400, f"{raw!r}: a file name that is not valid text") from None
    if size > MAX_NAME_BYTES:
        raise HTTPException(400, f"{name[:40]!r}…: a file name longer than {MAX_NAME_BYTES} bytes")
    return name
