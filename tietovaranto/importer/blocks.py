"""Turn a description page (plain text or saved HTML) into a flat list of blocks with line numbers.

Besides headings, lines and bullets, saved pages hold tables (a row per resource or per item),
definition lists (label → value) and site chrome (skip links, cookie banners, breadcrumbs, share
links, footers). Tables and definition lists become the labelled lines the parser already reads;
chrome is dropped, except that footer lines are kept as "footer" blocks because the registry
office's address is often only there.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

from tietovaranto.importer.fields import has_finite_verb

BlockKind = Literal["line", "bullet", "heading", "footer", "break"]

# "a. Henkilöstökorttijärjestelmä", "b) Rekrytointijärjestelmä": a lettered list is a list too
BULLET_RE = re.compile(r"^\s*(?:[•·▪◦‣●○■□*–—-]|\d+[.)]|[a-z][.)](?=\s+[A-ZÅÄÖ]))\s+")
# "1. Hallinto", "1.2 Perusopetus", "2) Tekniset palvelut": a numbered heading, unless part of a list
NUMBERED_RE = re.compile(r"^\s*(?P<number>\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)])\s+(?P<text>\S.*)$")
# Elements whose class or id marks them as site chrome, not page content
CHROME_RE = re.compile(
    r"cookie|consent|evaste|eväste|breadcrumb|murupolku|skip|share|jaa-|social|some-|tools|toolbar|"
    r"sitemap|sivukartta|banner|menu|navigation|language|kielivalinta|search|haku-|feedback|palaute",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    line: int
    level: int | None = None  # heading level from HTML (1–6) or from numbering ("1." → 2, "1.1" → 3)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u200b", "")).strip()


def _numbered(raw: str) -> tuple[int, str] | None:
    match = NUMBERED_RE.match(raw)
    if not match:
        return None
    return match.group("number").rstrip(".)").count(".") + 1, _clean(match.group("text"))


def _is_heading_text(text: str) -> bool:
    return not text.rstrip().endswith((".", ",", ";", ":")) and len(text.split()) <= 10


def _goes_on_with_a_verb(previous: str, raw: str) -> bool:
    """'Lisätietoja tietoaineistojen käsittelystä' + 'on tiedonohjaussuunnitelmassa (TOS)': a short
    line whose sentence the next line goes on with (its verb first; a link broke the line)."""
    first = raw.split()[0] if raw.split() else ""
    return len(previous.split()) >= 2 and has_finite_verb(first) and not has_finite_verb(previous)


def blocks_from_text(text: str) -> list[Block]:
    lines = text.splitlines()
    filled = [n for n, raw in enumerate(lines) if raw.strip()]
    blocks: list[Block] = []
    for position, index in enumerate(filled):
        raw, number = lines[index], index + 1
        numbered = _numbered(raw)
        if numbered is not None:
            depth, rest = numbered
            # a list's entries are on adjacent lines; a blank line separates a heading from a list
            neighbours = [
                lines[n] for n in (index - 1, index + 1) if 0 <= n < len(lines) and lines[n].strip()
            ]
            in_list = any((_numbered(n) or (0, ""))[0] == depth for n in neighbours)
            after_label = (
                position > 0 and filled[position - 1] == index - 1 and lines[index - 1].rstrip().endswith(":")
            )
            if not in_list and not after_label and _is_heading_text(rest):
                blocks.append(Block("heading", rest, number, depth + 1))
                continue
        match = BULLET_RE.match(raw)
        previous = blocks[-1] if blocks else None
        if (
            not match
            and previous is not None
            and previous.kind in ("line", "bullet")
            and previous.line == number - 1 - previous.text.count("\n")
            and raw.strip()[:1].islower()
            and "@" not in raw
            and (len(previous.text.split()) >= 6 or _goes_on_with_a_verb(previous.text, raw))
            and not previous.text.endswith((".", ":", ";", "!", "?"))
        ):
            # a paragraph wrapped by hand: the next line goes on with the same sentence
            blocks[-1] = Block(previous.kind, f"{previous.text}\n{_clean(raw)}", previous.line)
        elif match:
            # the indentation of a bullet tells a nested list from its parent
            indent = len(raw) - len(raw.lstrip())
            blocks.append(Block("bullet", _clean(raw[match.end() :]), number, indent))
        else:
            blocks.append(Block("line", _clean(raw), number))
    return [Block(b.kind, b.text.replace("\n", " "), b.line, b.level) for b in blocks if b.text]


class _PageHTMLParser(HTMLParser):
    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
    BLOCK_TAGS = HEADINGS | {
        "p",
        "li",
        "div",
        "dt",
        "dd",
        "td",
        "th",
        "section",
        "article",
        "br",
        "tr",
        "caption",
    }
    SKIPPED = {
        "script",
        "style",
        "title",
        "nav",
        "header",
        "noscript",
        "template",
        "svg",
        "form",
        "button",
        "aside",
    }
    VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._buffer: list[str] = []
        self._start_line = 1
        self._kind: BlockKind = "line"
        self._level: int | None = None
        self._skip_depth = 0
        self._chrome: tuple[str, int] | None = None  # (tag, nesting) of a chrome element being skipped
        self._footer_depth = 0
        self.main_blocks_start: int | None = None
        # tables: rows of (text, is_header_cell); definition lists: the pending term
        self._table: list[list[tuple[str, bool]]] | None = None
        self._table_line = 0
        self._cell: list[str] | None = None
        self._cell_header = False
        self._term: str | None = None

    # -- buffering ----------------------------------------------------------------------------------

    def _flush(self) -> None:
        text = _clean("".join(self._buffer))
        self._buffer = []
        kind, level = self._kind, self._level
        self._kind, self._level = "line", None
        if not text:
            return
        if self._footer_depth:
            self.blocks.append(Block("footer", text, self._start_line))
        elif kind == "heading" and self._is_numbered_heading(text):
            depth, rest = _numbered(text) or (0, text)
            self.blocks.append(Block("heading", rest, self._start_line, level))
        else:
            self.blocks.append(Block(kind, text, self._start_line, level))

    @staticmethod
    def _is_numbered_heading(text: str) -> bool:
        return _numbered(text) is not None

    # -- tags ---------------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._chrome is not None:
            if tag == self._chrome[0] and tag not in self.VOID:
                self._chrome = (tag, self._chrome[1] + 1)
            return
        if tag in self.SKIPPED:
            self._skip_depth += 1
            return
        if self._skip_depth:
            return
        marks = " ".join(value or "" for key, value in attrs if key in ("class", "id", "role"))
        if tag not in self.VOID and tag not in ("main", "body", "html") and CHROME_RE.search(marks):
            self._flush()
            self._chrome = (tag, 1)
            return
        if tag == "footer" or "contentinfo" in marks:
            self._flush()
            self._footer_depth += 1
        if tag in ("main", "article") and self.main_blocks_start is None:
            self._flush()
            self.main_blocks_start = len(self.blocks)
        if tag == "table" and self._table is None:
            self._flush()
            self._table, self._table_line = [], self.getpos()[0]
            return
        if self._table is not None:
            if tag == "tr":
                self._table.append([])
            elif tag in ("td", "th"):
                self._cell, self._cell_header = [], tag == "th"
            elif tag == "br" and self._cell is not None:
                self._cell.append(", ")
            return
        if tag in self.BLOCK_TAGS:
            self._flush()
            self._start_line = self.getpos()[0]
            if tag in self.HEADINGS:
                self._kind, self._level = "heading", int(tag[1])
            elif tag == "li":
                self._kind = "bullet"

    def handle_endtag(self, tag: str) -> None:
        if self._chrome is not None:
            if tag == self._chrome[0]:
                depth = self._chrome[1] - 1
                self._chrome = (tag, depth) if depth else None
            return
        if tag in self.SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if self._skip_depth:
            return
        if self._table is not None:
            if tag in ("td", "th") and self._cell is not None:
                if self._table:
                    self._table[-1].append((_clean("".join(self._cell)), self._cell_header))
                self._cell = None
            elif tag == "table":
                self._emit_table()
            return
        if tag in self.BLOCK_TAGS:
            if tag == "dt":
                self._term = _clean("".join(self._buffer)).rstrip(":") or None
                self._buffer = []
                self._kind, self._level = "line", None
                return
            if tag == "dd" and self._term:
                value = _clean("".join(self._buffer))
                self._buffer = [f"{self._term}: {value}"] if value else [f"{self._term}:"]
                self._term = None
            self._flush()
        if tag == "footer" and self._footer_depth:
            self._flush()
            self._footer_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._skip_depth or self._chrome is not None:
            return
        if self._cell is not None:
            self._cell.append(data)
            return
        if self._table is not None:
            return
        if not self._buffer or not "".join(self._buffer).strip():
            self._start_line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        self._buffer.append(data)

    def _emit_table(self) -> None:
        """A header row and three or more columns: a row per resource (first cell its name, the
        others 'Header: value' lines). Otherwise each row is one list item ('Name (the rest)')."""
        rows = [row for row in (self._table or []) if any(text for text, _header in row)]
        self._table, line = None, self._table_line
        if not rows:
            return
        header = [text for text, _ in rows[0]] if all(is_header for _, is_header in rows[0]) else None
        body = rows[1:] if header else rows
        for offset, row in enumerate(body, start=1):
            cells = [text for text, _ in row]
            if header and len(header) >= 3:
                self.blocks.append(Block("heading", cells[0], line + offset))
                for label, value in zip(header[1:], cells[1:], strict=False):
                    if value:
                        self.blocks.append(Block("line", f"{label}: {value}", line + offset))
            else:
                rest = ", ".join(cell for cell in cells[1:] if cell)
                self.blocks.append(
                    Block("bullet", f"{cells[0]} ({rest})" if rest else cells[0], line + offset)
                )
        if header and len(header) >= 3:
            self.blocks.append(Block("break", "", line + len(body) + 1))  # what follows is not the last row's

    def close(self) -> None:
        super().close()
        self._flush()


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return (
        head.startswith("<!doctype html")
        or head.startswith("<html")
        or bool(re.search(r"<(body|h[1-6]|p|ul|li|div|table|dl)\b", head))
    )


def blocks_from_html(text: str) -> list[Block]:
    parser = _PageHTMLParser()
    parser.feed(text)
    parser.close()
    blocks = parser.blocks
    if parser.main_blocks_start is not None:
        # what comes before <main> is the site's header; its footer lines are still wanted
        before = [b for b in blocks[: parser.main_blocks_start] if b.kind == "footer"]
        return before + blocks[parser.main_blocks_start :]
    return blocks


def page_blocks(text: str) -> list[Block]:
    return blocks_from_html(text) if looks_like_html(text) else blocks_from_text(text)
