"""Which text encoding a CSV file is in, told from its first bytes, and strict about it.

Excel on a Chinese Windows saves "CSV" as GB18030/GBK and "CSV UTF-8" with a byte-order mark;
other tools write UTF-8 without one, and "Unicode text" is UTF-16 with a mark. A mark decides at
once. Otherwise UTF-8 is tried first (GBK text is almost never valid UTF-8, the reverse often
decodes as GBK), then GB18030, a superset of GBK and GB2312. Nothing is guessed beyond that: a
file that is neither, that mixes the two, or that GB18030 reads as characters no one types
(private-use code points, or a run of rare ones where Big5 reads common ones) is refused with
the encodings it could be, so that ``--encoding`` can say which.
"""

from __future__ import annotations

import codecs
import re

from redchain.importing.problems import Invalid

SAMPLE_BYTES = 64 * 1024

_MARKS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings offered when the file is neither UTF-8 nor GB18030, if they read it cleanly.
OTHER_CANDIDATES = ("big5", "utf-16-le", "utf-16-be", "shift_jis", "euc-kr")
# Characters of the private-use areas: no text typed in an office holds them, but bytes read
# in the wrong encoding often become them (GB18030 maps Big5's commonest lead bytes there).
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
# GB18030 text of which this share of the Chinese characters lie outside GB2312's 6,763
# common ones is Big5 read wrongly when Big5 reads it too (real GBK text has a few per cent).
RARE_SHARE = 0.15
RARE_MIN = 3

ENCODING_FIX = "save the file from Excel as 'CSV UTF-8', or give --encoding"


def detect(sample: bytes, complete: bool) -> str:
    """The encoding of a file starting with ``sample`` (``complete``: the whole file).

    Raises :class:`Invalid` naming the encodings the file could be when it cannot be told.
    """
    for mark, name in _MARKS:
        if sample.startswith(mark):
            return name
    text = _decoded(sample, "utf-8", complete)
    if text is not None:
        return "utf-8"
    _refuse_mixed(sample)
    text = _decoded(sample, "gb18030", complete)
    big5 = _decoded(sample, "big5", complete)
    if text is not None and not PRIVATE_USE.search(text):
        if big5 is None or PRIVATE_USE.search(big5) or not _rare_in_gb2312(text):
            return "gb18030"
        raise Invalid(
            "reads as GB18030/GBK only as rare characters, and reads as Big5 too, so its "
            "encoding cannot be told",
            "give --encoding big5 if the file comes from Taiwan or Hong Kong (traditional "
            "characters), else --encoding gb18030; or save it from Excel as 'CSV UTF-8'",
        )
    could = [name for name in OTHER_CANDIDATES if _clean(sample, name, complete)]
    if could:
        fix = " or ".join(f"--encoding {name}" for name in could)
        raise Invalid(
            "is not UTF-8 or GB18030/GBK text; it could be " + ", ".join(could),
            f"give {fix} if one is right, or save the file from Excel as 'CSV UTF-8'",
        )
    raise Invalid(
        "is not UTF-8 or GB18030/GBK text, nor any encoding it could be told from",
        ENCODING_FIX + " (for example --encoding gb18030)",
    )


def _decoded(sample: bytes, encoding: str, complete: bool) -> str | None:
    # The sample may end inside a multi-byte character: an incremental decoder without
    # ``final`` keeps those bytes back instead of calling them an error.
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        return str(decoder.decode(sample, final=complete))
    except UnicodeError:
        return None


def _clean(sample: bytes, encoding: str, complete: bool) -> bool:
    text = _decoded(sample, encoding, complete)
    if text is None or PRIVATE_USE.search(text):
        return False
    if encoding.startswith("utf-16"):
        # Any even number of bytes decodes as UTF-16; text of it has line breaks.
        return "\n" in text and "\x00" not in text
    return True


def _refuse_mixed(sample: bytes) -> None:
    """Refuse a file some of whose lines are UTF-8 (with non-ASCII text) and some not."""
    utf8: list[int] = []
    other: list[int] = []
    lines = sample.split(b"\n")
    if len(sample) >= SAMPLE_BYTES:
        lines = lines[:-1]  # the last line may be cut short
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeError:
            other.append(number)
        else:
            utf8.append(number)
    if utf8 and other:
        raise Invalid(
            f"mixes two encodings: {_lines(utf8)} {'is' if len(utf8) == 1 else 'are'} UTF-8, "
            f"{_lines(other)} {'is' if len(other) == 1 else 'are'} not (GB18030/GBK, perhaps)",
            "the file was pasted together from files saved differently; save it again in one "
            "encoding (Excel: 'CSV UTF-8')",
        )


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:5])
    more = f" and {len(numbers) - 5} more" if len(numbers) > 5 else ""
    return f"line{'s' if len(numbers) > 1 else ''} {shown}{more}"


def _rare_in_gb2312(text: str) -> bool:
    chinese = [ch for ch in text if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"]
    rare = 0
    for ch in chinese:
        try:
            ch.encode("gb2312")
        except UnicodeError:
            rare += 1
    return rare >= RARE_MIN and rare >= RARE_SHARE * len(chinese)


def private_use(text: str) -> str | None:
    """The first private-use character of ``text``, if any."""
    found = PRIVATE_USE.search(text)
    return found.group() if found else None


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
        "big5": "Big5",
        "utf-16": "UTF-16",
        "utf-16-le": "UTF-16 LE",
        "utf-16-be": "UTF-16 BE",
        "utf-32": "UTF-32",
    }.get(encoding, encoding)
