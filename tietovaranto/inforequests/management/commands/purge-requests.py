from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from tietovaranto.inforequests.services import anonymise_old_requests, purge_mail_log


class Command(BaseCommand):
    help = (
        "Remove personal data of requests closed more than REQUEST_RETENTION_DAYS ago, and the "
        "e-mail log entries older than that (run daily)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = anonymise_old_requests()
        days = settings.REQUEST_RETENTION_DAYS
        self.stdout.write(f"Removed the personal data of {count} requests closed over {days} days ago.")
        mails = purge_mail_log()
        self.stdout.write(f"Removed {mails} e-mail log entries and unsent messages over {days} days old.")
