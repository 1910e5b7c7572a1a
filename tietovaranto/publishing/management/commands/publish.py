from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tietovaranto.catalog.models import Organisation
from tietovaranto.publishing.services import PublishError, discard_draft, draft_state, publish


def organisation_by_key(key: str) -> Organisation:
    organisation = (
        Organisation.objects.filter(slug=key).first() or Organisation.objects.filter(name=key).first()
    )
    if organisation is None:
        raise CommandError(f"no organisation '{key}'", returncode=2)
    return organisation


class Command(BaseCommand):
    help = "Publish an organisation's draft (imports and edits) with a reason, or show or discard it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="slug or name")
        parser.add_argument("--reason", default="", help="the reason for the change, shown in the history")
        parser.add_argument("--show", action="store_true", help="only list what publishing would change")
        parser.add_argument("--discard", action="store_true", help="throw the draft away")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_by_key(options["organisation"])
        if options["discard"]:
            discard_draft(organisation)
            self.stdout.write("The draft was discarded; it equals the published description again.")
            return
        state = draft_state(organisation)
        for change in state.changes:
            detail = f" {change.field}: {change.old!r} → {change.new!r}" if change.field else ""
            self.stdout.write(f"{change.change} {change.entity} {change.label}{detail}")
        if options["show"]:
            self.stdout.write(f"{len(state.changes)} change(s) in the draft.")
            return
        if not options["reason"].strip():
            raise CommandError("give --reason TEXT: the reason is shown in the public history", returncode=2)
        try:
            publication = publish(
                organisation, reason=options["reason"], expected_draft_version=state.draft_version
            )
        except PublishError as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(
            f"Published version {publication.number} of {organisation.name}: "
            f"{len(publication.summary)} change(s)."
        )
