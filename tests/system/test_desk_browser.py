"""An editor's session in Chromium without JavaScript: log in → desk → edit a resource (a register
added, the decider changed) → preview → publish with a reason → the public resource page and the
public change history show it. axe runs on every staff page visited."""

from django.contrib.auth.models import User
from playwright.sync_api import Browser, expect

from tests.system.test_invitation_browser import PASSWORD, log_in, new_page
from tests.system.test_public_pages_browser import browser, pytestmark  # noqa: F401
from tests.system.test_request_flow_browser import check_accessible
from tietovaranto.accounts.models import Membership, Role
from tietovaranto.catalog.models import Organisation

DESK = "/staff/desk/kaarinan-kaupunki/"


def test_editor_edits_previews_publishes_and_the_public_sees_it(  # type: ignore[no-untyped-def]
    live_server,
    browser: Browser,  # noqa: F811
    demo_catalog: Organisation,
) -> None:
    user = User.objects.create_user("tietopalvelu", "tietopalvelu@kaarina.fi", PASSWORD)
    for role in (Role.EDITOR, Role.ADMIN, Role.HANDLER):  # the records manager who also runs the site
        Membership.objects.create(user=user, organisation=demo_catalog, role=role)
    page = new_page(browser)
    base = live_server.url

    log_in(page, base, "tietopalvelu", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Omat organisaatiot")
    check_accessible(browser, page)
    page.get_by_role("link", name="Muokkaa tietovarantojen kuvausta").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kaarinan kaupunki")
    check_accessible(browser, page)

    # edit: a register added in place, the decider changed
    page.get_by_role("link", name="Henkilöstötietovaranto", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Henkilöstötietovaranto")
    check_accessible(browser, page)
    total = int(page.locator('[name="items-TOTAL_FORMS"]').input_value())
    empty = next(i for i in range(total) if not page.locator(f'[name="items-{i}-name"]').input_value())
    page.locator(f'[name="items-{empty}-kind"]').select_option("register")
    page.locator(f'[name="items-{empty}-name"]').fill("Työterveysrekisteri")
    page.locator('[name="decider-title"]').fill("Henkilöstöjohtaja")
    page.locator('[name="decider-authority"]').fill("Kaarinan kaupunki")
    page.get_by_role("button", name="Tallenna luonnokseen").click()
    expect(page.get_by_text("Tallennettu luonnokseen.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kaarinan kaupunki")
    check_accessible(browser, page)  # the desk with the unpublished changes listed

    # not public yet; the preview shows it as the public will see it
    public = new_page(browser)
    public.goto(base + "/kaarinan-kaupunki/resources/henkilostotietovaranto/")
    expect(public.get_by_text("Työterveysrekisteri")).to_have_count(0)
    page.get_by_role("link", name="Esikatsele luonnosta").click()
    expect(page.get_by_text("Työterveysrekisteri").first).to_be_visible()
    check_accessible(browser, page)

    # publish with a reason
    page.goto(base + DESK)
    page.get_by_label("Muutoksen syy").fill("Työterveysrekisteri lisätty ja päättäjä päivitetty")
    page.get_by_role("button", name="Julkaise").click()
    expect(page.get_by_text("Julkaistu versiona 2.")).to_be_visible()
    check_accessible(browser, page)

    # the public resource page and the public history show the change
    public.goto(base + "/kaarinan-kaupunki/resources/henkilostotietovaranto/")
    expect(public.get_by_text("Työterveysrekisteri").first).to_be_visible()
    expect(public.get_by_text("Henkilöstöjohtaja").first).to_be_visible()
    public.goto(base + "/kaarinan-kaupunki/history/")
    expect(public.get_by_text("Työterveysrekisteri lisätty ja päättäjä päivitetty").first).to_be_visible()

    # the other staff pages of the session: history, the check, people and roles, the inbox
    page.get_by_role("link", name="Historia ja palautus").click()
    expect(page.get_by_text("Työterveysrekisteri lisätty ja päättäjä päivitetty").first).to_be_visible()
    check_accessible(browser, page)
    page.goto(base + DESK)
    page.get_by_role("link", name="Kuvauksen tarkistus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kuvauksen tarkistus: Kaarinan kaupunki")
    check_accessible(browser, page)
    page.goto(base + "/staff/kaarinan-kaupunki/members/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Käyttäjät ja roolit")
    check_accessible(browser, page)
    page.goto(base + "/staff/requests/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tietopyynnöt")
    check_accessible(browser, page)
    page.goto(base + DESK + "settings/")
    check_accessible(browser, page)
