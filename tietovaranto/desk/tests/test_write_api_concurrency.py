"""Two systems writing the same draft at the same moment, on a real gunicorn with two workers and
the database the suite runs on (SQLite, or PostgreSQL with DATABASE_URL): one wins, the other is
told, and nothing either wrote is lost without a word."""

import json
import os
import socket
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from bench.live_site import ORG_SLUG, LiveSite, at_once

DATABASE_URL = os.environ.get("DATABASE_URL", "")
DRAFT = f"/api/v1/organisations/{ORG_SLUG}/draft"


def free_port() -> int:
    """A free port in this work's range (8700–8749), else any."""
    for port in range(8700, 8750):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[LiveSite, str]]:
    kind = "postgres" if DATABASE_URL.startswith("postgres") else "sqlite"
    live = LiveSite(
        kind,
        port=int(os.environ.get("LIVE_TEST_PORT") or free_port()),
        workers=2,
        postgres_url=DATABASE_URL or LiveSite.postgres_url,
    )
    with live:
        key = live.manage("create-api-token", "--organisation", ORG_SLUG, "--name", "Testijärjestelmä")
        yield live, key.stdout.strip()


def call(
    site: tuple[LiveSite, str], method: str, path: str, body: Any = None, if_match: str = ""
) -> tuple[int, Any]:
    live, key = site
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json", "Accept-Language": "en"}
    if if_match:
        headers["If-Match"] = if_match
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(live.url(path), data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def _resource(site: tuple[LiveSite, str], name: str) -> dict[str, Any]:
    status, draft = call(site, "GET", DRAFT)
    assert status == 200, draft
    return next(r for r in draft["resources"] if r["name"] == name)


def test_two_writes_of_one_resource_from_the_same_read_give_one_success_and_one_412(
    site: tuple[LiveSite, str],
) -> None:
    resource = _resource(site, "Asiakastietovaranto")
    path = f"{DRAFT}/resources/{resource['uid']}"
    texts = ["Järjestelmä A:n kuvaus.", "Järjestelmä B:n kuvaus."]
    results = at_once(2, lambda i: call(site, "PATCH", path, {"description": texts[i]}, resource["etag"]))
    assert Counter(status for status, _ in results) == {200: 1, 412: 1}
    winner = next(i for i, (status, _) in enumerate(results) if status == 200)
    loser = 1 - winner
    assert "changed after you read it" in results[loser][1]["detail"]
    current = call(site, "GET", path)[1]
    assert current["description"] == texts[winner]  # the winner's change is kept whole
    # the loser reads again and writes on top of it: both changes went through, in order
    status, _ = call(site, "PATCH", path, {"description": texts[loser]}, current["etag"])
    assert status == 200
    assert call(site, "GET", path)[1]["description"] == texts[loser]


def test_two_new_resources_with_one_name_give_one_201_and_one_409(site: tuple[LiveSite, str]) -> None:
    name = "Rinnakkain luotu tietovaranto"
    results = at_once(
        2, lambda i: call(site, "POST", f"{DRAFT}/resources", {"name": name, "description": str(i)})
    )
    assert Counter(status for status, _ in results) == {201: 1, 409: 1}
    live, _key = site
    rows = live.query(
        "SELECT count(*) FROM catalog_informationresource r JOIN catalog_organisation o "
        "ON o.id = r.organisation_id WHERE r.name = ? AND o.draft_of_id IS NOT NULL",
        [name],
    )
    assert rows[0][0] == 1


def test_parallel_writes_of_different_resources_all_land(site: tuple[LiveSite, str]) -> None:
    _status, draft = call(site, "GET", DRAFT)
    chosen = draft["resources"][:4]
    results = at_once(
        len(chosen),
        lambda i: call(
            site,
            "PATCH",
            f"{DRAFT}/resources/{chosen[i]['uid']}",
            {"search_criteria": [{"name": f"rinnakkainen hakutekijä {i}"}]},
            chosen[i]["etag"],
        ),
    )
    assert [status for status, _ in results] == [200] * len(chosen)
    _status, after = call(site, "GET", DRAFT)
    by_uid = {r["uid"]: r for r in after["resources"]}
    for i, resource in enumerate(chosen):
        assert by_uid[resource["uid"]]["search_criteria"] == [
            {"name": f"rinnakkainen hakutekijä {i}", "name_sv": "", "name_en": ""}
        ]
    status, publication = call(
        site,
        "POST",
        f"{DRAFT}/publish",
        {"reason": "Rinnakkaiset muutokset", "draft_version": after["draft_version"]},
    )
    assert status == 200, publication
    public = json.loads(site[0].get(f"/api/v1/resources/{ORG_SLUG}/{chosen[0]['slug']}")[1])
    assert "rinnakkainen hakutekijä 0" in public["search_criteria"]
