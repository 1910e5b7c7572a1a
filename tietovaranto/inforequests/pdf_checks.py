"""The system check of the PDF documents' font, apart from documents.py so that a web worker does
not load fpdf2 (and fontTools, Pillow: ~35 MiB per worker) before someone asks for a PDF."""

from pathlib import Path

from django.conf import settings
from django.core import checks

REGULAR_FONT = "DejaVuSans.ttf"
BOLD_FONT = "DejaVuSans-Bold.ttf"
FONT_PACKAGE_HINT = "apt-get install fonts-dejavu-core"


def font_files() -> tuple[Path, Path] | None:
    """The regular and bold DejaVu Sans files, or None when fonts-dejavu-core is not installed."""
    folder = Path(settings.PDF_FONT_DIR)
    regular, bold = folder / REGULAR_FONT, folder / BOLD_FONT
    if regular.is_file() and bold.is_file():
        return regular, bold
    return None


@checks.register()
def check_pdf_font(**kwargs: object) -> list[checks.CheckMessage]:
    if font_files() is not None:
        return []
    return [
        checks.Warning(
            f"{REGULAR_FONT} and {BOLD_FONT} are not in PDF_FONT_DIR ({settings.PDF_FONT_DIR}): the "
            "decision and letter PDFs fall back to Helvetica, which has no Sámi letters.",
            hint=f"Install Debian's fonts-dejavu-core ({FONT_PACKAGE_HINT}) or set PDF_FONT_DIR.",
            id="inforequests.W001",
        )
    ]
