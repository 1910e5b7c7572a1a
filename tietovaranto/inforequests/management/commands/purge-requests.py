from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from tietovaranto.inforequests.services import anonymise_old_requests


class Command(BaseCommand):
    help = "Remove personal data of requests closed more than REQUEST_RETENTION_DAYS ago (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = anonymise_old_requests()
        days = settings.REQUEST_RETENTION_DAYS
        self.stdout.write(f"Removed the personal data of {count} requests closed over {days} days ago.")
