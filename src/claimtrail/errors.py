"""One catalogue of the errors claimtrail reports, each with a code, the cause and the fix.

The library raises these typed exceptions; the CLI turns each into one line naming the input.
"""

from __future__ import annotations

from enum import Enum


class Code(Enum):
    E001 = "file is empty"
    E002 = "binary file ({what}), not text, HTML, a feed, JSONL or WARC"
    E003 = "file is larger than the limit of {limit} bytes; raise --max-bytes to read it"
    E004 = "cannot decode the text (tried {tried})"
    E005 = "malformed HTML: {detail}"
    E006 = "malformed feed: {detail}"
    E007 = "line {line}: not a JSON object ({detail})"
    E008 = "line {line}: no text in 'maintext' or 'text'"
    E009 = "WARC file is unreadable or truncated: {detail}"
    E010 = "cannot fetch URL: {detail}"
    E011 = "no such file or folder"
    E012 = "HTML page has no readable text"
    E013 = "unknown language {lang!r}; choose from {choices}"
    E014 = "unknown output format {fmt!r}; choose from {choices}"
    E015 = "database error: {detail}"
    E016 = "bad actor file: {detail}"
    E017 = "cannot read: {detail}"
    E019 = "nothing to tell: give input paths, or --db with a database that holds articles"
    E020 = "cannot search for {query!r}: {detail}; quote phrases with double quotes, use AND/OR/NOT in capitals"
    E021 = "binding to {host} exposes the database to the network; give --token (or CLAIMTRAIL_TOKEN) to require it"
    E022 = "the Frog analyzer is not installed: apt-get install frog frogdata (Debian), or use --analyzer builtin"
    E023 = "unknown analyzer {name!r}; choose from {choices}"
    E024 = "the Frog analyzer does not start: {detail}; {fix}"
    E025 = "line {line}: field {field!r} must be {want}, not {got}"
    E026 = "the syntax analyzer cannot run: {detail}; or use --analyzer builtin"
    E027 = "decompressed content is larger than the limit of {limit} bytes; raise --max-bytes to read it"
    E028 = "its text has {chars:,} characters, more than the limit of {limit:,} for one article; raise --max-chars to read it"
    E029 = "unknown stance {stance!r}; choose from {choices}"
    E030 = "a date to list claims since must be YYYY, YYYY-MM or YYYY-MM-DD, not {since!r}"
    E018 = "internal error while processing ({detail}); please report it with this input"

    def format(self, **kw: object) -> str:
        return f"{self.name} {self.value.format(**kw)}"


class ClaimtrailError(Exception):
    """Base class: ``str(err)`` is the one line the CLI prints."""

    def __init__(self, code: Code, **kw: object) -> None:
        self.code = code
        self.kw = kw
        super().__init__(code.format(**kw))

    def __reduce__(self):  # picklable, for worker processes and Dask
        return (_rebuild, (type(self), None, self.code, self.kw))


class InputError(ClaimtrailError):
    """One input (file, URL, feed entry, JSONL line) could not be read; the batch goes on."""

    def __init__(self, source: str, code: Code, **kw: object) -> None:
        self.source = source
        super().__init__(code, **kw)

    def __str__(self) -> str:
        return f"{self.source}: {self.code.format(**self.kw)}"

    def __reduce__(self):
        return (_rebuild, (type(self), self.source, self.code, self.kw))


def _rebuild(cls, source, code, kw):
    return cls(code, **kw) if source is None else cls(source, code, **kw)


class ConfigError(ClaimtrailError):
    """Bad options: the message lists the valid choices."""


class StoreError(ClaimtrailError):
    """The database could not be opened or written."""
