from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tietovaranto.importer.catalog_file import CatalogFileError, import_catalog
from tietovaranto.importer.sources import SourceError, read_file


class Command(BaseCommand):
    help = (
        "Import a catalog file: the JSON that `tietovaranto export --format json` (and the API) gives. "
        "It goes into each organisation's draft; on an error nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="a .json file from `tietovaranto export --format json`")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish at once instead of leaving the import as a draft to review",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            text = read_file(path).text
            reports = import_catalog(text, str(path), publish=options["publish"])
        except (SourceError, CatalogFileError) as error:
            raise CommandError(
                _("%(error)s; nothing was imported") % {"error": error}, returncode=2
            ) from error
        for report in reports:
            self.stdout.write(report.as_text())
