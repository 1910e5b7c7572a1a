"""Three-way merge of a re-import: the last import (base), the draft as edited (ours) and the page (theirs).

An edit made in tietovaranto after the last import is never silently overwritten: where only the page
changed, the page wins; where only the editor changed, the edit stays; where both changed differently,
the edit stays and the conflict is listed for the records manager (`page_wins`: the page's version, and
the conflict listed as settled for the page; edits the page did not touch stay either way).
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tietovaranto.publishing.snapshot import FACT_MODELS, Snapshot

ENTITY_KEYS = ("areas", "items", "resources", *FACT_MODELS)

# What makes two rows of a fact (in one scope) the same fact, whatever else they say
FACT_IDENTITY: dict[str, tuple[str, ...]] = {
    "criteria": ("name",),
    "contacts": ("kind", "value"),
    "deciders": (),  # one per scope
    "interface": ("aspect",),
}


def identity_value(get: Callable[[str], Any], field: str) -> Any:
    """A fact's FACT_IDENTITY field. A criterion written in Swedish or English only has no Finnish
    name: it is known by the name it has."""
    if field == "name":
        return get("name") or get("name_sv") or get("name_en")
    return get(field)


@dataclass(frozen=True)
class Conflict:
    entity: str  # snapshot key: resources, items, criteria, …
    label: str
    field: str  # "" when the whole entity was deleted on one side and changed on the other
    ours: str
    theirs: str
    page_won: bool = False

    def as_text(self) -> str:
        what = f"{self.label}, {self.field}" if self.field else self.label
        if self.page_won:
            return f"{what}: took the page's {self.theirs!r} over the edit made here ({self.ours!r})"
        return f"{what}: kept the edit made here ({self.ours!r}); the page says {self.theirs!r}"


def _label(row: dict[str, Any] | None) -> str:
    if not row:
        return ""
    for field in ("name", "name_sv", "name_en", "value", "title", "title_sv", "title_en", "aspect", "uid"):
        if row.get(field):
            return str(row[field])
    return ""


def merge_snapshots(
    base: Snapshot, ours: Snapshot, theirs: Snapshot, page_wins: bool = False
) -> tuple[Snapshot, list[Conflict]]:
    merged = copy.deepcopy(theirs)
    conflicts: list[Conflict] = []

    def conflict(entity: str, label: str, field: str, ours_text: str, theirs_text: str) -> None:
        conflicts.append(Conflict(entity, label, field, ours_text, theirs_text, page_won=page_wins))

    for name in set(ours["organisation"]) | set(theirs["organisation"]):
        b, o, t = (s["organisation"].get(name) for s in (base, ours, theirs))
        if o != b and t == b:
            merged["organisation"][name] = o
        elif o != b and o != t:
            merged["organisation"][name] = t if page_wins else o
            conflict("organisation", str(o), name, str(o), str(t))
    for key in ENTITY_KEYS:
        base_rows = {r["uid"]: r for r in base.get(key, [])}
        our_rows = {r["uid"]: r for r in ours.get(key, [])}
        their_rows = {r["uid"]: r for r in theirs.get(key, [])}
        if key in FACT_IDENTITY:
            # the import writes the page over the draft: a fact deleted here comes back as a new row
            their_rows = _as_in_base(their_rows, base_rows, FACT_IDENTITY[key])
        result: dict[str, dict[str, Any]] = dict(their_rows)
        for uid in set(base_rows) | set(our_rows) | set(their_rows):
            b, o, t = base_rows.get(uid), our_rows.get(uid), their_rows.get(uid)
            if o in (b, t):
                continue  # not edited here, or edited the same way: the page's version stands
            if o is None:  # deleted here: stays deleted; listed if the page changed it meanwhile
                if not _same_content(t, b):
                    conflict(key, _label(t), "", "", _label(t))
                if not (page_wins and t != b):
                    result.pop(uid, None)
                continue
            if t is None:  # the import removed what exists here
                edited = b is not None and o != b
                if edited:
                    conflict(key, _label(o), "", _label(o), "")
                if not (page_wins and edited):
                    result[uid] = o
                continue
            if b is None:  # added here and by the page under the same identity: keep ours
                result[uid] = o
                continue
            row = dict(t)
            for field in set(o) | set(t):
                fb, fo, ft = b.get(field), o.get(field), t.get(field)
                if fo in (fb, ft):
                    continue
                if isinstance(fo, list) and isinstance(fb, list) and isinstance(ft, list):
                    row[field] = _merge_lists(fb, fo, ft)  # e.g. a resource's items: both sides' additions
                    continue
                if ft != fb:
                    conflict(key, _label(o), field, _text(fo), _text(ft))
                if ft == fb or not page_wins:
                    row[field] = fo
            result[uid] = row
        order = [r["uid"] for r in theirs.get(key, [])] + [u for u in result if u not in their_rows]
        merged[key] = [result[u] for u in order if u in result]
        if key in FACT_IDENTITY:
            merged[key] = _one_of_each(merged[key], FACT_IDENTITY[key], set(our_rows), page_wins)
    _drop_dangling(merged)
    return merged, conflicts


def _identity(row: dict[str, Any], identity: tuple[str, ...]) -> tuple[Any, ...]:
    return (row.get("area"), row.get("resource"), *(identity_value(row.get, field) for field in identity))


def _as_in_base(
    rows: dict[str, dict[str, Any]], base: dict[str, dict[str, Any]], identity: tuple[str, ...]
) -> dict[str, dict[str, Any]]:
    """Rows not in the base under their uid, but the same fact as a base row none has: under its uid."""
    free = {_identity(row, identity): uid for uid, row in base.items() if uid not in rows}
    keyed = {}
    for uid, row in rows.items():
        known = free.pop(_identity(row, identity), None) if uid not in base else None
        keyed[known or uid] = {**row, "uid": known} if known else row
    return keyed


def _same_content(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    """Equal but for the position (the page moved it: no change of what it says)."""
    if a is None or b is None:
        return a is b
    return {k: v for k, v in a.items() if k != "position"} == {k: v for k, v in b.items() if k != "position"}


def _one_of_each(
    rows: list[dict[str, Any]], identity: tuple[str, ...], ours: set[str], page_wins: bool
) -> list[dict[str, Any]]:
    """One row per fact and scope: the same criterion added here and on the page is one criterion.
    Of two, the one made here stays (the page's with `page_wins`)."""
    chosen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        key = _identity(row, identity)
        first = chosen.setdefault(key, row)
        if first is not row and (row["uid"] in ours) != page_wins and (first["uid"] in ours) == page_wins:
            chosen[key] = row
    kept = {id(row) for row in chosen.values()}
    return [row for row in rows if id(row) in kept]


def _merge_lists(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    removed_here = set(base) - set(ours)
    kept = [x for x in theirs if x not in removed_here]
    return kept + [x for x in ours if x not in base and x not in kept]


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _drop_dangling(snapshot: Snapshot) -> None:
    """References to items, areas or resources that the merge removed are dropped, not left dangling."""
    items = {i["uid"] for i in snapshot["items"]}
    areas = {a["uid"] for a in snapshot["areas"]}
    resources = {r["uid"] for r in snapshot["resources"]}
    for resource in snapshot["resources"]:
        resource["items"] = [u for u in resource["items"] if u in items]
        if resource.get("area") and resource["area"] not in areas:
            resource["area"] = None
    for key in FACT_MODELS:
        snapshot[key] = [
            f
            for f in snapshot[key]
            if (not f["area"] or f["area"] in areas) and (not f["resource"] or f["resource"] in resources)
        ]
