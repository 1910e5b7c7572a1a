"""DCAT-AP 3.0 catalogue of the information resources, for harvesters such as avoindata.fi.

Each information resource is a dcat:Dataset; resources not openly available through an interface
carry dct:accessRights NON_PUBLIC or RESTRICTED, as TiHL 28 § 5 is about open availability.
"""

from collections.abc import Iterable

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from tietovaranto.catalog.models import InformationResource, Organisation
from tietovaranto.catalog.selectors import FactResolver

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ACCESS_RIGHT = Namespace("http://publications.europa.eu/resource/authority/access-right/")
LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")


def catalog_graph(
    resources: Iterable[InformationResource], organisations: Iterable[Organisation], base_url: str
) -> Graph:
    graph = Graph()
    graph.bind("dcat", DCAT)
    graph.bind("dct", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("vcard", VCARD)
    resources = list(resources)
    resolver = FactResolver(r.organisation_id for r in resources)
    catalogs: dict[int, URIRef] = {}
    for organisation in organisations:
        catalog = URIRef(f"{base_url}/{organisation.slug}/#catalog")
        publisher = URIRef(f"{base_url}/{organisation.slug}/#organisation")
        catalogs[organisation.pk] = catalog
        graph.add((catalog, RDF.type, DCAT.Catalog))
        graph.add((catalog, DCTERMS.title, Literal(organisation.page_title or organisation.name, lang="fi")))
        graph.add(
            (
                catalog,
                DCTERMS.description,
                Literal(
                    f"{organisation.name}: tiedonhallintalain 28 §:n mukainen kuvaus tietovarannoista.",
                    lang="fi",
                ),
            )
        )
        graph.add((catalog, DCTERMS.publisher, publisher))
        homepage = URIRef(f"{base_url}/{organisation.slug}/")
        graph.add((catalog, FOAF.homepage, homepage))
        graph.add((homepage, RDF.type, FOAF.Document))
        graph.add((catalog, DCTERMS.language, LANGUAGE.FIN))
        graph.add((LANGUAGE.FIN, RDF.type, DCTERMS.LinguisticSystem))
        graph.add(
            (
                catalog,
                DCTERMS.modified,
                Literal(organisation.updated_at.date().isoformat(), datatype=XSD.date),
            )
        )
        graph.add((publisher, RDF.type, FOAF.Agent))
        graph.add((publisher, FOAF.name, Literal(organisation.name, lang="fi")))
        if organisation.name_sv:
            graph.add((publisher, FOAF.name, Literal(organisation.name_sv, lang="sv")))

    for resource in resources:
        landing_page = URIRef(f"{base_url}{resource.get_absolute_url()}")
        dataset = URIRef(f"{landing_page}#dataset")
        facts = resolver.facts(resource)
        if resource.organisation_id in catalogs:
            graph.add((catalogs[resource.organisation_id], DCAT.dataset, dataset))
        graph.add((dataset, RDF.type, DCAT.Dataset))
        graph.add((dataset, DCTERMS.title, Literal(resource.name, lang="fi")))
        for lang in ("sv", "en"):
            if getattr(resource, f"name_{lang}"):
                graph.add((dataset, DCTERMS.title, Literal(getattr(resource, f"name_{lang}"), lang=lang)))
        graph.add((dataset, DCTERMS.description, Literal(resource.description or resource.name, lang="fi")))
        graph.add(
            (dataset, DCTERMS.publisher, URIRef(f"{base_url}/{resource.organisation.slug}/#organisation"))
        )
        graph.add((dataset, DCAT.landingPage, landing_page))
        graph.add((landing_page, RDF.type, FOAF.Document))
        graph.add(
            (dataset, DCTERMS.modified, Literal(resource.updated_at.date().isoformat(), datatype=XSD.date))
        )
        for link in resource.resource_items.all():
            graph.add((dataset, DCAT.keyword, Literal(link.item.name, lang="fi")))
        for criterion in facts.criteria:
            graph.add((dataset, DCAT.keyword, Literal(criterion.value.name, lang="fi")))
        status, _text = facts.interface_summary()
        open_fact = facts.interface.get("open")
        openly = open_fact is not None and open_fact.value.status == "yes"
        rights = ACCESS_RIGHT.PUBLIC if openly else ACCESS_RIGHT.RESTRICTED
        graph.add((dataset, DCTERMS.accessRights, rights))
        graph.add((rights, RDF.type, DCTERMS.RightsStatement))
        if facts.contacts:
            point = BNode()
            graph.add((dataset, DCAT.contactPoint, point))
            graph.add((point, RDF.type, VCARD.Kind))
            graph.add((point, VCARD.fn, Literal(f"{resource.organisation.name}: tietopyynnöt")))
            for contact in facts.contacts.value:
                if contact.kind == "email":
                    graph.add((point, VCARD.hasEmail, URIRef(f"mailto:{contact.value}")))
                elif contact.kind == "phone":
                    graph.add((point, VCARD.hasTelephone, Literal(contact.value)))
    return graph
