"""Every public page in headless Chromium (Debian package), checked with axe-core: zero violations.

The pages are served by a live server on a real database; nothing here is skipped in CI: a missing
Chromium fails the run (scripts/install_chromium.sh installs it from `make test`).
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tietovaranto.catalog.models import InformationResource, Organisation

# Playwright's sync API runs an event loop in this thread; the ORM calls made from the test itself are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run scripts/install_chromium.sh"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="fi-FI")
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page: Page) -> None:
    results = Axe().run(
        page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}
    )
    assert results.violations_count == 0, results.generate_report()


def public_paths(organisation: Organisation) -> list[str]:
    paths = ["/", f"/{organisation.slug}/", f"/{organisation.slug}/description/"]
    paths += [r.get_absolute_url() for r in InformationResource.objects.filter(organisation=organisation)]
    return [prefix + path for prefix in ("", "/sv", "/en") for path in paths]


def test_every_public_page_passes_axe(live_server, page: Page, demo_catalog: Organisation) -> None:  # type: ignore[no-untyped-def]
    paths = public_paths(demo_catalog)
    assert len(paths) == 27
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response is not None, path
        assert response.status == 200, path
        assert_accessible(page)


def test_resident_finds_whom_to_ask_without_javascript(  # type: ignore[no-untyped-def]
    live_server, browser: Browser, demo_catalog: Organisation
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fi-FI")
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Henkilöstötietovaranto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Henkilöstötietovaranto")
    expect(page.get_by_role("link", name="maija.hanhiala@kaarina.fi")).to_be_visible()
    page.get_by_role("link", name="Svenska").click()
    expect(page.get_by_text("Sökfaktorer")).to_be_visible()
    context.close()


SEARCH_PATHS = [
    "/search/",
    "/search/?q=luottamustoimista",
    "/search/?q=arkistointikokoelmax",  # no results: suggestions
    "/search/?q=asiakasrekisteri&organisation=kaarinan-kaupunki",  # a facet chosen
]


def test_search_pages_pass_axe(live_server, page: Page, demo_catalog: Organisation) -> None:  # type: ignore[no-untyped-def]
    for path in [prefix + p for prefix in ("", "/sv", "/en") for p in SEARCH_PATHS]:
        response = page.goto(live_server.url + path)
        assert response is not None, path
        assert response.status == 200, path
        assert_accessible(page)


def test_resident_searches_in_their_own_words_without_javascript(  # type: ignore[no-untyped-def]
    live_server, browser: Browser, demo_catalog: Organisation
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fi-FI")
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox", name="Hae tietovarannoista").fill("palkkatietoni")
    page.get_by_role("searchbox", name="Hae tietovarannoista").press("Enter")
    first = page.locator(".hit").first
    expect(first.get_by_role("heading", level=3)).to_have_text("Henkilöstötietovaranto")
    expect(first.locator("mark").first).to_be_visible()
    expect(
        first.get_by_role("link", name=re.compile(r"^Tee tietopyyntö\W+Henkilöstötietovaranto$"))
    ).to_be_visible()
    # narrowing by a facet is a plain link
    page.get_by_role("searchbox", name="Mitä tietoa etsit?").fill("asiakasrekisteri")
    page.get_by_role("button", name="Hae").last.click()
    page.get_by_role("link", name=re.compile(r"^Talous- ja hankintapalvelut \(\d+\)$")).click()
    expect(page.locator(".hit")).to_have_count(1)
    expect(page.locator(".hit h3")).to_have_text("Taloushallinnon tietovarannot")
    context.close()


def test_the_accessibility_check_catches_a_violation(page: Page) -> None:
    page.set_content(
        '<html lang="fi"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>'
    )
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
