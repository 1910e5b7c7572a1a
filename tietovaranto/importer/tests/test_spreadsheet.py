"""Spreadsheet import (XLSX, CSV with ',' or ';'): round trip through the export, errors naming the row
and column, dry run, drafts, the template on the desk."""

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation
from openpyxl import Workbook, load_workbook

from tietovaranto.accounts.models import Membership, Role
from tietovaranto.catalog.models import (
    Decider,
    InformationResource,
    InterfaceStatement,
    Item,
    Organisation,
    RequestContact,
    ResourceItem,
    SearchCriterion,
    ServiceArea,
)
from tietovaranto.importer.spreadsheet import SpreadsheetError, import_spreadsheet, read_spreadsheet
from tietovaranto.publishing.exporters import BOM, CSV_COLUMNS, export_catalog, export_stream
from tietovaranto.publishing.models import ImportBaseline, Publication
from tietovaranto.publishing.services import draft_for
from tietovaranto.publishing.services import publish as publish_draft
from tietovaranto.publishing.snapshot import catalog_snapshot

pytestmark = pytest.mark.django_db(transaction=False)

VARYING = ("updated_at",)  # timestamps differ after an import; ids are not in the spreadsheet


def _table(data: bytes, format_name: str) -> list[list[str]]:
    """The export's rows with the timestamp column blanked."""
    if format_name == "xlsx":
        sheet = load_workbook(io.BytesIO(data), read_only=True).active
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]  # type: ignore[union-attr]
    else:
        text = data.decode("utf-8")
        delimiter = ";" if text.split("\n", 1)[0].count(";") > 1 else ","
        rows = list(csv.reader(io.StringIO(text.removeprefix(BOM)), delimiter=delimiter))
    blank = [CSV_COLUMNS.index(c) for c in VARYING]
    return [[("" if i in blank and n else v) for i, v in enumerate(row)] for n, row in enumerate(rows)]


def _empty_database() -> None:
    Publication.objects.all().delete()
    ImportBaseline.objects.all().delete()
    # children before parents: areas and resources are protected while rows point at them
    models: tuple[type[Any], ...] = (
        ResourceItem,
        SearchCriterion,
        RequestContact,
        Decider,
        InterfaceStatement,
        InformationResource,
        Item,
        ServiceArea,
    )
    for model in models:
        model.all_objects.all().delete()
    Organisation.all_objects.filter(draft_of__isnull=False).delete()
    Organisation.all_objects.all().delete()


def _rows(*rows: dict[str, str], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([row.get(c, "") for c in CSV_COLUMNS])
    return buffer.getvalue().encode()


ROW = {"organisation": "Esimerkkilän kunta", "area": "Sosiaalipalvelut", "resource": "Asiakastietovaranto"}


ROUND_TRIPS = [
    ("csv", "comma", "kaarina.csv"),
    ("csv", "semicolon", "kaarina-fi.csv"),
    ("xlsx", "comma", "kaarina.xlsx"),
]


def test_export_import_into_an_empty_database_export_gives_the_same(demo_catalog: Organisation) -> None:
    slug = demo_catalog.slug
    exported = {
        filename: b"".join(export_stream(format_name, demo_catalog, delimiter=delimiter))
        for format_name, delimiter, filename in ROUND_TRIPS
    }
    json_before = json.loads(export_catalog("json", demo_catalog))
    for format_name, delimiter, filename in ROUND_TRIPS:
        before = _table(exported[filename], format_name)
        assert len(before) > 20  # the whole Kaarina description, one row per item
        _empty_database()

        reports = import_spreadsheet(exported[filename], filename, publish=True)

        assert [r.published for r in reports] == [True], filename
        organisation = Organisation.objects.get(slug=slug)
        again = b"".join(export_stream(format_name, organisation, delimiter=delimiter))
        assert _table(again, format_name) == before, filename
        # and the same file once more changes nothing
        assert import_spreadsheet(exported[filename], filename)[0].page_unchanged
    # what the spreadsheet cannot carry (where a criterion or fact was stated) may move; the values
    # every resource shows may not
    json_after = json.loads(export_catalog("json", Organisation.objects.get(slug=slug)))
    shown = (
        "name",
        "slug",
        "area",
        "description",
        "items",
        "search_criteria",
        "request_contacts",
        "decider",
        "url",
    )
    assert [{k: r[k] for k in shown} for r in json_after] == [{k: r[k] for k in shown} for r in json_before]


def test_a_resource_described_only_in_swedish_comes_back_in_swedish(demo_catalog: Organisation) -> None:
    """Exported and read back into the same description, a Swedish-only resource stays one (it came
    back as a second, Finnish-named resource), and a file without a page title keeps the page's."""
    draft = draft_for(demo_catalog)
    area = ServiceArea.all_objects.filter(organisation=draft).first()
    swedish = InformationResource.all_objects.create(
        organisation=draft,
        area=area,
        name="",
        name_sv="Personalregister",
        description_sv="Uppgifter om stadens personal.",
        slug="personalregister",
        position=99,
    )
    item = Item.all_objects.create(organisation=draft, kind="register", name="", name_sv="Lönesystem")
    ResourceItem.all_objects.create(resource=swedish, item=item, position=0)
    publish_draft(demo_catalog, reason="test")
    title = Organisation.objects.get(pk=demo_catalog.pk).page_title
    assert title
    for format_name, delimiter, filename in ROUND_TRIPS:
        data = b"".join(export_stream(format_name, demo_catalog, delimiter=delimiter))
        rows = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in _table(data, format_name)[1:]]
        assert {row["language"] for row in rows if row["resource"] == "Personalregister"} == {"sv"}
        assert {row["language"] for row in rows if row["resource"] != "Personalregister"} == {"fi"}

        report = import_spreadsheet(data, filename, publish=True)[0]

        assert report.published or report.page_unchanged, filename  # the second file: nothing new
        assert not report.created_resources, filename
        assert "Personalregister" not in report.resources_not_on_page, filename
        again = InformationResource.objects.get(organisation=demo_catalog, slug="personalregister")
        assert (again.name, again.name_sv, again.description_sv) == (
            "",
            "Personalregister",
            "Uppgifter om stadens personal.",
        )
        assert [(link.item.name, link.item.name_sv) for link in again.resource_items.all()] == [
            ("", "Lönesystem")
        ]
        assert not InformationResource.objects.filter(organisation=demo_catalog, name="Personalregister")
        assert Organisation.objects.get(pk=demo_catalog.pk).page_title == title


def test_a_language_that_is_not_one_of_the_three_is_an_error(db: None) -> None:
    with pytest.raises(SpreadsheetError) as error:
        read_spreadsheet(_rows({**ROW, "language": "de"}), "rivit.csv")
    assert str(error.value) == "Rivi 2, sarake 'Tekstien kieli': 'de' ei ole mikään näistä: fi, sv, en"


def test_import_lands_in_the_draft_and_the_public_keeps_the_published(
    client: Client, demo_catalog: Organisation
) -> None:
    data = _rows(
        {
            "organisation": demo_catalog.name,
            "resource": "Uusi tietovaranto",
            "search_criteria": "nimi; päivämäärä",
            "item_kind": "register",
            "item_name": "Uusi rekisteri",
        }
    )
    before = client.get("/api/v1/resources").content
    reports = import_spreadsheet(data, "uusi.csv")
    assert not reports[0].published
    assert client.get("/api/v1/resources").content == before
    draft = draft_for(demo_catalog)
    resource = InformationResource.all_objects.get(organisation=draft, name="Uusi tietovaranto")
    assert [link.item.name for link in resource.resource_items.all()] == ["Uusi rekisteri"]


def test_semicolon_csv_without_bom_and_cp1252_and_repeated_cells_left_empty(db: None) -> None:
    data = _rows(
        {
            **ROW,
            "description": "Ensimmäinen kappale.\n\nToinen kappale.",
            "request_contacts": "email: kirjaamo@esimerkkila.fi; phone: 02 123 4567",
            "request_contacts_stated_for": "organisation",
            "decider_title": "sosiaalijohtaja",
            "interface_open": "no",
            "interface_text": "Ei avoimesti saatavilla.",
            "item_kind": "register",
            "item_name": "Asiakasrekisteri",
        },
        {**ROW, "item_kind": "system", "item_name": "Pro Consona"},
        delimiter=";",
    )
    for encoded in (data, data.decode().encode("cp1252")):
        (organisation,) = read_spreadsheet(encoded, "tiedot.csv")
        area = organisation.page.areas[0]
        resource = area.resources[0]
        assert resource.description == ["Ensimmäinen kappale.", "Toinen kappale."]
        assert [(i.kind, i.name) for i in resource.items] == [
            ("register", "Asiakasrekisteri"),
            ("system", "Pro Consona"),
        ]
        assert [(c.kind, c.value) for c in organisation.page.facts.contacts] == [
            ("email", "kirjaamo@esimerkkila.fi"),
            ("phone", "02 123 4567"),
        ]
        assert resource.facts.decider is not None
        assert resource.facts.decider.title == "sosiaalijohtaja"
        assert [(f.aspect, f.status, f.text) for f in resource.facts.interface] == [
            ("open", "no", "Ei avoimesti saatavilla.")
        ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [{**ROW, "item_kind": "rekisteri", "item_name": "A"}],
            "Rivi 2, sarake 'Kohteen laji': 'rekisteri' ei ole mikään näistä: register, dataset, "
            "system, collection",
        ),
        (
            [ROW, ROW, {**ROW, "description": "Toinen kuvaus"}, {**ROW, "description": "Kolmas kuvaus"}],
            "Rivi 5, sarake 'Käyttötarkoitus ja sisältö': eroaa saman tietovarannon rivistä 2",
        ),
        (
            [{**ROW, "request_contacts": "kirjaamo@esimerkkila.fi"}],
            "Rivi 2, sarake 'Tietopyyntöjen yhteystiedot'",
        ),
        ([{**ROW, "resource": ""}, {**ROW, "interface_open": "kyllä"}], "Rivi 2, sarake 'Tietovaranto'"),
        ([{**ROW, "interface_open": "kyllä"}], "Rivi 2, sarake 'Avoin rajapinta (28 § 5)'"),
        ([{**ROW, "decider_email": "a@b.fi"}], "Rivi 2, sarake 'Päättäjän nimike'"),
    ],
)
def test_errors_name_the_row_and_column_and_nothing_is_written(
    demo_catalog: Organisation, rows: list[dict[str, str]], message: str
) -> None:
    before = catalog_snapshot(draft_for(demo_catalog))
    with translation.override("fi"), pytest.raises(SpreadsheetError) as error:
        import_spreadsheet(_rows(*rows), "virheellinen.csv")
    assert str(error.value).startswith(message)
    assert catalog_snapshot(draft_for(demo_catalog)) == before
    assert not Organisation.all_objects.filter(name="Esimerkkilän kunta").exists()


def test_unknown_header_and_missing_column(db: None) -> None:
    with translation.override("fi"), pytest.raises(SpreadsheetError, match="Rivi 1, sarake 'Hakusanat'"):
        read_spreadsheet(b"organisation,resource,Hakusanat\nA,B,C\n", "x.csv")
    with translation.override("fi"), pytest.raises(SpreadsheetError, match="Rivi 1, sarake 'Tietovaranto'"):
        read_spreadsheet(b"organisation,area\nA,B\n", "x.csv")
    with pytest.raises(SpreadsheetError):
        read_spreadsheet(b"not a workbook", "x.xlsx")


def test_headers_may_be_the_finnish_labels(db: None) -> None:
    data = "\ufeffOrganisaatio;Tietovaranto;Hakutekijät\nEsimerkkilä;Asiakastiedot;nimi; hetu\n"
    # a ';' inside a cell needs quotes in a ';' file: unquoted, the row has a fourth cell
    with translation.override("fi"), pytest.raises(SpreadsheetError, match="Rivi 2: rivillä on 4 solua"):
        read_spreadsheet(data.encode(), "x.csv")
    quoted = data.replace("nimi; hetu", '"nimi; hetu"')
    (organisation,) = read_spreadsheet(quoted.encode(), "x.csv")
    assert organisation.page.resources_without_area[0].facts.criteria == ["nimi", "hetu"]


def test_command_dry_run_prints_and_writes_nothing_then_imports_xlsx(tmp_path: Path, db: None) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "tietovarannot"
    sheet.append(CSV_COLUMNS)
    sheet.append([{**ROW, "item_kind": "dataset", "item_name": "Tilastot"}.get(c, "") for c in CSV_COLUMNS])
    path = tmp_path / "tiedot.xlsx"
    workbook.save(path)
    out = io.StringIO()
    call_command("import-catalog", str(path), "--dry-run", stdout=out)
    assert "Asiakastietovaranto" in out.getvalue()
    assert "Dry run: nothing was written." in out.getvalue()
    assert not Organisation.all_objects.exists()
    call_command("import-catalog", str(path), "--publish", stdout=io.StringIO())
    assert InformationResource.objects.get(name="Asiakastietovaranto").organisation.published_at


def test_command_refuses_a_bad_file_with_exit_code_2(tmp_path: Path, db: None) -> None:
    path = tmp_path / "tiedot.csv"
    path.write_bytes(_rows({**ROW, "item_kind": "x", "item_name": "A"}))
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("import-catalog", str(path))
    assert error.value.returncode == 2
    assert "tiedot.csv" in str(error.value)
    assert "nothing was imported" in str(error.value)


def test_organisation_option_imports_a_one_organisation_file_into_that_organisation(
    demo_catalog: Organisation,
) -> None:
    reports = import_spreadsheet(
        _rows({**ROW, "resource": "Kaarinan uusi"}), "uusi.csv", organisation=demo_catalog.slug
    )
    assert reports[0].organisation == demo_catalog.name
    assert InformationResource.all_objects.filter(
        organisation=draft_for(demo_catalog), name="Kaarinan uusi"
    ).exists()
    with pytest.raises(SpreadsheetError):
        import_spreadsheet(_rows(ROW), "uusi.csv", organisation="ei-ole")


def test_desk_home_links_the_template_and_it_has_the_import_columns(demo_catalog: Organisation) -> None:
    user = User.objects.create_user("kirjaaja", password="salasana-123")
    Membership.objects.create(user=user, organisation=demo_catalog, role=Role.EDITOR)
    client = Client()
    assert client.get("/staff/desk/tietovarannot-pohja.xlsx").status_code == 302  # log in first
    client.force_login(user)
    home = client.get(f"/staff/desk/{demo_catalog.slug}/").content.decode()
    assert 'href="/staff/desk/tietovarannot-pohja.xlsx"' in home
    response = client.get("/staff/desk/tietovarannot-pohja.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook["tietovarannot"][1]] == CSV_COLUMNS
    # the template's example row imports as it is
    (organisation,) = read_spreadsheet(response.content, "pohja.xlsx")
    assert organisation.page.areas[0].resources[0].name == "Asiakastietovaranto"
