from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tietovaranto.importer.catalog_file import CatalogFileError, import_catalog
from tietovaranto.importer.sources import SourceError, read_file
from tietovaranto.importer.spreadsheet import SpreadsheetError, import_spreadsheet

SPREADSHEET_SUFFIXES = (".xlsx", ".csv")


class Command(BaseCommand):
    help = (
        "Import a catalog file into the organisations' drafts: the JSON of "
        "`tietovaranto export --format json` (and the API), or a spreadsheet (.xlsx, .csv with ',' or ';') "
        "in the columns of `tietovaranto export --format csv`. On an error nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="a .json, .xlsx or .csv file in the export's shape")
        parser.add_argument(
            "--organisation",
            metavar="SLUG",
            help="spreadsheets: only this organisation's rows (or a one-organisation file into it)",
        )
        parser.add_argument("--publish", action="store_true", help="publish each draft at once")
        parser.add_argument(
            "--dry-run", action="store_true", help="spreadsheets: print what would be written; write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if path.suffix.lower() in SPREADSHEET_SUFFIXES:
            reports = self._spreadsheet(path, options)
        else:
            try:
                reports = import_catalog(read_file(path).text, str(path), publish=options["publish"])
            except (SourceError, CatalogFileError) as error:
                raise CommandError(
                    _("%(error)s; nothing was imported") % {"error": error}, returncode=2
                ) from error
        for report in reports:
            self.stdout.write(report.as_text())

    def _spreadsheet(self, path: Path, options: dict[str, Any]) -> list[Any]:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}", returncode=2) from error
        try:
            return import_spreadsheet(
                data,
                path.name,
                organisation=options["organisation"],
                publish=options["publish"],
                dry_run=options["dry_run"],
            )
        except SpreadsheetError as error:
            raise CommandError(
                _("%(file)s: %(error)s; nothing was imported") % {"file": path.name, "error": error},
                returncode=2,
            ) from error
