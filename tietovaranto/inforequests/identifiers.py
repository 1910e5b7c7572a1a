"""Finnish identifiers: the personal identity code (henkilötunnus) and the business ID (y-tunnus).

Messages are user-facing; they never repeat the code itself, so they are safe to log.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
# Century signs, including the ones in force from 1.1.2023 (Y X W V U for the 1900s, B–F for the 2000s)
CENTURIES = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900}
CENTURIES |= {sign: 2000 for sign in "ABCDEF"}
HETU_RE = re.compile(r"^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$")
BUSINESS_ID_RE = re.compile(r"^(\d{6,7})-(\d)$")
BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class PersonalIdentityCode:
    code: str  # the full 11 characters: the century sign distinguishes codes
    birth_date: date
    temporary: bool  # individual number 900–999: not in the population register

    @property
    def masked(self) -> str:
        return mask_identity_code(self.code)


def parse_identity_code(value: str) -> PersonalIdentityCode:
    """Validate a henkilötunnus: format, century sign, calendar date and check character."""
    code = value.strip().upper()
    match = HETU_RE.match(code)
    if not match:
        raise ValidationError(
            _("A personal identity code has 11 characters, e.g. 131052-308T."), code="format"
        )
    day, month, year, sign, individual, check = match.groups()
    if sign not in CENTURIES:
        raise ValidationError(
            _("The century sign of the personal identity code is not valid."), code="century"
        )
    try:
        birth_date = date(CENTURIES[sign] + int(year), int(month), int(day))
    except ValueError as error:
        raise ValidationError(
            _("The personal identity code does not contain a valid date of birth."), code="date"
        ) from error
    if int(individual) < 2:
        raise ValidationError(_("The personal identity code is not valid."), code="individual")
    if CHECK_CHARACTERS[int(day + month + year + individual) % 31] != check:
        raise ValidationError(
            _("The check character of the personal identity code does not match. Please check the code."),
            code="check",
        )
    return PersonalIdentityCode(code, birth_date, temporary=int(individual) >= 900)


def mask_identity_code(code: str) -> str:
    """131052-308T → 131052-****: the date part stays recognisable, the rest is hidden."""
    return code[:7] + "****" if len(code) == 11 else "****"


# Anything shaped like a henkilötunnus inside free text, valid or mistyped (a mistyped code is still
# personal data): six digits, a century sign, three digits and a check character, standing alone.
IDENTITY_CODE_IN_TEXT_RE = re.compile(r"(?<![0-9A-Za-z])\d{6}[-+A-FU-Ya-fu-y]\d{3}[0-9A-Ya-y](?![0-9A-Za-z])")


def mask_identity_codes(text: str) -> str:
    """Mask every identity code in free text (subject, messages, clarifications, e-mails)."""
    return IDENTITY_CODE_IN_TEXT_RE.sub(lambda match: mask_identity_code(match.group(0).upper()), text)


def validate_business_id(value: str) -> str:
    """Validate a y-tunnus by its check digit; old 6-digit IDs are padded with a leading zero."""
    match = BUSINESS_ID_RE.match(value.strip())
    if not match:
        raise ValidationError(_("A business ID has the form 1234567-8."), code="format")
    digits, check = match.group(1).zfill(7), int(match.group(2))
    remainder = sum(int(d) * w for d, w in zip(digits, BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 1:  # never issued
        raise ValidationError(_("The business ID is not valid."), code="check")
    expected = 0 if remainder == 0 else 11 - remainder
    if expected != check:
        raise ValidationError(
            _("The check digit of the business ID does not match. Please check the ID."), code="check"
        )
    return f"{digits}-{check}"


# Names of search criteria (hakutekijät) that hold a personal identity code; matched in lower case
IDENTITY_CODE_FIELD_RE = re.compile(
    r"\bhetu\b|henkilötunnus|henkilötunnu|sotu\b|personbeteckning|personnummer|"
    r"personal identity code|identity code|social security number|\bssn\b",
    re.IGNORECASE,
)


def is_identity_code_field(name: str) -> bool:
    """Does a criterion's name say it holds a personal identity code ("Hetu", "Henkilötunnus"…)?"""
    return bool(IDENTITY_CODE_FIELD_RE.search(name))
