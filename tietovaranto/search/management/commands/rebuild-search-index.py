import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tietovaranto.search.indexing import rebuild_index

# With two, the command waited on its workers for a tenth of the rebuild (the rest is its own
# reading and writing): more than a few only fork.
MAX_DEFAULT_WORKERS = 4


class Command(BaseCommand):
    help = "Rebuild the search index of every organisation (it is otherwise kept up to date on every change)."
    # The rebuild needs only the database; the project's system checks (URLs, admin, API schema)
    # took two of the eight seconds of a rebuild. `tietovaranto check` runs them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers",
            type=int,
            default=min(len(os.sched_getaffinity(0)), MAX_DEFAULT_WORKERS),
            help="Processes that analyse the texts (default: one per CPU this process may use, at most "
            f"{MAX_DEFAULT_WORKERS}; 1 analyses in this process).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_index(workers=max(1, options["workers"]))
        self.stdout.write(f"Indexed {count} information resources.")
