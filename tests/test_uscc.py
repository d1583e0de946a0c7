"""The credit-code check (GB 32100-2015)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from redchain import uscc

# Published on business licences; used across the web as examples of valid codes.
KNOWN_VALID = ["91350100M000100Y43", "91110000600037341L", "11100000000013127D"]

first17 = st.text(alphabet=uscc.ALPHABET, min_size=17, max_size=17)


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_real_codes_pass(code: str) -> None:
    assert uscc.validate(code) == code


def test_wrong_check_character_names_the_expected_one() -> None:
    code = KNOWN_VALID[0][:-1] + "X"
    with pytest.raises(uscc.InvalidUSCC, match=r"check character is 'X' but .* give '3'"):
        uscc.validate(code)


def test_wrong_length_and_forbidden_letters_say_why() -> None:
    with pytest.raises(uscc.InvalidUSCC, match="18 characters, this one has 17"):
        uscc.validate(KNOWN_VALID[0][:-1])
    with pytest.raises(uscc.InvalidUSCC, match="'O' cannot appear"):
        uscc.validate("91350100M0001O0Y43")


@given(first17)
def test_check_character_round_trip(body: str) -> None:
    assert uscc.is_valid(body + uscc.check_character(body))


@given(first17, st.integers(0, 16), st.sampled_from(uscc.ALPHABET))
def test_any_single_character_change_is_detected(body: str, position: int, new: str) -> None:
    code = body + uscc.check_character(body)
    changed = code[:position] + new + code[position + 1 :]
    assert uscc.is_valid(changed) == (changed == code)


def test_made_codes_are_valid_and_carry_their_authority() -> None:
    rng = random.Random(7)
    for authority in "159":
        code = uscc.make(authority, "440115", rng)
        assert uscc.is_valid(code)
        assert code.startswith(authority + "1440115")
