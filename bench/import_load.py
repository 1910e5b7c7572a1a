"""The public site while a large import commits: front page, request form and submissions; prints figures.

    .venv/bin/python bench/import_load.py [--resources 600] [--workers 4] [--database sqlite|postgres]

A real gunicorn site (its own fresh database, the Kaarina page published) on 127.0.0.1 (port 8160 unless
BENCH_PORT is set). Probe clients load the front page and the request form over and over, and one
sends an API submission every half second, first for a few seconds with no import (the baseline),
then while a separate process imports a synthetic page of N resources into the same organisation
and publishes it (as `tietovaranto import-page … --publish` does: the import's transaction, then the
publication's). Prints, per phase and per probe: count, errors (any status other than 200/201/302,
or no answer), p50, p95 and max latency, and how long each of the import's write transactions held
the database (the time a submission may have to wait on SQLite, which has one writer at a time).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.live_site import LiveSite  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8160"))
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://tietovaranto:tietovaranto@127.0.0.1:5432/tv_pdf"
)
ORGANISATION = "Kaarinan kaupunki"
OK = {200, 201, 302}


@dataclass
class Probe:
    kind: str  # "front", "form", "submit"
    started: float
    seconds: float
    status: int


def probe_loop(live: LiveSite, kind: str, stop: threading.Event, out: list[Probe], pause: float) -> None:
    number = 0
    while not stop.is_set():
        number += 1
        started = time.monotonic()
        if kind == "front":
            status, _ = live.get("/", timeout=60)
        elif kind == "form":
            status, _ = live.get("/kaarinan-kaupunki/request/?resource=henkilostotietovaranto", timeout=60)
        else:
            status = live.submit_api(f"Kuormitus {number}: kaupungin rekrytointien hakijamäärät").status
        out.append(Probe(kind, started, time.monotonic() - started, status))
        if pause:
            stop.wait(pause)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * (len(ordered) - 1) + 0.5))]


def report(label: str, probes: list[Probe]) -> None:
    by_kind: dict[str, list[Probe]] = defaultdict(list)
    for probe in probes:
        by_kind[probe.kind].append(probe)
    for kind in ("front", "form", "submit"):
        found = by_kind.get(kind, [])
        if not found:
            print(f"  {label:<14} {kind:<7} no probes")
            continue
        latencies = [p.seconds * 1000 for p in found]
        errors = [p.status for p in found if p.status not in OK]
        print(
            f"  {label:<14} {kind:<7} n={len(found):<5} errors={len(errors):<3}"
            f"{' ' + str(sorted(set(errors))) if errors else ''}  p50 {percentile(latencies, 0.5):7.0f} ms"
            f"  p95 {percentile(latencies, 0.95):7.0f} ms  max {max(latencies):7.0f} ms"
        )


def import_worker(path: str, resources: int) -> None:
    """Runs in its own process against the site's database: the import, then the publication, each
    timed; prints one JSON line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tietovaranto.config.settings")
    import django

    django.setup()
    from bench.import_bench import synthetic_page
    from tietovaranto.catalog.models import Organisation
    from tietovaranto.importer.services import page_import
    from tietovaranto.publishing.services import publish

    text = synthetic_page(resources)
    Path(path).write_text(text)
    started = time.monotonic()
    page_import(text=text, organisation_name=ORGANISATION, source=path)
    imported = time.monotonic()
    live = Organisation.objects.get(name=ORGANISATION)
    publish(live, reason="bench import", user=None)
    published = time.monotonic()
    print(json.dumps({"import": imported - started, "publish": published - imported}), flush=True)


def run(kind: str, resources: int, workers: int, baseline_seconds: float) -> None:
    with LiveSite(kind, PORT, workers=workers, postgres_url=POSTGRES_URL) as live:
        probes: list[Probe] = []
        stop = threading.Event()
        threads = [
            threading.Thread(target=probe_loop, args=(live, "front", stop, probes, 0.0)),
            threading.Thread(target=probe_loop, args=(live, "form", stop, probes, 0.0)),
            threading.Thread(target=probe_loop, args=(live, "submit", stop, probes, 0.5)),
        ]
        for _ in range(2 * workers):  # every worker imports its modules before the baseline is timed
            live.get("/kaarinan-kaupunki/request/?resource=henkilostotietovaranto", timeout=120)
            live.submit_api("Lämmittely")
        for thread in threads:
            thread.start()
        time.sleep(baseline_seconds)
        import_started = time.monotonic()
        worker = subprocess.run(
            [
                sys.executable,
                __file__,
                "--import-worker",
                str(Path(tempfile.mkdtemp(prefix="tv-import-")) / "page.txt"),
                "--resources",
                str(resources),
            ],
            env=live.env() | {"PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
            cwd=live.directory,
            capture_output=True,
            text=True,
        )
        import_ended = time.monotonic()
        time.sleep(2)
        stop.set()
        for thread in threads:
            thread.join()
        if worker.returncode:
            raise RuntimeError(f"the import failed:\n{worker.stderr[-3000:]}")
        phases = json.loads(worker.stdout.strip().splitlines()[-1])
        print(
            f"[{kind}, {workers} workers] import of {resources} resources: "
            f"{import_ended - import_started:.1f} s "
            f"(import transaction {phases['import']:.1f} s, publication {phases['publish']:.1f} s)"
        )
        report("before import", [p for p in probes if p.started < import_started])
        report(
            "during import",
            [p for p in probes if import_started <= p.started < import_ended],
        )
        publish_started = import_started + phases["import"]
        for probe in sorted(probes, key=lambda p: -p.seconds)[:5]:
            offset = probe.started - import_started
            phase = "before" if offset < 0 else "import" if probe.started < publish_started else "publish"
            print(
                f"  slow: {probe.kind:<6} {probe.seconds * 1000:6.0f} ms, status {probe.status}, "
                f"{offset:+.1f} s from the import's start ({phase})"
            )
        lost = [p for p in probes if p.kind == "submit" and p.status not in OK]
        stored = live.query("SELECT COUNT(*) FROM inforequests_informationrequest")[0][0]
        answered = sum(1 for p in probes if p.kind == "submit" and p.status == 201)
        warm_up = 2 * workers
        print(
            f"  submissions answered 201: {answered} (+{warm_up} warm-up), stored: {stored}, "
            f"failed: {len(lost)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--resources", type=int, default=600)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--baseline-seconds", type=float, default=8.0)
    parser.add_argument("--import-worker", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_worker:
        import_worker(args.import_worker, args.resources)
        return
    run(args.database, args.resources, args.workers, args.baseline_seconds)


if __name__ == "__main__":
    main()
