from typing import Any

from django.core.management.base import BaseCommand

from tietovaranto.inforequests.services import send_reminders


class Command(BaseCommand):
    help = "E-mail the handlers of requests due within 3 days or late (run daily from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = send_reminders()
        self.stdout.write(f"Queued {count} reminders; `tietovaranto send_mail` sends them.")
