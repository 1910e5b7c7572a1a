"""On a phone 390 px wide nothing scrolls sideways: every public page and every step of the request
flow, in Finnish, Swedish and English. Long compounds ("Henkilöstötietovaranto") hyphenate by the
element's `lang` or break as a last resort (core/site.css)."""

from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.system.test_public_pages_browser import (  # noqa: F401
    SEARCH_PATHS,
    assert_accessible,
    browser,
    public_paths,
    pytestmark,
)
from tietovaranto.accounts.models import Membership, Role
from tietovaranto.catalog.models import Organisation
from tietovaranto.inforequests import services
from tietovaranto.inforequests.models import InformationRequest

PHONE: ViewportSize = {"width": 390, "height": 844}


def assert_no_sideways_scroll(page: Page, where: str) -> None:
    page.wait_for_load_state("load")
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{where}: the page is {widths[0]} px wide on a {widths[1]} px screen"


def phone_page(browser: Browser, locale: str = "fi-FI") -> Page:  # noqa: F811
    page = browser.new_context(viewport=PHONE, locale=locale, java_script_enabled=True).new_page()
    page.set_default_timeout(10_000)
    return page


def test_the_check_catches_a_page_that_scrolls_sideways(browser: Browser) -> None:  # noqa: F811
    page = phone_page(browser)
    page.set_content(
        '<html lang="fi"><body><h1 style="hyphens: manual">' + "Tietovaranto" * 8 + "</h1></body></html>"
    )
    try:
        assert_no_sideways_scroll(page, "test")
    except AssertionError:
        pass
    else:
        raise AssertionError("a 96-letter word in a heading should overflow 390 px without hyphens:auto")
    page.context.close()


def test_every_public_page_fits_a_phone(live_server, browser: Browser, demo_catalog: Organisation) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = phone_page(browser)
    slug = demo_catalog.slug
    extra = [
        f"/{slug}/request/",
        f"/{slug}/request/?resource=henkilostotietovaranto",
        f"/{slug}/statistics/",
        f"/{slug}/privacy/",
        "/accessibility/",
    ]
    paths = public_paths(demo_catalog)
    paths += [prefix + p for prefix in ("", "/sv", "/en") for p in SEARCH_PATHS + extra]
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response is not None, path
        assert response.status == 200, path
        assert_no_sideways_scroll(page, path)
    for path in (f"/{slug}/privacy/", "/accessibility/", f"/sv/{slug}/privacy/"):
        page.goto(live_server.url + path)
        assert_accessible(page)
    page.context.close()


def test_request_flow_fits_a_phone(live_server, browser: Browser, demo_catalog: Organisation) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    staff = User.objects.create_user("kirjaamo", "kirjaamo@kaarina.fi", "salasana-123")
    Membership.objects.create(user=staff, organisation=demo_catalog, role=Role.HANDLER)
    page = phone_page(browser)
    page.goto(live_server.url + "/kaarinan-kaupunki/resources/henkilostotietovaranto/")
    assert_no_sideways_scroll(page, "resource page")
    page.get_by_role("link", name="Tee tietopyyntö").click()
    # the click returns before the form has loaded: measuring then would read a document without a body
    expect(page.get_by_role("heading", level=1)).to_have_text("Tee tietopyyntö")
    assert_no_sideways_scroll(page, "request form")
    page.get_by_role("button", name="Lähetä pyyntö").click()  # nothing filled in
    expect(page.locator("#error-summary")).to_be_visible()
    assert_no_sideways_scroll(page, "request form with errors")
    page.get_by_label("Mitä tietoa pyydät?").fill(
        "Rekrytointien hakijamäärät 2025 " + "Henkilöstötietovaranto" * 3
    )
    page.get_by_label("Sähköpostiosoite vastausta varten").fill("pyytaja@example.org")
    page.get_by_role("button", name="Lähetä pyyntö").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tietopyyntö TP-")
    assert_no_sideways_scroll(page, "status page")
    request = InformationRequest.objects.get()
    services.ask_clarification(request, "Mitä vuosia tarkoitatte?", staff)
    page.reload()
    expect(page.get_by_text("Odottaa tarkennustasi.")).to_be_visible()
    assert_no_sideways_scroll(page, "status page, waiting for clarification")
    page.get_by_label("Vastauksesi").fill("Vuodet 2024 ja 2025.")
    page.get_by_role("button", name="Lähetä", exact=True).click()
    page.get_by_label("Viestisi").fill("Kiitos avusta.")
    page.get_by_role("button", name="Lähetä viesti").click()
    expect(page.get_by_text("Kiitos avusta.")).to_be_visible()
    assert_no_sideways_scroll(page, "status page with a message")
    assert_accessible(page)
    request.refresh_from_db()
    services.answer(request, "refused", "Tietoja ei voida antaa.", "JulkL 24 § 1 mom 32 k", staff)
    page.reload()
    page.get_by_role("button", name="Pyydä kirjallinen päätös").click()
    expect(page.get_by_text("Kirjallinen päätös annettava viimeistään")).to_be_visible()
    assert_no_sideways_scroll(page, "status page, written decision asked")
    request.refresh_from_db()
    services.give_written_decision(request, "JulkL 24 § 1 mom 32 k.", "Hallintojohtaja", "turku", staff)
    page.reload()
    page.get_by_role("link", name="Kirjallinen päätös tulostettavana asiakirjana").click()
    expect(page.get_by_text("VALITUSOSOITUS")).to_be_visible()
    assert_no_sideways_scroll(page, "decision document")
    page.context.close()
