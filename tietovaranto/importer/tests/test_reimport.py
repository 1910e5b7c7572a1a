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
    SearchCriterion,
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


def test_take_page_lets_the_page_win_the_conflicts_and_keeps_the_other_edits(
    demo_catalog: Organisation,
) -> None:
    _edit_in_tietovaranto(demo_catalog)
    resource = InformationResource.all_objects.get(organisation=_draft(demo_catalog), name=PERSONNEL)
    resource.description = "Kuvaus kirjoitettu tietovarannossa."
    resource.save()
    page = kaarina_page().replace(
        "Henkilöstötietovarantoa käytetään", "Henkilöstötietovarantoa käytetään nyt"
    )
    report = page_import(text=page, organisation_name=KAARINA, take_page=True)
    resource.refresh_from_db()
    assert "käytetään nyt" in resource.description  # edited on both sides: the page's
    assert "took the page's" in report.as_text()
    # edits the page does not touch stay (before, --take-page deleted them too)
    assert "Työterveysrekisteri" in _personnel_items(demo_catalog)
    assert "Uusi Päättäjä" in Decider.all_objects.filter(organisation=_draft(demo_catalog)).values_list(
        "name", flat=True
    )


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


def _personnel_criteria(live: Organisation) -> list[str]:
    resource = InformationResource.all_objects.get(organisation=_draft(live), name=PERSONNEL)
    return list(
        SearchCriterion.all_objects.filter(resource=resource)
        .order_by("position")
        .values_list("name", flat=True)
    )


def test_a_criterion_deleted_here_stays_deleted_and_one_added_on_both_sides_is_one(
    demo_catalog: Organisation,
) -> None:
    resource = InformationResource.all_objects.get(organisation=_draft(demo_catalog), name=PERSONNEL)
    SearchCriterion.all_objects.get(resource=resource, name="hitu").delete()
    SearchCriterion.all_objects.create(
        organisation=_draft(demo_catalog), resource=resource, name="palkkakausi"
    )
    # the page changes the same list: adds the same criterion and another
    page = kaarina_page().replace("ammattinimike, tehtävä.", "ammattinimike, tehtävä, palkkakausi, työsuhde.")
    page_import(text=page, organisation_name=KAARINA)
    criteria = _personnel_criteria(demo_catalog)
    assert "hitu" not in criteria  # came back before: the import recreated every row with a new uid
    assert criteria.count("palkkakausi") == 1  # was listed twice
    assert "työsuhde" in criteria


def test_a_resource_renamed_here_is_not_imported_again_under_its_old_name(demo_catalog: Organisation) -> None:
    resource = InformationResource.all_objects.get(organisation=_draft(demo_catalog), name=PERSONNEL)
    resource.name = "Henkilöstöhallinnon tietovaranto"
    resource.save()
    page = kaarina_page().replace(
        " • Työajanseurantarekisteri\n", " • Työajanseurantarekisteri\n • Lomarekisteri\n"
    )
    report = page_import(text=page, organisation_name=KAARINA)
    draft_names = list(
        InformationResource.all_objects.filter(organisation=_draft(demo_catalog)).values_list(
            "name", flat=True
        )
    )
    assert PERSONNEL not in draft_names  # added again before, beside the renamed one
    assert "Henkilöstöhallinnon tietovaranto" in draft_names
    resource.refresh_from_db()
    assert "Lomarekisteri" in [link.item.name for link in resource.resource_items.all()]  # the page's change
    assert "Henkilöstöhallinnon tietovaranto" not in report.resources_not_on_page


def test_a_service_area_renamed_here_is_not_imported_again_under_its_old_name(
    demo_catalog: Organisation,
) -> None:
    from tietovaranto.catalog.models import ServiceArea  # noqa: PLC0415

    draft = _draft(demo_catalog)
    area = InformationResource.all_objects.get(organisation=draft, name=PERSONNEL).area
    assert area is not None
    old_name = area.name
    area.name = "Henkilöstö- ja hallintopalvelut"
    area.save()
    page = kaarina_page().replace(
        " • Työajanseurantarekisteri\n", " • Työajanseurantarekisteri\n • Lomarekisteri\n"
    )
    page_import(text=page, organisation_name=KAARINA)
    names = list(
        ServiceArea.all_objects.filter(organisation=_draft(demo_catalog)).values_list("name", flat=True)
    )
    assert old_name not in names  # added again before, and its resources moved into it
    assert "Henkilöstö- ja hallintopalvelut" in names
    assert InformationResource.all_objects.get(organisation=_draft(demo_catalog), name=PERSONNEL).area == area
