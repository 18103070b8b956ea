"""Raw input bytes -> checked text: size caps, binary sniffing and UTF-8 decoding.

Encoding policy (one behaviour, on purpose): input must be UTF-8 (a BOM is allowed). Anything else
is reported as "not valid UTF-8 (byte offset N)" rather than guessed as cp1252/latin-1, because a
wrong guess silently mangles place and actor names the extractor must match. The exceptions say
what they are: UTF-16 with a byte-order mark (what Windows editors save) is decoded, HTML that
declares its own charset (`<meta charset=...>`) is honoured, and feeds are decoded by feedparser
from their XML declaration.
"""

from __future__ import annotations

import codecs
import re

from conflictwatch.ingest.errors import InputError

MAX_TEXT_CHARS = 2_000_000  # per article, after decoding: beyond this it is not an article
MAX_FILE_BYTES = 50_000_000  # whole HTML page or feed read into memory at once
_SNIFF_BYTES = 8192
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13, 27}  # tab, LF, FF, CR and ESC appear in real text


UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def looks_binary(data: bytes) -> bool:
    """True for NUL bytes or many control characters in the first few KB (images, archives, PDFs)."""
    head = data[:_SNIFF_BYTES]
    if not head:
        return False
    if head.startswith(UTF16_BOMS):  # UTF-16 text is full of NULs; its BOM says what it is
        try:
            head = data.decode("utf-16")[:_SNIFF_BYTES].encode("utf-8")
        except UnicodeDecodeError:
            return True
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b in _CONTROL)
    return controls / len(head) > 0.05


def decode_utf8(data: bytes, origin: str) -> str:
    """`data` as UTF-8 (BOM stripped), or InputError naming the first bad byte. UTF-16 needs its BOM."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(origin, f"not valid UTF-16 (byte offset {exc.start})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
        raise InputError(
            origin, f"not valid UTF-8 (byte offset {offset}); convert it first, e.g. iconv -f cp1252 -t utf-8"
        ) from None


def check_bytes(data: bytes, origin: str) -> None:
    """Whole-input checks shared by every file reader: empty, binary."""
    if not data.strip() or data in UTF16_BOMS:
        raise InputError(origin, "empty file")
    if looks_binary(data):
        raise InputError(origin, "binary file (not text, HTML, a feed or JSON lines)")


def check_text_size(text: str, origin: str) -> None:
    """An article over the cap is an error naming its input, not a slow crash later."""
    if len(text) > MAX_TEXT_CHARS:
        limit = f"{MAX_TEXT_CHARS:,}"
        raise InputError(origin, f"article text is {len(text):,} characters, over the {limit} limit")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes, origin: str) -> str:
    """HTML bytes as text: UTF-8, else the charset the page declares, else the UTF-8 error."""
    try:
        return decode_utf8(data, origin)
    except InputError:
        match = _META_CHARSET.search(data[:4096])
        if match:
            charset = match.group(1).decode("ascii").lower()
            try:
                if codecs.lookup(charset).name != "utf-8":
                    return data.decode(charset, errors="replace")
            except LookupError:
                pass
        raise
