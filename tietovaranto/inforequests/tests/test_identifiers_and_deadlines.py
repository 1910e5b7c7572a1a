from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from tietovaranto.inforequests import deadlines
from tietovaranto.inforequests.identifiers import (
    CHECK_CHARACTERS,
    mask_identity_code,
    parse_identity_code,
    validate_business_id,
)

UTC = ZoneInfo("UTC")
HELSINKI = ZoneInfo("Europe/Helsinki")


def with_check(body: str) -> str:
    """body = DDMMYY C ZZZ: add the right check character."""
    return body + CHECK_CHARACTERS[int(body[:6] + body[7:10]) % 31]


def test_the_reference_vector_is_valid_with_old_and_new_century_signs() -> None:
    assert parse_identity_code("131052-308T").birth_date == date(1952, 10, 13)
    assert parse_identity_code("131052Y308T").code == "131052Y308T"  # distinguishing: stored in full


@pytest.mark.parametrize(
    ("sign", "year"),
    [("+", 1852), ("-", 1952), ("Y", 1952), ("X", 1952), ("W", 1952), ("V", 1952), ("U", 1952)]
    + [(sign, 2052) for sign in "ABCDEF"],
)
def test_every_century_sign(sign: str, year: int) -> None:
    assert parse_identity_code(with_check(f"131052{sign}308")).birth_date == date(year, 10, 13)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("131052-308U", "check"),
        ("010190Y999K", "check"),  # the example printed on telp.fi is wrong
        (with_check("290223A123"), "date"),  # 2023 was not a leap year
        (with_check("320190-123"), "date"),
        ("131052G308T", "format"),
        ("13105-308T", "format"),
    ],
)
def test_invalid_identity_codes_say_why(code: str, reason: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_identity_code(code)
    assert error.value.code == reason
    with translation.override("en"):
        assert {"check": "check character", "date": "date of birth", "format": "11 characters"}[
            reason
        ] in str(error.value.messages[0])


def test_temporary_codes_are_flagged_and_codes_are_masked() -> None:
    code = parse_identity_code(with_check("010190Y999"))
    assert code.temporary
    assert not parse_identity_code("131052-308T").temporary
    assert mask_identity_code("131052-308T") == "131052-****"


def test_business_id() -> None:
    assert validate_business_id("0112038-9") == "0112038-9"
    assert validate_business_id("112038-9") == "0112038-9"  # old six-digit form
    with pytest.raises(ValidationError) as error:
        validate_business_id("0112038-8")
    assert error.value.code == "check"
    with pytest.raises(ValidationError) as error:
        validate_business_id("01120389")
    assert error.value.code == "format"


def at(text: str, zone: ZoneInfo = HELSINKI) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


@pytest.mark.parametrize(
    ("received", "large", "due"),
    [
        (at("2026-11-02 10:00"), False, date(2026, 11, 16)),  # Monday + 14 days = Monday
        (at("2026-10-31 10:00"), False, date(2026, 11, 16)),  # ends Saturday 14.11. → Monday
        (at("2026-12-10 09:00"), False, date(2026, 12, 28)),  # 24.12. Christmas Eve, 25., 26., Sunday 27.
        (at("2026-06-05 09:00"), False, date(2026, 6, 22)),  # 19.6. Midsummer Eve, 20. Midsummer Day, Sunday
        (at("2026-11-06 09:00"), True, date(2026, 12, 7)),  # 1 month: 6.12. Independence Day (Sunday)
        (at("2026-01-31 09:00"), True, date(2026, 3, 2)),  # month end: 28.2.2026 is a Saturday
        (at("2027-12-31 09:00"), True, date(2028, 1, 31)),  # across the year
    ],
)
def test_julkl_due_dates(received: datetime, large: bool, due: date) -> None:
    assert deadlines.julkl_due_date(received, large=large) == due


def test_receipt_just_after_midnight_counts_in_helsinki_time_across_dst() -> None:
    # 27.10.2026 22:30 UTC is 28.10. 00:30 in Helsinki (winter time since 25.10.)
    assert deadlines.julkl_due_date(at("2026-10-27 22:30", UTC)) == date(2026, 11, 11)
    # 28.3.2026 21:30 UTC is 28.3. 23:30 before the DST change of 29.3.
    assert deadlines.local_date(at("2026-03-28 21:30", UTC)) == date(2026, 3, 28)
    # 28.3.2026 22:30 UTC is 29.3. 00:30; 14 days: Sunday 12.4. → Monday 13.4.
    assert deadlines.julkl_due_date(at("2026-03-28 22:30", UTC)) == date(2026, 4, 13)


@pytest.mark.parametrize(
    ("received", "extended", "due"),
    [
        (at("2026-01-31 09:00"), False, date(2026, 3, 2)),  # 28.2. Saturday → Monday 2.3.
        (at("2028-01-31 09:00"), False, date(2028, 2, 29)),  # leap year
        (at("2026-01-31 09:00"), True, date(2026, 4, 30)),  # + 2 months: 30.4. (no 31.4.)
        (at("2026-03-15 09:00"), False, date(2026, 4, 15)),
        (at("2026-04-06 09:00"), False, date(2026, 5, 6)),
    ],
)
def test_gdpr_due_dates(received: datetime, extended: bool, due: date) -> None:
    assert deadlines.gdpr_due_date(received, extended=extended) == due


def test_easter_and_may_day_are_not_working_days() -> None:
    assert not deadlines.is_working_day(date(2026, 4, 3))  # Good Friday
    assert not deadlines.is_working_day(date(2026, 4, 6))  # Easter Monday
    assert not deadlines.is_working_day(date(2026, 5, 1))
    assert deadlines.next_working_day(date(2026, 4, 3)) == date(2026, 4, 7)
