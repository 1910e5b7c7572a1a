"""Import fidelity: parse every fixture under tests/import_fixtures and compare with its truth.json.

Prints per page and in total the share of resources, items, criteria, contacts, deciders,
interface facts and registry-office facts read correctly (of those the truth file states), the
number invented (parsed but not on the page), and a total share = correct / (expected + invented).
Usage: python bench/import_fidelity.py [--details] [FIXTURE_ROOT]
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tietovaranto.importer.fidelity import format_table, score_all  # noqa: E402


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = Path(args[0]) if args else ROOT / "tests" / "import_fixtures"
    scores, total = score_all(root)
    print(format_table(scores, total))
    if "--details" in sys.argv:
        for score in scores:
            for line in score.missing:
                print(f"{score.name}: missing {line}")
            for line in score.invented:
                print(f"{score.name}: invented {line}")


if __name__ == "__main__":
    main()
