from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tietovaranto.accounts import services
from tietovaranto.accounts.models import Role
from tietovaranto.catalog.models import Organisation


class Command(BaseCommand):
    help = (
        "Give a user a role in an organisation, e.g. the first administrator: "
        "grant-role USERNAME --organisation SLUG --role admin. Then administrators invite on the staff pages."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--organisation", required=True, help="organisation slug")
        parser.add_argument("--role", required=True, choices=Role.values)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = get_user_model().objects.get(username=options["username"])
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {options['username']!r}") from None
        try:
            organisation = Organisation.objects.get(slug=options["organisation"])
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation {options['organisation']!r}") from None
        services.grant_role(None, organisation, user, options["role"])
        self.stdout.write(f"{user.get_username()}: {Role(options['role']).label} in {organisation.name}")
