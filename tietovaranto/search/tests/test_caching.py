"""Public resource pages: conditional GET and caches that any catalog change invalidates."""

from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.contrib.auth.models import User
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client

from tests.pages import KAARINA, kaarina_page
from tietovaranto.accounts.models import Membership, Role
from tietovaranto.catalog.models import InformationResource, Organisation, SearchCriterion
from tietovaranto.importer.services import page_import
from tietovaranto.publishing.services import draft_for, publish
from tietovaranto.search.caching import PublishedPageCache

PAGES = [
    "/kaarinan-kaupunki/resources/henkilostotietovaranto/",
    "/api/v1/resources/kaarinan-kaupunki/henkilostotietovaranto",
]


@pytest.fixture
def kaarina(db: None) -> None:
    page_import(publish=True, text=kaarina_page(), organisation_name=KAARINA)


@pytest.mark.parametrize("path", PAGES)
def test_an_unchanged_page_is_not_sent_again(kaarina: None, path: str) -> None:
    client = Client()
    first = client.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert client.get(path).content == first.content


@pytest.mark.parametrize("path", PAGES)
def test_a_catalog_change_shows_at_once(kaarina: None, path: str) -> None:
    client = Client()
    first = client.get(path)
    assert "vakanssi" in first.content.decode()
    resource = InformationResource.objects.get(slug="henkilostotietovaranto")
    resource.description = "Uusi kuvaus henkilöstön tiedoista."
    resource.save()
    changed = client.get(path, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert "Uusi kuvaus" in changed.content.decode()
    # a deleted search criterion changes no timestamp, yet the page changes
    SearchCriterion.objects.filter(resource=resource, name="vakanssi").delete()
    after_delete = client.get(path, headers={"If-None-Match": changed["ETag"]})
    assert after_delete.status_code == 200
    assert "vakanssi" not in after_delete.content.decode()


def test_each_language_has_its_own_page(kaarina: None) -> None:
    client = Client()
    finnish = client.get(PAGES[0])
    swedish = client.get("/sv" + PAGES[0])
    assert finnish["ETag"] != swedish["ETag"]
    assert finnish.content != swedish.content


@pytest.mark.parametrize("path", PAGES)
def test_a_draft_edit_stays_hidden_until_published(kaarina: None, path: str) -> None:
    client = Client()
    first = client.get(path)
    live = Organisation.objects.get(slug="kaarinan-kaupunki")
    draft = draft_for(live)
    InformationResource.all_objects.filter(organisation=draft, slug="henkilostotietovaranto").update(
        description="Luonnoksen kuvaus henkilöstön tiedoista."
    )
    InformationResource.all_objects.get(organisation=draft, slug="henkilostotietovaranto").save()
    assert client.get(path, headers={"If-None-Match": first["ETag"]}).status_code == 304
    assert "Luonnoksen kuvaus" not in client.get(path).content.decode()
    publish(live, reason="Kuvaus tarkennettu")
    published = client.get(path, headers={"If-None-Match": first["ETag"]})
    assert published.status_code == 200
    assert "Luonnoksen kuvaus" in published.content.decode()


# ---------------------------------------------------------------- the cache in front of Django
# These run the real WSGI application with autocommit (transaction=True), as gunicorn does: the
# front cache reads the publication state before Django has started a request.


class CountingApp:
    """Django's WSGI handler, counting the requests that reach it."""

    def __init__(self) -> None:
        self.django = WSGIHandler()
        self.calls = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.calls += 1
        return self.django(environ, start_response)


def wsgi_get(app: Any, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    environ: dict[str, Any] = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "HTTP_HOST": "testserver"}
    environ.update({"HTTP_" + name.upper(): value for name, value in headers.items()})
    setup_testing_defaults(environ)
    answer: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        answer.update(status=int(status.split()[0]), headers=dict(response_headers))

    body = b"".join(app(environ, start_response))
    return answer["status"], answer["headers"], body


@pytest.fixture
def published(transactional_db: None) -> Organisation:
    page_import(publish=True, text=kaarina_page(), organisation_name=KAARINA)
    return Organisation.objects.get(slug="kaarinan-kaupunki")


@pytest.mark.parametrize("path", [*PAGES, "/sv" + PAGES[0]])
def test_front_cache_serves_the_same_page_without_django(published: Organisation, path: str) -> None:
    django = CountingApp()
    app = PublishedPageCache(django)
    status, headers, body = wsgi_get(app, path)
    assert status == 200
    assert django.calls == 1
    direct = wsgi_get(django, path)
    assert direct[2] == body  # what Django itself answers
    django.calls = 0
    again = wsgi_get(app, path)
    assert again == (200, headers, body)
    assert django.calls == 0
    not_modified = wsgi_get(app, path, if_none_match=headers["ETag"])
    assert not_modified[0] == 304
    assert not_modified[2] == b""
    assert not_modified[1]["ETag"] == headers["ETag"]
    assert django.calls == 0


def test_front_cache_keeps_languages_apart(published: Organisation) -> None:
    app = PublishedPageCache(CountingApp())
    finnish = wsgi_get(app, PAGES[0])
    swedish = wsgi_get(app, "/sv" + PAGES[0])
    assert finnish[2] != swedish[2]
    assert wsgi_get(app, PAGES[0])[2] == finnish[2]
    api_fi = wsgi_get(app, PAGES[1], accept_language="fi")
    api_en = wsgi_get(app, PAGES[1], accept_language="en")
    assert api_fi[1]["Content-Language"] == "fi"
    assert api_en[1]["Content-Language"] == "en"
    assert wsgi_get(app, PAGES[1], accept_language="en")[1]["Content-Language"] == "en"


def test_staff_and_anonymous_visitors_never_share_a_cached_page(published: Organisation) -> None:
    user = User.objects.create_user("arkisto", "arkisto@kaarina.fi", "salasana-123")
    Membership.objects.create(user=user, organisation=published, role=Role.EDITOR)
    client = Client()
    client.force_login(user)
    staff_cookie = f"sessionid={client.cookies['sessionid'].value}"
    django = CountingApp()
    app = PublishedPageCache(django)
    # the staff member first: their page comes from Django and is not kept for anyone
    staff_first = wsgi_get(app, PAGES[0], cookie=staff_cookie)
    assert staff_first[0] == 200
    assert django.calls == 1
    wsgi_get(app, PAGES[0])
    assert django.calls == 2  # the anonymous visitor did not get the staff member's page
    wsgi_get(app, PAGES[0])
    assert django.calls == 2  # but the next anonymous one gets the anonymous page from memory
    # nor does a logged-in member get the anonymous visitors' page
    wsgi_get(app, PAGES[0], cookie=staff_cookie)
    assert django.calls == 3


@pytest.mark.parametrize(
    "personal_header", [("Set-Cookie", "sessionid=abc; HttpOnly"), ("Vary", "Accept-Language, Cookie")]
)
def test_a_page_that_is_personal_is_never_kept(published: Organisation, personal_header: tuple) -> None:
    """Whatever a view does with the session (a message, a CSRF token, the user), its page is not
    stored: Django marks it with Set-Cookie or Vary: Cookie."""
    calls = []

    def personal_view(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        calls.append(1)
        start_response("200 OK", [("Content-Type", "text/html"), personal_header])
        return [f"personal page {len(calls)}".encode()]

    app = PublishedPageCache(personal_view)
    assert wsgi_get(app, PAGES[0])[2] == b"personal page 1"
    assert wsgi_get(app, PAGES[0])[2] == b"personal page 2"


def test_publishing_changes_what_every_worker_serves_at_once(published: Organisation) -> None:
    workers = [PublishedPageCache(CountingApp()), PublishedPageCache(CountingApp())]
    for app in workers:
        for path in PAGES:
            assert "Luonnoksen kuvaus" not in wsgi_get(app, path)[2].decode()
    etags = {path: wsgi_get(workers[0], path)[1]["ETag"] for path in PAGES}
    draft = draft_for(published)
    resource = InformationResource.all_objects.get(organisation=draft, slug="henkilostotietovaranto")
    resource.description = "Luonnoksen kuvaus henkilöstön tiedoista."
    resource.save()
    for app in workers:  # a draft is never served
        for path in PAGES:
            assert "Luonnoksen kuvaus" not in wsgi_get(app, path)[2].decode()
            assert wsgi_get(app, path, if_none_match=etags[path])[0] == 304
    publish(published, reason="Kuvaus tarkennettu")
    for app in workers:
        for path in PAGES:
            assert wsgi_get(app, path, if_none_match=etags[path])[0] == 200
            assert "Luonnoksen kuvaus" in wsgi_get(app, path)[2].decode()


def test_an_unpublished_or_unknown_page_is_djangos_404(published: Organisation) -> None:
    django = CountingApp()
    app = PublishedPageCache(django)
    for path in ("/kaarinan-kaupunki/resources/ei-ole/", "/ei-ole/resources/henkilostotietovaranto/"):
        assert wsgi_get(app, path)[0] == 404
        assert wsgi_get(app, path)[0] == 404
    assert django.calls == 4
