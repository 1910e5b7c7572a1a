"""The read API as a client sees it: pages, filters, conditional requests, HEAD, problem details."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from tietovaranto.catalog.models import InformationResource, Organisation, SearchCriterion, ServiceArea

pytestmark = pytest.mark.django_db
ORG = "kaarinan-kaupunki"


def test_resource_pages_have_total_and_links_that_walk_the_whole_catalog(
    client: Client, demo_catalog: Organisation
) -> None:
    names: list[str] = []
    url: str | None = "/api/v1/catalog/resources?limit=4"
    pages = 0
    while url:
        page = client.get(url.replace("http://127.0.0.1:8000", "")).json()
        assert page["total"] == 6
        names += [r["name"] for r in page["results"]]
        url = page["next"]
        pages += 1
    assert pages == 2
    assert len(names) == len(set(names)) == 6
    assert page["previous"].endswith("limit=4&offset=0")


def test_filters_by_organisation_area_interface_and_change_time(
    client: Client, demo_catalog: Organisation
) -> None:
    area = ServiceArea.objects.get(organisation=demo_catalog, name="Kanslia- ja viestintäpalvelut")
    in_area = client.get(f"/api/v1/catalog/resources?organisation={ORG}&area={area.pk}").json()
    assert in_area["total"] == InformationResource.objects.filter(area=area).count() > 0
    assert {r["area"] for r in in_area["results"]} == {area.name}

    every = client.get("/api/v1/resources").json()
    for status in ("yes", "no", "unknown"):
        page = client.get(f"/api/v1/catalog/resources?interface={status}").json()
        expected = sorted(r["name"] for r in every if r["interface"]["status"] == status)
        assert sorted(r["name"] for r in page["results"]) == expected
        assert page["total"] == len(expected)

    # nothing changed since the import; then an organisation-wide search criterion changes every resource
    since = timezone.now().isoformat()
    assert client.get("/api/v1/catalog/resources", {"updated_since": since}).json()["total"] == 0
    SearchCriterion.objects.create(organisation=demo_catalog, name="asianumero", position=99)
    changed = client.get("/api/v1/catalog/resources", {"updated_since": since}).json()
    assert changed["total"] == 6
    assert all("asianumero" in r["search_criteria"] for r in changed["results"])


def test_systems_list_the_resources_they_serve(client: Client, demo_catalog: Organisation) -> None:
    page = client.get(f"/api/v1/catalog/systems?organisation={ORG}").json()
    assert page["total"] > 0
    directory = next(s for s in page["results"] if s["name"].startswith("Käyttäjätietokanta"))
    assert [r["name"] for r in directory["resources"]] == ["Tietohallinto"]
    assert (
        client.get(directory["resources"][0]["api_url"].replace("http://127.0.0.1:8000", "")).status_code
        == 200
    )


def test_organisation_and_areas(client: Client, demo_catalog: Organisation) -> None:
    orgs = client.get("/api/v1/catalog/organisations").json()
    assert [o["slug"] for o in orgs["results"]] == [ORG]
    one = client.get(f"/api/v1/catalog/organisations/{ORG}").json()
    assert one["name"] == "Kaarinan kaupunki"
    assert one["resources_url"].endswith(f"/api/v1/catalog/resources?organisation={ORG}")
    areas = client.get(f"/api/v1/catalog/areas?organisation={ORG}").json()
    assert areas["total"] == ServiceArea.objects.filter(organisation=demo_catalog).count()


def test_conditional_requests_answer_304_until_the_catalog_changes(
    client: Client, demo_catalog: Organisation
) -> None:
    first = client.get("/api/v1/catalog/resources")
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get("/api/v1/catalog/resources", headers={"if-none-match": etag}).status_code == 304
    assert (
        client.get("/api/v1/catalog/resources", headers={"if-modified-since": last_modified}).status_code
        == 304
    )
    InformationResource.objects.filter(name="Tietohallinto").update(name="Tietohallinto ja ICT")
    changed = client.get("/api/v1/catalog/resources", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert "Tietohallinto ja ICT" in changed.content.decode()


def test_head_answers_like_get_without_a_body(client: Client, demo_catalog: Organisation) -> None:
    for url in (
        "/api/v1/resources",
        "/api/v1/organisations",
        "/api/v1/catalog/resources",
        "/api/v1/search?q=x",
    ):
        get, head = client.get(url), client.head(url)
        assert head.status_code == 200, url
        assert head["ETag"] == get["ETag"]
        assert head.content == b""


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("offset=-1", "offset"),
        ("limit=0", "limit"),
        ("limit=99999999999999999999999", "limit"),
        ("offset=184467440737095516160", "offset"),
        ("area=99999999999999999999", "area"),
        ("updated_since=yesterday", "updated_since"),
        ("interface=maybe", "interface"),
    ],
)
def test_bad_parameters_are_422_problems_never_500(client: Client, query: str, field: str) -> None:
    for path in ("/api/v1/resources", "/api/v1/catalog/resources"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 422
        assert response["Content-Type"] == "application/problem+json"
        problem = response.json()
        assert problem["status"] == 422
        assert field in problem["errors"]


def test_problems_speak_the_clients_language(client: Client, demo_catalog: Organisation) -> None:
    titles: dict[str, str] = {}
    for language in ("fi", "sv", "en"):
        response = client.get(
            "/api/v1/resources/kaarinan-kaupunki/nothing", headers={"accept-language": language}
        )
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response["Content-Language"] == language
        titles[language] = response.json()["title"]
        detail = client.get("/api/v1/resources?offset=-1", headers={"accept-language": language}).json()
        titles[language + "-422"] = detail["errors"]["offset"][0]
    assert titles["en"] == "Not found"
    assert titles["fi"] == "Ei löytynyt"
    assert titles["sv"] == "Hittades inte"
    assert len({titles["fi-422"], titles["sv-422"], titles["en-422"]}) == 3


def test_problems_follow_accept_language_not_the_sites_language_cookie(
    client: Client, demo_catalog: Organisation
) -> None:
    client.post("/i18n/setlang/", {"language": "sv"})  # the site's language switch, e.g. in Swagger's browser
    assert client.cookies["django_language"].value == "sv"
    for header, language, title in (
        ("en", "en", "Not found"),
        ("fi", "fi", "Ei löytynyt"),
        ("", "fi", "Ei löytynyt"),
    ):
        response = client.get(
            "/api/v1/resources/kaarinan-kaupunki/nothing",
            headers={"accept-language": header} if header else {},
        )
        assert response["Content-Language"] == language, header  # sv, the cookie's, before
        assert response.json()["title"] == title
    swedish = client.get(
        "/api/v1/resources/kaarinan-kaupunki/nothing", headers={"accept-language": "sv, en;q=0.5"}
    )
    assert swedish.json()["title"] == "Hittades inte"
    english = client.get(
        "/api/v1/resources/kaarinan-kaupunki/nothing", headers={"accept-language": "de, en-GB;q=0.8"}
    )
    assert english.json()["title"] == "Not found"


def test_search_pages_and_huge_area_on_api_and_html(client: Client, demo_catalog: Organisation) -> None:
    page = client.get("/api/v1/search?q=rekisteri&limit=1").json()
    assert page["total"] > 1
    assert page["next"].endswith("offset=1")
    assert page["previous"] is None
    assert client.get("/api/v1/search?q=rekisteri&area=99999999999999999999").status_code == 422
    assert client.get("/search/?q=rekisteri&area=99999999999999999999").status_code == 200
    assert client.get("/search/?q=rekisteri&page=99999999999999999999999").status_code == 200
    assert client.get("/search/?q=rekisteri&area=²").status_code == 200


def test_openapi_declares_what_clients_get(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/resources/{org_slug}/{resource_slug}"]["get"]
    assert {"200", "304", "404", "422"} <= set(operation["responses"])
    assert "application/problem+json" in operation["responses"]["404"]["content"]
    assert "head" in schema["paths"]["/api/v1/catalog/resources"]


def test_api_docs_work_offline(client: Client) -> None:
    """The API browser loads Swagger UI from this site, not from a CDN."""
    html = client.get("/api/v1/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui-bundle.js" in s for s in sources)
    assert all(s.startswith("/") for s in sources), sources
    from django.contrib.staticfiles import finders

    assert finders.find("ninja/swagger-ui-bundle.js")


@pytest.mark.parametrize(
    ("page", "twin"),
    [
        ("/", "/api/v1/catalog/organisations"),
        (f"/{ORG}/", f"/api/v1/catalog/resources?organisation={ORG}"),
        (f"/{ORG}/description/", f"/api/v1/catalog/resources?organisation={ORG}"),
        (f"/{ORG}/resources/tietohallinto/", f"/api/v1/resources/{ORG}/tietohallinto"),
        ("/search/?q=rekisteri", "/api/v1/search?q=rekisteri"),
        (f"/{ORG}/request/", f"/api/v1/catalog/resources?organisation={ORG}"),
        (f"/sv/{ORG}/resources/tietohallinto/", f"/api/v1/resources/{ORG}/tietohallinto"),
    ],
)
def test_every_public_page_links_its_json_twin(
    client: Client, demo_catalog: Organisation, page: str, twin: str
) -> None:
    Organisation.objects.create(name="Toinen", slug="toinen")  # the front page lists organisations
    html = client.get(page).content.decode()
    link = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', html)
    assert link, page
    href = link.group(1).replace("&amp;", "&")
    assert href == twin
    assert client.get(href).status_code == 200


@pytest.mark.django_db
def test_updated_since_with_an_offset_postgresql_refuses_is_read_as_utc(
    client: Client, demo_catalog: Organisation
) -> None:
    response = client.get("/api/v1/catalog/resources", {"updated_since": "2000-01-01T00:00:00-17:43"})
    assert response.status_code == 200
    assert response.json()["total"] == InformationResource.objects.filter(organisation=demo_catalog).count()
