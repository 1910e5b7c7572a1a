"""Harvest benchmark: a whole national catalog harvested from another installation, then again.

The source is gunicorn serving a copy of a synthetic catalog database (bench/export_bench.py builds
them: 30 × 35 = 1,050 resources, or 300 × 35 = 10,500). This process harvests every organisation
into a fresh SQLite database, the way `tietovaranto harvest` does, and prints:
- the first, full harvest (each organisation's export.json): seconds per 1,000 resources;
- a second harvest with nothing changed at the source (the API's `updated_since` answers);
- a third after one description changed at the source (only that record is fetched);
with the growth of this process's peak memory during each. Pass and interleaving are within one run.
Usage: python bench/harvest_bench.py SOURCE_DATABASE [PORT]
e.g. EXPORT_BENCH_DIR=/tmp/eb python bench/export_bench.py 1 300 json && \\
     python bench/harvest_bench.py /tmp/eb/small.sqlite3
"""

import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.live_site import LiveSite  # noqa: E402

CHANGE_ONE = """
from tietovaranto.catalog.models import InformationResource, Organisation
from tietovaranto.publishing.services import draft_for, publish
live = Organisation.objects.filter(draft_of__isnull=True).order_by("name").first()
resource = InformationResource.all_objects.filter(organisation=draft_for(live)).order_by("pk").first()
resource.description += " Muutettu."
resource.save()
publish(live, reason="bench")
"""


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(source_database: Path, port: int) -> None:
    target = Path(tempfile.mkdtemp(prefix="tv-harvest-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{target / 'copy.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tietovaranto.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from tietovaranto.catalog.models import InformationResource
    from tietovaranto.federation.models import HarvestSource, HarvestStatus
    from tietovaranto.federation.services import harvest, harvest_all

    call_command("migrate", verbosity=0)
    site = LiveSite("sqlite", port=port, workers=2)
    shutil.copy(source_database, site.directory / "site.sqlite3")
    with sqlite3.connect(site.directory / "site.sqlite3") as db:
        slugs = [
            row[0]
            for row in db.execute(
                "SELECT slug FROM catalog_organisation WHERE draft_of_id IS NULL AND published_at IS NOT NULL"
            )
        ]
    site.start()
    try:
        start_peak, start = peak_mib(), time.perf_counter()
        for slug in slugs:
            harvest(site.url(f"/{slug}/export.json"))
        full = time.perf_counter() - start
        full_peak = peak_mib() - start_peak
        resources = InformationResource.objects.count()

        time.sleep(1.1)  # the source's clock counts whole seconds
        start_peak, start = peak_mib(), time.perf_counter()
        results = harvest_all()
        unchanged = time.perf_counter() - start
        unchanged_peak = peak_mib() - start_peak
        assert all(r.status == HarvestStatus.UNCHANGED for r in results), [r.message for r in results][:3]

        site.manage("shell", "-c", CHANGE_ONE)
        start_peak, start = peak_mib(), time.perf_counter()
        results = harvest_all()
        one_change = time.perf_counter() - start
        one_change_peak = peak_mib() - start_peak
        taken = [r for r in results if r.status == HarvestStatus.HARVESTED]
        assert len(taken) == 1, [r.message for r in results if r.status != HarvestStatus.UNCHANGED]
        sources = HarvestSource.objects.count()
    finally:
        site.stop()
        shutil.rmtree(target, ignore_errors=True)
    print(f"{len(slugs)} organisations, {resources} resources harvested from 127.0.0.1:{port}")
    print(f"{'harvest':34} {'s total':>8} {'s/1000 res.':>11} {'peak growth MiB':>16}")
    for label, seconds, peak in (
        ("first (whole exports)", full, full_peak),
        ("again, nothing changed", unchanged, unchanged_peak),
        ("again, one description changed", one_change, one_change_peak),
    ):
        print(f"{label:34} {seconds:>8.1f} {seconds / resources * 1000:>11.2f} {peak:>16.1f}")
    print(f"nothing changed / first: {unchanged / full:.2f}×; one change / first: {one_change / full:.2f}×")
    print(f"sources recorded: {sources}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 8170)
