"""Turn a description page (plain text or saved HTML) into a flat list of blocks with line numbers."""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

BlockKind = Literal["line", "bullet", "heading"]

BULLET_RE = re.compile(r"^\s*(?:[•·▪◦‣●○■□*–—-]|\d+[.)])\s+")


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    line: int
    level: int | None = None  # heading level from HTML (1–6); plain text has none


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def blocks_from_text(text: str) -> list[Block]:
    blocks: list[Block] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = BULLET_RE.match(raw)
        if match:
            blocks.append(Block("bullet", _clean(raw[match.end() :]), number))
        else:
            blocks.append(Block("line", _clean(raw), number))
    return [b for b in blocks if b.text]


class _PageHTMLParser(HTMLParser):
    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
    BLOCK_TAGS = HEADINGS | {"p", "li", "div", "dt", "dd", "td", "th", "section", "article", "br", "tr"}
    SKIPPED = {"script", "style", "nav", "header", "footer", "noscript", "template", "svg", "form", "button"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._buffer: list[str] = []
        self._start_line = 1
        self._kind: BlockKind = "line"
        self._level: int | None = None
        self._skip_depth = 0
        self._list_depth = 0
        self.main_blocks_start: int | None = None

    def _flush(self) -> None:
        text = _clean("".join(self._buffer))
        if text:
            self.blocks.append(Block(self._kind, text, self._start_line, self._level))
        self._buffer = []
        self._kind, self._level = "line", None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self._skip_depth += 1
            return
        if tag in ("main", "article") and self.main_blocks_start is None:
            self._flush()
            self.main_blocks_start = len(self.blocks)
        if tag in self.BLOCK_TAGS:
            self._flush()
            self._start_line = self.getpos()[0]
            if tag in self.HEADINGS:
                self._kind, self._level = "heading", int(tag[1])
            elif tag == "li":
                self._kind = "bullet"

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if tag in self.BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if not self._buffer or not "".join(self._buffer).strip():
            self._start_line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return (
        head.startswith("<!doctype html")
        or head.startswith("<html")
        or bool(re.search(r"<(body|h[1-6]|p|ul|li|div)\b", head))
    )


def blocks_from_html(text: str) -> list[Block]:
    parser = _PageHTMLParser()
    parser.feed(text)
    parser.close()
    if parser.main_blocks_start is not None:
        return parser.blocks[parser.main_blocks_start :]
    return parser.blocks


def page_blocks(text: str) -> list[Block]:
    return blocks_from_html(text) if looks_like_html(text) else blocks_from_text(text)
