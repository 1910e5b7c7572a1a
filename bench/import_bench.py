"""Import benchmark: the Kaarina page N times and a synthetic page of 1,000 resources.

Prints time per resource for a first import (creates rows), a re-import (idempotent: compares and
writes nothing) and parsing alone, side by side in one run, on a fresh SQLite database
(or DATABASE_URL if set).  Usage: python bench/import_bench.py [N] [--parse-only]

--parse-only measures parsing alone (no database), in several rounds, and prints the median: the
figure to compare when only the parser changed (the import of 1,000 resources takes minutes).
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="tietovaranto-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tietovaranto.config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from tests.pages import kaarina_page  # noqa: E402
from tietovaranto.importer.parser import parse_page  # noqa: E402
from tietovaranto.importer.services import page_import  # noqa: E402

RESOURCE_TEMPLATE = """\
Tietovaranto {n}

Tietovaranto {n} sisältää palvelun asiakkaiden ja asioiden tiedot.

Keskeiset rekisterit ja tietoaineistot

 • Asiakasrekisteri {n} (tietokanta)
 • Päätösaineisto {n}
 • Sopimusrekisteri {n} (excel)

Tietojärjestelmät

 • Asianhallintajärjestelmä
 • Asiakastietojärjestelmä {system}

Tietopyynnöt:

 • kirjaamo@example.fi
 • PL 1, 00100 Kunta
 • puh. 09 123 4567

Hakutekijät tiedonhakua varten: nimi, hetu, diaarinumero, päivämäärä

Tiedon antamisesta päättävä viranomainen: Hallintojohtaja Maija Meikäläinen, etunimi.sukunimi(at)example.fi

Tietoaineistojen saatavuus rajapinnan kautta

Teknisen rajapinnan kautta tietoa ei ole mahdollista luovuttaa viranomaisille.
"""


def synthetic_page(resources: int, per_area: int = 25) -> str:
    parts = ["Palvelujen ja toimintojen tietovarannot\n"]
    for number in range(resources):
        if number % per_area == 0:
            parts.append(f"Palvelualue {number // per_area + 1} palvelut\n")
        parts.append(RESOURCE_TEMPLATE.format(n=number + 1, system=number % 40))
    return "\n".join(parts)


def timed(action) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def parse_only(repeats: int, rounds: int = 5) -> None:
    kaarina = kaarina_page()
    big = synthetic_page(1000)
    kaarina_resources = len(parse_page(kaarina).all_resources())
    small = sorted(timed(lambda: [parse_page(kaarina) for _ in range(repeats)]) for _ in range(rounds))
    large = sorted(timed(lambda: parse_page(big)) for _ in range(rounds))
    per_small = small[rounds // 2] / (kaarina_resources * repeats) * 1000
    per_large = large[rounds // 2] / 1000 * 1000
    print(f"parse only, median of {rounds} rounds")
    print(f"  Kaarina page ({kaarina_resources} resources)   {per_small:8.3f} ms/resource")
    print(f"  synthetic page (1,000 resources) {per_large:8.3f} ms/resource")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    repeats = int(args[0]) if args else 20
    if "--parse-only" in sys.argv:
        parse_only(repeats)
        return
    call_command("migrate", verbosity=0)
    kaarina = kaarina_page()
    big = synthetic_page(1000)
    kaarina_resources = len(parse_page(kaarina).all_resources())

    parse_kaarina = timed(lambda: [parse_page(kaarina) for _ in range(repeats)])
    first_kaarina = timed(
        lambda: page_import(publish=True, text=kaarina, organisation_name="Kaarinan kaupunki")
    )
    again_kaarina = timed(
        lambda: [
            page_import(publish=True, text=kaarina, organisation_name="Kaarinan kaupunki")
            for _ in range(repeats)
        ]
    )
    parse_big = timed(lambda: parse_page(big))
    first_big = timed(lambda: page_import(publish=True, text=big, organisation_name="Synteettinen kunta"))
    again_big = timed(lambda: page_import(publish=True, text=big, organisation_name="Synteettinen kunta"))

    def per(seconds: float, resources: int) -> str:
        return f"{seconds / resources * 1000:8.2f} ms/resource"

    print(f"database: {django.db.connection.vendor}")
    print(f"Kaarina page ({kaarina_resources} resources), {repeats} repeats")
    print(f"  parse only           {per(parse_kaarina, kaarina_resources * repeats)}")
    print(f"  first import         {per(first_kaarina, kaarina_resources)}")
    print(f"  re-import (no-op)    {per(again_kaarina, kaarina_resources * repeats)}")
    print("Synthetic page (1,000 resources, 5 items each)")
    print(f"  parse only           {per(parse_big, 1000)}")
    print(f"  first import         {per(first_big, 1000)}   total {first_big:.1f} s")
    print(f"  re-import (no-op)    {per(again_big, 1000)}   total {again_big:.1f} s")
    print(f"  re-import / first import ratio: {again_big / first_big:.2f}")
    print(f"  parse / first import ratio:     {parse_big / first_big:.3f}")


if __name__ == "__main__":
    main()
