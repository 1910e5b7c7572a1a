"""Search quality: top-1 and top-3 accuracy over an evaluation set of queries and expected resources."""

from dataclasses import dataclass, field
from pathlib import Path

from tietovaranto.search.services import search


@dataclass(frozen=True)
class Case:
    query: str
    expected: str  # organisation-slug/resource-slug; several equally right ones separated by "|"

    def accepts(self, found: str) -> bool:
        return found in self.expected.split("|")


@dataclass
class EvaluationReport:
    cases: int = 0
    top1: int = 0
    top3: int = 0
    misses: list[tuple[Case, list[str]]] = field(default_factory=list)

    @property
    def top1_accuracy(self) -> float:
        return self.top1 / self.cases if self.cases else 0.0

    @property
    def top3_accuracy(self) -> float:
        return self.top3 / self.cases if self.cases else 0.0

    def as_text(self) -> str:
        lines = [
            f"queries: {self.cases}",
            f"top-1 accuracy: {self.top1_accuracy:.1%} ({self.top1}/{self.cases})",
            f"top-3 accuracy: {self.top3_accuracy:.1%} ({self.top3}/{self.cases})",
        ]
        for case, got in self.misses:
            lines.append(f"  not first: {case.query!r} expected {case.expected}, got {got[:3]}")
        return "\n".join(lines)


def load_cases(path: Path) -> list[Case]:
    """Tab-separated lines `query<TAB>expected`; '#' starts a comment line."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query, expected = line.split("\t")
        cases.append(Case(query.strip(), expected.strip()))
    return cases


def evaluate(cases: list[Case]) -> EvaluationReport:
    report = EvaluationReport()
    for case in cases:
        hits = search(case.query, limit=3).hits
        got = [f"{hit.resource.organisation.slug}/{hit.resource.slug}" for hit in hits]
        report.cases += 1
        first_right = bool(got) and case.accepts(got[0])
        report.top1 += first_right
        report.top3 += any(map(case.accepts, got))
        if not first_right:
            report.misses.append((case, got))
    return report
