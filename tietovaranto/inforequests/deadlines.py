"""Legal deadlines of information requests, as pure functions of dates. Times are Europe/Helsinki.

- JulkL 621/1999 14 § 4 mom: a public document is given without delay, at the latest 2 weeks
  (14 days) from receipt; at the latest 1 month when the request covers many documents, has
  secret parts or otherwise needs special measures or more work than usual.
- GDPR (EU) 2016/679 art. 12(3): the data subject is answered within 1 month of receipt; the period
  can be extended by 2 further months, with a reasoned notice within the first month. Periods
  follow Regulation (EEC, Euratom) 1182/71 art. 3: a month ends on the same date of the following
  month, or on its last day when there is no such date.
- Laki säädettyjen määräaikain laskemisesta 150/1930 (and 1182/71 art. 3(4)): a last day on a
  Saturday, Sunday, public holiday, Christmas Eve or Midsummer Eve moves to the next working day.

- Written decision after a refusal (JulkL 14 § 3 mom, hallintolaki 434/2003 43–45 §): no period of
  its own is written in the acts; hallintolaki 23 § 1 mom requires handling without undue delay,
  and the parliamentary ombudsman and the chancellor of justice measure it by the periods of
  JulkL 14 § 4 mom (3 months was criticised, OKV/884/1/2014). Policy here: the decision is due
  14 days (1 month for a large request) from the day the requester asked for it.

Clock policy for clarification (JulkL 13 § 3 mom): when the request must be specified before it can
be handled, the period runs from the day the clarification is received (the clock restarts).
"""

import calendar
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

HELSINKI = ZoneInfo("Europe/Helsinki")
JULKL_DAYS = 14
JULKL_LARGE_MONTHS = 1
GDPR_MONTHS = 1
GDPR_EXTENSION_MONTHS = 2
SOON_DAYS = 3  # "soon due": highlighted in the inbox, reminded by `remind`


@lru_cache(maxsize=64)
def _finnish_holidays(year: int) -> holidays.HolidayBase:
    # holidays.Finland includes Midsummer Eve and Christmas Eve, which laki 150/1930 also skips
    return holidays.Finland(years=year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _finnish_holidays(day.year)


def next_working_day(day: date) -> date:
    """The day itself if it is a working day, else the next one (laki 150/1930)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def local_date(moment: datetime) -> date:
    """The calendar day in Helsinki of an aware timestamp (receipt at 00:30 local is that day)."""
    return moment.astimezone(HELSINKI).date()


def add_months(day: date, months: int) -> date:
    """Same date `months` later, or the last day of that month (31.1. + 1 month = 28./29.2.)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def julkl_due_date(received: datetime, *, large: bool = False) -> date:
    """JulkL 14 § 4 mom: 14 days from receipt; 1 month when recorded as large or needing special measures."""
    start = local_date(received)
    last = add_months(start, JULKL_LARGE_MONTHS) if large else start + timedelta(days=JULKL_DAYS)
    return next_working_day(last)


def gdpr_due_date(received: datetime, *, extended: bool = False) -> date:
    """GDPR art. 12(3): 1 month from receipt; 3 months in all when extended with a reasoned notice."""
    months = GDPR_MONTHS + (GDPR_EXTENSION_MONTHS if extended else 0)
    return next_working_day(add_months(local_date(received), months))


def gdpr_extension_deadline(received: datetime) -> date:
    """The last day to send the reasoned extension notice: within the first month."""
    return next_working_day(add_months(local_date(received), GDPR_MONTHS))


def decision_due_date(asked: datetime, *, large: bool = False) -> date:
    """The written decision's own period, counted from the day it was asked for (see module doc)."""
    return julkl_due_date(asked, large=large)


def days_left(due: date, today: date) -> int:
    """Negative when overdue."""
    return (due - today).days
