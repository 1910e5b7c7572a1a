"""The write API as another system of the city uses it: an API key, the draft, If-Match, publish."""

import hashlib
import json
from typing import Any

import pytest
from django.test import Client

from tietovaranto.accounts import tokens
from tietovaranto.accounts.models import AccessEvent, ApiToken
from tietovaranto.catalog.models import InformationResource, Organisation, ServiceArea
from tietovaranto.publishing.models import Publication
from tietovaranto.publishing.services import draft_for

pytestmark = pytest.mark.django_db
ORG = "kaarinan-kaupunki"
DRAFT = f"/api/v1/organisations/{ORG}/draft"


class Api:
    """A client that sends the key, JSON and English, as a script would."""

    def __init__(self, client: Client, key: str) -> None:
        self.client, self.key = client, key

    def __call__(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        extra = {"HTTP_AUTHORIZATION": f"Bearer {self.key}", "HTTP_ACCEPT_LANGUAGE": "en"}
        extra |= {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        data = body if isinstance(body, str | bytes) else json.dumps(body) if body is not None else None
        return getattr(self.client, method.lower())(path, data=data, content_type="application/json", **extra)


@pytest.fixture
def api(demo_catalog: Organisation, client: Client) -> Api:
    _token, key = tokens.create_token(None, demo_catalog, "Arkistonmuodostussuunnitelma")
    return Api(client, key)


def _resource(api: Api, name: str) -> dict[str, Any]:
    draft = api("GET", DRAFT).json()
    return next(r for r in draft["resources"] if r["name"] == name)


def test_a_key_is_found_by_its_digest_and_the_secret_is_not_stored(demo_catalog: Organisation) -> None:
    token, key = tokens.create_token(None, demo_catalog, "Tiedonhallintamalli")
    stored = ApiToken.objects.get(pk=token.pk)
    assert key.startswith(f"tv_{stored.prefix}_")
    assert len(key) > 40
    assert stored.digest == hashlib.sha256(key.encode()).hexdigest()
    row = json.dumps(list(ApiToken.objects.filter(pk=token.pk).values()), default=str)
    assert key.split("_", 2)[2] not in row  # the secret part is nowhere in the row
    assert tokens.token_for_key(key) == stored
    assert tokens.token_for_key(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert AccessEvent.objects.filter(kind="token_created", organisation=demo_catalog).count() == 1


def test_no_key_an_unknown_key_and_a_revoked_key_are_401(api: Api, client: Client) -> None:
    response = client.get(DRAFT, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="tietovaranto"'
    assert response["Content-Type"] == "application/problem+json"
    assert "Authorization: Bearer" in response.json()["detail"]
    assert api("GET", DRAFT).status_code == 200
    unknown = Api(client, "tv_00000000_" + "x" * 43)("GET", DRAFT)
    assert unknown.status_code == 401
    assert 'error="invalid_token"' in unknown["WWW-Authenticate"]
    tokens.revoke_token(None, ApiToken.objects.get())
    revoked = api("GET", DRAFT)
    assert revoked.status_code == 401
    assert revoked.json()["detail"] == "The API key is unknown or has been revoked."
    assert api("PATCH", f"{DRAFT}/resources/{_any_uid()}", {"name": "X"}, if_match="*").status_code == 401


def _any_uid() -> str:
    return str(InformationResource.objects.order_by("pk").first().uid)  # type: ignore[union-attr]


def test_a_key_of_another_organisation_is_403(api: Api, demo_catalog: Organisation) -> None:
    other = Organisation.objects.create(name="Naantalin kaupunki", slug="naantalin-kaupunki")
    response = api("GET", "/api/v1/organisations/naantalin-kaupunki/draft")
    assert response.status_code == 403
    assert "another organisation" in response.json()["detail"]
    assert api("GET", "/api/v1/organisations/ei-ole/draft").status_code == 403  # the same: no probing
    assert not Organisation.all_objects.filter(draft_of=other).exists()


def test_a_write_lands_in_the_draft_and_is_public_only_after_publish(api: Api, client: Client) -> None:
    resource = _resource(api, "Henkilöstötietovaranto")
    public_url = f"/api/v1/resources/{ORG}/henkilostotietovaranto"
    before = client.get(public_url).json()
    sent = {
        "description": "Päivitetty järjestelmästä.",
        "items": [
            {"kind": "register", "name": "Henkilöstörekisteri"},
            {"kind": "system", "name": "Palkkajärjestelmä", "note": "tietokanta"},
        ],
        "search_criteria": [{"name": "henkilötunnus"}, {"name": "nimi"}],
        "decider": {"title": "Henkilöstöjohtaja", "email": "henkilosto@kaarina.fi"},
        "interface": {"open": {"status": "no", "text": "Ei avoimesti."}},
    }
    response = api("PATCH", f"{DRAFT}/resources/{resource['uid']}", sent, if_match=resource["etag"])
    assert response.status_code == 200, response.content
    changed = response.json()
    assert response["ETag"] == f'"{changed["etag"]}"'
    assert changed["etag"] != resource["etag"]
    assert changed["description"] == "Päivitetty järjestelmästä."
    assert [i["name"] for i in changed["items"]] == ["Henkilöstörekisteri", "Palkkajärjestelmä"]
    assert changed["decider"]["title"] == "Henkilöstöjohtaja"
    assert changed["interface"]["open"]["status"] == "no"
    assert changed["name"] == resource["name"]  # PATCH: what was not sent stays

    # the public API and page still show the published text
    assert client.get(public_url).json()["description"] == before["description"]
    page = client.get(f"/{ORG}/resources/henkilostotietovaranto/").content.decode()
    assert "Päivitetty järjestelmästä." not in page

    draft = api("GET", DRAFT).json()
    assert any(c["uid"] == resource["uid"] and c["field"] == "description" for c in draft["changes"])
    published = api(
        "POST",
        f"{DRAFT}/publish",
        {"reason": "Päivitys tiedonhallintamallista", "draft_version": draft["draft_version"]},
    )
    assert published.status_code == 200, published.content
    assert published.json()["reason"] == "Päivitys tiedonhallintamallista"
    after = client.get(public_url).json()
    assert after["description"] == "Päivitetty järjestelmästä."
    assert {"name": "Palkkajärjestelmä", "kind": "system", "note": "tietokanta"} in after["items"]
    assert after["decider"]["title"] == "Henkilöstöjohtaja"
    assert (
        "Päivitetty järjestelmästä."
        in client.get(f"/{ORG}/resources/henkilostotietovaranto/").content.decode()
    )
    publication = Publication.objects.latest("number")
    assert "Arkistonmuodostussuunnitelma" in publication.user_display
    assert api("GET", DRAFT).json()["changes"] == []


def test_create_and_delete_areas_and_resources(api: Api, client: Client) -> None:
    area = api(
        "POST",
        f"{DRAFT}/areas",
        {"name": "Ympäristöpalvelut", "search_criteria": [{"name": "kiinteistötunnus"}]},
    )
    assert area.status_code == 201, area.content
    area_uid = area.json()["uid"]
    assert area["Location"].endswith(f"/draft/areas/{area_uid}")
    created = api(
        "POST",
        f"{DRAFT}/resources",
        {
            "name": "Ympäristölupien tietovaranto",
            "area": area_uid,
            "items": [{"kind": "register", "name": "Lupa"}],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["area"] == area_uid
    assert body["published"] is False
    assert not InformationResource.objects.filter(name="Ympäristölupien tietovaranto").exists()  # not live
    # an area with resources is not deleted by accident
    refused = api("DELETE", f"{DRAFT}/areas/{area_uid}", if_match="*")
    assert refused.status_code == 409
    assert api("GET", f"{DRAFT}/resources/{body['uid']}").status_code == 200
    gone = api("DELETE", f"{DRAFT}/resources/{body['uid']}", if_match=body["etag"])
    assert gone.status_code == 204
    assert api("GET", f"{DRAFT}/resources/{body['uid']}").status_code == 404
    tag = api("GET", f"{DRAFT}/areas/{area_uid}").json()["etag"]
    assert api("DELETE", f"{DRAFT}/areas/{area_uid}", if_match=f'"{tag}"').status_code == 204
    assert not ServiceArea.all_objects.filter(uid=area_uid).exists()


def test_if_match_is_required_and_a_stale_one_is_412(api: Api) -> None:
    resource = _resource(api, "Asiakastietovaranto")
    path = f"{DRAFT}/resources/{resource['uid']}"
    missing = api("PATCH", path, {"description": "Ilman If-Match"})
    assert missing.status_code == 428
    first = api("PATCH", path, {"description": "Ensimmäinen"}, if_match=resource["etag"])
    assert first.status_code == 200
    stale = api("PATCH", path, {"description": "Toinen"}, if_match=resource["etag"])
    assert stale.status_code == 412
    assert "changed after you read it" in stale.json()["detail"]
    assert api("GET", path).json()["description"] == "Ensimmäinen"  # the first change is kept
    assert api("PATCH", path, {"description": "Kolmas"}, if_match="*").status_code == 200


def test_a_name_in_use_is_409_and_nothing_changes(api: Api) -> None:
    resource = _resource(api, "Asiakastietovaranto")
    version = api("GET", DRAFT).json()["draft_version"]
    response = api(
        "PATCH", f"{DRAFT}/resources/{resource['uid']}", {"name": "Henkilöstötietovaranto"}, if_match="*"
    )
    assert response.status_code == 409
    assert "already has" in response.json()["detail"]
    again = api("POST", f"{DRAFT}/resources", {"name": "Henkilöstötietovaranto"})
    assert again.status_code == 409
    assert api("GET", DRAFT).json()["draft_version"] == version


def test_bad_json_and_bad_values_are_refused_with_clear_messages(api: Api) -> None:
    resource = _resource(api, "Asiakastietovaranto")
    path = f"{DRAFT}/resources/{resource['uid']}"
    broken = api("PATCH", path, '{"description": "puuttuu lainausmerkki}', if_match="*")
    assert broken.status_code == 400
    assert broken.json()["detail"].startswith("The body is not valid JSON: Unterminated string")
    assert "line 1, column 17" in broken.json()["detail"]
    wrong = api(
        "PATCH",
        path,
        {"items": [{"kind": "kirja", "name": ""}], "decider": {"email": "ei-osoite"}},
        if_match="*",
    )
    assert wrong.status_code == 422
    errors = wrong.json()["errors"]
    assert errors["items.0.kind"] == ["Choose one of: 'register', 'dataset', 'system' or 'collection'."]
    unnamed = api(
        "PATCH",
        path,
        {"items": [{"kind": "register", "name": ""}, {"kind": "system", "name": " "}]},
        if_match="*",
    )
    assert unnamed.status_code == 422
    assert unnamed.json()["errors"] == {
        "items.0": ["Give a name in Finnish, Swedish or English."],
        "items.1.name": ["Give some text, not only spaces."],
    }
    assert any("e-mail" in message for message in errors["decider.email"])
    no_area = api("PATCH", path, {"area": "00000000-0000-0000-0000-000000000001"}, if_match="*")
    assert no_area.status_code == 409
    assert api("GET", path).json()["etag"] == resource["etag"]  # nothing was written


def test_an_area_limited_key_writes_only_in_its_areas(demo_catalog: Organisation, client: Client) -> None:
    areas = list(ServiceArea.objects.filter(organisation=demo_catalog).order_by("position"))
    _token, key = tokens.create_token(None, demo_catalog, "Sivistyksen järjestelmä", [areas[0]])
    api = Api(client, key)
    draft = api("GET", DRAFT).json()
    area_uid = {str(a.uid) for a in areas}
    own = next(r for r in draft["resources"] if r["area"] == str(areas[0].uid))
    other = next(r for r in draft["resources"] if r["area"] in area_uid - {str(areas[0].uid)})
    assert (
        api("PATCH", f"{DRAFT}/resources/{own['uid']}", {"description": "Oma"}, if_match="*").status_code
        == 200
    )
    refused = api("PATCH", f"{DRAFT}/resources/{other['uid']}", {"description": "Vieras"}, if_match="*")
    assert refused.status_code == 403
    assert "outside its service areas" in refused.json()["detail"]
    # nor may it move its own resource elsewhere, create outside its areas, add areas or publish
    move = api("PATCH", f"{DRAFT}/resources/{own['uid']}", {"area": other["area"]}, if_match="*")
    assert move.status_code == 403
    assert api("POST", f"{DRAFT}/resources", {"name": "Uusi", "area": None}).status_code == 403
    assert api("POST", f"{DRAFT}/areas", {"name": "Uusi alue"}).status_code == 403
    publish = api("POST", f"{DRAFT}/publish", {"reason": "x", "draft_version": draft["draft_version"] + 1})
    assert publish.status_code == 403
    assert api("DELETE", f"{DRAFT}/resources/{other['uid']}", if_match="*").status_code == 403
    assert InformationResource.all_objects.filter(description="Vieras").count() == 0
    assert api("POST", f"{DRAFT}/resources", {"name": "Uusi", "area": own["area"]}).status_code == 201


def test_publishing_a_stale_review_or_nothing_is_409(api: Api) -> None:
    version = api("GET", DRAFT).json()["draft_version"]
    nothing = api("POST", f"{DRAFT}/publish", {"reason": "Ei muutoksia", "draft_version": version})
    assert nothing.status_code == 409
    resource = _resource(api, "Asiakastietovaranto")
    api("PATCH", f"{DRAFT}/resources/{resource['uid']}", {"description": "Muutos"}, if_match="*")
    stale = api("POST", f"{DRAFT}/publish", {"reason": "Vanha katsaus", "draft_version": version})
    assert stale.status_code == 409
    assert "changed after you reviewed it" in stale.json()["detail"]
    blank = api("POST", f"{DRAFT}/publish", {"reason": "   ", "draft_version": version + 1})
    assert blank.status_code == 422
    assert Publication.objects.filter(reason="Vanha katsaus").count() == 0


def test_the_rate_limit_answers_429_with_retry_after(api: Api, settings) -> None:  # type: ignore[no-untyped-def]
    settings.API_TOKEN_RATE_LIMIT = "3/60"
    statuses = [api("GET", DRAFT).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = api("GET", DRAFT)
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "Too many requests" in limited.json()["detail"]
    token = ApiToken.objects.get()
    assert token.last_used_at is not None


def test_a_system_reads_changes_publishes_and_the_public_json_shows_it(api: Api, client: Client) -> None:
    """The round trip of a records-plan tool: read the draft, change one resource, publish, check."""
    draft = api("GET", DRAFT).json()
    resource = next(r for r in draft["resources"] if r["name"] == "Asiakastietovaranto")
    full = {
        k: resource[k]
        for k in ("name", "name_sv", "name_en", "description", "description_sv", "description_en", "area")
    }
    full |= {
        "items": [
            {k: i[k] for k in ("kind", "name", "name_sv", "name_en", "note")} for i in resource["items"]
        ],
        "search_criteria": resource["search_criteria"]
        + [{"name": "asiakasnumero", "name_sv": "", "name_en": ""}],
        "request_contacts": resource["request_contacts"],
        "decider": resource["decider"],
        "interface": resource["interface"],
    }
    replaced = api("PUT", f"{DRAFT}/resources/{resource['uid']}", full, if_match=resource["etag"])
    assert replaced.status_code == 200, replaced.content
    assert replaced.json()["search_criteria"][-1]["name"] == "asiakasnumero"
    version = api("GET", DRAFT).json()["draft_version"]
    assert (
        api(
            "POST", f"{DRAFT}/publish", {"reason": "Hakutekijä lisätty", "draft_version": version}
        ).status_code
        == 200
    )
    public = client.get(f"/api/v1/resources/{ORG}/{resource['slug']}").json()
    assert "asiakasnumero" in public["search_criteria"]
    history = client.get(f"/{ORG}/history.json").json()
    assert "Hakutekijä lisätty" in json.dumps(history, ensure_ascii=False)
    assert draft_for(Organisation.objects.get(slug=ORG)).version == version


def test_the_administrator_creates_a_key_sees_it_once_and_revokes_it(
    demo_catalog: Organisation, client: Client
) -> None:
    from django.contrib.auth.models import User

    from tietovaranto.accounts.models import Membership, Role

    admin = User.objects.create_user("paakayttaja", password="x")
    Membership.objects.create(user=admin, organisation=demo_catalog, role=Role.ADMIN)
    client.force_login(admin)
    page = f"/en/staff/{ORG}/api-keys/"
    area = ServiceArea.objects.filter(organisation=demo_catalog).order_by("position").first()
    assert area is not None
    response = client.post(f"{page}new/", {"name": "Tiedonhallintamalli", "areas": [area.pk]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "it is shown only this once" in html
    token = ApiToken.objects.get()
    key = html.split('id="new-key" type="text" readonly value="')[1].split('"')[0]
    assert key.startswith(f"tv_{token.prefix}_")
    assert token.digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in token.digest
    assert not token.whole_organisation
    assert list(token.areas.all()) == [area]
    listing = client.get(page).content.decode()
    assert key not in listing
    assert f"tv_{token.prefix}_" in listing
    assert area.name in listing
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]

    api = Api(Client(), key)
    assert api("GET", DRAFT).status_code == 200
    assert client.post(f"{page}{token.pk}/revoke/").status_code == 302
    assert api("GET", DRAFT).status_code == 401
    events = list(AccessEvent.objects.filter(organisation=demo_catalog).values_list("kind", "actor"))
    assert ("token_created", admin.pk) in events
    assert ("token_revoked", admin.pk) in events
    assert "API key created" in client.get(f"/en/staff/{ORG}/members/").content.decode()


def test_a_key_whose_areas_were_all_deleted_can_change_nothing(
    api: Api, demo_catalog: Organisation, client: Client
) -> None:
    area = ServiceArea.objects.filter(organisation=demo_catalog).order_by("position").first()
    assert area is not None
    _token, key = tokens.create_token(None, demo_catalog, "Alueen järjestelmä", [area])
    limited = Api(Client(), key)
    tag = api("GET", f"{DRAFT}/areas/{area.uid}").json()["etag"]
    assert api("DELETE", f"{DRAFT}/areas/{area.uid}?with_resources=true", if_match=tag).status_code == 204
    version = api("GET", DRAFT).json()["draft_version"]
    assert (
        api("POST", f"{DRAFT}/publish", {"reason": "Alue lakkautettu", "draft_version": version}).status_code
        == 200
    )
    assert not ServiceArea.objects.filter(pk=area.pk).exists()  # gone from the live rows and the key
    draft = limited("GET", DRAFT).json()
    assert all(
        limited("PATCH", f"{DRAFT}/resources/{r['uid']}", {"description": "x"}, if_match="*").status_code
        == 403
        for r in draft["resources"]
    )
    other_area = draft["areas"][0]["uid"]
    assert limited("POST", f"{DRAFT}/resources", {"name": "Uusi", "area": other_area}).status_code == 403


def test_the_write_api_schemas_do_not_replace_the_read_api_schemas_of_the_same_name() -> None:
    """ninja names OpenAPI components by class name: a second ItemOut would silently replace the first."""
    from tietovaranto.config.api import api as ninja_api

    components = ninja_api.get_openapi_schema()["components"]["schemas"]
    assert "aspect" in components["InterfaceFactOut"]["properties"]  # the published resource's
    assert "text_sv" in components["DraftInterfaceFactOut"]["properties"]  # the draft's
    assert "uid" not in components["ItemOut"]["properties"]


def test_a_resource_named_only_in_swedish_is_created_and_published(api: Api, client: Client) -> None:
    """A Swedish-speaking authority's resource has no Finnish name; the public pages show the Swedish."""
    created = api(
        "POST",
        f"{DRAFT}/resources",
        {
            "name_sv": "Personalregister",
            "description_sv": "Uppgifter om stadens anställda.",
            "items": [{"kind": "register", "name_sv": "Lönesystemets register"}],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["name"], body["name_sv"], body["slug"]) == ("", "Personalregister", "personalregister")
    assert [(i["name"], i["name_sv"]) for i in body["items"]] == [("", "Lönesystemets register")]
    draft = api("GET", DRAFT).json()
    assert any(r["uid"] == body["uid"] and r["name_sv"] == "Personalregister" for r in draft["resources"])
    # a second resource without a Finnish name is no clash; the same Swedish name is
    other = api("POST", f"{DRAFT}/resources", {"name_en": "Staff register"})
    assert other.status_code == 201, other.content
    again = api("POST", f"{DRAFT}/resources", {"name_sv": "Personalregister"})
    assert again.status_code == 409
    assert "“Personalregister”" in again.json()["detail"]

    published = api(
        "POST",
        f"{DRAFT}/publish",
        {"reason": "Svenska beskrivningar", "draft_version": draft["draft_version"] + 1},
    )
    assert published.status_code == 200, published.content
    public = client.get(f"/api/v1/resources/{ORG}/personalregister").json()
    assert (public["name"], public["name_sv"]) == ("Personalregister", "Personalregister")
    page = client.get(f"/sv/{ORG}/resources/personalregister/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Personalregister" in text
    assert "Uppgifter om stadens anställda." in text
    assert "Lönesystemets register" in text


def test_a_resource_or_area_without_any_name_is_a_422_with_the_reason(api: Api) -> None:
    version = api("GET", DRAFT).json()["draft_version"]
    for path, body in (
        (f"{DRAFT}/resources", {"description": "Ei nimeä"}),
        (f"{DRAFT}/resources", {"name": "", "name_sv": "  ", "name_en": ""}),
        (f"{DRAFT}/areas", {"description": "Ei nimeä"}),
    ):
        refused = api("POST", path, body)
        assert refused.status_code == 422, refused.content
        assert refused["Content-Type"] == "application/problem+json"
        assert refused.json()["errors"] == {"__all__": ["Give a name in Finnish, Swedish or English."]}
    finnish = api("POST", f"{DRAFT}/resources", {"description": "Ei nimeä"}, accept_language="fi")
    assert finnish.json()["errors"]["__all__"] == ["Anna nimi suomeksi, ruotsiksi tai englanniksi."]
    swedish = api("POST", f"{DRAFT}/areas", {}, accept_language="sv")
    assert swedish.json()["errors"]["__all__"] == ["Ange ett namn på finska, svenska eller engelska."]
    assert api("GET", DRAFT).json()["draft_version"] == version  # nothing was written


def test_put_and_patch_may_drop_the_finnish_name_but_not_the_last_one(api: Api) -> None:
    resource = _resource(api, "Asiakastietovaranto")
    path = f"{DRAFT}/resources/{resource['uid']}"
    replaced = api("PUT", path, {"name_sv": "Klientregister", "area": resource["area"]}, if_match="*")
    assert replaced.status_code == 200, replaced.content
    assert (replaced.json()["name"], replaced.json()["name_sv"]) == ("", "Klientregister")
    tag = replaced.json()["etag"]
    last = api("PATCH", path, {"name_sv": ""}, if_match=tag)
    assert last.status_code == 422
    assert last.json()["errors"] == {"__all__": ["Give a name in Finnish, Swedish or English."]}
    assert api("PATCH", path, {"name": "", "name_sv": " "}, if_match=tag).status_code == 422
    assert api("GET", path).json()["etag"] == tag  # nothing was written
    renamed = api("PATCH", path, {"name": "Asiakastietovaranto", "name_sv": ""}, if_match=tag)
    assert renamed.status_code == 200, renamed.content
    assert (renamed.json()["name"], renamed.json()["name_sv"]) == ("Asiakastietovaranto", "")

    area = api("POST", f"{DRAFT}/areas", {"name_en": "Environment"}).json()
    area_path = f"{DRAFT}/areas/{area['uid']}"
    blanked = api("PATCH", area_path, {"name_en": ""}, if_match=area["etag"])
    assert blanked.status_code == 422
    assert blanked.json()["errors"] == {"__all__": ["Give a name in Finnish, Swedish or English."]}
    swapped = api("PATCH", area_path, {"name_en": "", "name_sv": "Miljö"}, if_match=area["etag"])
    assert swapped.status_code == 200, swapped.content
    assert (swapped.json()["name_sv"], swapped.json()["name_en"]) == ("Miljö", "")
