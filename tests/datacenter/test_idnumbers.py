"""GB 11643 ID numbers and GB 32100 credit codes: valid numbers pass, every kind of corruption fails."""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError

from services.datacenter.idnumbers import (
    id_check_character,
    mask_id_number,
    parse_credit_code,
    parse_id_number,
)


def make_id(region="330102", birth="19800101", sequence="123"):
    first_17 = region + birth + sequence
    return first_17 + id_check_character(first_17)


def test_standard_example_is_valid_and_decoded():
    parsed = parse_id_number("11010519491231002X")
    assert parsed.birth_date == datetime.date(1949, 12, 31)
    assert parsed.gender == "F"  # 17th digit 2 is even
    assert parsed.masked == "110105********002X"


def test_lowercase_x_is_normalised():
    assert parse_id_number("11010519491231002x").number == "11010519491231002X"


def test_spaces_are_ignored():
    assert parse_id_number(" 110105 19491231 002X ").number == "11010519491231002X"


def test_fifteen_digit_numbers_are_upgraded():
    parsed = parse_id_number("110105491231002")
    assert parsed.number == "11010519491231002X" and parsed.upgraded_from_15


@pytest.mark.parametrize("seed", range(200))
def test_random_valid_numbers_pass_and_any_single_digit_change_fails(seed):
    rng = random.Random(seed)
    birth = datetime.date(1930, 1, 1) + datetime.timedelta(days=rng.randrange(0, 90 * 365))
    number = make_id(
        region=rng.choice(["110105", "330102", "440305", "650102"]),
        birth=f"{birth:%Y%m%d}",
        sequence=f"{rng.randrange(1000):03d}",
    )
    assert parse_id_number(number).birth_date == birth
    position = rng.randrange(17)
    wrong_digit = str((int(number[position]) + rng.randrange(1, 10)) % 10)
    corrupted = number[:position] + wrong_digit + number[position + 1 :]
    with pytest.raises(ValidationError):
        parse_id_number(corrupted)


def test_swapped_adjacent_digits_are_caught():
    number = make_id(sequence="129")
    swapped = number[:14] + number[15] + number[14] + number[16:]
    with pytest.raises(ValidationError) as error:
        parse_id_number(swapped)
    assert error.value.code == "checksum"  # the code, not the wording: the message follows the active language


@pytest.mark.parametrize(
    "number, code",
    [
        ("", "required"),
        ("1101051949123100", "length"),
        ("1101051949123100299", "length"),
        ("11010519491231002A", "format"),
        ("X10105194912310029", "format"),
        (make_id(region="990102"), "region"),
        (make_id(birth="19800230"), "birth_date"),
        (make_id(birth="19801301"), "birth_date"),
        (make_id(birth="18991231"), "birth_date"),
        (make_id(birth="20991231"), "birth_date"),
        ("11010519491231002Y", "format"),
        ("110105194912310021", "checksum"),
        ("11010549123100A", "format"),
    ],
)
def test_corrupted_numbers_are_refused_with_a_reason(number, code):
    with pytest.raises(ValidationError) as error:
        parse_id_number(number, today=datetime.date(2026, 11, 26))
    assert error.value.code == code


def test_masking_shows_only_region_and_last_four():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("") == ""


def test_credit_codes():
    assert parse_credit_code("91350100m000100y43") == "91350100M000100Y43"
    for bad in ("91350100M000100Y44", "91350100M000100Y4", "9135010OM000100Y43"):
        with pytest.raises(ValidationError):
            parse_credit_code(bad)
