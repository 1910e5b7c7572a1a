"""Search quality on the evaluation set (tests/search_eval.tsv): prints top-1 and top-3 accuracy.

Imports the Kaarina page and our two test pages into a fresh SQLite database and runs
tests/search_eval.tsv; then adds four other authorities (tests/authority_pages.py) and runs
tests/search_eval_national.tsv; then, in an emptied database, imports the description pages of
tests/import_fixtures (real pages of twelve authorities, five written ones) and Kaarina's, and runs
tests/search_eval_fixtures.tsv. The test suite fails if any top-1 drops below 95%
(tietovaranto/search/tests/test_search.py).
Usage: python bench/search_eval.py
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="tietovaranto-search-eval-")
os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/eval.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tietovaranto.config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from tests.authority_pages import AUTHORITY_PAGES, import_fixture_pages  # noqa: E402
from tests.pages import ESIMERKKILA_HTML, ESIMERKKILA_TEXT, KAARINA, kaarina_page  # noqa: E402
from tietovaranto.importer.services import page_import  # noqa: E402
from tietovaranto.search.evaluation import evaluate, load_cases  # noqa: E402

if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    page_import(publish=True, text=kaarina_page(), organisation_name=KAARINA)
    page_import(publish=True, text=ESIMERKKILA_TEXT, organisation_name="Esimerkkilän kunta")
    page_import(publish=True, text=ESIMERKKILA_HTML, organisation_name="Esimerkkilän kaupunki")
    print("Kaarina demo catalog (tests/search_eval.tsv):")
    print(evaluate(load_cases(ROOT / "tests" / "search_eval.tsv")).as_text())
    for name, text in AUTHORITY_PAGES:
        page_import(publish=True, text=text, organisation_name=name)
    print("National catalog, 7 authorities (tests/search_eval_national.tsv):")
    print(evaluate(load_cases(ROOT / "tests" / "search_eval_national.tsv")).as_text())
    call_command("flush", interactive=False, verbosity=0)
    authorities = import_fixture_pages()
    page_import(publish=True, text=kaarina_page(), organisation_name=KAARINA)
    print(f"Real description pages, {len(authorities) + 1} authorities (tests/search_eval_fixtures.tsv):")
    print(evaluate(load_cases(ROOT / "tests" / "search_eval_fixtures.tsv")).as_text())
