"""Three-way merge of a re-import: the last import (base), the draft as edited (ours) and the page (theirs).

An edit made in tietovaranto after the last import is never silently overwritten: where only the page
changed, the page wins; where only the editor changed, the edit stays; where both changed differently,
the edit stays and the conflict is listed for the records manager.
"""

import copy
from dataclasses import dataclass
from typing import Any

from tietovaranto.publishing.snapshot import FACT_MODELS, Snapshot

ENTITY_KEYS = ("areas", "items", "resources", *FACT_MODELS)


@dataclass(frozen=True)
class Conflict:
    entity: str  # snapshot key: resources, items, criteria, …
    label: str
    field: str  # "" when the whole entity was deleted on one side and changed on the other
    ours: str
    theirs: str

    def as_text(self) -> str:
        what = f"{self.label}, {self.field}" if self.field else self.label
        return f"{what}: kept the edit made here ({self.ours!r}); the page says {self.theirs!r}"


def _label(row: dict[str, Any] | None) -> str:
    if not row:
        return ""
    return str(row.get("name") or row.get("value") or row.get("title") or row.get("aspect") or row.get("uid"))


def merge_snapshots(base: Snapshot, ours: Snapshot, theirs: Snapshot) -> tuple[Snapshot, list[Conflict]]:
    merged = copy.deepcopy(theirs)
    conflicts: list[Conflict] = []
    for name in set(ours["organisation"]) | set(theirs["organisation"]):
        b, o, t = (s["organisation"].get(name) for s in (base, ours, theirs))
        if o != b and t == b:
            merged["organisation"][name] = o
        elif o != b and o != t:
            merged["organisation"][name] = o
            conflicts.append(Conflict("organisation", str(o), name, str(o), str(t)))
    for key in ENTITY_KEYS:
        base_rows = {r["uid"]: r for r in base.get(key, [])}
        our_rows = {r["uid"]: r for r in ours.get(key, [])}
        their_rows = {r["uid"]: r for r in theirs.get(key, [])}
        result: dict[str, dict[str, Any]] = dict(their_rows)
        for uid in set(base_rows) | set(our_rows) | set(their_rows):
            b, o, t = base_rows.get(uid), our_rows.get(uid), their_rows.get(uid)
            if o in (b, t):
                continue  # not edited here, or edited the same way: the page's version stands
            if o is None:  # deleted here: stays deleted; listed if the page changed it meanwhile
                result.pop(uid, None)
                if t != b:
                    conflicts.append(Conflict(key, _label(t), "", "", _label(t)))
                continue
            if t is None:  # the import removed what exists here
                result[uid] = o
                if b is not None and o != b:
                    conflicts.append(Conflict(key, _label(o), "", _label(o), ""))
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
                row[field] = fo
                if ft != fb:
                    conflicts.append(Conflict(key, _label(o), field, _text(fo), _text(ft)))
            result[uid] = row
        order = [r["uid"] for r in theirs.get(key, [])] + [u for u in result if u not in their_rows]
        merged[key] = [result[u] for u in order if u in result]
    _drop_dangling(merged)
    return merged, conflicts


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
