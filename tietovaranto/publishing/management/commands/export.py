from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tietovaranto.catalog.models import Organisation
from tietovaranto.publishing.exporters import EXPORTERS, export_catalog


class Command(BaseCommand):
    help = "Export the catalog as JSON, CSV or DCAT-AP (Turtle)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=sorted(EXPORTERS), default="json")
        parser.add_argument("--organisation", help="slug or name of one organisation (default: all)")
        parser.add_argument("--output", type=Path, help="write to this file instead of standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = None
        if options["organisation"]:
            key = options["organisation"]
            organisation = (
                Organisation.objects.filter(slug=key).first() or Organisation.objects.filter(name=key).first()
            )
            if organisation is None:
                raise CommandError(f"no organisation '{key}'", returncode=2)
        text = export_catalog(options["format"], organisation)
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
