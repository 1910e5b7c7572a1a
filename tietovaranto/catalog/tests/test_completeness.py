"""The check against the law: each rule on small catalogs, the real gaps of the Kaarina page, the
command and the staff page."""

import json
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone, translation

from tietovaranto.accounts.models import Membership, Role
from tietovaranto.catalog.completeness import (
    CompletenessReport,
    Finding,
    Severity,
    Status,
    check_description,
)
from tietovaranto.catalog.models import (
    Availability,
    Decider,
    InformationResource,
    InterfaceAspect,
    InterfaceStatement,
    Item,
    ItemKind,
    Organisation,
    RequestContact,
    ResourceItem,
    SearchCriterion,
    ServiceArea,
)
from tietovaranto.importer.services import page_import
from tietovaranto.publishing.services import draft_for

pytestmark = pytest.mark.django_db

CHECK = "/staff/kaarinan-kaupunki/check/"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def complete_catalog() -> InformationResource:
    """One organisation with one resource that has everything 28 § asks for."""
    organisation = Organisation.objects.create(
        name="Testikunta",
        slug="testikunta",
        registry_email="kirjaamo@testikunta.fi",
        registry_postal_address="PL 1, 00100 Testikunta",
        case_register="Dynasty",
    )
    area = ServiceArea.objects.create(organisation=organisation, name="Hallinto", slug="hallinto")
    resource = InformationResource.objects.create(
        organisation=organisation,
        area=area,
        name="Päätöstietovaranto",
        slug="paatostietovaranto",
        description="Toimielinten päätökset ja niiden valmistelu.",
    )
    item = Item.objects.create(organisation=organisation, kind=ItemKind.SYSTEM, name="Dynasty")
    ResourceItem.objects.create(resource=resource, item=item)
    SearchCriterion.objects.create(organisation=organisation, resource=resource, name="diaarinumero")
    RequestContact.objects.create(
        organisation=organisation, resource=resource, kind="email", value="kirjaamo@testikunta.fi"
    )
    Decider.objects.create(
        organisation=organisation,
        resource=resource,
        title="Hallintojohtaja",
        email="hallintojohtaja@testikunta.fi",
    )
    InterfaceStatement.objects.create(
        organisation=organisation,
        resource=resource,
        aspect=InterfaceAspect.OPEN,
        status=Availability.NO,
        text="Tiedot eivät ole saatavissa avoimesti teknisen rajapinnan kautta.",
    )
    return resource


def check(resource: InformationResource) -> CompletenessReport:
    return check_description(Organisation.objects.get(pk=resource.organisation_id))


def find(report: CompletenessReport, rule: str, resource: str | None = None) -> Finding:
    if resource is None:
        findings = report.findings
    else:
        findings = next(r.findings for r in report.resources if r.resource.name == resource)
    matches = [f for f in findings if f.rule_id == rule]
    assert len(matches) == 1, (rule, resource, matches)
    return matches[0]


def statuses(report: CompletenessReport) -> dict[str, str]:
    return {f.rule_id: f.status.value for f in report.all_findings()}


# -- each rule on a small catalog --------------------------------------------------------------


def test_a_complete_description_has_nothing_missing() -> None:
    report = check(complete_catalog())
    assert set(statuses(report).values()) == {"present"}
    assert report.complete
    assert [f.rule_id for f in report.resources[0].findings] == [
        "purpose",
        "items",
        "search-criteria",
        "request-contact",
        "decider",
        "decider-contact",
        "open-interface",
        "review",
    ]
    assert find(report, "open-interface", "Päätöstietovaranto").message == (
        "Open availability through a technical interface is stated. "
        "The statement says the data is not available."
    )
    assert find(report, "case-register").message == "The case register is referred to. Found: Dynasty."


def _drop_description(r: InformationResource) -> None:
    InformationResource.objects.filter(pk=r.pk).update(description="  ")


def _drop_registry(r: InformationResource) -> int:
    return Organisation.objects.filter(pk=r.organisation_id).update(
        registry_email="", registry_postal_address=""
    )


BREAKS: dict[str, tuple[Callable[[InformationResource], object], str]] = {
    "purpose": (_drop_description, "The resource has no text on its purpose and content."),
    "items": (
        lambda r: ResourceItem.objects.filter(resource=r).delete(),
        "No register, data set or information system is listed.",
    ),
    "search-criteria": (
        lambda r: SearchCriterion.objects.all().delete(),
        "No search criteria are given, neither for the resource nor for its service area or organisation.",
    ),
    "request-contact": (
        lambda r: (RequestContact.objects.all().delete(), _drop_registry(r)),
        "No e-mail, postal address or phone for information requests, and the registry office has "
        "none either.",
    ),
    "decider": (
        lambda r: Decider.objects.all().delete(),
        "The authority that decides on disclosing the data is not named.",
    ),
    "decider-contact": (
        lambda r: Decider.objects.update(email="", phone=""),
        "The deciding authority has no e-mail address or phone number of its own.",
    ),
    "open-interface": (
        lambda r: InterfaceStatement.objects.all().delete(),
        "The description does not say whether the data is openly available through a technical "
        "interface. A negative statement is enough.",
    ),
    "registry-email": (
        lambda r: Organisation.objects.update(registry_email=""),
        "The registry office (kirjaamo) e-mail address is empty: requests that name no information "
        "resource have nowhere to go.",
    ),
    "registry-postal": (
        lambda r: Organisation.objects.update(registry_postal_address=""),
        "The registry office postal address is empty: requests may also come by post.",
    ),
    "case-register": (
        lambda r: Organisation.objects.update(case_register=""),
        "The description does not say where the case register is kept: name it in the organisation "
        "settings, or list the case management system under a resource.",
    ),
    "resources": (
        lambda r: InformationResource.objects.all().delete(),
        "The description lists no information resources.",
    ),
}


@pytest.mark.parametrize("rule", list(BREAKS))
def test_each_rule_reports_what_is_missing(rule: str) -> None:
    resource = complete_catalog()
    breaker, message = BREAKS[rule]
    breaker(resource)
    report = check(resource)
    missing = [f for f in report.all_findings() if f.rule_id == rule]
    assert [f.status for f in missing] == [Status.MISSING]
    assert missing[0].message == message
    required = missing[0].severity == Severity.REQUIRED
    assert report.complete is not required
    assert rule in {"registry-postal", "decider-contact"} or required


def test_inherited_facts_count_and_say_where_they_were_stated() -> None:
    resource = complete_catalog()
    organisation, area = resource.organisation, resource.area
    SearchCriterion.objects.update(resource=None, area=area)
    RequestContact.objects.all().delete()  # the registry office takes the requests
    Decider.objects.update(resource=None)
    InterfaceStatement.objects.update(resource=None, status=Availability.YES)
    report = check(resource)
    name = resource.name
    assert report.complete
    assert find(report, "search-criteria", name).message.endswith("Stated for the whole service area.")
    assert find(report, "request-contact", name).message.endswith("Stated for the whole organisation.")
    assert find(report, "decider", name).message.endswith("Stated for the whole organisation.")
    assert find(report, "open-interface", name).message.endswith("The statement says the data is available.")
    assert organisation.pk == report.organisation.pk


def test_a_named_person_alone_is_no_request_channel() -> None:
    resource = complete_catalog()
    _drop_registry(resource)
    RequestContact.objects.update(kind="person", value="Kaupunginarkisto")
    assert find(check(resource), "request-contact", resource.name).status == Status.MISSING


@pytest.mark.parametrize(
    ("aspect", "status", "explanation"),
    [
        (
            InterfaceAspect.OPEN,
            Availability.UNKNOWN,
            "The statement given does not say yes or no: “Tietoa julkaistaan verkkosivuilla.”",
        ),
        (
            InterfaceAspect.AUTHORITIES,
            Availability.YES,
            "The statements given concern disclosure to other authorities (22 §) or viewing access "
            "(23 §), not open availability.",
        ),
        (
            InterfaceAspect.VIEWING,
            Availability.NO,
            "The statements given concern disclosure to other authorities (22 §) or viewing access "
            "(23 §), not open availability.",
        ),
    ],
)
def test_only_a_yes_or_no_on_open_availability_answers_28_5(
    aspect: str, status: str, explanation: str
) -> None:
    resource = complete_catalog()
    InterfaceStatement.objects.update(aspect=aspect, status=status, text="Tietoa julkaistaan verkkosivuilla.")
    finding = find(check(resource), "open-interface", resource.name)
    assert finding.status == Status.MISSING
    assert finding.message.endswith(explanation)


def test_case_register_found_by_name_of_a_system() -> None:
    resource = complete_catalog()
    Organisation.objects.update(case_register="")
    Item.objects.update(name="Dynasty-asianhallintajärjestelmä")
    finding = find(check(resource), "case-register")
    assert finding.status == Status.PRESENT
    assert finding.message.endswith("Found: Dynasty-asianhallintajärjestelmä.")


def _age_everything(days: int) -> None:
    old = timezone.now() - timedelta(days=days)
    for model in (InformationResource, Item, SearchCriterion, RequestContact, Decider, InterfaceStatement):
        model.objects.update(updated_at=old)  # type: ignore[attr-defined]


def test_a_resource_untouched_for_a_year_is_stale_until_something_of_it_changes() -> None:
    resource = complete_catalog()
    _age_everything(days=364)
    assert find(check(resource), "review", resource.name).status == Status.PRESENT
    _age_everything(days=366)
    report = check(resource)
    finding = find(report, "review", resource.name)
    assert finding.status == Status.STALE
    assert finding.message.startswith("Not changed for more than 12 months")
    assert report.complete  # stale is a recommendation: a pipeline does not fail on it
    assert report.stale == [finding]
    SearchCriterion.objects.get().save()  # a reviewed and saved fact of the resource
    assert find(check(resource), "review", resource.name).status == Status.PRESENT


def test_bilingual_organisation_needs_swedish_everywhere() -> None:
    resource = complete_catalog()
    assert "sv-name" not in statuses(check(resource))  # unilingual: no Swedish asked for
    Organisation.objects.update(bilingual=True)
    report = check(resource)
    for rule in ("sv-organisation", "sv-area", "sv-name", "sv-description", "sv-details"):
        assert statuses(report)[rule] == "missing", rule
    assert find(report, "sv-area").message.endswith("Service area: Hallinto.")
    assert find(report, "sv-details", resource.name).message.endswith(
        "Without Swedish: 1 of 1 items, 1 of 1 search criteria, the deciding official's title, "
        "interface statements."
    )
    assert not report.complete

    Organisation.objects.update(name_sv="Testkommun")
    ServiceArea.objects.update(name_sv="Förvaltning")
    InformationResource.objects.update(name_sv="Beslutsresurs", description_sv="Organens beslut.")
    Item.objects.update(name_sv="Dynasty")
    SearchCriterion.objects.update(name_sv="diarienummer")
    Decider.objects.update(title_sv="Förvaltningsdirektör")
    InterfaceStatement.objects.update(text_sv="Uppgifterna är inte öppet tillgängliga.")
    report = check(resource)
    assert set(statuses(report).values()) == {"present"}


def test_a_resource_described_in_swedish_only_has_its_purpose_and_lacks_finnish_where_asked() -> None:
    resource = complete_catalog()
    InformationResource.objects.update(
        name="", name_sv="Beslutsresurs", description="", description_sv="Organens beslut."
    )
    report = check(resource)  # unilingual: a Swedish description is a description
    findings = report.resources[0].findings
    assert {f.rule_id: f.status for f in findings}["purpose"] == Status.PRESENT
    assert "fi-name" not in statuses(report)
    Organisation.objects.update(bilingual=True)
    findings = check(resource).resources[0].findings
    missing = {f.rule_id for f in findings if f.status == Status.MISSING}
    assert {"fi-name", "fi-description"} <= missing
    assert "purpose" not in missing


def test_fix_links_go_to_the_desk_edit_pages() -> None:
    resource = complete_catalog()
    Organisation.objects.update(bilingual=True)
    _drop_registry(resource)
    InformationResource.objects.update(description="")
    with translation.override("fi"):
        report = check(resource)
        assert find(report, "registry-email").fix_url == "/staff/desk/testikunta/settings/#id_registry_email"
        area = resource.area
        assert area is not None
        assert find(report, "sv-area").fix_url == f"/staff/desk/testikunta/areas/{area.uid}/#id_name_sv"
        resource_url = f"/staff/desk/testikunta/resources/{resource.uid}/"
        assert find(report, "purpose", resource.name).fix_url == resource_url + "#id_description"
        assert find(report, "search-criteria", resource.name).fix_url == resource_url  # a fact, no one field


def test_queries_do_not_grow_with_the_resources(
    demo_catalog: Organisation, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    small = Organisation.objects.get(pk=complete_catalog().organisation_id)
    with django_assert_max_num_queries(7):
        check_description(small)
    with django_assert_max_num_queries(7):
        report = check_description(demo_catalog)
    assert len(report.resources) == 6


# -- the Kaarina page as imported ---------------------------------------------------------------

KAARINA_RESOURCES = [
    "Asiakastietovaranto",
    "Viestinnän tietovaranto",
    "Tiedonhallinnan tietovaranto",
    "Henkilöstötietovaranto",
    "Taloushallinnon tietovarannot",
    "Tietohallinto",
]


def test_kaarina_shows_its_real_gaps(demo_catalog: Organisation) -> None:
    report = check_description(demo_catalog)
    assert [r.resource.name for r in report.resources] == KAARINA_RESOURCES

    # the registry office was never filled in: the page gives kirjaamo@ only per resource
    assert find(report, "registry-email").status == Status.MISSING
    assert find(report, "registry-postal").status == Status.MISSING
    # "Asianhallintajärjestelmä (katso kaupungin asiarekisteri)"
    assert find(report, "case-register").message.endswith("Found: Asianhallintajärjestelmä.")

    purpose = {name: find(report, "purpose", name).status for name in KAARINA_RESOURCES}
    assert [name for name, status in purpose.items() if status == Status.MISSING] == [
        "Taloushallinnon tietovarannot",
        "Tietohallinto",
    ]

    interface = {name: find(report, "open-interface", name) for name in KAARINA_RESOURCES}
    assert interface["Asiakastietovaranto"].status == Status.PRESENT  # "on mahdollista luovuttaa"
    assert interface["Viestinnän tietovaranto"].message.endswith(
        "The statement given does not say yes or no: “Tietoa julkaistaan kaupungin verkkopalvelussa.”"
    )
    for name in ("Tiedonhallinnan tietovaranto", "Henkilöstötietovaranto"):  # 22 § facts only
        assert "not open availability" in interface[name].message
    for name in ("Taloushallinnon tietovarannot", "Tietohallinto"):  # no statement at all
        assert interface[name].status == Status.MISSING
        assert interface[name].message.endswith("A negative statement is enough.")

    for rule in ("items", "search-criteria", "request-contact", "decider", "decider-contact", "review"):
        assert {find(report, rule, name).status for name in KAARINA_RESOURCES} == {Status.PRESENT}, rule

    assert len(report.missing_required) == 8  # registry e-mail, 2 purposes, 5 interface statements
    assert len(report.missing_recommended) == 1  # the registry postal address
    assert not report.complete


# -- the command -------------------------------------------------------------------------------


def run(*args: str) -> tuple[str, int]:
    out = StringIO()
    try:
        call_command("check-description", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error.returncode
    return out.getvalue(), 0


def test_command_fails_on_kaarina_with_a_readable_report(demo_catalog: Organisation) -> None:
    text, code = run("--organisation", "kaarinan-kaupunki")
    assert code == 1
    assert text.startswith("Kaarinan kaupunki (kaarinan-kaupunki): Kuvauksen tarkistus, ")
    assert "Pakollisia puuttuu: 8, suositeltuja puuttuu: 1, vanhentuneita: 0" in text
    block = text.split("\nTietohallinto\n")[1]
    assert "PUUTTUU      pakollinen   Käyttötarkoitus ja kuvaus [TiHL 906/2019 28 § 1 mom 3 k]" in block
    assert "/staff/desk/kaarinan-kaupunki/resources/" in block
    assert "Korjaa: http://127.0.0.1:8000/staff/desk/kaarinan-kaupunki/settings/" in text


def test_command_json(demo_catalog: Organisation) -> None:
    text, code = run("--json", "--language", "en")
    assert code == 1
    [report] = json.loads(text)["organisations"]
    assert report["organisation"] == "kaarinan-kaupunki"
    assert (report["complete"], report["missing_required"], report["missing_recommended"]) == (False, 8, 1)
    registry = report["findings"][1]
    assert registry == {
        "rule": "registry-email",
        "element": "Registry office e-mail",
        "status": "missing",
        "severity": "required",
        "statute": "TiHL 906/2019 28 § 1 mom 2 k",
        "message": registry["message"],
        "target": {"kind": "organisation", "slug": "kaarinan-kaupunki", "field": "registry_email"},
        "fix_url": "http://127.0.0.1:8000/en/staff/desk/kaarinan-kaupunki/settings/#id_registry_email",
    }
    tietohallinto = report["resources"][-1]
    assert tietohallinto["name"] == "Tietohallinto"
    assert {f["rule"]: f["status"] for f in tietohallinto["findings"]}["purpose"] == "missing"


def test_command_passes_when_nothing_required_is_missing() -> None:
    resource = complete_catalog()
    Organisation.objects.update(registry_postal_address="")  # only recommended
    text, code = run("--organisation", "testikunta", "--language", "en")
    assert code == 0
    assert "Required missing: 0, recommended missing: 1, out of date: 0" in text
    assert resource.name in text


def test_command_checks_every_organisation_by_default(demo_catalog: Organisation) -> None:
    complete_catalog()
    text, code = run("--json")
    assert code == 1  # Kaarina fails the run even though Testikunta passes
    assert [r["organisation"] for r in json.loads(text)["organisations"]] == [
        "kaarinan-kaupunki",
        "testikunta",
    ]


def test_command_unknown_organisation(demo_catalog: Organisation) -> None:
    known = "unknown organisation 'kaarina' \\(known: kaarinan-kaupunki\\)"
    with pytest.raises(CommandError, match=known) as error:
        call_command("check-description", "--organisation", "kaarina", stdout=StringIO())
    assert error.value.returncode == 2


# -- the staff page ----------------------------------------------------------------------------


@pytest.fixture
def member(demo_catalog: Organisation) -> User:
    user = User.objects.create_user("arkisto", "arkisto@kaarina.fi", "salasana-123")
    for role in (Role.EDITOR, Role.HANDLER):  # the check page is the editor's; the inbox links to it
        Membership.objects.create(user=user, organisation=demo_catalog, role=role)
    return user


def test_staff_page_lists_findings_with_links_to_fix(client: Client, member: User) -> None:
    client.force_login(member)
    with translation.override("fi"):
        html = client.get(CHECK).content.decode()
    assert "<h1>Kuvauksen tarkistus: Kaarinan kaupunki</h1>" in html
    assert "8 pakollista tietoa puuttuu." in html
    assert '<th scope="row">Kirjaamon sähköposti</th>' in html
    assert "<td><strong>Puuttuu</strong></td>" in html  # the status in words, not only a colour
    assert '">Tietohallinto</h3>' in html
    assert 'href="/staff/desk/kaarinan-kaupunki/settings/#id_registry_email"' in html
    assert html.count(">Korjaa<") == 9


def test_an_administrator_gets_fix_links_only_to_what_they_may_edit(
    client: Client, demo_catalog: Organisation
) -> None:
    admin = User.objects.create_user("hallinto", "hallinto@kaarina.fi", "salasana-123")
    Membership.objects.create(user=admin, organisation=demo_catalog, role=Role.ADMIN)
    client.force_login(admin)
    html = client.get(CHECK).content.decode()
    links = re.findall(r'href="(/staff/desk/[^"#]+)[^"]*">Korjaa<', html)
    assert links  # the organisation settings, which administrators edit
    for link in links:  # before, 24 of 26 such links answered 404 to an administrator
        assert client.get(link).status_code == 200, link


def test_a_fix_link_to_the_items_lands_on_them(
    client: Client, member: User, demo_catalog: Organisation
) -> None:
    ResourceItem.all_objects.filter(resource__organisation=draft_for(demo_catalog)).delete()
    client.force_login(member)
    html = client.get(CHECK).content.decode()
    link = re.search(r'href="(/staff/desk/[^"#]+)#id_items"', html)
    assert link is not None
    assert 'id="id_items"' in client.get(link.group(1)).content.decode()  # the anchor was missing


def test_staff_page_can_show_only_what_to_fix(client: Client, member: User) -> None:
    client.force_login(member)
    everything = client.get(CHECK).content.decode()
    assert everything.count("<tr class=") == 4 + 6 * 8
    gaps = client.get(CHECK + "?show=gaps").content.decode()
    assert gaps.count('<tr class="gap missing">') == gaps.count("<tr class=") == 9
    assert gaps.count("<p>Ei korjattavaa</p>") == 0  # the organisation has gaps
    assert gaps.count("Ei korjattavaa ·") == 1  # Asiakastietovaranto: heading, no table
    assert 'href="?">Näytä kaikki kohdat</a>' in gaps


def test_staff_page_in_swedish(client: Client, member: User) -> None:
    client.force_login(member)
    html = client.get("/sv" + CHECK).content.decode()
    assert "Granskning av beskrivningen: Kaarinan kaupunki" in html
    assert "<td><strong>Saknas</strong></td>" in html


def test_inbox_links_to_the_check(client: Client, member: User) -> None:
    client.force_login(member)
    assert f'href="{CHECK}"' in client.get("/staff/requests/").content.decode()


def test_staff_page_is_only_for_the_organisations_staff(client: Client, demo_catalog: Organisation) -> None:
    assert client.get(CHECK).status_code == 302  # to the log-in page
    page_import(
        text="Tietovarannot\n\nAlue\n\nMuu tietovaranto\n\nRekisterit\n - Muu rekisteri\n",
        organisation_name="Muu kunta",
    )
    outsider = User.objects.create_user("muu", "muu@example.org", "salasana-123")
    Membership.objects.create(
        user=outsider, organisation=Organisation.objects.get(name="Muu kunta"), role=Role.EDITOR
    )
    client.force_login(outsider)
    assert client.get(CHECK).status_code == 404
    assert client.get("/staff/muu-kunta/check/").status_code == 200
    assert client.get("/staff/no-such-organisation/check/").status_code == 404
    nobody = User.objects.create_user("nobody", "", "salasana-123", is_staff=True, is_superuser=True)
    client.force_login(nobody)
    assert client.get(CHECK).status_code == 404  # no membership, no page


def test_a_resource_only_in_the_draft_links_to_the_preview_not_to_a_missing_public_page(
    client: Client, member: User, demo_catalog: Organisation
) -> None:
    renamed = InformationResource.all_objects.get(
        organisation=draft_for(demo_catalog), name="Henkilöstötietovaranto"
    )
    renamed.slug = "henkilostohallinto"
    renamed.save()
    client.force_login(member)
    html = client.get(CHECK).content.decode()
    for link in re.findall(r'href="(/kaarinan-kaupunki/resources/[^"]+)"', html):
        assert client.get(link).status_code == 200, link  # the renamed one answered 404 before
    assert 'href="/staff/desk/kaarinan-kaupunki/preview/"' in html
