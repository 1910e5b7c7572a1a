"""Import a description on the desk in Chromium: upload → preview → import → publish → public page,
and a page that is not a description refused, with axe on the upload and preview pages."""

from django.contrib.auth.models import User
from playwright.sync_api import Browser, FilePayload, Page, expect

from tests.pages import ESIMERKKILA_TEXT
from tests.system.test_public_pages_browser import assert_accessible, browser, pytestmark  # noqa: F401
from tietovaranto.accounts.models import Membership, Role
from tietovaranto.catalog.models import Organisation
from tietovaranto.publishing.snapshot import catalog_snapshot

FILES_LABEL = "Tiedostot (teksti tai tallennetut verkkosivut)"
RANDOM_TEXT = (
    "ᚠᚢᚦ ᚨᚱᚲ\n\n乱数の文章です\n\nΛόρεμ ίψουμ δόλορ σιτ αμετ, consectetur.\n\nLorem ipsum dolor sit amet\n"
)


def staff_page(browser: Browser, base_url: str, javascript: bool) -> Page:  # noqa: F811
    page = browser.new_context(java_script_enabled=javascript, locale="fi-FI").new_page()
    page.set_default_timeout(10_000)
    page.goto(base_url + "/staff/desk/kaarinan-kaupunki/import/")
    page.get_by_label("Käyttäjätunnus").fill("kirjaaja")
    page.get_by_label("Salasana").fill("salasana-123")
    page.get_by_role("button", name="Kirjaudu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tuo kuvaus")
    return page


def upload(page: Page, name: str, text: str) -> None:
    payload: FilePayload = {"name": name, "mimeType": "text/plain", "buffer": text.encode("utf-8")}
    page.get_by_label(FILES_LABEL).set_input_files(files=[payload])
    page.get_by_role("button", name="Esikatsele").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tuonnin esikatselu")


def test_upload_preview_import_publish_and_the_public_page_shows_it(  # type: ignore[no-untyped-def]
    live_server,
    browser: Browser,  # noqa: F811
    demo_catalog: Organisation,
) -> None:
    user = User.objects.create_user("kirjaaja", password="salasana-123")
    Membership.objects.create(user=user, organisation=demo_catalog, role=Role.EDITOR)

    # axe needs JavaScript: the upload form and the preview, checked in a context that has it
    checker = staff_page(browser, live_server.url, javascript=True)
    assert_accessible(checker)
    upload(checker, "esimerkkila.txt", ESIMERKKILA_TEXT)
    assert_accessible(checker)
    checker.context.close()

    # the flow itself works without JavaScript
    staff = staff_page(browser, live_server.url, javascript=False)
    upload(staff, "esimerkkila.txt", ESIMERKKILA_TEXT)
    expect(staff.get_by_text("Tunnistettiin 3 tietovarantoa.")).to_be_visible()
    lines = staff.get_by_role("table")
    expect(lines.get_by_role("row", name="Asiakastietojärjestelmä Pro")).to_contain_text("tietojärjestelmät")
    expect(lines.get_by_role("row", name="Sivu päivitetty 1.9.2026")).to_contain_text("jätetty pois")
    staff.get_by_role("button", name="Tuo luonnokseen").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Tuotu luonnokseen")
    expect(
        staff.get_by_role("heading", name="Sosiaalihuollon asiakasrekisteri (tietovaranto)")
    ).to_be_visible()
    expect(staff.get_by_role("heading", name="Rekisterit, tietoaineistot ja järjestelmät")).to_be_visible()

    public = browser.new_context(java_script_enabled=False, locale="fi-FI").new_page()
    public.goto(live_server.url + "/kaarinan-kaupunki/")
    expect(public.get_by_role("link", name="Sosiaalihuollon asiakasrekisteri")).to_have_count(0)  # a draft

    staff.get_by_role("link", name="Tarkista luonnos ja julkaise tai hylkää se").click()
    staff.get_by_label("Muutoksen syy").fill("Kuvaus tuotu verkkosivulta")
    staff.get_by_role("button", name="Julkaise").click()
    expect(staff.get_by_text("Julkaistu versiona 2.")).to_be_visible()

    public.goto(live_server.url + "/kaarinan-kaupunki/")
    public.get_by_role("link", name="Sosiaalihuollon asiakasrekisteri").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Sosiaalihuollon asiakasrekisteri")
    expect(public.get_by_text("Asiakastietojärjestelmä Pro")).to_be_visible()


def test_random_text_is_refused_and_the_public_site_is_unchanged(  # type: ignore[no-untyped-def]
    live_server,
    browser: Browser,  # noqa: F811
    demo_catalog: Organisation,
) -> None:
    user = User.objects.create_user("kirjaaja", password="salasana-123")
    Membership.objects.create(user=user, organisation=demo_catalog, role=Role.EDITOR)
    before = catalog_snapshot(demo_catalog)

    checker = staff_page(browser, live_server.url, javascript=True)
    upload(checker, "satunnainen.txt", RANDOM_TEXT)
    assert_accessible(checker)  # the refusal, too
    checker.context.close()

    staff = staff_page(browser, live_server.url, javascript=False)
    upload(staff, "satunnainen.txt", RANDOM_TEXT)
    refusal = staff.get_by_role("alert")
    expect(refusal).to_contain_text("Sivua ei tunnistettu tietovarantojen kuvaukseksi")
    staff.get_by_role("button", name="Tuo luonnokseen").click()
    expect(staff.locator(".errorlist")).to_contain_text("Sivua ei tunnistettu. Rastita ruutu")

    public = browser.new_context(java_script_enabled=False, locale="fi-FI").new_page()
    public.goto(live_server.url + "/kaarinan-kaupunki/description/")
    expect(public.get_by_text("乱数の文章です")).to_have_count(0)
    expect(public.get_by_role("heading", level=1)).to_be_visible()
    demo_catalog.refresh_from_db()
    assert catalog_snapshot(demo_catalog) == before
