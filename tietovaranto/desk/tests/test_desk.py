"""The records manager's desk, used as a records manager would: edit, preview, publish, history."""

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tietovaranto.accounts.models import Membership, Role
from tietovaranto.catalog.models import (
    Decider,
    InformationResource,
    InterfaceStatement,
    Item,
    Organisation,
    RequestContact,
    SearchCriterion,
)
from tietovaranto.desk import services
from tietovaranto.desk.forms import LoadedForm
from tietovaranto.publishing.models import Publication
from tietovaranto.publishing.services import draft_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(demo_catalog: Organisation) -> Client:
    user = User.objects.create_user("kirjaaja", password="salasana-123")
    Membership.objects.create(user=user, organisation=demo_catalog, role=Role.EDITOR)
    client = Client()
    client.force_login(user)
    return client


def _draft_resource(live: Organisation, name: str) -> InformationResource:
    return InformationResource.all_objects.get(organisation=draft_for(live), name=name)


def _resource_post(page: str) -> dict[str, object]:
    """Everything the edit form shows, as the browser would send it back."""
    from bs4 import BeautifulSoup  # noqa: PLC0415

    soup = BeautifulSoup(page, "html.parser")
    form: Any = soup.find("form", class_="request-form")
    data: dict[str, object] = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = str(field.get("name") or "")
        if not name or field.get("type") in ("submit", "checkbox"):
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen.get("value", "") if chosen else ""
        else:
            data[name] = field.get("value", "")
    return data


def _resource_form(
    editor: Client, live: Organisation, name: str
) -> tuple[InformationResource, str, dict[str, Any]]:
    """A draft resource, its edit page's address and its form's values as the browser sends them back."""
    resource = _draft_resource(live, name)
    url = f"/staff/desk/kaarinan-kaupunki/resources/{resource.uid}/"
    return resource, url, _resource_post(editor.get(url).content.decode())


def test_editor_edits_previews_and_publishes(
    editor: Client, client: Client, demo_catalog: Organisation
) -> None:
    resource = _draft_resource(demo_catalog, "Henkilöstötietovaranto")
    url = f"/staff/desk/kaarinan-kaupunki/resources/{resource.uid}/"
    page = editor.get(url)
    assert page.status_code == 200
    data = _resource_post(page.content.decode())
    data["description"] = "Palkanlaskennan ja rekrytoinnin tiedot.\r\n\r\nToinen kappale."
    data["items-TOTAL_FORMS"] = str(int(str(data["items-TOTAL_FORMS"])))
    empty = next(i for i in range(20) if not data.get(f"items-{i}-name"))
    data[f"items-{empty}-kind"] = "register"
    data[f"items-{empty}-name"] = "Työterveysrekisteri"
    data["criteria-0-name"] = "työsuhteen alkamispäivä"
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    # not public yet
    public = client.get("/kaarinan-kaupunki/resources/henkilostotietovaranto/").content.decode()
    assert "Työterveysrekisteri" not in public
    preview = editor.get("/staff/desk/kaarinan-kaupunki/preview/").content.decode()
    assert "Työterveysrekisteri" in preview
    home = editor.get("/staff/desk/kaarinan-kaupunki/").content.decode()
    assert "Työterveysrekisteri" in home  # listed as a change before publishing
    version = draft_for(demo_catalog).version
    response = editor.post(
        "/staff/desk/kaarinan-kaupunki/", {"reason": "Työterveysrekisteri lisätty", "draft_version": version}
    )
    assert response.status_code == 302
    public = client.get("/kaarinan-kaupunki/resources/henkilostotietovaranto/").content.decode()
    assert "Työterveysrekisteri" in public
    assert "työsuhteen alkamispäivä" in public
    assert "Palkanlaskennan ja rekrytoinnin tiedot." in public
    stored = InformationResource.objects.get(name="Henkilöstötietovaranto").description
    assert "\r" not in stored  # text as typed, line endings normalised
    history = client.get("/kaarinan-kaupunki/history/").content.decode()
    assert "Työterveysrekisteri lisätty" in history
    publication = Publication.objects.get(organisation=demo_catalog, number=2)
    assert publication.user_display == "kirjaaja"
    fields = {(c["label"], c["field"]) for c in publication.summary}
    assert ("Henkilöstötietovaranto", "items") in fields
    assert ("Henkilöstötietovaranto", "criteria") in fields


def test_saving_an_unchanged_form_changes_nothing(editor: Client, demo_catalog: Organisation) -> None:
    resource, url, data = _resource_form(editor, demo_catalog, "Asiakastietovaranto")
    for key, value in list(data.items()):
        if isinstance(value, str) and "\n" in value:
            data[key] = value.replace("\n", "\r\n")  # as browsers send textareas
    assert editor.post(url, data).status_code == 302
    home = editor.get("/staff/desk/kaarinan-kaupunki/").content.decode()
    assert "The draft is the same" in home or "sama kuin julkaistu" in home


def test_the_second_of_two_concurrent_saves_is_refused_with_the_first_change(
    editor: Client, demo_catalog: Organisation
) -> None:
    resource, url, first = _resource_form(editor, demo_catalog, "Henkilöstötietovaranto")
    second = dict(first)
    first["description"] = "Ensimmäisen muokkaajan kuvaus."
    second["description"] = "Toisen muokkaajan kuvaus."
    assert editor.post(url, first).status_code == 302
    response = editor.post(url, second)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ensimmäisen muokkaajan kuvaus." in page  # what the other changed
    assert "Toisen muokkaajan kuvaus." in page  # the input is kept
    assert (
        _draft_resource(demo_catalog, "Henkilöstötietovaranto").description
        == "Ensimmäisen muokkaajan kuvaus."
    )


def test_a_shared_system_is_one_item(demo_catalog: Organisation) -> None:
    live = demo_catalog
    a = _draft_resource(live, "Henkilöstötietovaranto")
    b = _draft_resource(live, "Asiakastietovaranto")
    with services.editing(live, "resource", str(a.uid), None) as draft:
        services.save_resource(draft, a, {}, [services.ItemRow("system", "Yhteinen järjestelmä")])
    system = Item.all_objects.get(organisation=draft_for(live), name="Yhteinen järjestelmä")
    with services.editing(live, "resource", str(b.uid), None) as draft:
        services.save_resource(
            draft,
            b,
            {},
            [services.ItemRow("register", "Asiakasrekisteri")],
            shared_item_uids=[str(system.uid)],
        )
    assert system.resource_items.count() == 2


def test_delete_says_what_goes_and_reorder(editor: Client, demo_catalog: Organisation) -> None:
    resource = _draft_resource(demo_catalog, "Asiakastietovaranto")
    url = f"/staff/desk/kaarinan-kaupunki/resource/{resource.uid}/delete/"
    page = editor.get(url).content.decode()
    assert "Kaupunginarkiston asiakasrekisteri" in page  # an item that goes with it
    assert editor.post(url).status_code == 302
    assert not InformationResource.all_objects.filter(pk=resource.pk).exists()
    assert InformationResource.objects.filter(name="Asiakastietovaranto").exists()  # public until published
    area = draft_for(demo_catalog).areas.order_by("position").last()
    assert area is not None
    editor.post(f"/staff/desk/kaarinan-kaupunki/area/{area.uid}/move/up/")
    names = list(draft_for(demo_catalog).areas.order_by("position").values_list("name", flat=True))
    assert names.index(area.name) == len(names) - 2


def test_restore_from_history_and_discard(editor: Client, demo_catalog: Organisation) -> None:
    resource = _draft_resource(demo_catalog, "Henkilöstötietovaranto")
    resource.name = "Henkilöstön tiedot"
    resource.save()
    editor.post("/staff/desk/kaarinan-kaupunki/discard/")
    assert _draft_resource(demo_catalog, "Henkilöstötietovaranto")
    assert editor.post("/staff/desk/kaarinan-kaupunki/history/1/restore/").status_code == 302


def test_other_organisations_desk_does_not_exist(editor: Client, demo_catalog: Organisation) -> None:
    other = Organisation.objects.create(name="Muu kunta", slug="muu-kunta")
    assert editor.get("/staff/desk/muu-kunta/").status_code == 404
    assert editor.post("/staff/desk/muu-kunta/discard/").status_code == 404
    assert Client().get("/staff/desk/kaarinan-kaupunki/").status_code == 302  # to log-in
    assert other.pk


def test_loaded_state_round_trips() -> None:
    form = LoadedForm({"loaded": json.dumps({"a": [1]})})
    assert form.is_valid()
    assert form.cleaned_data["loaded"] == {"a": [1]}
    assert not LoadedForm({"loaded": "{broken"}).is_valid()


SETTINGS = "/staff/desk/kaarinan-kaupunki/settings/"


def _settings_form(editor: Client) -> dict[str, object]:
    return _resource_post(editor.get(SETTINGS).content.decode())


def test_a_web_address_typed_without_a_scheme_is_taken_as_https(
    editor: Client, demo_catalog: Organisation
) -> None:
    data = _settings_form(editor)
    data["website"] = "www.kaarina.fi"
    assert editor.post(SETTINGS, data).status_code == 302
    assert draft_for(demo_catalog).website == "https://www.kaarina.fi"


@pytest.mark.parametrize(
    ("field", "too_long", "stored"),
    [
        ("interface-open-url", "https://www.kaarina.fi/" + "a" * 200, InterfaceStatement.all_objects),
        ("decider-title", "Kirjaamo" + "a" * 200, Decider.all_objects),
    ],
)
def test_a_fact_too_long_to_store_is_refused_with_a_message(
    editor: Client, demo_catalog: Organisation, field: str, too_long: str, stored: Any
) -> None:
    data = _settings_form(editor)
    data["interface-open-status"] = "yes"  # so that the interface statement is one to store
    data[field] = too_long  # their columns hold 200 characters
    refused = editor.post(SETTINGS, data)
    assert refused.status_code == 200
    assert "200" in refused.content.decode()  # "at most 200 characters", by the field
    assert not [row for row in stored.values_list(field.split("-")[-1], flat=True) if row == too_long]


def test_organisation_settings_and_an_area_are_edited_in_the_draft(
    editor: Client, demo_catalog: Organisation
) -> None:
    data = _settings_form(editor)
    data["registry_email"] = "kirjaamo@kaarina.fi"
    stale = dict(data)
    assert editor.post(SETTINGS, data).status_code == 302
    assert draft_for(demo_catalog).registry_email == "kirjaamo@kaarina.fi"
    assert Organisation.objects.get(pk=demo_catalog.pk).registry_email == ""  # public after publishing
    stale["registry_email"] = "toinen@kaarina.fi"
    refused = editor.post(SETTINGS, stale)
    assert refused.status_code == 200
    assert "kirjaamo@kaarina.fi" in refused.content.decode()  # what the other saved, shown
    area = draft_for(demo_catalog).areas.order_by("position").first()
    assert area is not None
    area_url = f"/staff/desk/kaarinan-kaupunki/areas/{area.uid}/"
    data = _resource_post(editor.get(area_url).content.decode())
    data["name_sv"] = "Kansli"
    assert editor.post(area_url, data).status_code == 302
    area.refresh_from_db()
    assert area.name_sv == "Kansli"


def test_an_interface_address_needs_a_status_and_is_shown_once_published(
    editor: Client, client: Client, demo_catalog: Organisation
) -> None:
    resource, url, data = _resource_form(editor, demo_catalog, "Henkilöstötietovaranto")
    data["interface-open-status"] = "unknown"
    data["interface-open-url"] = "https://data.kaarina.fi/henkilosto"
    refused = editor.post(url, data)
    assert refused.status_code == 200  # before, the address was dropped without a word
    assert "Osoite on annettu: valitse, saako tiedot sen kautta" in refused.content.decode()
    assert not InterfaceStatement.all_objects.filter(url="https://data.kaarina.fi/henkilosto").exists()
    data["interface-open-status"] = "yes"
    data["interface-authorities-text_sv"] = "Uppgifter lämnas ut till myndigheter via ett gränssnitt."
    assert editor.post(url, data).status_code == 302
    # a Swedish text alone (status not stated) is kept too
    assert InterfaceStatement.all_objects.filter(resource__uid=resource.uid, aspect="authorities").exists()
    version = draft_for(demo_catalog).version
    editor.post("/staff/desk/kaarinan-kaupunki/", {"reason": "Rajapinta", "draft_version": version})
    public = client.get("/kaarinan-kaupunki/resources/henkilostotietovaranto/").content.decode()
    assert '<a href="https://data.kaarina.fi/henkilosto">' in public
    api = client.get("/api/v1/resources/kaarinan-kaupunki/henkilostotietovaranto").json()
    assert {"aspect": "open", "url": "https://data.kaarina.fi/henkilosto"}.items() <= next(
        f for f in api["interface_facts"] if f["aspect"] == "open"
    ).items()


def test_a_request_contact_that_is_no_e_mail_address_is_refused(
    editor: Client, demo_catalog: Organisation
) -> None:
    resource, url, data = _resource_form(editor, demo_catalog, "Henkilöstötietovaranto")
    data["contacts-0-kind"] = "email"
    data["contacts-0-value"] = "not an email"
    refused = editor.post(url, data)
    assert refused.status_code == 200  # saved before, and the DCAT export then failed for everyone
    assert "Syötä kelvollinen sähköpostiosoite" in refused.content.decode()
    assert not RequestContact.all_objects.filter(value="not an email").exists()
    data["contacts-0-value"] = "kirjaamo@kaarina.fi"
    assert editor.post(url, data).status_code == 302


def test_an_organisation_name_another_has_is_refused_on_the_settings(
    editor: Client, demo_catalog: Organisation
) -> None:
    Organisation.objects.create(name="Liedon kunta", slug="liedon-kunta")
    data = _settings_form(editor)
    data["name"] = "Liedon kunta"
    refused = editor.post(SETTINGS, data)
    assert refused.status_code == 200  # saved before, and publishing then failed with a server error
    assert "Toisella organisaatiolla on jo tämä nimi." in refused.content.decode()
    assert draft_for(demo_catalog).name == "Kaarinan kaupunki"
    # a draft named so before the check: publishing says why, instead of a server error
    Organisation.all_objects.filter(pk=draft_for(demo_catalog).pk).update(name="Liedon kunta")
    version = draft_for(demo_catalog).version
    page = editor.post(
        "/staff/desk/kaarinan-kaupunki/", {"reason": "Nimi", "draft_version": version}, follow=True
    )
    assert "Toisella organisaatiolla on jo nimi ”Liedon kunta”" in page.content.decode()
    assert Organisation.objects.get(pk=demo_catalog.pk).name == "Kaarinan kaupunki"


def test_saving_a_resource_someone_deleted_meanwhile_keeps_the_input(
    editor: Client, demo_catalog: Organisation
) -> None:
    resource, url, data = _resource_form(editor, demo_catalog, "Henkilöstötietovaranto")
    resource.delete()  # another editor, meanwhile
    data["description"] = "Kirjoitettu juuri ennen kuin toinen poisti tämän."
    kept = editor.post(url, data)
    assert kept.status_code == 409  # a 404 page before, and the typed text was lost
    page = kept.content.decode()
    assert "Joku muu poisti tämän tietovarannon" in page
    assert "Kirjoitettu juuri ennen kuin toinen poisti tämän." in page
    again = _resource_post(page)
    assert editor.post("/staff/desk/kaarinan-kaupunki/resources/new/", again).status_code == 302
    assert (
        _draft_resource(demo_catalog, "Henkilöstötietovaranto").description
        == "Kirjoitettu juuri ennen kuin toinen poisti tämän."
    )
    assert editor.post(f"/staff/desk/kaarinan-kaupunki/resources/{resource.uid}/", {}).status_code == 404


def test_a_criterion_typed_twice_is_one(editor: Client, demo_catalog: Organisation) -> None:
    resource, url, data = _resource_form(editor, demo_catalog, "Henkilöstötietovaranto")
    data["criteria-0-name"] = "vakanssinumero"
    data["criteria-1-name"] = "Vakanssinumero"
    assert editor.post(url, data).status_code == 302
    names = list(SearchCriterion.all_objects.filter(resource=resource).values_list("name", flat=True))
    assert [n.casefold() for n in names].count("vakanssinumero") == 1  # stored twice before


def test_change_lists_name_kinds_and_statuses_in_the_users_language(
    editor: Client, client: Client, demo_catalog: Organisation
) -> None:
    draft = draft_for(demo_catalog)
    resource = _draft_resource(demo_catalog, "Henkilöstötietovaranto")
    RequestContact.all_objects.create(
        organisation=draft, resource=resource, kind="email", value="henkilosto@kaarina.fi", position=99
    )
    InterfaceStatement.all_objects.create(
        organisation=draft, resource=resource, aspect="open", status="no", position=99
    )
    item = Item.all_objects.filter(organisation=draft, kind="register").first()
    assert item is not None
    Item.all_objects.filter(pk=item.pk).update(kind="dataset")
    expected = {
        "fi": [
            "Sähköposti: henkilosto@kaarina.fi",
            "Avoin saatavuus teknisen rajapinnan kautta (28 § 5): ei",
            "<del>rekisteri</del>",
            "<ins>tietoaineisto</ins>",
        ],
        "sv": [
            "E-post: henkilosto@kaarina.fi",
            "Öppen tillgång via tekniskt gränssnitt (28 § 5): nej",
            "<del>register</del>",
            "<ins>datamaterial</ins>",
        ],
        "en": [
            "E-mail: henkilosto@kaarina.fi",
            "Open availability through a technical interface (28 § 5): no",
            "<del>register</del>",
            "<ins>data set</ins>",
        ],
    }
    raw = ["email: henkilosto", "open: no", "<ins>dataset</ins>"]
    for language, labels in expected.items():
        prefix = "" if language == "fi" else f"/{language}"
        for page in ("", "discard/"):  # the unpublished changes, and what discarding loses
            text = editor.get(f"{prefix}/staff/desk/kaarinan-kaupunki/{page}").content.decode()
            assert all(label in text for label in labels), (language, page)
            assert not any(key in text for key in raw), (language, page)
    version = draft_for(demo_catalog).version
    editor.post("/staff/desk/kaarinan-kaupunki/", {"reason": "Yhteystiedot", "draft_version": version})
    for language, labels in expected.items():
        prefix = "" if language == "fi" else f"/{language}"
        for viewer, page in (
            (editor, "/staff/desk/kaarinan-kaupunki/history/"),
            (client, "/kaarinan-kaupunki/history/"),
        ):
            text = viewer.get(prefix + page).content.decode()
            assert all(label in text for label in labels), page
            assert not any(key in text for key in raw), page


def test_the_discard_page_says_what_discarding_loses(editor: Client, demo_catalog: Organisation) -> None:
    url = "/staff/desk/kaarinan-kaupunki/discard/"
    page = editor.get(url).content.decode()  # the draft is the published description
    assert "ensimmäinen julkaisu" not in page  # claimed "First publication of the description." before
    assert "menetetään" not in page
    assert "Luonnoksen hylkääminen ei hävitä mitään" in page
    sv = editor.get("/sv" + url).content.decode()
    assert "Att förkasta utkastet förlorar ingenting" in sv
    resource = _draft_resource(demo_catalog, "Henkilöstötietovaranto")
    InformationResource.all_objects.filter(pk=resource.pk).update(description="Uusi kuvaus.")
    page = editor.get(url).content.decode()
    assert "Nämä julkaisemattomat muutokset menetetään:" in page
    assert "Uusi kuvaus." in page
    assert "ensimmäinen julkaisu" not in page


def test_discarding_a_never_published_draft_says_its_first_publication_is_lost(
    editor: Client, demo_catalog: Organisation
) -> None:
    from tests.pages import ESIMERKKILA_TEXT  # noqa: PLC0415
    from tietovaranto.importer.services import page_import  # noqa: PLC0415

    page_import(text=ESIMERKKILA_TEXT, organisation_name="Esimerkkilän kunta")  # a draft, never published
    live = Organisation.objects.get(name="Esimerkkilän kunta")
    user = User.objects.get(username="kirjaaja")
    Membership.objects.create(user=user, organisation=live, role=Role.EDITOR)
    page = editor.get("/staff/desk/esimerkkilan-kunta/discard/").content.decode()
    assert "Kuvausta ei ole vielä julkaistu" in page
    assert "menetetään sen ensimmäinen julkaisu" in page
    assert "Toimeentulotuki" in page  # what goes with it
    en = editor.get("/en/staff/desk/esimerkkilan-kunta/discard/").content.decode()
    assert "The description has not been published yet" in en
