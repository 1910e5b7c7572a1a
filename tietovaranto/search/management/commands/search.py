import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tietovaranto.search.schemas import search_out
from tietovaranto.search.services import search


class Command(BaseCommand):
    help = "Search the catalog as the public site does; --json prints what GET /api/v1/search returns."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query")
        parser.add_argument("--organisation", help="organisation slug")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="print JSON, as the API")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["query"].strip():
            raise CommandError("the query is empty", returncode=2)
        results = search(options["query"], organisation=options["organisation"], limit=options["limit"])
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    search_out(
                        results,
                        limit=options["limit"],
                        filters={"q": options["query"]}
                        | ({"organisation": options["organisation"]} if options["organisation"] else {}),
                    ),
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        if not results.hits:
            hint = f" Did you mean: {', '.join(results.suggestions)}?" if results.suggestions else ""
            self.stdout.write(f"No results.{hint}")
            return
        self.stdout.write(f"{results.total} resources match; best first:")
        for rank, hit in enumerate(results.hits, start=1):
            resource = hit.resource
            self.stdout.write(f"{rank}. {resource} ({resource.organisation.name}) score {hit.score}")
            for match in hit.matches[:3]:
                self.stdout.write(f"     {match.field}: {match.text[:100]}")
