"""Import speed of this checkout against an older one, interleaved (A B A B), medians per resource.

    python bench/import_speed_ab.py OLD_CHECKOUT [--resources 200] [--rounds 3]

Each round runs one fresh process per checkout on its own SQLite file: parse, import the synthetic
page of bench/import_bench.py and publish it (an older checkout without drafts imports straight to
the public tables, which is what its users waited for). Prints seconds per resource and the ratio.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ONE_RUN = r"""
import inspect, json, os, sys, time
root, resources = sys.argv[1], int(sys.argv[2])
sys.path.insert(0, root)
os.environ["DATABASE_URL"] = "sqlite:///" + sys.argv[3]
os.environ["DJANGO_SETTINGS_MODULE"] = "tietovaranto.config.settings"
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from bench.import_bench import synthetic_page
from tietovaranto.importer.services import page_import
page = synthetic_page(resources)
kwargs = {"publish": True} if "publish" in inspect.signature(page_import).parameters else {}
start = time.perf_counter()
page_import(text=page, organisation_name="Synteettinen kunta", **kwargs)
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def one(checkout: Path, resources: int) -> float:
    with tempfile.TemporaryDirectory(prefix="tv-import-ab-") as tmp:
        done = subprocess.run(
            [sys.executable, "-c", ONE_RUN, str(checkout), str(resources), f"{tmp}/db.sqlite3"],
            capture_output=True,
            text=True,
            cwd=tmp,
            check=True,
        )
    return float(json.loads(done.stdout.strip().splitlines()[-1])["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("old", type=Path, help="an older checkout of the project (a git worktree)")
    parser.add_argument("--resources", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    old: list[float] = []
    new: list[float] = []
    for round_number in range(1, args.rounds + 1):
        old.append(one(args.old.resolve(), args.resources))
        new.append(one(ROOT, args.resources))
        print(f"round {round_number}: old {old[-1]:.1f} s, this {new[-1]:.1f} s", flush=True)
    old_ms = statistics.median(old) / args.resources * 1000
    new_ms = statistics.median(new) / args.resources * 1000
    print(f"import + publish of {args.resources} resources, median of {args.rounds} rounds (A B A B)")
    print(f"  older checkout  {old_ms:7.2f} ms/resource")
    print(f"  this checkout   {new_ms:7.2f} ms/resource")
    print(f"  ratio           {new_ms / old_ms:7.2f}x (target: at most 2x)")


if __name__ == "__main__":
    main()
