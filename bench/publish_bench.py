"""Publishing a draft of a 1,000-resource organisation: first publication, then a one-resource edit.

Prints, per round and as medians, the time of: the import into the draft, the first publish (every
row created on the live side and indexed), and publishing a draft where one resource changed (only
that row written, the whole organisation re-indexed). Usage: python bench/publish_bench.py [ROUNDS]
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
workdir = tempfile.mkdtemp(prefix="tietovaranto-publish-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tietovaranto.config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from import_bench import synthetic_page  # type: ignore[import-not-found]  # noqa: E402

from tietovaranto.catalog.models import InformationResource, Organisation  # noqa: E402
from tietovaranto.importer.services import page_import  # noqa: E402
from tietovaranto.publishing.services import draft_for, publish  # noqa: E402


def seconds(action, /, **kwargs) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    action(**kwargs)
    return time.perf_counter() - start


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    resources = 1000
    call_command("migrate", verbosity=0)
    page = synthetic_page(resources)
    figures: dict[str, list[float]] = {"import into draft": [], "first publish": [], "publish one edit": []}
    for number in range(rounds):
        name = f"Julkaisukunta {number}"
        figures["import into draft"].append(seconds(page_import, text=page, organisation_name=name))
        live = Organisation.objects.get(name=name)
        figures["first publish"].append(seconds(publish, organisation=live, reason="Ensimmäinen julkaisu"))
        resource = InformationResource.all_objects.filter(organisation=draft_for(live)).first()
        assert resource is not None
        resource.description = "Muutettu kuvaus."
        resource.save()
        figures["publish one edit"].append(seconds(publish, organisation=live, reason="Yksi muutos"))
        print(f"round {number + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in figures.items()))
    print(f"\n{resources} resources, median of {rounds} rounds (SQLite, {workdir}):")
    for key, values in figures.items():
        median = statistics.median(values)
        print(f"  {key:<20} {median:7.2f} s   {median / resources * 1000:6.2f} ms per resource")


if __name__ == "__main__":
    main()
