"""Tietovaranto against a plain Datasette + FTS5 on the same synthetic catalog, both served for real.

Builds the synthetic catalog (bench/synthetic_catalog.py, default 300 × 35 = 10,500 resources) in
SQLite, builds our search index, loads the same resources into a Datasette database with FTS5, and
serves both on 127.0.0.1: gunicorn (DEBUG off) and `datasette serve`. Then, A B A B interleaved and
medians of several rounds:
- search latency p50/p95 over HTTP (JSON, one client; our 1 worker vs Datasette),
- throughput with 8 concurrent clients: search, resource page HTML and JSON (our 2 workers vs
  Datasette's default process; Datasette's row pages),
- worker memory (RSS) after the searches,
- index build time, interleaved in fresh processes: `tietovaranto rebuild-search-index` against
  Datasette's `sqlite-utils insert` + `enable-fts` (how the issue measured it), both timed
  in-process (our rebuild; Datasette's rows loaded with executemany + FTS5 'rebuild'), and the first
  build of the same catalog in a fresh PostgreSQL database (tables without statistics yet),
- first search on a freshly started worker,
- the search function's p95 on SQLite and on PostgreSQL, each in a warm process of its own, the two
  taking turns every 20 queries, with the PostgreSQL plan checked for the GIN index (PostgreSQL is
  skipped with --skip-postgres or when it is not reachable).
Every figure is printed with the ratio tietovaranto / Datasette and the issue's target (the in-process
build only for information: Datasette's load, as the issue measured it, is its two commands).
Usage: python bench/search_vs_datasette.py [--organisations 300] [--resources 35] [--rounds 3]
"""

import argparse
import http.client
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PG_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://tietovaranto:tietovaranto@127.0.0.1:5432/tv_search_bench"
)


# ---------------------------------------------------------------- building (in a Django process)
def _django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tietovaranto.config.settings")
    import django

    django.setup()


def build_tietovaranto(database_url: str, organisations: int, per_organisation: int) -> dict[str, float]:
    """Migrate, write the catalog, build the search index; returns the timings."""
    _django(database_url)
    from django.core.management import call_command

    from bench.synthetic_catalog import build_catalog
    from tietovaranto.search.indexing import default_workers, rebuild_index

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    resources = build_catalog(organisations, per_organisation)
    catalog_seconds = time.perf_counter() - start
    start = time.perf_counter()
    rebuild_index(workers=default_workers())  # as the command does
    return {
        "resources": resources,
        "catalog_s": catalog_seconds,
        "index_s": time.perf_counter() - start,
    }


def function_worker() -> None:
    """Run as a subprocess (DATABASE_URL set): warm up, print "ready", then for each line "i j" time
    queries i..j-1 without the result cache (the rounds repeat the queries, and every search must
    count) and print their milliseconds as JSON; for the line "plan", print search_plans()."""
    _django(os.environ["DATABASE_URL"])
    from django.conf import settings

    settings.SEARCH_RESULT_CACHE_SIZE = 0

    from bench.queries import query_mix
    from tietovaranto.search.services import search

    queries = query_mix()
    for query in queries[:20]:
        search(query, limit=20)
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() == "plan":
            print(json.dumps(search_plans()), flush=True)
            continue
        first, last = map(int, line.split())
        samples = []
        for query in queries[first:last]:
            start = time.perf_counter()
            search(query, limit=20)
            samples.append((time.perf_counter() - start) * 1000)
        print(json.dumps(samples), flush=True)


def search_plans() -> str:
    """PostgreSQL: a common query's matches, then its name tier, as search reads them: by the
    statements it prepared, with the plans they use after the rounds."""
    from django.db import connection, transaction

    from tietovaranto.search import backends, prepared
    from tietovaranto.search.services import analyse_query, lexicon, matching_groups

    if connection.vendor != "postgresql":
        return ""
    groups = matching_groups(analyse_query("lastensuojelun asiakirjat", lexicon()), lexicon())
    _tiers, any_term = backends.search_tiers(groups)
    plan = ""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for document, ranked in ((backends.ANY_FIELD, False), (backends.POSTGRES_TIER_DOCUMENTS[0], True)):
            statement = backends.ids_statement(document, ranked)
            sql, params = statement.call(any_term)
            prepared.execute(cursor, f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params, [statement])
            plan += "\n".join(row[0] for row in cursor.fetchall()) + "\n"
    return plan


def search_function_figures(
    databases: dict[str, str], queries: list[str], rounds: int
) -> dict[str, dict[str, Any]]:
    """Each database's search-function p50 and p95 (medians of the rounds' own), each in a warm
    process of its own, the databases taking turns every 20 queries (A B A B, the order swapped
    from chunk to chunk): a noisy machine slows both alike. PostgreSQL's also has its plans."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    workers = {
        name: subprocess.Popen(
            [sys.executable, __file__, "--function-worker"],
            env={**env, "DATABASE_URL": url, "LOG_LEVEL": "ERROR"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name, url in databases.items()
    }

    def ask(name: str, line: str) -> Any:
        worker = workers[name]
        assert worker.stdin is not None
        assert worker.stdout is not None
        worker.stdin.write(line + "\n")
        worker.stdin.flush()
        return json.loads(worker.stdout.readline())

    for worker in workers.values():
        assert worker.stdout is not None
        ready = worker.stdout.readline().strip()
        if ready != "ready":
            raise RuntimeError(f"a search-function worker did not start: {ready!r}")
    names = list(workers)
    samples: dict[str, list[list[float]]] = {name: [[] for _ in range(rounds)] for name in names}
    for round_index in range(rounds):
        for chunk, first in enumerate(range(0, len(queries), 20)):
            for name in names if (chunk + round_index) % 2 == 0 else names[::-1]:
                samples[name][round_index] += ask(name, f"{first} {first + 20}")
    figures: dict[str, dict[str, Any]] = {}
    for name, worker in workers.items():
        figures[name] = {
            "p50": statistics.median(percentile(round_samples, 50) for round_samples in samples[name]),
            "p95": statistics.median(percentile(round_samples, 95) for round_samples in samples[name]),
            "plan": ask(name, "plan"),
        }
        assert worker.stdin is not None
        worker.stdin.close()
        worker.wait()
    return figures


def _with_database(url: str, name: str) -> str:
    return urllib.parse.urlparse(url)._replace(path=f"/{name}").geturl()


def _fresh_postgres_database(url: str) -> None:
    import psycopg

    name = urllib.parse.urlparse(url).path.lstrip("/")
    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def postgres_reachable() -> bool:
    import psycopg

    try:
        psycopg.connect(_with_database(PG_URL, "postgres"), connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


# the first builds' own database: the search figures use PG_URL's
PG_BUILD_URL = _with_database(PG_URL, urllib.parse.urlparse(PG_URL).path.lstrip("/") + "_build")


def postgres_build_part(organisations: int, per_organisation: int) -> None:
    """Run as a subprocess: the catalog written to a fresh PostgreSQL database and its index built
    for the first time; prints the seconds of the build."""
    _fresh_postgres_database(PG_BUILD_URL)
    print(build_tietovaranto(PG_BUILD_URL, organisations, per_organisation)["index_s"])


def postgres_part(organisations: int, per_organisation: int) -> None:
    """Run as a subprocess: the same catalog in PostgreSQL, indexed and analysed, for the search
    function's figures (its build is timed by postgres_build_part)."""
    _fresh_postgres_database(PG_URL)
    build_tietovaranto(PG_URL, organisations, per_organisation)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def rebuild_part() -> None:
    """Run as a subprocess: rebuild the index of DATABASE_URL in a fresh process (cold analyser
    caches, as after an upgrade); prints the seconds of the rebuild itself."""
    _django(os.environ["DATABASE_URL"])
    from tietovaranto.search.indexing import default_workers, rebuild_index

    start = time.perf_counter()
    rebuild_index(workers=default_workers())  # as the command does
    print(time.perf_counter() - start)


# ---------------------------------------------------------------- Datasette's database
DATASETTE_COLUMNS = (
    "id",
    "organisation",
    "organisation_slug",
    "slug",
    "name",
    "description",
    "items",
    "search_criteria",
)


def datasette_rows(catalog_db: Path) -> list[tuple[Any, ...]]:
    """The resources as Datasette would publish them: one row each, items and criteria joined."""
    source = sqlite3.connect(catalog_db)
    rows = source.execute(
        """SELECT r.id, o.name, o.slug, r.slug, r.name, r.description,
                  COALESCE((SELECT group_concat(i.name, '; ') FROM catalog_resourceitem ri
                            JOIN catalog_item i ON i.id = ri.item_id WHERE ri.resource_id = r.id), ''),
                  COALESCE((SELECT group_concat(c.name, '; ') FROM catalog_searchcriterion c
                            WHERE c.resource_id = r.id), '')
           FROM catalog_informationresource r JOIN catalog_organisation o ON o.id = r.organisation_id"""
    ).fetchall()
    source.close()
    return rows


def load_datasette_cli(rows_json: Path, target: Path) -> float:
    """Datasette's documented way in, as the issue measured it: `sqlite-utils insert` of the rows
    and `sqlite-utils enable-fts`, two commands; returns their wall seconds."""
    start = time.perf_counter()
    sqlite_utils = str(BIN / "sqlite-utils")
    insert = [sqlite_utils, "insert", str(target), "resources", str(rows_json), "--pk", "id"]
    subprocess.run(insert, check=True)
    fts_columns = ["name", "description", "items", "search_criteria"]
    subprocess.run([sqlite_utils, "enable-fts", str(target), "resources", *fts_columns], check=True)
    return time.perf_counter() - start


def load_datasette(catalog_db: Path, target: Path) -> float:
    """The same resources loaded in-process with executemany and FTS5 enabled (what the two
    commands do, without their start-up and JSON parsing); returns seconds."""
    start = time.perf_counter()
    rows = datasette_rows(catalog_db)
    db = sqlite3.connect(target)
    db.execute(
        """CREATE TABLE resources (id INTEGER PRIMARY KEY, organisation TEXT, organisation_slug TEXT,
           slug TEXT, name TEXT, description TEXT, items TEXT, search_criteria TEXT)"""
    )
    db.executemany("INSERT INTO resources VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    # what `sqlite-utils enable-fts` does: an external-content FTS5 table Datasette detects
    db.execute(
        """CREATE VIRTUAL TABLE resources_fts USING fts5(name, description, items, search_criteria,
           content=[resources], content_rowid=[id])"""
    )
    db.execute("INSERT INTO resources_fts(resources_fts) VALUES ('rebuild')")
    db.commit()
    db.close()
    return time.perf_counter() - start


# ---------------------------------------------------------------- servers and clients
class Server:
    def __init__(self, name: str, command: list[str], port: int, env: dict[str, str], ready_path: str):
        self.name, self.command, self.port, self.env, self.ready_path = name, command, port, env, ready_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> float:
        """Start and wait until it answers; returns the seconds it took."""
        start = time.perf_counter()
        self.process = subprocess.Popen(
            self.command,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get(self.port, self.ready_path)[0] == 200:
                    return time.perf_counter() - start
            except OSError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.name} did not start: {' '.join(self.command)}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def worker_rss_mib(self) -> float:
        """Resident memory of the largest worker process (gunicorn's workers, or Datasette itself)."""
        assert self.process is not None
        pids = [self.process.pid] + _children(self.process.pid)
        workers = _children(self.process.pid) if self.name != "datasette" else pids
        return max(_rss_mib(pid) for pid in workers or pids)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@contextmanager
def serving(server: Server) -> Iterator[Server]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def timed_get(port: int, path: str) -> float:
    start = time.perf_counter()
    status, _body = get(port, path)
    elapsed = (time.perf_counter() - start) * 1000
    if status != 200:
        raise RuntimeError(f"{path} on port {port}: HTTP {status}")
    return elapsed


def throughput(port: int, paths: list[str], seconds: float, clients: int = 8) -> float:
    """Requests per second that `clients` concurrent clients complete, bounded in time."""
    done = [0] * clients
    stop_at = time.monotonic() + seconds

    def client(index: int) -> None:
        position = index * 17
        while time.monotonic() < stop_at:
            status, _body = get(port, paths[position % len(paths)])
            if status != 200:
                raise RuntimeError(f"HTTP {status}")
            position += 1
            done[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - start)


def visit_all(port: int, paths: list[str], times: int, clients: int = 8) -> None:
    """Every path `times` times over, by `clients` concurrent clients: with two workers taking
    connections as they come, each worker has then seen nearly every page."""
    work = [path for _time in range(times) for path in paths]
    lock = threading.Lock()

    def client() -> None:
        while True:
            with lock:
                if not work:
                    return
                path = work.pop()
            get(port, path)

    threads = [threading.Thread(target=client) for _i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def index_builds(
    catalog_db: Path, workdir: Path, rounds: int, postgres_build: list[str] | None = None
) -> dict[str, list[float]]:
    """Our index rebuild against Datasette's load, interleaved, each in fresh processes.

    Two pairs: the commands a user runs (`tietovaranto rebuild-search-index`; `sqlite-utils insert`
    + `enable-fts`), and the same work timed inside the process; with `postgres_build` (the command of
    postgres_build_part), a first build on PostgreSQL in each round too.
    """
    rows_json = workdir / "resources.json"
    rows = [dict(zip(DATASETTE_COLUMNS, row, strict=True)) for row in datasette_rows(catalog_db)]
    rows_json.write_text(json.dumps(rows))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{catalog_db}", "LOG_LEVEL": "ERROR"}
    builds: dict[str, list[float]] = {
        key: []
        for key in (
            "ours_command",
            "theirs_command",
            "ours_in_process",
            "theirs_in_process",
            "postgres_first",
        )
    }
    for n in range(rounds):
        start = time.perf_counter()
        command = [str(BIN / "tietovaranto"), "rebuild-search-index"]
        subprocess.run(command, env=env, check=True, capture_output=True)
        builds["ours_command"].append(time.perf_counter() - start)
        builds["theirs_command"].append(load_datasette_cli(rows_json, workdir / f"cli-{n}.db"))
        part = subprocess.run(
            [sys.executable, __file__, "--rebuild-part"], env=env, check=True, capture_output=True, text=True
        )
        builds["ours_in_process"].append(float(part.stdout.strip().splitlines()[-1]))
        builds["theirs_in_process"].append(load_datasette(catalog_db, workdir / f"load-{n}.db"))
        if postgres_build:
            part = subprocess.run(postgres_build, check=True, capture_output=True, text=True)
            builds["postgres_first"].append(float(part.stdout.strip().splitlines()[-1]))
    return builds


def percentile(samples: list[float], cut: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[cut - 1]


# ---------------------------------------------------------------- the run
def ratio_line(label: str, ours: float, theirs: float, unit: str, target: str, met: bool) -> str:
    ratio = ours / theirs if theirs else float("inf")
    return (
        f"{label:<50} {ours:9.1f} {theirs:9.1f} {unit:<6} {ratio:6.2f}×  "
        f"target {target}: {'met' if met else 'NOT met'}"
    )


def single_line(label: str, value: float, unit: str, limit: float) -> str:
    verdict = "met" if value <= limit else "NOT met"
    return f"{label:<50} {value:9.1f} {'':>9} {unit:<6} {'':>7}  target ≤ {limit:g} {unit}: {verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=300)
    parser.add_argument("--resources", type=int, default=35)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0, help="per throughput measurement")
    parser.add_argument("--port", type=int, default=8140, help="first of four ports")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument(
        "--baseline",
        type=Path,
        help="an older checkout (e.g. `git worktree add /tmp/before 3bc7e67`) served the same way on "
        "the same database, measured interleaved as 'before' (its schema must be the same)",
    )
    parser.add_argument("--postgres-part", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--postgres-build-part", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--rebuild-part", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--function-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rebuild_part:
        rebuild_part()
        return
    if args.function_worker:
        function_worker()
        return

    from bench.queries import query_mix

    queries = query_mix()
    catalog_size = ["--organisations", str(args.organisations), "--resources", str(args.resources)]
    if args.postgres_part:
        postgres_part(args.organisations, args.resources)
        return
    if args.postgres_build_part:
        postgres_build_part(args.organisations, args.resources)
        return

    workdir = Path(tempfile.mkdtemp(prefix="tietovaranto-vs-datasette-"))
    catalog_db = workdir / "tietovaranto.sqlite3"
    datasette_db = workdir / "bench.db"
    built = build_tietovaranto(f"sqlite:///{catalog_db}", args.organisations, args.resources)
    with_postgres = not args.skip_postgres and postgres_reachable()
    if not args.skip_postgres and not with_postgres:
        print("PostgreSQL is not reachable at", PG_URL, "- its figures are skipped")
    postgres_build = [sys.executable, __file__, "--postgres-build-part", *catalog_size]
    builds = index_builds(catalog_db, workdir, args.rounds, postgres_build if with_postgres else None)
    load_datasette(catalog_db, datasette_db)
    postgres = False  # its catalog ready for the search function's figures
    if with_postgres:
        completed = subprocess.run(
            [sys.executable, __file__, "--postgres-part", *catalog_size],
            capture_output=True,
            text=True,
            env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        )
        postgres = completed.returncode == 0
        if not postgres:
            print("PostgreSQL part failed:", completed.stderr.strip().splitlines()[-1:])

    databases = {"sqlite": f"sqlite:///{catalog_db}"}
    if postgres:
        databases["postgresql"] = PG_URL
    functions = search_function_figures(databases, queries, args.rounds)
    print(
        f"catalog: {built['resources']:.0f} resources; {len(queries)} queries; "
        f"{args.rounds} rounds, medians; work files in {workdir}"
    )

    with sqlite3.connect(catalog_db) as db:
        sample = db.execute(
            "SELECT r.id, o.slug, r.slug FROM catalog_informationresource r "
            "JOIN catalog_organisation o ON o.id = r.organisation_id"
        ).fetchall()
    pages = random.Random(3).sample(sample, 200)

    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL")},
        "DATABASE_URL": f"sqlite:///{catalog_db}",
        "SECRET_KEY": "bench-only-not-secret",
        "ALLOWED_HOSTS": HOST,
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "ERROR",
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }

    def gunicorn(
        workers: int, root: Path = ROOT, port: int = args.port, extra: dict[str, str] | None = None
    ) -> Server:
        return Server(
            "tietovaranto" if root == ROOT else "before",
            [
                str(BIN / "gunicorn"),
                "-c",
                "python:tietovaranto.config.gunicorn",  # production settings, with its search warm-up
                "tietovaranto.config.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"{HOST}:{port}",
                "--chdir",
                str(root),
            ],
            port,
            {**env, "PYTHONPATH": str(root), **(extra or {})},
            f"/api/v1/resources/{pages[0][1]}/{pages[0][2]}",
        )

    baseline: Path | None = args.baseline.resolve() if args.baseline else None

    def before_server(workers: int) -> Any:
        return serving(gunicorn(workers, baseline, args.port + 2)) if baseline else nullcontext(None)

    def uncached_server(workers: int) -> Any:
        """Ours without the cache of whole search results: what a query costs every time."""
        return serving(gunicorn(workers, port=args.port + 3, extra={"SEARCH_RESULT_CACHE_SIZE": "0"}))

    datasette = Server(
        "datasette",
        [str(BIN / "datasette"), "serve", str(datasette_db), "--host", HOST, "--port", str(args.port + 1)],
        args.port + 1,
        {k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "/bench/resources/1.json",
    )

    def ours_search(query: str) -> str:
        return "/api/v1/search?" + urllib.parse.urlencode({"q": query, "limit": 20})

    def theirs_search(query: str) -> str:
        return "/bench/resources.json?" + urllib.parse.urlencode({"_search": query, "_size": 20})

    # First search on a fresh worker: a new gunicorn each time, warmed by one resource request only.
    first_searches = []
    for round_index in range(args.rounds):
        with serving(gunicorn(1)) as server:
            first_searches.append(timed_get(server.port, ours_search(queries[round_index])))

    results: dict[str, tuple[float, float]] = {}
    with serving(datasette):
        # latency: one worker, one client, A B A B
        with serving(gunicorn(1)) as ours, before_server(1) as before, uncached_server(1) as uncached:
            sides = [
                ("ours", ours.port, ours_search),
                ("theirs", datasette.port, theirs_search),
                ("uncached", uncached.port, ours_search),
            ]
            if before is not None:
                sides.append(("before", before.port, ours_search))
            p50s: dict[str, list[float]] = {side: [] for side, _port, _path in sides}
            p95s: dict[str, list[float]] = {side: [] for side, _port, _path in sides}
            cold: dict[str, list[float]] = {side: [] for side, _port, _path in sides}
            for query in queries[:20]:
                for _side, port, path in sides:
                    timed_get(port, path(query))
            # the first time each query is seen by the worker (after the 20 warm-up queries): a
            # cache of whole results would not help here
            seen = set(queries[:20])
            for _round in range(args.rounds):
                samples: dict[str, list[float]] = {side: [] for side, _port, _path in sides}
                for query in queries:
                    first_time = query not in seen
                    seen.add(query)
                    for side, port, path in sides:
                        elapsed = timed_get(port, path(query))
                        samples[side].append(elapsed)
                        if first_time:
                            cold[side].append(elapsed)
                for side in samples:
                    p50s[side].append(percentile(samples[side], 50))
                    p95s[side].append(percentile(samples[side], 95))
            rss_ours = ours.worker_rss_mib()
            rss_theirs = datasette.worker_rss_mib()
            rss_before = before.worker_rss_mib() if before is not None else 0.0
            # the first view of a resource page (nothing cached yet), A B A B
            first_views: dict[str, list[float]] = {side: [] for side, _port, _path in sides}
            for _id, org, slug in pages[1:61]:
                first_views["ours"].append(timed_get(ours.port, f"/{org}/resources/{slug}/"))
                first_views["theirs"].append(timed_get(datasette.port, f"/bench/resources/{_id}"))
                if before is not None:
                    first_views["before"].append(timed_get(before.port, f"/{org}/resources/{slug}/"))
            found_theirs = sum(
                (json.loads(get(datasette.port, theirs_search(q))[1]).get("filtered_table_rows_count") or 0)
                > 0
                for q in queries
            )
        for side in p50s:
            results[f"p50-{side}"] = (statistics.median(p50s[side]), 0)
            results[f"p95-{side}"] = (statistics.median(p95s[side]), 0)
            results[f"cold-p50-{side}"] = (percentile(cold[side], 50), 0)
            results[f"cold-p95-{side}"] = (percentile(cold[side], 95), 0)

        # throughput: 8 clients, our 2 workers vs Datasette's default; A B A B
        workloads: dict[str, tuple[list[str], list[str]]] = {
            "search": ([ours_search(q) for q in queries], [theirs_search(q) for q in queries]),
            "resource page HTML": (
                [f"/{org}/resources/{slug}/" for _id, org, slug in pages],
                [f"/bench/resources/{rid}" for rid, _org, _slug in pages],
            ),
            "resource JSON": (
                [f"/api/v1/resources/{org}/{slug}" for _id, org, slug in pages],
                [f"/bench/resources/{rid}.json" for rid, _org, _slug in pages],
            ),
        }
        rates: dict[str, dict[str, list[float]]] = {
            name: {"ours": [], "theirs": [], "before": [], "uncached": []} for name in workloads
        }
        with serving(gunicorn(2)) as ours2, before_server(2) as before2, uncached_server(2) as uncached2:
            for name, (ours_paths, theirs_paths) in workloads.items():
                order = [("ours", ours2.port, ours_paths), ("theirs", datasette.port, theirs_paths)]
                if name == "search":
                    order.append(("uncached", uncached2.port, ours_paths))
                if before2 is not None:
                    order.append(("before", before2.port, ours_paths))
                for _side, port, paths in order:
                    if name == "search":
                        throughput(port, paths, 1.0)  # warm every worker
                    else:
                        # pages are kept per worker once seen: measure the steady state (the
                        # first view of a page is measured apart, above)
                        visit_all(port, paths, 5)
                for round_index in range(args.rounds):
                    shift = round_index % len(order)
                    for side, port, paths in order[shift:] + order[:shift]:
                        rates[name][side].append(throughput(port, paths, args.seconds))

    print(f"Datasette finds something for {found_theirs} of {len(queries)} queries")
    print(f"{'figure':<50} {'ours':>9} {'Datasette':>9} {'unit':<6} {'ratio':>7}")
    # Ours answers a repeated search from its per-process result cache; "no result cache" is a
    # second gunicorn with SEARCH_RESULT_CACHE_SIZE=0, and "first sight" the requests of queries
    # the worker had not seen before. The targets are judged on the figures without the cache.
    theirs_p50, theirs_p95 = results["p50-theirs"][0], results["p95-theirs"][0]
    latency_lines = [
        ("search p50, no result cache (1 worker, 1 client)", results["p50-uncached"][0], theirs_p50, "none"),
        ("search p95, no result cache (1 worker, 1 client)", results["p95-uncached"][0], theirs_p95, "≤ 1×"),
        ("search p50, result cache on (queries repeat)", results["p50-ours"][0], theirs_p50, "none"),
        ("search p95, result cache on (queries repeat)", results["p95-ours"][0], theirs_p95, "(cache)"),
        (
            f"search p95, cache on, first sight of a query ({len(cold['ours'])})",
            results["cold-p95-ours"][0],
            results["cold-p95-theirs"][0],
            "≤ 1×",
        ),
    ]
    for label, ours_value, theirs_value, target in latency_lines:
        print(ratio_line(label, ours_value, theirs_value, "ms", target, ours_value <= theirs_value))
    print(
        ratio_line(
            "resource page HTML, first view p50 (1 worker)",
            statistics.median(first_views["ours"]),
            statistics.median(first_views["theirs"]),
            "ms",
            "none",
            True,
        )
    )
    for name, rate in rates.items():
        ours_rate, theirs_rate = statistics.median(rate["ours"]), statistics.median(rate["theirs"])
        wanted = 1.0 if name == "search" else 2.0
        if name == "search":
            uncached_rate = statistics.median(rate["uncached"])
            print(
                ratio_line(
                    "search throughput, no result cache (8 clients, 2 workers)",
                    uncached_rate,
                    theirs_rate,
                    "req/s",
                    "≥ 1×",
                    uncached_rate >= theirs_rate,
                )
            )
        label = "search throughput, result cache on" if name == "search" else f"{name} throughput"
        print(
            ratio_line(
                f"{label} (8 clients, 2 workers)",
                ours_rate,
                theirs_rate,
                "req/s",
                f"≥ {wanted:.0f}×" if name != "search" else "(cache)",
                ours_rate >= wanted * theirs_rate,
            )
        )
    print(
        ratio_line(
            "worker memory after the searches (RSS)",
            rss_ours,
            rss_theirs,
            "MiB",
            "≤ 2×",
            rss_ours <= 2 * rss_theirs,
        )
    )
    if baseline is not None:
        print(f"before ({baseline}) → after, same run, same machine:")
        before_lines = [
            ("search p50, no result cache", results["p50-before"][0], results["p50-uncached"][0], "ms"),
            ("search p95, no result cache", results["p95-before"][0], results["p95-uncached"][0], "ms"),
            ("search p95, result cache on", results["p95-before"][0], results["p95-ours"][0], "ms"),
            (
                "search throughput, no result cache",
                statistics.median(rates["search"]["before"]),
                statistics.median(rates["search"]["uncached"]),
                "req/s",
            ),
            *(
                (
                    f"{name} throughput" + (", result cache on" if name == "search" else ""),
                    statistics.median(sides["before"]),
                    statistics.median(sides["ours"]),
                    "req/s",
                )
                for name, sides in rates.items()
            ),
            ("worker memory (RSS)", rss_before, rss_ours, "MiB"),
            (
                "resource page HTML, first view p50",
                statistics.median(first_views["before"]),
                statistics.median(first_views["ours"]),
                "ms",
            ),
        ]
        for label, old_value, new_value, unit in before_lines:
            print(
                f"  {label:<42} {old_value:9.1f} → {new_value:9.1f} {unit:<6} {new_value / old_value:6.2f}×"
            )
    ours_s, theirs_s = statistics.median(builds["ours_command"]), statistics.median(builds["theirs_command"])
    label = "index build, commands (sqlite-utils insert + enable-fts)"
    print(ratio_line(label, ours_s, theirs_s, "s", "≤ 2×", ours_s <= 2 * theirs_s))
    # Datasette's load is its two commands, as the issue measured it; inside the process its side is a
    # bare executemany and FTS5 'rebuild' (no start-up, no JSON, no analysis): a diagnostic, no target
    ours_s, theirs_s = (
        statistics.median(builds["ours_in_process"]),
        statistics.median(builds["theirs_in_process"]),
    )
    label = "index build, in-process (executemany + FTS5 rebuild)"
    print(
        f"{label:<50} {ours_s:9.1f} {theirs_s:9.1f} {'s':<6} {ours_s / theirs_s:6.2f}×  "
        "for information (no start-up or JSON on their side)"
    )
    first = statistics.median(first_searches)
    print(single_line("first search on a fresh worker", first, "ms", 50))
    sqlite_p95 = float(functions["sqlite"]["p95"])
    print(single_line("search function p95, SQLite", sqlite_p95, "ms", 10))
    if postgres:
        pg_index_s = statistics.median(builds["postgres_first"])
        theirs_s = statistics.median(builds["theirs_command"])
        print(
            ratio_line(
                "index build, PostgreSQL first build (vs the commands)",
                pg_index_s,
                theirs_s,
                "s",
                "≤ 2×",
                pg_index_s <= 2 * theirs_s,
            )
        )
        pg_p95 = float(functions["postgresql"]["p95"])
        plan = str(functions["postgresql"]["plan"])
        uses_gin = "search_document_description_gin" in plan and "search_document_name_gin" in plan
        print(single_line("search function p95, PostgreSQL", pg_p95, "ms", 10))
        print(f"PostgreSQL / SQLite search function p95 (taking turns): {pg_p95 / sqlite_p95:.2f}×")
        print(f"PostgreSQL plans (matches, name tier) use their GIN indexes: {'yes' if uses_gin else 'NO'}")
        print("  " + "\n  ".join(plan.splitlines()))
    print("index builds, each round (s):")
    for key, seconds in builds.items():
        if seconds:
            print(f"  {key:<18} {' '.join(f'{each:.3f}' for each in seconds)}")


if __name__ == "__main__":
    main()
