"""Where a description comes from: files (plain text, saved HTML) and addresses fetched over HTTP.

A description is often spread over several pages (an index page and a page per area or resource),
so everything here works on a list of sources that is parsed as one description. Every failure is
a `SourceError` with one line a records manager can act on; nothing here writes to the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urljoin, urlsplit

from django.utils.translation import gettext as _

from tietovaranto.importer.parser import page_start_lines

if TYPE_CHECKING:  # httpx is loaded when something is fetched, not in every web worker (about 18 MiB)
    import httpx

MAX_BYTES = 5 * 1024 * 1024  # a description page is tens of kilobytes; 5 MB is a mistake or an attack
TIMEOUT_SECONDS = 15.0
MAX_FOLLOWED = 40  # pages fetched by --follow besides the first one
TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
URL_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


class SourceError(Exception):
    """A source cannot be read; the message is one line naming the file or address."""


@dataclass(frozen=True)
class Source:
    label: str  # the path or address as the user gave it (or as a followed link)
    text: str
    url: str | None = None  # the final address after redirects, for fetched pages


@dataclass
class Collected:
    sources: list[Source] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# -- files ------------------------------------------------------------------------------------------


def decode_page(data: bytes, label: str, encoding: str | None = None) -> str:
    if not data.strip():
        raise SourceError(_("%(source)s: the page is empty") % {"source": label})
    if b"\x00" in data[:8192]:
        raise SourceError(_("%(source)s: a binary file, not a text or HTML page") % {"source": label})
    try:
        return data.decode(encoding or "utf-8-sig")
    except (UnicodeDecodeError, LookupError) as error:
        offset = error.start if isinstance(error, UnicodeDecodeError) else 0
        raise SourceError(
            _("%(source)s: not UTF-8 text (byte 0x%(byte)02x at offset %(offset)d); save the page as UTF-8")
            % {"source": label, "byte": data[offset], "offset": offset}
        ) from error


def read_file(path: Path) -> Source:
    label = str(path)
    if not path.exists():
        raise SourceError(_("%(source)s: no such file") % {"source": label})
    if path.is_dir():
        raise SourceError(_("%(source)s: is a directory, not a page") % {"source": label})
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{label}: {error.strerror}") from error
    if not data.strip():
        raise SourceError(_("%(source)s: the file is empty") % {"source": label})
    if len(data) > MAX_BYTES:
        raise SourceError(
            _("%(source)s: larger than %(limit)s, not a description page")
            % {"source": label, "limit": _size(MAX_BYTES)}
        )
    return Source(label, decode_page(data, label))


# -- addresses --------------------------------------------------------------------------------------


def is_address(value: str) -> bool:
    return bool(URL_RE.match(value.strip()))


def new_client() -> httpx.Client:
    import httpx

    return httpx.Client(
        timeout=httpx.Timeout(TIMEOUT_SECONDS, connect=min(TIMEOUT_SECONDS, 10.0)),
        follow_redirects=True,
        max_redirects=5,
        headers={"User-Agent": "tietovaranto-import/1 (+description page import)"},
    )


def fetch(url: str, client: httpx.Client) -> Source:
    """GET one page; the body is read in chunks so an endless or huge answer stops at MAX_BYTES."""
    import httpx

    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise SourceError(_("%(source)s: only http and https addresses can be fetched") % {"source": url})
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise SourceError(
                    _("%(source)s: the server answered %(status)d %(reason)s")
                    % {"source": url, "status": response.status_code, "reason": response.reason_phrase}
                )
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type and content_type not in TEXT_TYPES:
                raise SourceError(
                    _("%(source)s: not an HTML or text page (%(type)s)")
                    % {"source": url, "type": content_type}
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise SourceError(
                        _("%(source)s: larger than %(limit)s, not a description page")
                        % {"source": url, "limit": _size(MAX_BYTES)}
                    )
                chunks.append(chunk)
            final_url = str(response.url)
            encoding = response.charset_encoding
    except httpx.TimeoutException as error:
        raise SourceError(
            _("%(source)s: no answer within %(seconds)s seconds")
            % {"source": url, "seconds": f"{TIMEOUT_SECONDS:g}"}
        ) from error
    except httpx.TooManyRedirects as error:
        raise SourceError(_("%(source)s: too many redirects") % {"source": url}) from error
    except (httpx.ConnectError, httpx.NetworkError) as error:
        raise SourceError(
            _("%(source)s: cannot be reached (%(reason)s)") % {"source": url, "reason": _one_line(error)}
        ) from error
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise SourceError(f"{url}: {_one_line(error)}") from error
    return Source(url, decode_page(b"".join(chunks), url, encoding), final_url)


def _size(count: int) -> str:
    return f"{count // 1024 // 1024} MB" if count >= 1024 * 1024 else f"{max(1, count // 1024)} kB"


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split()) or error.__class__.__name__


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href.strip())


def section_links(html: str, base_url: str) -> list[str]:
    """Links of the page that stay in its site section: same host, path under the page's directory."""
    base = urlsplit(base_url)
    directory = base.path if base.path.endswith("/") else base.path.rsplit("/", 1)[0] + "/"
    parser = _LinkParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - a broken page simply has no usable links
        return []
    seen = {urldefrag(base_url).url}
    links: list[str] = []
    for href in parser.hrefs:
        if href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        url = urldefrag(urljoin(base_url, href)).url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() != base.netloc.lower():
            continue
        if not parts.path.startswith(directory) or url in seen:
            continue
        seen.add(url)
        links.append(url)
    return links


# -- several sources as one description -------------------------------------------------------------


def collect(
    values: list[str],
    *,
    follow: bool = False,
    max_followed: int = MAX_FOLLOWED,
    client: httpx.Client | None = None,
) -> Collected:
    """Read every file and fetch every address, in order. With `follow`, also fetch the pages the
    first address links to within its section (each once, at most `max_followed`); a followed link
    that fails is a warning, not a reason to stop, since an index page often links to PDFs too."""
    if not values:
        raise SourceError(_("give at least one file or address"))
    own_client = client is None
    http = client or new_client()
    collected = Collected()
    try:
        for value in values:
            if is_address(value):
                collected.sources.append(fetch(value.strip(), http))
            else:
                collected.sources.append(read_file(Path(value)))
        first = collected.sources[0]
        if follow:
            if first.url is None:
                collected.warnings.append(_("--follow only follows links of an address, not of a file"))
            else:
                given = {s.url for s in collected.sources} | {s.label for s in collected.sources}
                links = [link for link in section_links(first.text, first.url) if link not in given]
                if len(links) > max_followed:
                    collected.warnings.append(
                        _("%(count)d linked pages in the section; only the first %(limit)d were fetched")
                        % {"count": len(links), "limit": max_followed}
                    )
                for link in links[:max_followed]:
                    try:
                        page = fetch(link, http)
                    except SourceError as error:
                        collected.warnings.append(_("skipped a linked page: %(reason)s") % {"reason": error})
                        continue
                    if page.url in given:  # a redirect to a page we already have
                        continue
                    given.add(page.url)
                    collected.sources.append(page)
    finally:
        if own_client:
            http.close()
    return collected


@dataclass(frozen=True)
class LineMap:
    """Blocks of several pages are numbered in one sequence; this turns a number back into
    'page-2.html, line 14'."""

    starts: tuple[tuple[int, str], ...]  # (first global line, source label), ascending

    def locate(self, line: int) -> tuple[str, int]:
        label, start = self.starts[0][1], self.starts[0][0]
        for first, name in self.starts:
            if line >= first:
                label, start = name, first
        return label, line - start + 1

    def describe(self, line: int) -> str:
        label, local = self.locate(line)
        if len(self.starts) == 1:
            return f"line {local}"  # the report around it is in English too (ImportReport.as_text)
        return f"{label}, line {local}"


def line_map(sources: list[Source]) -> LineMap:
    """Where each source starts in the numbering of parser.parse_pages."""
    starts = page_start_lines([source.text for source in sources])
    return LineMap(tuple(zip(starts, (source.label for source in sources), strict=True)))
