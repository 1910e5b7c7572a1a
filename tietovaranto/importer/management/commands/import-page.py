from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tietovaranto.importer.services import PageImportError, page_import


def read_page(path: Path) -> str:
    """The page as text, or a CommandError with one clear line (exit code 2)."""
    if not path.exists():
        raise CommandError(f"{path}: no such file", returncode=2)
    if path.is_dir():
        raise CommandError(f"{path}: is a directory, not a page", returncode=2)
    data = path.read_bytes()
    if not data.strip():
        raise CommandError(f"{path}: the file is empty", returncode=2)
    if b"\x00" in data[:8192]:
        raise CommandError(f"{path}: a binary file, not a text or HTML page", returncode=2)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{path}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save the page as UTF-8",
            returncode=2,
        ) from error


class Command(BaseCommand):
    help = "Import a published description page (plain text or saved HTML) into the catalog."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the page: a .txt file or saved .html")
        parser.add_argument("--organisation", required=True, help='e.g. "Kaarinan kaupunki"')
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish at once instead of leaving the import as a draft to review",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        text = read_page(path)
        try:
            report = page_import(
                text=text,
                organisation_name=options["organisation"],
                source=path.name,
                publish=options["publish"],
            )
        except PageImportError as error:
            raise CommandError(f"{path}: {error}; nothing was imported", returncode=2) from error
        self.stdout.write(report.as_text())
