"""Which text encoding a CSV file is in, told from its first bytes.

Excel on a Chinese Windows saves "CSV" as GB18030/GBK and "CSV UTF-8" with a byte-order mark;
other tools write UTF-8 without one, and "Unicode text" is UTF-16 with a mark. A mark decides at
once. Otherwise UTF-8 is tried first (GBK text is almost never valid UTF-8, the reverse often
decodes as GBK), then GB18030, a superset of GBK and GB2312; charset-normalizer judges the rest.
"""

from __future__ import annotations

import codecs

SAMPLE_BYTES = 64 * 1024

_MARKS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect(sample: bytes) -> str | None:
    """The encoding of a file starting with ``sample``, or None when it cannot be told."""
    for mark, name in _MARKS:
        if sample.startswith(mark):
            return name
    for name in ("utf-8", "gb18030"):
        if _decodes(sample, name):
            return name
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    return best.encoding if best is not None else None


def _decodes(sample: bytes, encoding: str) -> bool:
    # The sample may end inside a multi-byte character: an incremental decoder without
    # ``final`` keeps those bytes back instead of calling them an error.
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        decoder.decode(sample, final=len(sample) < SAMPLE_BYTES)
    except UnicodeError:
        return False
    return True


def normal_name(encoding: str) -> str:
    """Python's canonical name for an encoding, or raise LookupError."""
    try:
        return codecs.lookup(encoding).name
    except (ValueError, TypeError) as exc:  # a name with a NUL, say
        raise LookupError(encoding) from exc


def describe(encoding: str) -> str:
    """The encoding as the office knows it."""
    return {
        "utf-8-sig": "UTF-8 with BOM",
        "utf-8": "UTF-8",
        "gb18030": "GB18030/GBK",
        "gbk": "GBK",
        "utf-16": "UTF-16",
        "utf-32": "UTF-32",
    }.get(encoding, encoding)
