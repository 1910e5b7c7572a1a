"""An administrator invites a request handler, who sets a password and logs in: Chromium without
JavaScript, axe on every page (in a JavaScript context with the same cookies)."""

import re

from django.contrib.auth.models import User
from mailer.models import Message
from playwright.sync_api import Browser, Page, expect

from tests.system.test_public_pages_browser import browser, pytestmark  # noqa: F401
from tests.system.test_request_flow_browser import check_accessible
from tietovaranto.accounts.models import Membership, Role
from tietovaranto.catalog.models import Organisation, ServiceArea

PASSWORD = "Kuusi-kissaa-kiipeää-puuhun"


def new_page(browser: Browser) -> Page:  # noqa: F811
    page = browser.new_context(java_script_enabled=False, locale="fi-FI").new_page()
    page.set_default_timeout(30_000)
    return page


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(base + "/staff/login/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu").click()


def test_invitation_to_first_log_in(live_server, browser: Browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    organisation = Organisation.objects.create(name="Esimerkkilän kunta", slug="esimerkkilan-kunta")
    ServiceArea.objects.create(organisation=organisation, name="Sivistyspalvelut", slug="sivistyspalvelut")
    admin = User.objects.create_user("paakayttaja", "paakayttaja@esimerkkila.fi", PASSWORD)
    Membership.objects.create(user=admin, organisation=organisation, role=Role.ADMIN)

    page = new_page(browser)
    log_in(page, live_server.url, "paakayttaja", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Omat organisaatiot")
    check_accessible(browser, page)
    page.get_by_role("link", name="Käyttäjät ja roolit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Käyttäjät ja roolit")
    check_accessible(browser, page)
    page.get_by_label("Sähköpostiosoite").fill("uusi.kasittelija@esimerkkila.fi")
    page.get_by_label("Tietopyyntöjen käsittelijä").check()
    page.get_by_role("button", name="Lähetä kutsu").click()
    expect(page.get_by_text("Kutsu lähetetty osoitteeseen uusi.kasittelija@esimerkkila.fi.")).to_be_visible()
    expect(
        page.get_by_text(
            re.compile(r"^uusi.kasittelija@esimerkkila.fi – Tietopyyntöjen käsittelijä – voimassa")
        )
    ).to_be_visible()
    check_accessible(browser, page)

    message = Message.objects.get()
    body = message.email.body  # type: ignore[union-attr]
    link = re.search(r"/staff/invitation/\S+/", body)
    assert link, body
    invited = new_page(browser)
    invited.goto(live_server.url + link.group(0))
    expect(invited.get_by_role("heading", level=1)).to_have_text("Kutsu: Esimerkkilän kunta")
    check_accessible(browser, invited)
    invited.get_by_label("Etunimi").fill("Uusi")
    invited.get_by_label("Salasana:", exact=True).fill("12345678")
    invited.get_by_label("Salasana uudelleen").fill("12345678")
    invited.get_by_role("button", name="Tallenna salasana ja aloita").click()
    expect(invited.locator("#error-summary")).to_be_visible()  # too common, entirely numeric
    check_accessible(browser, invited, submit="Tallenna salasana ja aloita")
    invited.get_by_label("Salasana:", exact=True).fill("Lumihiutale-sataa-hiljaa-42")
    invited.get_by_label("Salasana uudelleen").fill("Lumihiutale-sataa-hiljaa-42")
    invited.get_by_role("button", name="Tallenna salasana ja aloita").click()
    expect(
        invited.get_by_text("Tervetuloa! Työskentelet nyt organisaatiossa Esimerkkilän kunta.")
    ).to_be_visible()
    expect(invited.get_by_text("Tietopyyntöjen käsittelijä")).to_be_visible()
    invited.get_by_role("button", name="Kirjaudu ulos").click()

    again = new_page(browser)
    log_in(again, live_server.url, "uusi.kasittelija@esimerkkila.fi", "Lumihiutale-sataa-hiljaa-42")
    expect(again.get_by_role("heading", level=1)).to_have_text("Omat organisaatiot")
    again.get_by_role("link", name="Tietopyynnöt").click()
    expect(again.get_by_role("heading", level=1)).to_have_text("Tietopyynnöt")
    again.goto(live_server.url + "/staff/account/two-factor/")
    expect(again.locator("svg")).to_be_visible()  # the QR code
    check_accessible(browser, again)
    # the invitation link is spent
    assert again.goto(live_server.url + link.group(0)).status == 404  # type: ignore[union-attr]
