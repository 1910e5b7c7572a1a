"""Import in the browser, the service layer: uploads and an address → preview lines → the draft."""

from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests.pages import ESIMERKKILA_TEXT
from tietovaranto.catalog.models import InformationResource, Organisation
from tietovaranto.importer import review
from tietovaranto.importer.preview import DescriptionRefused
from tietovaranto.importer.sources import MAX_BYTES, SourceError
from tietovaranto.importer.tests.site import UNREACHABLE_PORT, serve
from tietovaranto.publishing.services import draft_for, publish
from tietovaranto.publishing.snapshot import catalog_snapshot

ORG = "Esimerkkilän kunta"
RANDOM_TEXT = "ᚠᚢᚦ ᚨᚱᚲ\n\n乱数の文章です\n\nΛόρεμ ίψουμ δόλορ σιτ αμετ, consectetur.\n"
INDEX = "Tietovarannot\n\nVarhaiskasvatusrekisteri\n\nKäyttötarkoitus: Hakemukset ja sijoitukset.\n"
DETAIL = "Varhaiskasvatusrekisteri\n\nTietojärjestelmät\n - Varda\n\nHakutekijät: lapsen nimi\n"


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


def test_several_uploads_and_an_address_are_one_description_in_order() -> None:
    with serve() as site:
        site.html("/kuvaus/", "<h1>Tietovarannot</h1><h2>Arkisto</h2><p>Käyttötarkoitus: Päätökset.</p>")
        collected = review.collect_uploads(
            [upload("index.txt", INDEX), upload("detail.txt", DETAIL)], site.url("/kuvaus/")
        )
    assert [s.label for s in collected.sources] == ["index.txt", "detail.txt", site.url("/kuvaus/")]
    description, _lines = review.preview(collected)
    names = [r.name for r in description.page.all_resources()]
    assert names == ["Varhaiskasvatusrekisteri", "Arkisto"]


@pytest.mark.parametrize(
    ("files", "address", "message"),
    [
        ([SimpleUploadedFile("iso.html", b"x" * (MAX_BYTES + 1))], "", "iso.html: larger than 5 MB"),
        ([SimpleUploadedFile("kuva.png", b"\x89PNG\x00\x00")], "", "kuva.png: a binary file"),
        ([SimpleUploadedFile("latin.txt", "Tietovarannot ä".encode("latin-1"))], "", "latin.txt: not UTF-8"),
        ([], "www.kunta.fi/kuvaus", "www.kunta.fi/kuvaus: not an address"),
        ([], f"http://127.0.0.1:{UNREACHABLE_PORT}/", f"http://127.0.0.1:{UNREACHABLE_PORT}/"),
        ([], "", "give at least one file or address"),
    ],
    ids=["too-large", "binary", "not-utf8", "not-an-address", "unreachable", "nothing"],
)
def test_a_source_that_cannot_be_read_is_one_clear_line(
    files: list[SimpleUploadedFile], address: str, message: str
) -> None:
    with pytest.raises(SourceError) as caught:
        review.collect_uploads(files, address)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_the_preview_travels_signed_and_a_tampered_one_is_refused() -> None:
    collected = review.collect_uploads([upload("index.txt", INDEX)])
    token = review.pack(collected)
    assert review.unpack(token).sources == collected.sources
    with pytest.raises(SourceError, match="expired or was altered"):
        review.unpack(token[:-3] + "abc")


def test_every_line_of_the_page_is_marked_where_it_went() -> None:
    collected = review.collect_uploads([upload("esimerkkila.txt", ESIMERKKILA_TEXT)])
    _description, (source,) = review.preview(collected)
    by_text = {line.text: line for line in source.lines}
    heading = by_text["Sosiaalihuollon asiakasrekisteri"]
    assert (heading.number, heading.status) == (14, "resource")
    assert by_text["hetu"].where.endswith("Resource: Sosiaalihuollon asiakasrekisteri – search criteria")
    assert by_text["Asiakastietojärjestelmä Pro"].where.endswith("– information systems")
    assert by_text["Ympäristöpalvelut"].status == "area"
    # the first register of an area without a resource heading is content, not a heading
    assert by_text["Rakennusvalvonnan lupa-arkisto"].status == "field"
    assert by_text["kirjaamo@esimerkkila.fi"].where == "Whole organisation – request contacts"
    assert by_text["Sivu päivitetty 1.9.2026"].status == "ignored"


def test_an_unplaced_line_is_marked_not_placed() -> None:
    text = ESIMERKKILA_TEXT.replace(
        "Hakutekijät:\n", "Tätä riviä ei osata sijoittaa mihinkään, koska se on proosaa.\n\nHakutekijät:\n"
    )
    _description, (source,) = review.preview(review.collect_uploads([upload("a.txt", text)]))
    (line,) = [line for line in source.lines if line.text.startswith("Tätä riviä")]
    assert (line.status, line.where) == ("unplaced", "")
    assert source.unplaced == 1


@pytest.mark.django_db
def test_a_page_not_understood_needs_a_confirmation_and_writes_nothing_without_it() -> None:
    collected = review.collect_uploads([upload("satunnainen.txt", RANDOM_TEXT)])
    description, _lines = review.preview(collected)
    assert description.assessment.refusal
    with pytest.raises(review.ConfirmationNeeded):
        review.import_reviewed(collected, ORG)
    assert not Organisation.all_objects.exists()
    assert not InformationResource.all_objects.exists()


@pytest.mark.django_db
def test_a_confirmed_parse_that_still_cannot_be_written_is_refused_and_writes_nothing() -> None:
    collected = review.collect_uploads([upload("satunnainen.txt", RANDOM_TEXT)])
    with pytest.raises(DescriptionRefused) as caught:
        review.import_reviewed(collected, ORG, confirmed=True)
    assert not isinstance(caught.value, review.ConfirmationNeeded)
    assert not Organisation.all_objects.exists()


@pytest.mark.django_db
def test_import_goes_into_the_draft_and_a_reimport_keeps_an_edit_and_lists_it_per_resource() -> None:
    first = review.collect_uploads([upload("index.txt", INDEX), upload("detail.txt", DETAIL)])
    report = review.import_reviewed(first, ORG)
    live = Organisation.objects.get(name=ORG)
    assert not InformationResource.objects.filter(organisation=live).exists()  # not public yet
    publish(live, reason="first import")
    assert InformationResource.objects.get(organisation=live).description == "Hakemukset ja sijoitukset."
    assert report.created_resources == ["Varhaiskasvatusrekisteri"]

    draft = draft_for(live)
    edited = InformationResource.all_objects.get(organisation=draft)
    edited.description = "Muokattu täällä."
    edited.save()

    changed = INDEX.replace("Hakemukset ja sijoitukset.", "Hakemukset.")
    again = review.import_reviewed(
        review.collect_uploads(
            [
                upload("index.txt", changed),
                upload("detail.txt", DETAIL.replace(" - Varda\n", " - Varda\n - Wilma\n")),
            ]
        ),
        ORG,
    )
    resource = InformationResource.all_objects.get(organisation=draft)
    assert resource.description == "Muokattu täällä."  # the edit is kept
    assert [link.item.name for link in resource.resource_items.order_by("position")] == ["Varda", "Wilma"]
    rows = {row.label: row for row in review.outcome_rows(again)}
    row = rows["Varhaiskasvatusrekisteri"]
    assert row.entity == "information resource"
    assert [(c.field, c.ours, c.theirs) for c in row.conflicts] == [
        ("purpose and description", "Muokattu täällä.", "Hakemukset.")
    ]
    assert any(c.field == "registers, data sets and systems" and "Wilma" in c.new for c in row.changes)
    # the public page keeps what was published
    assert InformationResource.objects.get(organisation=live).description == "Hakemukset ja sijoitukset."
    assert catalog_snapshot(live) != catalog_snapshot(draft)


@pytest.mark.django_db
def test_the_same_sources_again_change_nothing() -> None:
    collected = review.collect_uploads([upload("index.txt", INDEX), upload("detail.txt", DETAIL)])
    review.import_reviewed(collected, ORG)
    again = review.import_reviewed(collected, ORG)
    assert again.page_unchanged
    assert review.outcome_rows(again) == []
