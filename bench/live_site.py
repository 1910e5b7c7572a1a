"""A real site for load and fault tests: its own database, gunicorn workers, a local SMTP server.

Used by bench/requests_load.py (figures) and by the concurrency tests. Everything binds 127.0.0.1.
The database is created fresh (a SQLite file, or a PostgreSQL database beside the given one),
migrated and loaded with the Kaarina page by the same commands an operator runs.
"""

import base64
import contextlib
import http.cookiejar
import json
import os
import pickle
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SEED = ROOT / "tietovaranto" / "importer" / "demo" / "kaarina-tietovarannot.txt"
ORGANISATION = "Kaarinan kaupunki"
ORG_SLUG = "kaarinan-kaupunki"
RESOURCE = "henkilostotietovaranto"
TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


@dataclass
class Result:
    """One submission as the client saw it."""

    via: str  # "api" or "form"
    status: int  # HTTP status, 0 = connection failed
    reference: str = ""  # from the 201 body (API)
    token: str = ""  # from the receipt redirect (form)
    seconds: float = 0.0


@dataclass
class LiveSite:
    kind: str  # "sqlite" or "postgres"
    port: int
    workers: int = 4
    smtp_port: int | None = None
    postgres_url: str = "postgres://tietovaranto:tietovaranto@127.0.0.1:5432/tv_robust"
    extra_env: dict[str, str] = field(default_factory=dict)
    directory: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="tv-live-")))
    process: subprocess.Popen[bytes] | None = None

    # -- database -----------------------------------------------------------------------------------

    @property
    def database_name(self) -> str:
        return f"{urllib.parse.urlparse(self.postgres_url).path.lstrip('/')}_live_{os.getpid()}"

    @property
    def database_url(self) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.directory / 'site.sqlite3'}"
        return self.postgres_url.rsplit("/", 1)[0] + "/" + self.database_name

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env |= {
            "DATABASE_URL": self.database_url,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"http://127.0.0.1:{self.port}",
            "REQUEST_RATE_LIMIT": "100000/600",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp_port}" if self.smtp_port else "console://",
            "EMAIL_TIMEOUT": "3",
            "MAILER_LOCK_PATH": str(self.directory / "send-mail"),
            "LOG_LEVEL": "ERROR",
        }
        return env | self.extra_env

    def _postgres_admin(self, sql: str) -> None:
        import psycopg

        maintenance = (
            self.postgres_url.rsplit("/", 1)[0].replace("postgres://", "postgresql://") + "/postgres"
        )
        with psycopg.connect(maintenance, autocommit=True) as db:
            db.execute(sql)

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(BIN / "tietovaranto"), *args],
            env=self.env(),
            cwd=self.directory,
            capture_output=True,
            text=True,
            timeout=600,  # a command that hangs fails its test instead of stalling the suite
        )
        if check and done.returncode:
            raise RuntimeError(f"tietovaranto {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done

    def create(self) -> None:
        if self.kind == "postgres":
            self._postgres_admin(f'DROP DATABASE IF EXISTS "{self.database_name}"')
            self._postgres_admin(f'CREATE DATABASE "{self.database_name}"')
        self.manage("migrate", "--noinput", "-v0")
        self.manage("import-page", str(SEED), "--organisation", ORGANISATION, "--publish")

    def drop(self) -> None:
        if self.kind == "postgres":
            self._postgres_admin(f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)')

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Raw SQL against the site's database, as an auditor would read it."""
        if self.kind == "sqlite":
            with contextlib.closing(sqlite3.connect(self.directory / "site.sqlite3", timeout=30)) as db:
                rows = db.execute(sql, params).fetchall()
                db.commit()
                return rows
        import psycopg

        with psycopg.connect(self.database_url.replace("postgres://", "postgresql://")) as db:
            cursor = db.execute(sql.replace("?", "%s"), params)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []

    # -- server -------------------------------------------------------------------------------------

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "tietovaranto.config.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
                "--no-control-socket",  # gunicorn's default socket is shared by every instance
                "--error-logfile",
                str(self.directory / "gunicorn.log"),
            ],
            env=self.env(),
            cwd=self.directory,
            stdout=(self.directory / "server.log").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # one process group: kill -9 hits the master and every worker
        )
        try:
            wait_for_port(self.port)
            self.get("/", timeout=180)  # the first request imports Django and Voikko
        except BaseException:
            self.kill9()
            raise

    def kill9(self) -> None:
        if self.process:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        if self.process:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill9()
            self.process = None

    def __enter__(self) -> "LiveSite":
        self.create()
        try:
            self.start()
        except BaseException:
            self.drop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self.drop()

    # -- clients ------------------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str, timeout: float = 30) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url(path), timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def submit_api(self, subject: str, idempotency_key: str = "", forwarded_for: str = "") -> Result:
        payload = {
            "organisation": ORG_SLUG,
            "resources": [RESOURCE],
            "subject": subject,
            "requester_email": "pyytaja@example.org",
        }
        headers = {"Content-Type": "application/json"}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        if forwarded_for:  # the client as a trusted proxy reports it (TRUSTED_PROXIES=1)
            headers["X-Forwarded-For"] = forwarded_for
        request = urllib.request.Request(
            self.url("/api/v1/requests"), data=json.dumps(payload).encode(), headers=headers, method="POST"
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                body = json.loads(response.read())
                return Result("api", response.status, body["reference"], seconds=time.monotonic() - started)
        except urllib.error.HTTPError as error:
            return Result("api", error.code, seconds=time.monotonic() - started)
        except OSError:
            return Result("api", 0, seconds=time.monotonic() - started)

    def form_opener(self) -> tuple[urllib.request.OpenerDirector, str, str]:
        """A browser: its cookies, and the form's CSRF and one-time tokens (as fetched by GET)."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())
        with opener.open(self.url(f"/{ORG_SLUG}/request/?resource={RESOURCE}"), timeout=60) as response:
            page = response.read().decode()
        csrf = CSRF_RE.search(page)
        token = TOKEN_RE.search(page)
        return opener, csrf.group(1) if csrf else "", token.group(1) if token else ""

    def post_form(
        self, opener: urllib.request.OpenerDirector, data: dict[str, Any], forwarded_for: str = ""
    ) -> Result:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(self.url(f"/{ORG_SLUG}/request/"), data=body)
        if forwarded_for:
            request.add_header("X-Forwarded-For", forwarded_for)
        started = time.monotonic()
        try:
            with opener.open(request, timeout=60) as response:
                return Result("form", response.status, seconds=time.monotonic() - started)
        except urllib.error.HTTPError as error:
            location = error.headers.get("Location", "")
            token = location.rstrip("/").rsplit("/", 1)[-1] if error.code == 302 else ""
            return Result("form", error.code, token=token, seconds=time.monotonic() - started)
        except OSError:
            return Result("form", 0, seconds=time.monotonic() - started)

    def submit_form(self, subject: str) -> Result:
        try:
            opener, csrf, token = self.form_opener()
        except OSError:
            return Result("form", 0)
        return self.post_form(opener, form_data(subject, csrf, token))

    # -- what is stored -----------------------------------------------------------------------------

    def stored(self) -> dict[str, dict[str, Any]]:
        """Every stored request by reference: its token, events and queued or sent e-mails."""
        rows = self.query("SELECT id, reference, token FROM inforequests_informationrequest")
        events = dict(
            self.query("SELECT request_id, COUNT(*) FROM inforequests_requestevent GROUP BY request_id")
        )
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tietovaranto.config.settings")
        django.setup()  # unpickling a queued message imports django-mailer's models
        mails: dict[str, int] = {}
        for (data,) in self.query("SELECT message_data FROM mailer_message"):
            email = pickle.loads(base64.b64decode(data)) if data else None  # as django-mailer stores it
            for reference in set(
                re.findall(r"TP-\d{4}-\d{6}", f"{email.subject}\n{email.body}" if email else "")
            ):
                mails[reference] = mails.get(reference, 0) + 1
        return {
            reference: {"token": token, "events": events.get(pk, 0), "mails": mails.get(reference, 0)}
            for pk, reference, token in rows
        }


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def form_data(subject: str, csrf: str, token: str) -> dict[str, Any]:
    return {
        "csrfmiddlewaretoken": csrf,
        "form_token": token,
        "resource": [RESOURCE],
        "kind": "public",
        "subject": subject,
        "delivery": "email",
        "requester_email": "pyytaja@example.org",
    }


def accepted(results: list[Result]) -> list[Result]:
    return [
        r for r in results if (r.via == "api" and r.status == 201) or (r.via == "form" and r.status == 302)
    ]


@contextlib.contextmanager
def smtp_server(port: int) -> Iterator[Any]:
    """aiosmtpd on 127.0.0.1; yields the list of received envelopes."""
    from aiosmtpd.controller import Controller

    received: list[Any] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            received.append(envelope)
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield controller, received
    finally:
        with contextlib.suppress(Exception):
            controller.stop()


T = TypeVar("T")


def at_once(count: int, one: Callable[[int], T]) -> list[T]:
    """Run one(i) for i in range(count) in threads released together (a burst of parallel requests)."""
    gate = threading.Barrier(count)

    def run(i: int) -> T:
        gate.wait()
        return one(i)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))
