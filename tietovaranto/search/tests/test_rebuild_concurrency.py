"""A search-index rebuild on a live site (real gunicorn, two workers, the database the suite runs
on): searches keep answering while it runs, even one that reads the old index and the new one's
rows across its commit, an import running at the same time is indexed, and the index is whole
afterwards."""

import json
import os
import threading
import urllib.parse
from collections.abc import Iterator

import pytest

from bench.live_site import LiveSite
from tests.pages import ESIMERKKILA_TEXT
from tietovaranto.inforequests.tests.test_requests import free_port

DATABASE_URL = os.environ.get("DATABASE_URL", "")


@pytest.fixture(scope="module")
def site() -> Iterator[LiveSite]:
    kind = "postgres" if DATABASE_URL.startswith("postgres") else "sqlite"
    # no result cache: every search during the rebuild reads the index
    live = LiveSite(
        kind,
        port=free_port(),
        workers=2,
        postgres_url=DATABASE_URL or LiveSite.postgres_url,
        extra_env={"SEARCH_RESULT_CACHE_SIZE": "0"},
    )
    with live:
        yield live


def first_names(site: LiveSite, query: str) -> list[str]:
    status, body = site.get("/api/v1/search?" + urllib.parse.urlencode({"q": query, "limit": 3}))
    assert status == 200, body[:500]
    return [hit["name"] for hit in json.loads(body)["results"]]


def test_searches_answer_and_an_import_is_indexed_while_the_index_is_rebuilt(site: LiveSite) -> None:
    page = site.directory / "esimerkkila.txt"
    page.write_text(ESIMERKKILA_TEXT, encoding="utf-8")
    failures: list[str] = []

    def rebuild_three_times() -> None:
        for _round in range(3):
            done = site.manage("rebuild-search-index", check=False)
            if done.returncode:
                failures.append(done.stderr[-2000:])

    def import_another_authority() -> None:
        done = site.manage(
            "import-page", str(page), "--organisation", "Esimerkkilän kunta", "--publish", check=False
        )
        if done.returncode:
            failures.append(done.stderr[-2000:])

    writers = [
        threading.Thread(target=rebuild_three_times),
        threading.Thread(target=import_another_authority),
    ]
    for writer in writers:
        writer.start()
    answers = []
    while any(writer.is_alive() for writer in writers):
        answers.append(first_names(site, "luottamustoimista"))
    for writer in writers:
        writer.join()
    assert not failures, failures
    assert len(answers) >= 3  # searches ran while the index was rebuilt
    assert [names for names in answers if names[:1] != ["Asiakastietovaranto"]] == []
    # the import's resources were indexed, whichever finished first
    assert first_names(site, "toimeentulotuki")[:1] == ["Sosiaalihuollon asiakasrekisteri"]
    assert first_names(site, "luottamustoimista") == ["Asiakastietovaranto"]
