"""The entry ids of the index's commonest terms, kept in memory per index generation (PostgreSQL).

SQLite's FTS5 reads a term's entries from its doclist. PostgreSQL's GIN index finds the rows, but
each id is then read from its row in the table: a term in four of ten entries ("kiinteistö" at
10,500 resources) was 5 ms of a 13 ms search, where the same ids from memory take a tenth of a
millisecond. The terms most entries share are few (185 terms of 13,000 hold four fifths of all
postings there), so their ids are worked out with the document frequencies (one scan per index
generation, stored with them) and every worker keeps them: 4 bytes an id, up to
SEARCH_COMMON_POSTINGS ids.
"""

import sys
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

# 4-byte ids while they fit, else 8
_SMALL, _LARGE = "I", "Q"


@dataclass(frozen=True)
class CommonPostings:
    """Each common term's entry ids (ascending), one term after another in `ids`."""

    ids: array  # type: ignore[type-arg]
    spans: dict[str, tuple[int, int]]  # term -> (first index in ids, number of ids)

    def __contains__(self, term: object) -> bool:
        return term in self.spans

    def of(self, term: str) -> array:  # type: ignore[type-arg]
        start, count = self.spans[term]
        return self.ids[start : start + count]

    def to_stored(self) -> tuple[dict[str, object], bytes]:
        """What SearchLexicon keeps: a JSON-able header and the ids, little-endian, compressed."""
        ids = array(self.ids.typecode, self.ids)
        if sys.byteorder == "big":
            ids.byteswap()
        header: dict[str, object] = {"typecode": ids.typecode, "spans": self.spans}
        return header, zlib.compress(ids.tobytes(), 1)

    @classmethod
    def from_stored(cls, header: dict[str, object], blob: bytes) -> "CommonPostings":
        ids = array(str(header["typecode"]))
        ids.frombytes(zlib.decompress(blob))
        if sys.byteorder == "big":
            ids.byteswap()
        spans = header["spans"]
        assert isinstance(spans, dict)
        return cls(ids, {term: (int(start), int(count)) for term, (start, count) in spans.items()})


def common_postings(postings: dict[str, list[int]], min_documents: int, budget: int) -> CommonPostings:
    """The terms in at least `min_documents` entries, commonest first, while their ids number at
    most `budget`; `postings`: every term's entry ids, ascending."""
    chosen: list[tuple[str, list[int]]] = []
    total = 0
    for term, entry_ids in sorted(postings.items(), key=lambda item: (-len(item[1]), item[0])):
        if len(entry_ids) < min_documents:
            break
        if total + len(entry_ids) > budget:
            continue  # a less common term may still fit
        chosen.append((term, entry_ids))
        total += len(entry_ids)
    largest = max((entry_ids[-1] for _term, entry_ids in chosen if entry_ids), default=0)
    ids = array(_SMALL if largest < 2**32 else _LARGE)
    spans = {}
    for term, entry_ids in chosen:
        spans[term] = (len(ids), len(entry_ids))
        ids.extend(entry_ids)
    return CommonPostings(ids, spans)


def union(postings: CommonPostings, terms: Iterable[str], more: Iterable[int] = ()) -> list[int]:
    """The entries holding any of these common terms, or listed in `more`, ascending."""
    arrays = [postings.of(term) for term in terms]
    if len(arrays) == 1 and not more:
        return arrays[0].tolist()
    return sorted(set().union(*arrays, more))
