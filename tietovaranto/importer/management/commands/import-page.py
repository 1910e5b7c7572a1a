from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tietovaranto.importer.preview import DescriptionRefused, describe, import_description, render_dry_run
from tietovaranto.importer.services import language_conflict
from tietovaranto.importer.sources import MAX_FOLLOWED, SourceError, collect


class Command(BaseCommand):
    help = (
        "Import a published description (plain text or saved HTML files, or addresses) into the catalog. "
        "Several files or addresses are read as one description."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "sources",
            nargs="+",
            metavar="PATH_OR_URL",
            help="a .txt or saved .html file, or an http(s) address",
        )
        parser.add_argument("--organisation", required=True, help='e.g. "Kaarinan kaupunki"')
        parser.add_argument(
            "--follow",
            action="store_true",
            help=f"also fetch the pages the first address links to in its section (at most {MAX_FOLLOWED})",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="print the recognised structure and write nothing"
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish at once instead of leaving the import as a draft to review",
        )
        parser.add_argument(
            "--take-page",
            action="store_true",
            help="on a re-import, let the page win where it and an edit made here since the last import "
            "differ (edits the page does not touch stay)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        values: list[str] = options["sources"]
        label = values[0] if len(values) == 1 else f"{values[0]} (+{len(values) - 1})"
        try:
            collected = collect(values, follow=options["follow"])
        except SourceError as error:
            raise CommandError(
                _("%(error)s; nothing was imported") % {"error": error}, returncode=2
            ) from error
        description = describe(collected)
        if options["dry_run"]:
            self.stdout.write(render_dry_run(description, options["organisation"]))
            if description.assessment.refusal:  # the same exit code as the import itself would give
                raise CommandError(_("the page would be refused; nothing was written"), returncode=2)
            conflict = language_conflict(description.page, options["organisation"])
            if conflict is not None:
                raise CommandError(
                    _("%(error)s; nothing was imported") % {"error": f"{label}: {conflict}"}, returncode=2
                )
            return
        try:
            report = import_description(
                description,
                options["organisation"],
                publish=options["publish"],
                take_page=options["take_page"],
            )
        except DescriptionRefused as error:
            raise CommandError(
                _("%(error)s; nothing was imported") % {"error": f"{label}: {error}"}, returncode=2
            ) from error
        for text in description.source_warnings:
            self.stderr.write(f"Warning: {text}")
        self.stdout.write(report.as_text(description.where))
