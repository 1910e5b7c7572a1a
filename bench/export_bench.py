"""Export benchmark: every format on a small and the national-scale synthetic catalog.

Builds two SQLite databases with bench/synthetic_catalog.py, 30 × 35 (1,050 resources) and, by
default, 300 × 35 (10,500 resources), then runs each full export (all organisations) in a fresh
process, interleaved small, large, small, large, … for ROUNDS rounds, and prints per format the
median time per 1,000 resources and the growth of the process's peak memory (ru_maxrss after the
export minus before it) for both sizes. Streaming formats keep memory flat as the catalog grows;
JSON-LD and RDF/XML are serialised by rdflib from a whole graph and grow with it.
Usage: python bench/export_bench.py [ROUNDS] [LARGE_ORGANISATIONS] [FORMAT,FORMAT…]
EXPORT_BENCH_DIR=DIR reuses the databases built there by an earlier run (building 10,500 takes minutes).
EXPORT_BENCH_BASELINE=CHECKOUT also runs another checkout's exporters (e.g. a `git worktree` of an
older commit) on the same databases, interleaved with this one, and prints both side by side.
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ["json", "csv", "xlsx", "ttl", "jsonld", "rdf"]
PER_ORGANISATION = 35


def _setup(database: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tietovaranto.config.settings")
    import django

    django.setup()


def build(database: Path, organisations: int) -> None:
    _setup(database)
    from django.core.management import call_command

    from bench.synthetic_catalog import build_catalog

    call_command("migrate", verbosity=0)
    build_catalog(organisations, PER_ORGANISATION)


def measure(database: Path, format_name: str) -> None:
    """One export into a null sink; prints JSON with seconds, resources, bytes and peak growth."""
    _setup(database)
    from tietovaranto.catalog.models import InformationResource
    from tietovaranto.publishing.exporters import export_stream

    resources = InformationResource.objects.count()
    # warm up imports and connections on a tiny slice so they are not counted
    next(iter(export_stream("json")))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    size = 0
    for chunk in export_stream(format_name):
        size += len(chunk)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {"seconds": seconds, "resources": resources, "bytes": size, "peak_growth_kib": after - before}
        )
    )


def _run(*args: str, checkout: Path = ROOT) -> dict[str, float]:
    script = checkout / "bench" / "export_bench.py"
    output = subprocess.run(
        [sys.executable, str(script), *args], check=True, capture_output=True, text=True, cwd=checkout
    ).stdout
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(rounds: int, large_organisations: int, formats: list[str]) -> None:
    reuse = os.environ.get("EXPORT_BENCH_DIR")
    workdir = Path(reuse) if reuse else Path(tempfile.mkdtemp(prefix="tietovaranto-export-bench-"))
    sizes = {"small": 30, "large": large_organisations}
    databases = {name: workdir / f"{name}.sqlite3" for name in sizes}
    for name, organisations in sizes.items():
        if reuse and databases[name].exists():
            continue
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, __file__, "--build", str(databases[name]), str(organisations)],
            check=True,
            cwd=ROOT,
        )
        print(f"built {name}: {organisations} × {PER_ORGANISATION} in {time.perf_counter() - start:.0f} s")
    print(f"databases in {workdir}", flush=True)
    baseline = os.environ.get("EXPORT_BENCH_BASELINE")
    checkouts = {"this": ROOT, **({"baseline": Path(baseline).resolve()} if baseline else {})}
    results: dict[tuple[str, str, str], list[dict[str, float]]] = {}
    for _round in range(rounds):
        for format_name in formats:
            for name in sizes:  # interleaved: small, large, small, large … (and baseline, this, …)
                for variant, checkout in checkouts.items():
                    run = _run("--measure", str(databases[name]), format_name, checkout=checkout)
                    results.setdefault((variant, format_name, name), []).append(run)
                    print(f"  {variant} {format_name} {name}: {json.dumps(run)}", flush=True)
    print()
    print(f"median of {rounds} rounds; a fresh process per export; peak = growth of ru_maxrss during it")
    header = f"{'code':9}{'format':8} {'resources':>9} {'s total':>8} {'s/1000':>7} {'MB out':>7}"
    header += f" {'peak MiB':>9}"
    print(header)
    print("-" * len(header))
    for format_name in formats:
        for variant in checkouts:
            peaks = {}
            for name in sizes:
                runs = results[(variant, format_name, name)]
                count = int(runs[0]["resources"])
                seconds = statistics.median(r["seconds"] for r in runs)
                peak = statistics.median(r["peak_growth_kib"] for r in runs) / 1024
                peaks[name] = peak
                print(
                    f"{variant:9}{format_name:8} {count:>9} {seconds:>8.1f} {seconds / count * 1000:>7.2f} "
                    f"{runs[0]['bytes'] / 1e6:>7.1f} {peak:>9.1f}"
                )
            growth = peaks["large"] / peaks["small"] if peaks["small"] > 1 else float("nan")
            print(f"{'':17} peak memory large/small: {growth:.1f}×")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build"]:
        build(Path(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1:2] == ["--measure"]:
        measure(Path(sys.argv[2]), sys.argv[3])
    else:
        main(
            int(sys.argv[1]) if len(sys.argv) > 1 else 3,
            int(sys.argv[2]) if len(sys.argv) > 2 else 300,
            sys.argv[3].split(",") if len(sys.argv) > 3 else FORMATS,
        )
