import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tietovaranto.catalog.models import Organisation
from tietovaranto.catalog.selectors import organisations_public
from tietovaranto.publishing.exporters import DELIMITERS, EXPORTERS, export_stream


class Command(BaseCommand):
    help = "Export the catalog: json, csv, xlsx, dcat/ttl (DCAT-AP Turtle), jsonld, rdf (RDF/XML)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=sorted(EXPORTERS), default="json")
        parser.add_argument("--organisation", help="slug or name of one organisation (default: all)")
        parser.add_argument("--output", type=Path, help="write to this file instead of standard output")
        parser.add_argument(
            "--delimiter",
            choices=sorted(DELIMITERS),
            default="comma",
            help="CSV: semicolon for Finnish Excel",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation: Organisation | None = None
        if options["organisation"]:
            key = options["organisation"]
            organisation = (
                organisations_public().filter(slug=key).first()
                or organisations_public().filter(name=key).first()
            )
            if organisation is None:
                raise CommandError(f"no organisation '{key}'", returncode=2)
        chunks = export_stream(options["format"], organisation, delimiter=options["delimiter"])
        if options["output"]:
            _write_whole_or_nothing(options["output"], chunks)
        elif options["format"] == "xlsx":
            raise CommandError("xlsx is binary: give --output FILE", returncode=2)
        else:
            # text formats; UTF-8 whatever the terminal's locale
            binary = getattr(self.stdout._out, "buffer", None)
            for chunk in chunks:
                if binary is not None:
                    binary.write(chunk)
                else:
                    self.stdout.write(chunk.decode(), ending="")
            self.stdout.flush()


def _write_whole_or_nothing(path: Path, chunks: Iterable[bytes]) -> None:
    """An export that fails half-way must not replace yesterday's good file with half a file: it is
    written beside the target and renamed over it only when complete."""
    descriptor, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(descriptor, "wb") as file:
            for chunk in chunks:
                file.write(chunk)
        os.chmod(partial, 0o644)
        os.replace(partial, path)
    except BaseException:
        os.unlink(partial)
        raise
