from concurrent.futures.process import BrokenProcessPool
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tietovaranto.search.indexing import MAX_DEFAULT_WORKERS, default_workers, rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index of every organisation (it is otherwise kept up to date on every change)."
    # The rebuild needs only the database; the project's system checks (URLs, admin, API schema)
    # took two of the eight seconds of a rebuild. `tietovaranto check` runs them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="Processes that read the catalog and build the entries while this one writes them "
            f"(default: one per CPU this process may use, at most {MAX_DEFAULT_WORKERS}; 1: all in this "
            "process).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = rebuild_index(workers=max(1, options["workers"]))
        except BrokenProcessPool as error:
            raise CommandError(
                "A worker process of the rebuild died (out of memory?). Searches use the index as it "
                "was, or after a first build the organisations written so far. Run the command again; "
                "with --workers 1 it needs the least memory."
            ) from error
        self.stdout.write(f"Indexed {count} information resources.")
