"""import-catalog: the project's own JSON export read back through the page writer."""

import json
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tests.pages import ESIMERKKILA_HTML, ESIMERKKILA_TEXT, KAARINA, kaarina_page
from tietovaranto.catalog.models import (
    InformationResource,
    InterfaceStatement,
    Item,
    Organisation,
    ServiceArea,
)
from tietovaranto.importer.catalog_file import CatalogFileError, import_catalog, read_catalog
from tietovaranto.importer.services import page_import
from tietovaranto.publishing.exporters import export_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def export_json() -> str:
    return export_catalog("json").decode("utf-8")


def without_ids_and_times(exported: str) -> list[dict[str, object]]:
    return [{k: v for k, v in r.items() if k not in ("id", "updated_at")} for r in json.loads(exported)]


def empty_catalog() -> None:
    InformationResource.all_objects.all().delete()
    ServiceArea.all_objects.all().delete()
    Item.all_objects.all().delete()
    Organisation.all_objects.exclude(draft_of=None).delete()
    Organisation.all_objects.all().delete()


def test_export_import_into_an_empty_database_export_is_identical(tmp_path: Path) -> None:
    page_import(text=kaarina_page(), organisation_name=KAARINA, publish=True)
    page_import(text=ESIMERKKILA_TEXT, organisation_name="Esimerkkilän kunta", publish=True)
    page_import(text=ESIMERKKILA_HTML, organisation_name="Esimerkkilän kaupunki", publish=True)
    # an address given on the desk travels too (a harvest dropped it before)
    statement = InterfaceStatement.objects.filter(organisation__name=KAARINA).first()
    assert statement is not None
    statement.url = "https://data.kaarina.fi/rajapinta"
    statement.save()
    first = export_json()
    assert "https://data.kaarina.fi/rajapinta" in first
    path = tmp_path / "catalog.json"
    path.write_text(first, encoding="utf-8")
    empty_catalog()
    assert not InformationResource.all_objects.exists()

    out = StringIO()
    call_command("import-catalog", str(path), stdout=out)
    assert json.loads(export_json()) == []  # a draft until published
    call_command("import-catalog", str(path), "--publish", stdout=out)
    second = export_json()
    assert without_ids_and_times(second) == without_ids_and_times(first)
    assert len(json.loads(second)) == 6 + 3 + 3
    assert "Information resources: 6 (new 6" in out.getvalue()


def test_importing_the_export_again_changes_nothing() -> None:
    page_import(text=ESIMERKKILA_TEXT, organisation_name="Esimerkkilän kunta", publish=True)
    first = export_json()
    (report,) = import_catalog(first, "catalog.json", publish=True)
    assert report.created_resources == []
    assert without_ids_and_times(export_json()) == without_ids_and_times(first)


def test_facts_go_back_to_the_scope_the_export_names() -> None:
    page_import(text=ESIMERKKILA_TEXT, organisation_name="Esimerkkilän kunta", publish=True)
    (org,) = read_catalog(export_json(), "catalog.json")
    assert [c.value for c in org.page.facts.contacts][:1] == ["kirjaamo@esimerkkila.fi"]
    social = next(r for r in org.page.all_resources() if r.name == "Sosiaalihuollon asiakasrekisteri")
    assert social.facts.contacts == []  # stated for the organisation, not repeated per resource


def record(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "name": "Talouden tietovaranto",
        "organisation": "Testilä",
        "area": None,
        "description": "Kirjanpito.",
        "items": [{"name": "Kirjanpito", "kind": "system", "note": ""}],
        "search_criteria": ["tositenumero"],
        "request_contacts": [],
        "request_contacts_stated_for": None,
        "decider": None,
        "interface_facts": [],
    }
    base.update(changes)
    return base


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "catalog.json: not JSON (line 1, column 2: "),
        ('{"name": "x"}', "catalog.json: expected a list of resources"),
        ([record(), "text"], "catalog.json: record 2 is not an object"),
        ([record(name="")], "record 1 (“”), field name: must not be empty"),
        ([record(), record()], "record 2 (“Talouden tietovaranto”), field name: the same name as record 1"),
        (
            [record(items=[{"name": "Kirjanpito", "kind": "software"}])],
            "record 1 (“Talouden tietovaranto”), field items[0].kind: must be one of register, dataset, "
            "system, collection",
        ),
        ([record(search_criteria="nimi")], "field search_criteria: must be a list"),
        ([record(decider={"email": "a@b.fi"})], "field decider: the deciding official has no title, name or"),
        (
            [record(request_contacts=[{"kind": "email", "value": 5}])],
            "field request_contacts[0].value: must be text",
        ),
        (
            [record(interface_facts=[{"aspect": "open", "status": "no", "text": "", "stated_for": "area"}])],
            "field interface_facts[0].stated_for: says “area” but the resource has no area",
        ),
        (
            [
                record(
                    request_contacts=[{"kind": "email", "value": "a@x.fi"}],
                    request_contacts_stated_for="organisation",
                ),
                record(
                    name="Toinen",
                    request_contacts=[{"kind": "email", "value": "b@x.fi"}],
                    request_contacts_stated_for="organisation",
                ),
            ],
            "record 2 (“Toinen”), field request_contacts: differs from an earlier record of the same "
            "organisation",
        ),
    ],
)
def test_errors_name_the_record_and_the_field(data: object, message: str) -> None:
    text = data if isinstance(data, str) else json.dumps(data)
    with pytest.raises(CatalogFileError) as caught:
        import_catalog(text, "catalog.json")
    assert message in str(caught.value)
    assert not Organisation.all_objects.exists()


def test_the_command_refuses_a_bad_file_with_exit_code_2_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps([record(), record(name="Toinen", items="Kirjanpito")]), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import-catalog", str(path), stdout=StringIO())
    assert caught.value.returncode == 2
    assert str(caught.value) == (
        f"{path}: record 2 (“Toinen”), field items: must be a list; nothing was imported"
    )
    assert not Organisation.all_objects.exists()
