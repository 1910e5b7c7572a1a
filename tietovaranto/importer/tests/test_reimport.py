"""Re-importing a page never silently overwrites what was edited here after the last import."""

import pytest

from tests.pages import KAARINA, kaarina_page
from tietovaranto.catalog.models import (
    Decider,
    InformationResource,
    Item,
    ItemKind,
    Organisation,
    ResourceItem,
)
from tietovaranto.importer.services import page_import
from tietovaranto.publishing.services import draft_for

pytestmark = pytest.mark.django_db

PERSONNEL = "Henkilöstötietovaranto"


def _draft(live: Organisation) -> Organisation:
    return draft_for(live)


def _edit_in_tietovaranto(live: Organisation) -> None:
    """A register added and the decider changed, as the records manager would on the desk."""
    draft = _draft(live)
    resource = InformationResource.all_objects.get(organisation=draft, name=PERSONNEL)
    item = Item.all_objects.create(organisation=draft, kind=ItemKind.REGISTER, name="Työterveysrekisteri")
    ResourceItem.all_objects.create(resource=resource, item=item, position=50)
    decider = (
        Decider.all_objects.filter(organisation=draft, resource=resource).first()
        or Decider.all_objects.filter(organisation=draft, area=resource.area, resource=None).first()
    )
    assert decider is not None
    decider.name = "Uusi Päättäjä"
    decider.save()


def _personnel_items(live: Organisation) -> list[str]:
    resource = InformationResource.all_objects.get(organisation=_draft(live), name=PERSONNEL)
    return [link.item.name for link in resource.resource_items.all()]


def test_the_same_page_again_changes_nothing(demo_catalog: Organisation) -> None:
    _edit_in_tietovaranto(demo_catalog)
    version = _draft(demo_catalog).version
    report = page_import(text=kaarina_page(), organisation_name=KAARINA)
    assert report.page_unchanged
    assert "nothing was changed" in report.as_text()
    assert _draft(demo_catalog).version == version
    assert "Työterveysrekisteri" in _personnel_items(demo_catalog)


def test_a_changed_page_keeps_edits_and_lists_conflicts(demo_catalog: Organisation) -> None:
    _edit_in_tietovaranto(demo_catalog)
    draft = _draft(demo_catalog)
    resource = InformationResource.all_objects.get(organisation=draft, name=PERSONNEL)
    resource.description = "Kuvaus kirjoitettu tietovarannossa."
    resource.save()
    page = kaarina_page().replace(
        " • Työturvallisuusohjelman rekisteri\n",
        " • Työturvallisuusohjelman rekisteri\n • Luottamusmiesrekisteri\n",
    )
    page = page.replace("Henkilöstötietovarantoa käytetään", "Henkilöstötietovarantoa käytetään nykyään")
    report = page_import(text=page, organisation_name=KAARINA)
    items = _personnel_items(demo_catalog)
    assert "Luottamusmiesrekisteri" in items  # the page's new register
    assert "Työterveysrekisteri" in items  # the register added here stays
    decider_names = set(
        Decider.all_objects.filter(organisation=_draft(demo_catalog)).values_list("name", flat=True)
    )
    assert "Uusi Päättäjä" in decider_names  # the decider changed here stays
    description = InformationResource.all_objects.get(
        organisation=_draft(demo_catalog), name=PERSONNEL
    ).description
    assert description == "Kuvaus kirjoitettu tietovarannossa."  # edited both here and on the page: ours kept
    conflict_fields = {(c.label, c.field) for c in report.conflicts}
    assert (PERSONNEL, "description") in conflict_fields
    text = report.as_text()
    assert "kept the edit made here" in text
    assert "Luottamusmiesrekisteri" in text  # what the import changed, listed


def test_take_page_lets_the_page_win(demo_catalog: Organisation) -> None:
    _edit_in_tietovaranto(demo_catalog)
    page = kaarina_page().replace(
        "Henkilöstötietovarantoa käytetään", "Henkilöstötietovarantoa käytetään nyt"
    )
    page_import(text=page, organisation_name=KAARINA, take_page=True)
    assert "Työterveysrekisteri" not in _personnel_items(demo_catalog)


def test_dry_run_writes_nothing_and_reports_the_changes(demo_catalog: Organisation) -> None:
    before = InformationResource.all_objects.count(), Item.all_objects.count(), _draft(demo_catalog).version
    page = kaarina_page().replace(
        " • Työturvallisuusohjelman rekisteri\n",
        " • Työturvallisuusohjelman rekisteri\n • Luottamusmiesrekisteri\n",
    )
    report = page_import(text=page, organisation_name=KAARINA, dry_run=True)
    assert report.dry_run
    assert any(c.label == "Luottamusmiesrekisteri" and c.change == "added" for c in report.changes)
    assert (
        InformationResource.all_objects.count(),
        Item.all_objects.count(),
        _draft(demo_catalog).version,
    ) == before
