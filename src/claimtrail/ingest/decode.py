"""Bytes to text: refuse binary files with a reason, detect the encoding, keep the text verbatim."""

from __future__ import annotations

import codecs

import ftfy
from charset_normalizer import from_bytes
from ftfy import badness

from ..errors import Code, InputError

# Signatures of common binary formats that users drop into a folder of articles by mistake.
MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x7fELF", "executable"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"RIFF", "RIFF media file"),
    (b"OggS", "Ogg media file"),
)
BINARY_CONTROL_RATIO = 0.10  # share of control bytes above which undecodable input is called binary
WESTERN_FALLBACK = "cp1252"
MOJIBAKE_SAMPLE = 20_000  # characters inspected for mojibake
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def sniff_binary(data: bytes) -> str | None:
    for magic, what in MAGIC:
        if data.startswith(magic):
            return what
    return None


def decode(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode ``data``; raise ``InputError`` for empty, binary or undecodable input.

    Newlines are kept as they are (no universal-newline translation) so offsets match the file.
    """
    if not data.strip():
        raise InputError(source, Code.E001)
    what = sniff_binary(data)
    if what:
        raise InputError(source, Code.E002, what=what)
    for bom, enc in BOMS:
        if data.startswith(bom):
            return data.decode(enc)
    tried = ["utf-8"]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is None and declared:
        tried.append(declared)
        try:
            text = data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        # News in Western European languages that is not UTF-8 is almost always Windows-1252;
        # statistical detection on a short text too often picks a Baltic or Cyrillic code page.
        tried.append(WESTERN_FALLBACK)
        try:
            text = data.decode(WESTERN_FALLBACK)
        except UnicodeDecodeError:
            text = None
    if text is None:
        best = from_bytes(data).best()
        if best is not None:
            tried.append(best.encoding)
            text = str(best)
    if text is None:
        raise InputError(source, Code.E004, tried=", ".join(tried))
    if badness.is_bad(text[:MOJIBAKE_SAMPLE]):
        # UTF-8 read as Windows-1252 somewhere upstream ("cafÃ©"): repair it; offsets refer to the repaired text
        text = ftfy.fix_encoding(text)
    controls = sum(1 for ch in text[:100_000] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\x00" in text[:100_000] and controls / max(len(text[:100_000]), 1) > BINARY_CONTROL_RATIO:
        raise InputError(source, Code.E002, what="control characters")
    return text.replace("\x00", "\ufffd") if "\x00" in text else text
