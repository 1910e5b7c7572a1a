"""From the resource page to the answer, in Chromium without JavaScript, with axe on every page."""

from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from tests.system.test_public_pages_browser import assert_accessible, browser, pytestmark  # noqa: F401
from tietovaranto.accounts.models import Membership, Role
from tietovaranto.catalog.models import Organisation
from tietovaranto.inforequests.models import InformationRequest


def check_accessible(browser: Browser, page: Page, submit: str = "") -> None:  # noqa: F811
    """axe needs JavaScript: check the same page, with the same cookies, in a context that has it."""
    context = browser.new_context(storage_state=page.context.storage_state(), locale="fi-FI")
    checker = context.new_page()
    checker.goto(page.url)
    if submit:
        with checker.expect_navigation():  # axe must not run on the page being left
            checker.get_by_role("button", name=submit).click()
    assert_accessible(checker)
    context.close()


def test_requester_to_answer(live_server, browser: Browser, demo_catalog: Organisation) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    user = User.objects.create_user("kirjaamo", "kirjaamo@kaarina.fi", "salasana-123")
    Membership.objects.create(user=user, organisation=demo_catalog, role=Role.HANDLER)

    resident = browser.new_context(java_script_enabled=False, locale="fi-FI").new_page()
    resident.set_default_timeout(10_000)
    resident.goto(live_server.url + "/kaarinan-kaupunki/resources/henkilostotietovaranto/")
    resident.get_by_role("link", name="Tee tietopyyntö").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Tee tietopyyntö")
    expect(resident.get_by_label("Henkilöstötietovaranto")).to_be_checked()
    check_accessible(browser, resident)
    check_accessible(browser, resident, submit="Lähetä pyyntö")  # the error summary
    resident.get_by_role("button", name="Lähetä pyyntö").click()  # nothing filled in
    expect(resident.locator("#error-summary")).to_be_visible()
    resident.get_by_label("Mitä tietoa pyydät?").fill("Rekrytointien hakijamäärät 2025")
    resident.get_by_label("palkka").fill("2025")
    resident.get_by_label("Sähköpostiosoite vastausta varten").fill("pyytaja@example.org")
    resident.get_by_role("button", name="Lähetä pyyntö").click()
    expect(resident.get_by_role("heading", level=1)).to_contain_text("Tietopyyntö TP-")
    expect(resident.get_by_text("Vastattava viimeistään")).to_be_visible()
    check_accessible(browser, resident)
    status_url = resident.url
    request = InformationRequest.objects.get()
    assert request.criteria_values == {"palkka": "2025"}

    staff = browser.new_context(java_script_enabled=False, locale="fi-FI").new_page()
    staff.set_default_timeout(10_000)
    staff.goto(live_server.url + "/staff/requests/")
    check_accessible(browser, staff)  # the log-in page
    staff.get_by_label("Käyttäjätunnus").fill("kirjaamo")
    staff.get_by_label("Salasana").fill("salasana-123")
    staff.get_by_role("button", name="Kirjaudu").click()
    staff.get_by_role("link", name=request.reference).click()
    check_accessible(browser, staff)
    staff.get_by_label("Tiedot annettu", exact=True).check()
    staff.get_by_label("Vastaus pyytäjälle").fill("Hakijoita oli 1 234. Tilasto on liitteenä.")
    staff.get_by_role("button", name="Lähetä vastaus").click()
    expect(staff.get_by_text("Tallennettu.")).to_be_visible()
    staff.goto(live_server.url + "/staff/requests/?status=all")
    check_accessible(browser, staff)

    resident.goto(status_url)
    expect(resident.get_by_text("Vastattu: Tiedot annettu")).to_be_visible()
    expect(resident.get_by_text("Hakijoita oli 1 234.")).to_be_visible()
    check_accessible(browser, resident)
