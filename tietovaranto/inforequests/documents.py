"""The written decision and the paper-delivery letter as PDF files (fpdf2).

The text is set in DejaVu Sans from Debian's fonts-dejavu-core (embedded, subset), which covers
Finnish, Swedish and Sámi letters, €, dashes and quotes. Without that font the documents fall back to
PDF's built-in Helvetica in the Windows-1252 encoding (still ä ö å € – “ ”, but no Sámi letters);
a system check (`tietovaranto check`) warns about it.
"""

import logging
from datetime import date

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from fpdf import FPDF

from tietovaranto.core.translation import localized
from tietovaranto.inforequests.identifiers import mask_identity_codes
from tietovaranto.inforequests.models import InformationRequest, RequestEvent
from tietovaranto.inforequests.pdf_checks import (  # noqa: F401 - documents.font_files etc. as before
    BOLD_FONT,
    FONT_PACKAGE_HINT,
    REGULAR_FONT,
    check_pdf_font,
    font_files,
)

logger = logging.getLogger(__name__)

FALLBACK_ENCODING = "windows-1252"


class _Document(FPDF):
    """A4 in portrait, 20 mm margins; a running header on every page after the first."""

    def __init__(self, title: str, header_text: str) -> None:
        super().__init__(format="A4", unit="mm")
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(auto=True, margin=20)
        self.set_title(title)
        self.set_creator("tietovaranto")
        self.header_text = header_text
        fonts = font_files()
        if fonts is None:
            logger.warning("PDF font %s missing in %s; using Helvetica", REGULAR_FONT, settings.PDF_FONT_DIR)
            self.core_fonts_encoding = FALLBACK_ENCODING
            self.font_name = "helvetica"
            self.unicode_font = False
        else:
            self.add_font("dejavu", "", str(fonts[0]))
            self.add_font("dejavu", "B", str(fonts[1]))
            self.font_name = "dejavu"
            self.unicode_font = True
        self.alias_nb_pages()

    def text_for_font(self, text: str) -> str:
        """Text the font can set: characters Windows-1252 lacks become "?" in the fallback."""
        if self.unicode_font:
            return text
        return text.encode(FALLBACK_ENCODING, "replace").decode(FALLBACK_ENCODING)

    def use(self, size: float, bold: bool = False) -> None:
        self.set_font(self.font_name, "B" if bold else "", size)

    def header(self) -> None:
        if self.page_no() > 1:
            self.use(9)
            # Finnish and Swedish official documents number pages "2 (3)"
            self.cell(0, 5, self.text_for_font(f"{self.header_text}    {self.page_no()} ({{nb}})"), align="R")
            self.ln(10)

    def write_lines(self, text: str, size: float = 10.5, bold: bool = False, height: float = 5.2) -> None:
        self.use(size, bold)
        self.multi_cell(0, height, self.text_for_font(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def write_body(self, text: str) -> None:
        """The stored text paragraph by paragraph; a line in capitals (PÄÄTÖS, BESVÄRSANVISNING) is
        a heading, as in the e-mail the requester got."""
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped:
                self.ln(3)
            elif stripped.isupper() and len(stripped) < 60:
                self.ln(2)
                self.write_lines(stripped, size=11.5, bold=True, height=6)
            else:
                self.write_lines(line)

    def output_bytes(self) -> bytes:
        return bytes(self.output())


def _organisation_name(info_request: InformationRequest) -> str:
    return localized(info_request.organisation, "name", info_request.language)


def _requester_lines(info_request: InformationRequest) -> list[str]:
    lines = [info_request.requester_name or _("Anonymous requester")]
    lines += [line for line in info_request.requester_address.splitlines() if line.strip()]
    return lines


def _date(value: date) -> str:
    return f"{value.day}.{value.month}.{value.year}"


def decision_pdf(info_request: InformationRequest, decision: RequestEvent) -> bytes:
    """The written decision: authority, reference, date, requester, then the decision as given (its
    reasons, the decider and the appeal instructions with the court's address), in the request's
    language."""
    with translation.override(info_request.language):
        title = _("Decision")
        decided_on = _date(timezone.localdate(decision.at))
        pdf = _Document(
            title=f"{title} {info_request.reference}",
            header_text=f"{_organisation_name(info_request)} · {title} {info_request.reference}",
        )
        pdf.set_lang(info_request.language)
        pdf.add_page()
        top = pdf.get_y()
        pdf.set_right_margin(90)
        pdf.write_lines(_organisation_name(info_request), size=13, bold=True, height=6.5)
        pdf.set_right_margin(20)
        pdf.set_xy(130, top)
        pdf.use(13, bold=True)
        pdf.cell(0, 6.5, pdf.text_for_font(title.upper()), new_x="LEFT", new_y="NEXT")
        pdf.use(10)
        for line in (
            decided_on,
            f"{_('Reference')} {info_request.reference}",
            f"{_('Page')} 1 ({{nb}})",
        ):
            pdf.cell(0, 5.2, pdf.text_for_font(line), new_x="LEFT", new_y="NEXT")
        pdf.set_xy(20, max(pdf.get_y(), top + 25))
        pdf.write_lines(_("Requester"), size=9, bold=True)
        pdf.write_lines("\n".join(_requester_lines(info_request)))
        pdf.ln(6)
        pdf.write_body(mask_identity_codes(decision.text))
        return pdf.output_bytes()


def letter_pdf(info_request: InformationRequest, event: RequestEvent | None, today: date) -> bytes:
    """A letter for paper delivery: the recipient's address where a C5 window envelope shows it
    (20 mm from the left, 45 mm from the top), the date and reference, the message sent to the
    requester and the names of its attachments."""
    with translation.override(info_request.language):
        title = _("Letter")
        organisation = info_request.organisation
        pdf = _Document(
            title=f"{title} {info_request.reference}",
            header_text=f"{_organisation_name(info_request)} · {info_request.reference}",
        )
        pdf.set_lang(info_request.language)
        pdf.add_page()
        pdf.set_right_margin(90)
        pdf.write_lines(_organisation_name(info_request), size=11, bold=True)
        if organisation.registry_postal_address:
            pdf.write_lines(organisation.registry_postal_address, size=9, height=4.5)
        pdf.set_right_margin(20)
        pdf.set_xy(130, 20)
        pdf.use(10)
        for line in (_date(today), f"{_('Reference')} {info_request.reference}", f"{_('Page')} 1 ({{nb}})"):
            pdf.cell(0, 5.2, pdf.text_for_font(line), new_x="LEFT", new_y="NEXT")
        pdf.set_xy(20, 45)
        pdf.set_right_margin(105)  # the window: 85 mm wide
        pdf.write_lines("\n".join(_requester_lines(info_request)), size=11, height=5.5)
        pdf.set_right_margin(20)
        pdf.set_xy(20, max(pdf.get_y() + 10, 95))
        if event is None:
            pdf.write_lines(_("Nothing has been sent to the requester yet."))
        else:
            pdf.write_body(mask_identity_codes(event.text))
            names = [attachment.name for attachment in event.attachments.all()]
            if names:
                pdf.ln(4)
                pdf.write_lines(_("Attachments"), size=10.5, bold=True)
                pdf.write_lines("\n".join(names))
        return pdf.output_bytes()


def pdf_filename(info_request: InformationRequest, kind: str) -> str:
    """E.g. TP-2026-000001-paatos.pdf (the document's name in the request's language, ASCII)."""
    with translation.override(info_request.language):
        name = _("Decision") if kind == "decision" else _("Letter")
    return f"{info_request.reference}-{slugify(name)}.pdf"


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
