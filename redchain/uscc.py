"""The Unified Social Credit Code (统一社会信用代码), GB 32100-2015.

Eighteen characters from a 31-character alphabet (digits and capitals without I, O, Z, S, V).
The last one is a check character: with weights 3^i mod 31 for positions 1..17, the check
value is ``31 - (Σ value·weight mod 31)``, where 31 stands for 0.
"""

from __future__ import annotations

import random

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS = [pow(3, i, 31) for i in range(17)]
LENGTH = 18

# The first character names the registering authority (GB 32100-2015, table 1).
AUTHORITIES = {
    "1": "机构编制 (organs and public institutions)",
    "5": "民政 (social organisations)",
    "9": "工商 (companies)",
}


class InvalidUSCC(ValueError):
    """Not a valid Unified Social Credit Code; the message says why and how to fix it."""


def check_character(first17: str) -> str:
    """The check character for the first 17 characters of a code."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate(code: str) -> str:
    """Return ``code`` if it is a valid credit code, else raise :class:`InvalidUSCC`."""
    if len(code) != LENGTH:
        raise InvalidUSCC(
            f"a credit code has {LENGTH} characters, this one has {len(code)}; "
            "copy it again from the business licence"
        )
    bad = [ch for ch in code if ch not in _VALUE]
    if bad:
        raise InvalidUSCC(
            f"character {bad[0]!r} cannot appear in a credit code (letters I, O, Z, S, V "
            "are never used); check for a mistyped letter or digit"
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise InvalidUSCC(
            f"check character is {code[17]!r} but the first 17 characters give {expected!r}; "
            "one of the characters is mistyped"
        )
    return code


def is_valid(code: str) -> bool:
    try:
        validate(code)
    except InvalidUSCC:
        return False
    return True


def make(authority: str, region: str, rng: random.Random) -> str:
    """A syntactically valid code: authority + type digit, 6-digit region, 9-char body, check."""
    kind = {"1": "1", "5": "1", "9": "1"}.get(authority, "1")
    body = "".join(rng.choice(ALPHABET) for _ in range(9))
    first17 = authority + kind + region + body
    return first17 + check_character(first17)
