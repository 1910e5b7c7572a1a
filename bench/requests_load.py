"""Information requests under load and faults, on a real gunicorn site; prints figures.

    .venv/bin/python bench/requests_load.py [--database sqlite|postgres|both]
                                            [--only burst,kill,smtp,sustained] [--seconds 60]

- burst: N parallel submissions (half API, half web form) against 4 workers, N = 50 and 200:
  status counts, duplicates, and whether every accepted request is stored with its receipt event and
  both e-mails queued.
- kill: kill -9 of the whole server (master and workers) in the middle of a burst of 200; restart;
  every request that was answered 201/302 must be stored, and none half stored.
- smtp: SMTP down while 20 requests come in and `send_mail` runs; then up, `retry_deferred` +
  `send_mail`: every message delivered exactly once.
- sustained: 60 s of mixed traffic (browse, search, form GET, a few POSTs) against 2 workers:
  requests per second, errors, p50/p95 latency.

Everything runs on 127.0.0.1 (ports 8130–8139 unless BENCH_PORT is set), loops are bounded. PostgreSQL:
BENCH_POSTGRES_URL (default the local tv_robust database; a fresh database is created beside it).
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.live_site import LiveSite, Result, accepted, smtp_server  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8130"))
SMTP_PORT = PORT + 1
POSTGRES_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://tietovaranto:tietovaranto@127.0.0.1:5432/tv_robust"
)


def site(kind: str, workers: int = 4, smtp: bool = False) -> LiveSite:
    return LiveSite(
        kind, PORT, workers=workers, smtp_port=SMTP_PORT if smtp else None, postgres_url=POSTGRES_URL
    )


def burst(live: LiveSite, count: int, label: str = "burst") -> list[Result]:
    """`count` submissions released at once: even ones through the API, odd ones through the form."""
    gate = threading.Barrier(count)

    def one(i: int) -> Result:
        subject = f"{label} {i}: kaupungin rekrytointien hakijamäärät"
        if i % 2 == 0:
            gate.wait()
            return live.submit_api(subject)
        try:
            opener, csrf, token = live.form_opener()  # the GET happens before the burst
        except OSError:
            gate.wait()
            return Result("form", 0)
        from bench.live_site import form_data

        gate.wait()
        return live.post_form(opener, form_data(subject, csrf, token))

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


def check_stored(live: LiveSite, results: list[Result]) -> dict[str, int]:
    """Accepted → stored with its receipt event and 2 e-mails; nothing stored half."""
    stored = live.stored()
    by_token = {row["token"]: ref for ref, row in stored.items()}
    ok = accepted(results)
    refs = [r.reference if r.via == "api" else by_token.get(r.token, "") for r in ok]
    missing = sum(1 for ref in refs if ref not in stored)
    half = sum(1 for row in stored.values() if row["events"] < 1 or row["mails"] < 2)
    return {
        "accepted": len(ok),
        "stored": len(stored),
        "accepted_not_stored": missing,
        "duplicate_references": len(refs) - len(set(refs)),
        "half_stored": half,
    }


def statuses(results: list[Result]) -> str:
    return ", ".join(f"{code}×{n}" for code, n in sorted(Counter(r.status for r in results).items()))


def run_burst(kind: str) -> None:
    with site(kind) as live:
        for count in (50, 200):
            started = time.monotonic()
            results = burst(live, count, label=f"n{count}")
            seconds = time.monotonic() - started
            latencies = sorted(r.seconds for r in results)
            p95 = latencies[int(0.95 * (len(latencies) - 1))]
            print(
                f"[{kind}] burst {count}: {statuses(results)}; {seconds:.1f} s; p95 {p95:.2f} s; "
                f"{check_stored(live, results)}"
            )
            live.query("DELETE FROM inforequests_submissionkey")  # the next burst starts empty
            live.query("DELETE FROM inforequests_requestevent")
            live.query("DELETE FROM inforequests_informationrequest_resources")
            live.query("DELETE FROM inforequests_informationrequest")
            live.query("DELETE FROM mailer_message")


def run_kill(kind: str) -> None:
    with site(kind) as live:
        results: list[Result] = []
        thread = threading.Thread(target=lambda: results.extend(burst(live, 200, label="kill")))
        thread.start()
        # Kill when a part of the burst is stored: requests are then in flight in every worker
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and thread.is_alive():
            if live.query("SELECT COUNT(*) FROM inforequests_informationrequest")[0][0] >= 40:
                break
            time.sleep(0.05)
        live.kill9()
        thread.join()
        live.start()
        print(f"[{kind}] kill -9 mid-burst of 200: {statuses(results)}; {check_stored(live, results)}")


def run_smtp(kind: str) -> None:
    with site(kind, smtp=True) as live:
        results = [
            live.submit_api(f"smtp {i}") if i % 2 else live.submit_form(f"smtp {i}") for i in range(20)
        ]
        ok = len(accepted(results))
        live.manage("send_mail", "-v0", check=False)  # SMTP is down: every message deferred
        deferred = live.query("SELECT COUNT(*) FROM mailer_message")[0][0]
        with smtp_server(SMTP_PORT) as (_controller, received):
            live.manage("retry_deferred", "-v0")
            live.manage("send_mail", "-v0")
            live.manage("retry_deferred", "-v0")  # a second round must not send anything twice
            live.manage("send_mail", "-v0")
            ids = [e.content.decode(errors="replace").split("Message-ID:")[1].split()[0] for e in received]
        left = live.query("SELECT COUNT(*) FROM mailer_message")[0][0]
        print(
            f"[{kind}] SMTP outage: {ok}/20 accepted, {deferred} messages deferred while down; after "
            f"retry_deferred + send_mail: {len(received)} delivered, {len(ids) - len(set(ids))} twice, "
            f"{left} left in the queue"
        )


def run_sustained(kind: str, seconds: float) -> None:
    with site(kind, workers=2) as live:
        paths = [
            "/",
            "/kaarinan-kaupunki/resources/henkilostotietovaranto/",
            "/kaarinan-kaupunki/description/",
            "/search/?q=palkka",
            "/search/?q=rakennusluvat",
            "/api/v1/search?q=luottamushenkilöt".replace("ö", "%C3%B6"),
            "/kaarinan-kaupunki/request/?resource=henkilostotietovaranto",
        ]
        latencies: list[float] = []
        errors: Counter[str] = Counter()
        posts = 0
        stop_at = time.monotonic() + seconds
        lock = threading.Lock()

        def client(seed: int) -> None:
            nonlocal posts
            rng = random.Random(seed)
            while time.monotonic() < stop_at:
                started = time.monotonic()
                if rng.random() < 0.03:
                    result = (
                        live.submit_form("sustained") if rng.random() < 0.5 else live.submit_api("sustained")
                    )
                    ok = result in accepted([result])
                    label = f"POST {result.status}"
                    with lock:
                        posts += 1
                else:
                    status, _body = live.get(rng.choice(paths))
                    ok, label = status == 200, f"GET {status}"
                with lock:
                    latencies.append(time.monotonic() - started)
                    if not ok:
                        errors[label] += 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        latencies.sort()
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(
            f"[{kind}] sustained {seconds:.0f} s, 2 workers, 8 clients: "
            f"{len(latencies) / seconds:.1f} req/s, "
            f"{posts} POSTs, errors {dict(errors) or 0}, p50 {statistics.median(latencies) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--only", default="burst,kill,smtp,sustained")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the sustained run")
    args = parser.parse_args()
    kinds = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    revision = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout
    print(f"requests_load at {revision.strip() or '?'}, gunicorn on 127.0.0.1:{PORT}")
    for kind in kinds:
        for scenario in args.only.split(","):
            if scenario == "burst":
                run_burst(kind)
            elif scenario == "kill":
                run_kill(kind)
            elif scenario == "smtp":
                run_smtp(kind)
            elif scenario == "sustained":
                run_sustained(kind, args.seconds)


if __name__ == "__main__":
    main()
