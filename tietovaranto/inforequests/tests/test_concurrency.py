"""Parallel writers on the database the suite runs on (SQLite or PostgreSQL).

A real gunicorn with 4 workers on its own database (bench/live_site.py), hit by threads: parallel
submissions, a form sent 8 times at once, the rate limit under a burst, and two staff members
answering one request at the same moment.
"""

import contextlib
import http.cookiejar
import os
import socket
import sqlite3
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator

import pytest

from bench.live_site import CSRF_RE, ORG_SLUG, LiveSite, NoRedirect, Result, at_once, form_data

DATABASE_URL = os.environ.get("DATABASE_URL", "")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def site() -> Iterator[LiveSite]:
    """Rate limit 5 per client; clients told apart by X-Forwarded-For from one trusted proxy."""
    kind = "postgres" if DATABASE_URL.startswith("postgres") else "sqlite"
    live = LiveSite(
        kind,
        port=int(os.environ.get("LIVE_TEST_PORT") or free_port()),
        workers=4,
        postgres_url=DATABASE_URL or LiveSite.postgres_url,
        extra_env={"REQUEST_RATE_LIMIT": "5/600", "TRUSTED_PROXIES": "1"},
    )
    with live:
        yield live


def test_parallel_submissions_are_all_stored_once_with_their_mails(site: LiveSite) -> None:
    before = set(site.stored())
    forms = [site.form_opener() for _ in range(12)]

    def one(i: int) -> Result:
        address = f"198.51.100.{i + 1}"  # 24 residents: no rate limit in the way
        if i % 2:
            opener, csrf, token = forms[i // 2]
            return site.post_form(opener, form_data(f"rinnakkain {i}", csrf, token), forwarded_for=address)
        return site.submit_api(f"rinnakkain {i}", forwarded_for=address)

    results = at_once(24, one)
    assert Counter(r.status for r in results) == {201: 12, 302: 12}
    stored = {ref: row for ref, row in site.stored().items() if ref not in before}
    assert len(stored) == 24  # distinct references, one row each
    assert {r.reference for r in results if r.reference} <= set(stored)
    assert {r.token for r in results if r.token} <= {row["token"] for row in stored.values()}
    assert all(row["events"] == 1 and row["mails"] == 2 for row in stored.values())


def test_eight_identical_posts_create_one_request(site: LiveSite) -> None:
    before = set(site.stored())
    opener, csrf, token = site.form_opener()
    data = form_data("sama lomake kahdeksan kertaa", csrf, token)
    results = at_once(8, lambda i: site.post_form(opener, data, forwarded_for="203.0.113.8"))
    assert [r.status for r in results] == [302] * 8
    assert len({r.token for r in results}) == 1  # everyone sees the same receipt
    new = {ref: row for ref, row in site.stored().items() if ref not in before}
    assert len(new) == 1
    assert next(iter(new.values()))["mails"] == 2


def test_thirty_parallel_submissions_from_one_address_get_exactly_the_limit(site: LiveSite) -> None:
    results = at_once(30, lambda i: site.submit_api(f"raja {i}", forwarded_for="203.0.113.30"))
    assert Counter(r.status for r in results) == {201: 5, 429: 25}


STAFF_SETUP = """
from django.contrib.auth.models import User
from tietovaranto.catalog.models import Organisation
from tietovaranto.accounts.models import Membership, Role
organisation = Organisation.objects.get(slug="kaarinan-kaupunki")
for name in ("eka", "toka"):
    user = User.objects.create_user(name, f"{name}@kaarina.fi", "salasana-123")
    Membership.objects.create(user=user, organisation=organisation, role=Role.HANDLER)
"""


def staff_browser(site: LiveSite, username: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
    with opener.open(site.url("/staff/login/"), timeout=60) as response:
        csrf = CSRF_RE.search(response.read().decode())
    assert csrf
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf.group(1), "username": username, "password": "salasana-123"}
    )
    with contextlib.suppress(urllib.error.HTTPError):  # 302 to the inbox
        opener.open(site.url("/staff/login/"), data=body.encode(), timeout=60)
    return opener


def test_two_handlers_answering_at_once_do_not_overwrite_each_other(site: LiveSite) -> None:
    site.manage("shell", "-c", STAFF_SETUP)
    reference = site.submit_api("kaksi käsittelijää", forwarded_for="203.0.113.2").reference
    browsers = {name: staff_browser(site, name) for name in ("eka", "toka")}
    pages = {}
    for name, browser in browsers.items():  # both open the request
        with browser.open(site.url(f"/staff/requests/{reference}/"), timeout=60) as response:
            pages[name] = CSRF_RE.search(response.read().decode())

    def answer(i: int) -> None:
        name = ("eka", "toka")[i]
        csrf = pages[name]
        assert csrf
        data = {"csrfmiddlewaretoken": csrf.group(1), "outcome": ("disclosed", "refused")[i]}
        data |= {"text": f"{name} vastaa", "reason": "Salassa pidettävä" if i else ""}
        with contextlib.suppress(urllib.error.HTTPError):  # 302 back to the request
            browsers[name].open(
                site.url(f"/staff/requests/{reference}/answer/"),
                data=urllib.parse.urlencode(data).encode(),
                timeout=60,
            )

    at_once(2, answer)
    [(pk, status, outcome)] = site.query(
        "SELECT id, status, outcome FROM inforequests_informationrequest WHERE reference = ?", [reference]
    )
    answers = site.query(
        "SELECT text FROM inforequests_requestevent WHERE request_id = ? AND kind = 'answered'", [pk]
    )
    assert status == "answered"
    assert len(answers) == 1  # the later one was told the request is already closed
    assert (outcome, answers[0][0].split()[0]) in {("disclosed", "eka"), ("refused", "toka")}


def test_a_submission_blocked_by_a_long_write_gets_its_text_back_and_can_be_sent_again() -> None:
    """SQLite has one write lock: while a long import holds it past the busy timeout, the visitor gets
    503 with the form and their text (nothing stored), and the same form sent again goes through."""
    if DATABASE_URL.startswith("postgres"):
        pytest.skip("PostgreSQL writers do not share one lock; the same burst runs above on PostgreSQL")
    live = LiveSite("sqlite", port=free_port(), workers=1, extra_env={"SQLITE_BUSY_TIMEOUT": "1"})
    with live:
        opener, csrf, token = live.form_opener()
        data = form_data("Kiireinen pyyntö pöytäkirjoista", csrf, token)
        body = urllib.parse.urlencode(data, doseq=True).encode()
        holder = sqlite3.connect(live.directory / "site.sqlite3", timeout=30, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # what a long import does
        try:
            with pytest.raises(urllib.error.HTTPError) as busy:
                opener.open(urllib.request.Request(live.url(f"/{ORG_SLUG}/request/"), data=body), timeout=60)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert busy.value.code == 503
        assert busy.value.headers["Retry-After"] == "60"
        page = busy.value.read().decode()
        assert "Kiireinen pyyntö pöytäkirjoista" in page
        assert "lähetä se uudelleen" in page
        assert live.query("SELECT COUNT(*) FROM inforequests_informationrequest")[0][0] == 0
        again = live.post_form(opener, data)
        assert again.status == 302
        assert live.query("SELECT COUNT(*) FROM inforequests_informationrequest")[0][0] == 1
