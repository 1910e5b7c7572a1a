import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from tietovaranto.catalog.completeness import CompletenessReport, Finding, check_description
from tietovaranto.catalog.models import Organisation


class Command(BaseCommand):
    help = (
        "Check the 28 § description against the law: present / missing / out of date per element. "
        "Exit code 1 when something required is missing, 2 for an unknown organisation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", help="organisation slug (default: every organisation)")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="language of the sentences (default: %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisations = _organisations(options["organisation"])
        with translation.override(options["language"]):
            reports = [check_description(organisation) for organisation in organisations]
            if options["json"]:
                data = {"organisations": [_absolute(report.as_dict()) for report in reports]}
                self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            else:
                self.stdout.write("\n\n".join(_as_text(report) for report in reports))
        missing = sum(len(report.missing_required) for report in reports)
        if missing:
            raise CommandError(f"{missing} required element(s) missing", returncode=1)


def _organisations(slug: str | None) -> list[Organisation]:
    if slug is None:
        return list(Organisation.objects.order_by("name"))
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        known = ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(f"unknown organisation {slug!r} (known: {known or 'none'})", returncode=2)
    return [organisation]


def _absolute(report: dict[str, Any]) -> dict[str, Any]:
    """A pipeline log is read outside the site: give whole addresses."""
    findings = report["findings"] + [f for r in report["resources"] for f in r["findings"]]
    for finding in findings:
        finding["fix_url"] = settings.SITE_URL + finding["fix_url"]
    return report


def _line(finding: Finding) -> list[str]:
    status = str(finding.status.label)
    lines = [
        f"  {status.upper() if finding.is_gap else status:<12} {finding.severity.label:<12} "
        f"{finding.element} [{finding.statute}]",
        f"  {'':<12} {'':<12} {finding.message}",
    ]
    if finding.is_gap:
        fix = _("Fix")
        lines.append(f"  {'':<12} {'':<12} {fix}: {settings.SITE_URL}{finding.fix_url}")
    return lines


def _as_text(report: CompletenessReport) -> str:
    organisation = report.organisation
    date = formats.date_format(timezone.localtime(report.checked_at), "j.n.Y")
    title = _("Check against the law")
    lines = [
        f"{organisation.name} ({organisation.slug}): {title}, {date}",
        _("Required missing: %(required)d, recommended missing: %(recommended)d, out of date: %(stale)d")
        % {
            "required": len(report.missing_required),
            "recommended": len(report.missing_recommended),
            "stale": len(report.stale),
        },
        "",
        _("Organisation and service areas"),
    ]
    for finding in report.findings:
        lines += _line(finding)
    for resource_report in report.resources:
        lines += ["", str(resource_report.resource)]
        for finding in resource_report.findings:
            lines += _line(finding)
    return "\n".join(lines)
