"""The records manager reads the check against the law in Chromium without JavaScript; axe in fi, sv, en."""

import re

from django.contrib.auth.models import User
from playwright.sync_api import Browser, expect

from tests.system.test_public_pages_browser import browser, pytestmark  # noqa: F401
from tests.system.test_request_flow_browser import check_accessible
from tietovaranto.accounts.models import Membership, Role
from tietovaranto.catalog.models import Organisation


def test_records_manager_finds_what_the_law_still_expects(  # type: ignore[no-untyped-def]
    live_server,
    browser: Browser,  # noqa: F811
    demo_catalog: Organisation,
) -> None:
    user = User.objects.create_user("arkisto", "arkisto@kaarina.fi", "salasana-123")
    for role in (Role.EDITOR, Role.HANDLER):  # the check page is the editor's, linked from the inbox
        Membership.objects.create(user=user, organisation=demo_catalog, role=role)
    page = browser.new_context(java_script_enabled=False, locale="fi-FI").new_page()
    page.set_default_timeout(10_000)

    # given a log-in from the inbox, when the records manager follows the link to the check
    page.goto(live_server.url + "/staff/requests/")
    page.get_by_label("Käyttäjätunnus").fill("arkisto")
    page.get_by_label("Salasana").fill("salasana-123")
    page.get_by_role("button", name="Kirjaudu").click()
    page.get_by_role("link", name="Kaarinan kaupunki").click()

    # then the page says what is missing, in words, with a link to fix each
    expect(page.get_by_role("heading", level=1)).to_have_text("Kuvauksen tarkistus: Kaarinan kaupunki")
    expect(page.get_by_text("8 pakollista tietoa puuttuu.")).to_be_visible()
    registry = page.get_by_role("row", name="Kirjaamon sähköposti")
    expect(registry.get_by_role("cell", name="Puuttuu", exact=True)).to_be_visible()
    fix = re.compile(r"^Korjaa\W+Kirjaamon sähköposti\W+Organisaatio ja palvelualueet$")
    expect(registry.get_by_role("link", name=fix)).to_have_attribute(
        "href", "/staff/desk/kaarinan-kaupunki/settings/#id_registry_email"
    )
    tietohallinto = page.get_by_role("region", name="Tietohallinto")
    expect(tietohallinto.get_by_role("heading", level=3)).to_have_text("Tietohallinto")
    interface = tietohallinto.get_by_role("row", name="Avoin saatavuus teknisen rajapinnan kautta")
    expect(interface).to_contain_text("TiHL 906/2019 28 § 1 mom 5 k")
    expect(interface.get_by_role("cell", name="Puuttuu", exact=True)).to_be_visible()
    check_accessible(browser, page)

    # and can leave out what is in order
    page.get_by_role("link", name="Näytä vain korjattavat").click()
    expect(page.get_by_role("row").filter(has_text="Kunnossa")).to_have_count(0)
    expect(page.get_by_role("cell", name="Puuttuu", exact=True)).to_have_count(9)
    check_accessible(browser, page)

    # and the same in Swedish and English
    for prefix, heading in [
        ("/sv", "Granskning av beskrivningen: Kaarinan kaupunki"),
        ("/en", "Check against the law: Kaarinan kaupunki"),
    ]:
        page.goto(f"{live_server.url}{prefix}/staff/{demo_catalog.slug}/check/")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        check_accessible(browser, page)
