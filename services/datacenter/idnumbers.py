"""Resident ID numbers (居民身份证号码) under GB 11643-1999, and unified social credit codes
(统一社会信用代码) under GB 32100-2015.

An 18-character ID number is: 6-digit region code, 8-digit birth date (YYYYMMDD), 3-digit
sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARACTERS = "10X98765432"

# First two digits of the region code: the provinces, autonomous regions and municipalities of
# GB/T 2260, plus 71 (Taiwan), 81 (Hong Kong), 82 (Macao) and 83 (residence permits for Taiwan
# residents), which also appear on residence permits.
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83",
})  # fmt: skip

EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


@dataclass(frozen=True)
class IdNumber:
    number: str  # normalised, 18 characters, upper-case X
    birth_date: datetime.date
    gender: str  # "M" or "F"
    upgraded_from_15: bool = False

    @property
    def masked(self):
        return mask_id_number(self.number)


def id_check_character(first_17):
    total = sum(int(digit) * weight for digit, weight in zip(first_17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARACTERS[total % 11]


def mask_id_number(number):
    """110105********1234: region and last four stay readable, the birth date does not."""
    if not number:
        return ""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def parse_id_number(raw, *, today=None):
    """Validate and normalise an ID number; raise ValidationError with a message for staff.

    Lowercase x becomes X; a legacy 15-digit number (born 19xx) is upgraded to 18 digits.
    """
    today = today or datetime.date.today()
    number = re.sub(r"\s+", "", str(raw or "")).upper()
    upgraded = False
    if not number:
        raise ValidationError(_("Enter an ID number."), code="required")
    if len(number) == 15:
        if not number.isdigit():
            raise ValidationError(_("A 15-digit ID number has digits only."), code="format")
        first_17 = number[:6] + "19" + number[6:]
        number = first_17 + id_check_character(first_17)
        upgraded = True
    if len(number) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(count)s.") % {"count": len(number)}, code="length"
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("An ID number has 17 digits followed by a digit or X."), code="format")
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _("The region code %(code)s is not a valid region.") % {"code": number[:6]}, code="region"
        )
    try:
        birth_date = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as error:
        raise ValidationError(
            _("The birth date %(date)s in the ID number does not exist.") % {"date": number[6:14]}, code="birth_date"
        ) from error
    if birth_date > today or birth_date < EARLIEST_BIRTH_DATE:
        raise ValidationError(
            _("The birth date %(date)s in the ID number is not plausible.") % {"date": birth_date.isoformat()},
            code="birth_date",
        )
    expected = id_check_character(number[:17])
    if number[17] != expected:
        raise ValidationError(
            _("The check character of this ID number is wrong: a digit may be mistyped."), code="checksum"
        )
    gender = "M" if int(number[16]) % 2 == 1 else "F"
    return IdNumber(number=number, birth_date=birth_date, gender=gender, upgraded_from_15=upgraded)


# Unified social credit code: 18 characters from this alphabet (no I, O, S, V, Z).
CREDIT_CODE_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character(first_17):
    total = sum(
        CREDIT_CODE_CHARACTERS.index(character) * weight
        for character, weight in zip(first_17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARACTERS[(31 - total % 31) % 31]


def parse_credit_code(raw):
    code = re.sub(r"\s+", "", str(raw or "")).upper()
    if len(code) != 18:
        raise ValidationError(_("A unified social credit code has 18 characters."), code="length")
    if any(character not in CREDIT_CODE_CHARACTERS for character in code):
        raise ValidationError(
            _("A unified social credit code uses digits and capital letters except I, O, S, V and Z."), code="format"
        )
    if code[17] != credit_code_check_character(code[:17]):
        raise ValidationError(
            _("The check character of this credit code is wrong: a character may be mistyped."), code="checksum"
        )
    return code
