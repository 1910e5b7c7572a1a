"""Importing into the database: fidelity, idempotency, all-or-nothing, history, CLI errors."""

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.pages import ESIMERKKILA_TEXT, KAARINA, kaarina_page
from tietovaranto.catalog.models import (
    Decider,
    InformationResource,
    Item,
    Organisation,
    RequestContact,
    ResourceItem,
    SearchCriterion,
    ServiceArea,
)
from tietovaranto.importer.services import PageImportError, page_import

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    models = (
        Organisation,
        ServiceArea,
        InformationResource,
        Item,
        ResourceItem,
        SearchCriterion,
        RequestContact,
        Decider,
    )
    return {model.__name__: model.objects.count() for model in models}


def test_kaarina_import_creates_the_structured_catalog(demo_catalog: Organisation) -> None:
    assert counts() == {
        "Organisation": 1,
        "ServiceArea": 4,
        "InformationResource": 6,
        "Item": 42,
        "ResourceItem": 42,
        "SearchCriterion": 34,
        "RequestContact": 20,
        "Decider": 6,
    }
    it = InformationResource.objects.get(name="Tietohallinto")
    assert it.area is not None
    assert it.area.name == "Tietohallinto"
    finance = InformationResource.objects.get(name="Taloushallinnon tietovarannot")
    assert finance.area is not None
    assert finance.area.name == "Talous- ja hankintapalvelut"


def test_importing_the_same_page_again_changes_nothing(demo_catalog: Organisation) -> None:
    before = counts()
    stamps = dict(InformationResource.objects.values_list("name", "updated_at"))
    report = page_import(publish=True, text=kaarina_page(), organisation_name=KAARINA)
    assert counts() == before
    assert dict(InformationResource.objects.values_list("name", "updated_at")) == stamps
    assert report.page_unchanged  # the same page: nothing is even compared
    assert not report.changes


def test_an_edited_page_updates_in_place_and_keeps_history(demo_catalog: Organisation) -> None:
    edited = kaarina_page().replace("asiakas, puhelinnumero\n", "asiakas, puhelinnumero, käyttäjätunnus\n")
    report = page_import(publish=True, text=edited, organisation_name=KAARINA, source="edited.txt")
    assert report.updated_resources == ["Tietohallinto"]
    it = InformationResource.objects.get(name="Tietohallinto")
    assert list(SearchCriterion.objects.filter(resource=it).values_list("name", flat=True)) == [
        "asiakas",
        "puhelinnumero",
        "käyttäjätunnus",
    ]
    assert InformationResource.objects.count() == 6
    history = SearchCriterion.history.filter(name="käyttäjätunnus").first()
    assert history is not None
    assert history.history_change_reason == "import of edited.txt"


def test_a_failing_page_leaves_the_database_as_it_was(demo_catalog: Organisation) -> None:
    before = counts()
    broken = kaarina_page().replace("Tietohallinto\n", "Tietohallinto " + "x" * 300 + "\n")
    with pytest.raises(PageImportError) as error:
        page_import(publish=True, text=broken, organisation_name=KAARINA)
    assert "line 161" in str(error.value)
    assert counts() == before


def test_duplicate_resource_names_are_refused_with_both_lines() -> None:
    page = "Palvelut\n\nAsiakasrekisteri\n\nKuvaus.\n\nMuut\n\nAsiakasrekisteri\n\nToinen kuvaus.\n"
    with pytest.raises(PageImportError, match="used twice"):
        page_import(publish=True, text=page, organisation_name="Testikunta")
    assert not Organisation.objects.exists()


def test_organisation_wide_facts_are_stored_once() -> None:
    page_import(publish=True, text=ESIMERKKILA_TEXT, organisation_name="Esimerkkilän kunta")
    org = Organisation.objects.get()
    assert list(
        SearchCriterion.objects.filter(organisation=org, area=None, resource=None).values_list(
            "name", flat=True
        )
    ) == ["diaarinumero", "asian nimi"]
    assert Decider.objects.filter(area__name="Sosiaali- ja terveyspalvelut", resource=None).count() == 1


def test_cli_prints_the_report(db: None) -> None:
    out = StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", StringIO())
        page = Path(__file__).parent / "kaarina.txt"
        page.write_text(kaarina_page(), encoding="utf-8")
        try:
            call_command("import-page", str(page), organisation=KAARINA, stdout=out)
        finally:
            page.unlink()
    text = out.getvalue()
    assert "Information resources: 6 (new 6" in text
    assert "line 3: Sivua päivitetään." in text
    assert "Lines not placed: 0" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "tiedostoa ei ole"),
        (b"", "tiedosto on tyhjä"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binääritiedosto"),
        ("Tietovarannot ääkkösin\n".encode("latin-1"), "ei UTF-8-tekstiä"),
        (b"Just one sentence here.\n", "sivulta ei tunnistettu yhtään tietovarantoa"),
    ],
)
def test_cli_errors_are_one_line_with_exit_code_2(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    page = tmp_path / "page.txt"
    if content is not None:
        page.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "tietovaranto", "import-page", str(page), "--organisation", "X"],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
