from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from tietovaranto.federation.models import HarvestStatus
from tietovaranto.federation.services import HarvestError, HarvestResult, harvest, harvest_all


class Command(BaseCommand):
    help = (
        "Copy another tietovaranto installation's published description here, read-only: "
        "`harvest https://host/<org>/export.json`, or `harvest https://host --organisation <org>`; "
        "`harvest --all` repeats every harvest made before (for cron). Only what changed is written; "
        "on a failure nothing changes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "url", nargs="?", help="the organisation's export.json, or the installation's address"
        )
        parser.add_argument("--organisation", help="the organisation's slug at the source")
        parser.add_argument("--all", action="store_true", help="harvest every source harvested before")

    def _show(self, result: HarvestResult) -> None:
        name = result.source.organisation.name if result.source.organisation else result.source.url
        line = f"{name}: {result.message}"
        if result.status == HarvestStatus.FAILED:
            self.stderr.write(line)
        else:
            self.stdout.write(line)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["all"]:
            results = harvest_all()
            for result in results:
                self._show(result)
            if any(result.status == HarvestStatus.FAILED for result in results):
                raise CommandError(_("some harvests failed; the others were taken"), returncode=1)
            return
        if not options["url"]:
            raise CommandError(_("give an address, or --all"), returncode=2)
        try:
            self._show(harvest(options["url"], options["organisation"]))
        except HarvestError as error:
            raise CommandError(
                _("%(error)s; nothing was changed") % {"error": error}, returncode=1
            ) from error
