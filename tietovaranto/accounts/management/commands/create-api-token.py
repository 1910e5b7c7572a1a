from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tietovaranto.accounts import tokens
from tietovaranto.accounts.services import AccessError
from tietovaranto.catalog.models import Organisation, ServiceArea


class Command(BaseCommand):
    help = (
        "Create a key for the write API (as the administrator's staff page 'API keys' does) and print "
        "it once: create-api-token --organisation SLUG --name 'Records plan tool' [--area SLUG ...]."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="organisation slug")
        parser.add_argument("--name", required=True, help="the system that uses the key")
        parser.add_argument(
            "--area",
            action="append",
            default=[],
            help="limit the key to this service area (slug); repeatable",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation {options['organisation']!r}")
        areas = list(ServiceArea.objects.filter(organisation=organisation, slug__in=options["area"]))
        unknown = sorted(set(options["area"]) - {a.slug for a in areas})
        if unknown:
            raise CommandError(f"No service area {', '.join(unknown)} in {organisation.name}")
        try:
            token, key = tokens.create_token(None, organisation, options["name"], areas)
        except AccessError as error:
            raise CommandError(str(error)) from None
        self.stderr.write(f"{token.name} ({token.prefix}): shown only now, store it safely")
        self.stdout.write(key)
