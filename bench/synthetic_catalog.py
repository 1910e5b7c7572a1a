"""A national-scale synthetic catalog for benchmarks: N organisations × M resources, ~8 items each.

Rows are written with bulk_create (the importer's speed is measured in import_bench.py); names are
real Finnish compounds so that Voikko's analysis is as costly as on real pages.
"""

import random

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from bench.queries import DOMAINS
from tietovaranto.catalog.models import (
    InformationResource,
    InterfaceStatement,
    Item,
    Organisation,
    ResourceItem,
    SearchCriterion,
    ServiceArea,
)

ITEM_HEADS = ("rekisteri", "järjestelmä", "aineisto", "tietokanta", "arkisto", "sovellus", "kortisto")
CRITERIA = (
    "nimi",
    "hetu",
    "osoite",
    "kiinteistötunnus",
    "asiakasnumero",
    "päivämäärä",
    "diaarinumero",
    "y-tunnus",
)
AREAS = (
    "Kasvatus ja opetus",
    "Sosiaali- ja terveyspalvelut",
    "Tekniset palvelut",
    "Konsernipalvelut",
    "Kulttuuri",
)
SENTENCES = (
    "Tietovarannon tietoja käytetään {d}palveluiden järjestämiseen ja asiakkaiden asioiden käsittelyyn.",
    "Tietoja säilytetään tiedonohjaussuunnitelman mukaisesti.",
    "Tietovarantoon tallennetaan päätökset, hakemukset ja niiden liitteet.",
)


@transaction.atomic
def build_catalog(organisations: int, resources_per_organisation: int, seed: int = 1) -> int:
    """Writes the catalog and returns the number of resources (the search index is not built here)."""
    rng = random.Random(seed)
    published_at = timezone.now()
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"Synteettinen kunta {n}",
            slug=f"kunta-{n}",
            registry_email=f"kirjaamo@kunta{n}.fi",
            published_at=published_at,  # written as published live rows: public pages and search see them
        )
        for n in range(organisations)
    )
    areas = ServiceArea.objects.bulk_create(
        ServiceArea(organisation=org, name=name, slug=f"alue-{i}", position=i)
        for org in orgs
        for i, name in enumerate(AREAS)
    )
    areas_by_org: dict[int, list[ServiceArea]] = {}
    for area in areas:
        areas_by_org.setdefault(area.organisation_id, []).append(area)
    resources: list[InformationResource] = []
    items: list[Item] = []
    criteria: list[SearchCriterion] = []
    statements: list[InterfaceStatement] = []
    for org in orgs:
        domains = rng.sample(DOMAINS, resources_per_organisation)
        for position, domain in enumerate(domains):
            resource = InformationResource(
                organisation=org,
                area=rng.choice(areas_by_org[org.pk]),
                name=f"{domain.capitalize()}tietovaranto",
                slug=slugify(f"{domain}-{position}"),
                description=" ".join(s.format(d=domain) for s in SENTENCES),
                position=position,
            )
            resources.append(resource)
    InformationResource.objects.bulk_create(resources)
    for resource in resources:
        domain = resource.name.removesuffix("tietovaranto").lower()
        heads = rng.sample(ITEM_HEADS, 4)
        for head in heads:
            kind = "system" if head in ("järjestelmä", "sovellus") else "register"
            items.append(
                Item(organisation_id=resource.organisation_id, kind=kind, name=f"{domain.capitalize()}{head}")
            )
            partner = rng.choice(DOMAINS)
            items.append(
                Item(
                    organisation_id=resource.organisation_id,
                    kind="dataset",
                    name=f"{domain.capitalize()}- ja {partner}{head} {resource.pk}",
                )
            )
        for position, name in enumerate(rng.sample(CRITERIA, 3)):
            criteria.append(
                SearchCriterion(
                    organisation_id=resource.organisation_id, resource=resource, name=name, position=position
                )
            )
        statements.append(
            InterfaceStatement(
                organisation_id=resource.organisation_id,
                resource=resource,
                aspect="open",
                status=rng.choice(["yes", "no", "unknown"]),
                text="Tietoja luovutetaan teknisen rajapinnan kautta.",
            )
        )
    # Items are unique per organisation, kind and name
    unique_items = {(i.organisation_id, i.kind, i.name): i for i in items}
    Item.objects.bulk_create(unique_items.values())
    by_key = {(i.organisation_id, i.kind, i.name): i for i in Item.objects.all()}
    # items were generated 8 per resource, in resource order
    per_resource = len(items) // len(resources)
    ResourceItem.objects.bulk_create(
        ResourceItem(
            resource=resources[index // per_resource],
            item=by_key[(item.organisation_id, item.kind, item.name)],
            position=index % per_resource,
        )
        for index, item in enumerate(items)
    )
    SearchCriterion.objects.bulk_create(criteria)
    InterfaceStatement.objects.bulk_create(statements)
    return len(resources)
