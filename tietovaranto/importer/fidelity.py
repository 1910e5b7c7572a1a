"""How faithfully the parser reads real description pages: parsed facts against a truth file.

A fixture is a directory with the page file(s) (`page.html`/`page.txt`, or `page-1.html`,
`page-2.html`, … in reading order) and `truth.json` written by reading the page (format in
tests/import_fixtures/README.md). Facts are compared as a records manager would see them on a
resource's public page: effective criteria add up organisation → area → resource; contacts, the
decider and each interface aspect come from the narrowest level that states them; the registry
office stands in for contacts nobody stated.

Shares per category are correct / expected. The total is correct / (expected + invented): a parse
that invents areas, resources, items or criteria scores lower than one that leaves them out.
"""

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tietovaranto.importer.fields import Contact
from tietovaranto.importer.parser import Facts, ParsedPage, parse_pages

CATEGORIES = ("resources", "items", "criteria", "contacts", "deciders", "interface", "registry")
PAGE_FILE_RE = re.compile(r"^page(?:-(\d+))?\.(html?|txt)$")


def normalise(text: str) -> str:
    """Case, whitespace and punctuation do not matter when names are compared."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def normalise_contact(kind: str, value: str) -> tuple[str, str]:
    if kind == "phone":
        digits = re.sub(r"\D", "", value)
        return kind, re.sub(r"^358", "0", digits)
    return kind, normalise(value)


@dataclass
class EffectiveResource:
    name: str
    area: str | None
    has_purpose: bool
    items: list[tuple[str, str]]
    criteria: list[str]
    contacts: list[tuple[str, str]]
    decider: tuple[str, str] | None
    interface: list[tuple[str, str]]


def _unique(values: Iterable[Any]) -> list[Any]:
    seen: dict[Any, None] = {}
    for value in values:
        seen.setdefault(value, None)
    return list(seen)


def effective_resources(page: ParsedPage) -> list[EffectiveResource]:
    """Each parsed resource with the facts it shows once organisation and area facts are applied."""
    registry: list[Contact] = list(getattr(page, "registry", []) or [])
    result: list[EffectiveResource] = []
    scopes: list[tuple[str | None, Facts, list[Any]]] = [(None, Facts(), page.resources_without_area)]
    scopes += [(area.name, area.facts, area.resources) for area in page.areas]
    for area_name, area_facts, resources in scopes:
        for resource in resources:
            levels = [resource.facts, area_facts, page.facts]  # narrowest first
            criteria = _unique(c for facts in reversed(levels) for c in facts.criteria)
            contacts = next((facts.contacts for facts in levels if facts.contacts), registry)
            decider = next((facts.decider for facts in levels if facts.decider), None)
            interface: dict[str, str] = {}
            for facts in reversed(levels):  # broader first, narrower overrides per aspect
                for fact in facts.interface:
                    interface[fact.aspect] = fact.status
            result.append(
                EffectiveResource(
                    name=resource.name,
                    area=area_name,
                    has_purpose=bool(resource.description),
                    items=[(item.name, item.kind) for item in resource.items],
                    criteria=criteria,
                    contacts=[(c.kind, c.value) for c in contacts if c.kind != "person"],
                    decider=(decider.title, decider.name) if decider else None,
                    interface=sorted(interface.items()),
                )
            )
    return result


@dataclass
class Tally:
    correct: int = 0
    expected: int = 0
    invented: int = 0

    def add(self, other: "Tally") -> None:
        self.correct += other.correct
        self.expected += other.expected
        self.invented += other.invented

    def share(self) -> float | None:
        return self.correct / self.expected if self.expected else None


@dataclass
class PageScore:
    name: str
    tallies: dict[str, Tally] = field(default_factory=lambda: {c: Tally() for c in CATEGORIES})
    missing: list[str] = field(default_factory=list)  # what was expected and not found, for reading
    invented: list[str] = field(default_factory=list)

    def total(self) -> Tally:
        total = Tally()
        for tally in self.tallies.values():
            total.add(tally)
        return total


def _compare(
    score: PageScore, category: str, expected: Iterable[Any], parsed: Iterable[Any], where: str
) -> None:
    expected_set, parsed_set = set(expected), set(parsed)
    tally = score.tallies[category]
    tally.expected += len(expected_set)
    tally.correct += len(expected_set & parsed_set)
    tally.invented += len(parsed_set - expected_set)
    score.missing += [f"{where}: {category} {value}" for value in sorted(expected_set - parsed_set, key=str)]
    score.invented += [f"{where}: {category} {value}" for value in sorted(parsed_set - expected_set, key=str)]


def score_page(name: str, page: ParsedPage, truth: dict[str, Any]) -> PageScore:
    score = PageScore(name)
    parsed = {normalise(r.name): r for r in effective_resources(page)}
    for expected in truth["resources"]:
        key = normalise(expected["name"])
        found = parsed.pop(key, None)
        tally = score.tallies["resources"]
        tally.expected += 1
        where = expected["name"]
        if found is None:
            score.missing.append(f"resource {where}")
            found = EffectiveResource(where, None, False, [], [], [], None, [])  # score its facts as missed
        elif expected.get("area") and normalise(expected["area"]) != normalise(found.area or ""):
            score.missing.append(f"resource {where} in area {expected['area']} (parsed: {found.area})")
        else:
            tally.correct += 1
        _compare(
            score,
            "items",
            [(normalise(i["name"]), i["kind"]) for i in expected["items"]],
            [(normalise(n), k) for n, k in found.items],
            where,
        )
        _compare(
            score,
            "criteria",
            [normalise(c) for c in expected["criteria"]],
            [normalise(c) for c in found.criteria],
            where,
        )
        _compare(
            score,
            "contacts",
            [normalise_contact(c["kind"], c["value"]) for c in expected["contacts"]],
            [normalise_contact(k, v) for k, v in found.contacts],
            where,
        )
        decider = expected.get("decider")
        _compare(
            score,
            "deciders",
            [(normalise(decider["title"]), normalise(decider.get("name", "")))] if decider else [],
            [(normalise(found.decider[0]), normalise(found.decider[1]))] if found.decider else [],
            where,
        )
        _compare(
            score,
            "interface",
            [(f["aspect"], f["status"]) for f in expected["interface"]],
            found.interface,
            where,
        )
    for extra in parsed.values():  # resources the page does not have, and everything in them
        score.tallies["resources"].invented += 1
        score.invented.append(f"resource {extra.name}")
        score.tallies["items"].invented += len(extra.items)
        score.tallies["criteria"].invented += len(extra.criteria)
    registry = truth.get("registry") or {}
    parsed_registry = [normalise_contact(c.kind, c.value) for c in getattr(page, "registry", []) or []]
    # a value may be a list: a bilingual page gives its registry office an address in each language
    expected_registry = [
        normalise_contact(kind, value)
        for kind, values in registry.items()
        for value in (values if isinstance(values, list) else [values])
        if value
    ]
    _compare(score, "registry", expected_registry, parsed_registry, "registry")
    return score


def page_files(directory: Path) -> list[Path]:
    files = [p for p in directory.iterdir() if PAGE_FILE_RE.match(p.name)]
    return sorted(files, key=lambda p: int(PAGE_FILE_RE.match(p.name).group(1) or 0))  # type: ignore[union-attr]


def score_fixture(directory: Path) -> PageScore:
    truth = json.loads((directory / "truth.json").read_text(encoding="utf-8"))
    texts = [path.read_text(encoding="utf-8") for path in page_files(directory)]
    return score_page(directory.name, parse_pages(texts), truth)


def fixture_dirs(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if (p / "truth.json").exists())


def score_all(root: Path) -> tuple[list[PageScore], PageScore]:
    scores = [score_fixture(directory) for directory in fixture_dirs(root)]
    total = PageScore("TOTAL")
    for score in scores:
        for category, tally in score.tallies.items():
            total.tallies[category].add(tally)
    return scores, total


def total_share(score: PageScore) -> float:
    total = score.total()
    denominator = total.expected + total.invented
    return total.correct / denominator if denominator else 1.0


def format_table(scores: list[PageScore], total: PageScore) -> str:
    def cell(tally: Tally) -> str:
        share = tally.share()
        text = "   -  " if share is None else f"{share * 100:5.1f}%"
        return f"{text} +{tally.invented:<3d}"

    header = f"{'page':28s}" + "".join(f"{c[:11]:>13s}" for c in CATEGORIES) + "      total"
    lines = [header, "(share correct of expected, +invented)"]
    for score in [*scores, total]:
        row = f"{score.name[:28]:28s}" + "".join(f"{cell(score.tallies[c]):>13s}" for c in CATEGORIES)
        lines.append(row + f"     {total_share(score) * 100:5.1f}%")
    return "\n".join(lines)
