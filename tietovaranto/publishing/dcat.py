"""DCAT-AP 3.0 catalogue of the information resources, for harvesters such as avoindata.fi (CKAN).

One dcat:Catalog per organisation (its publisher with name, type, homepage and e-mail), each
information resource a dcat:Dataset with its title and description in every language it has, the
request channel as contact point, its search criteria as keywords (personal fields left out), and
access rights from the open-availability fact alone (TiHL 28 § 5): PUBLIC only when it says yes.
An address given for an open interface becomes a distribution (CC BY 4.0 unless stated) and, when
it is not a file download, a dcat:DataService.
"""

import re
from collections.abc import Iterable

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from tietovaranto.catalog.models import (
    Availability,
    InformationResource,
    InterfaceStatement,
    Organisation,
    is_email_address,
)
from tietovaranto.catalog.selectors import FactResolver, ResourceFacts
from tietovaranto.core.translation import CONTENT_LANGUAGES

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ACCESS_RIGHT = Namespace("http://publications.europa.eu/resource/authority/access-right/")
LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")
DATA_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
THEME_SCHEME = URIRef("http://publications.europa.eu/resource/authority/data-theme")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
CC_BY_4 = URIRef("http://creativecommons.org/licenses/by/4.0/")
LANGUAGE_URIS = {"fi": LANGUAGE.FIN, "sv": LANGUAGE.SWE, "en": LANGUAGE.ENG}

# Search criteria that name a person or identify one are how documents are found, not what a data
# set is about: they never become keywords. Compared in lower case, as whole criteria or as a part
# of a compound ("asiakkaan henkilötunnus", "syntymäaika").
PERSONAL_CRITERIA = (
    "hetu",
    "henkilötunnus",
    "henkilötunnukset",
    "syntymäaika",
    "syntymäpäivä",
    "nimi",
    "henkilön nimi",
    "etunimi",
    "sukunimi",
    "osoite",
    "lähiosoite",
    "kotiosoite",
    "postiosoite",
    "puhelinnumero",
    "sähköposti",
    "sähköpostiosoite",
    "asiakasnumero",
    "potilasnumero",
    "oppilasnumero",
    "henkilönumero",
)
PERSONAL_PARTS = ("henkilötunnus", "hetu", "syntymä", "sukunimi", "etunimi", "osoite", "puhelin")
DOWNLOAD = re.compile(r"\.(csv|xlsx?|json|zip|xml|geojson|gpkg|pdf)(\?.*)?$", re.IGNORECASE)
OPENLY = re.compile(r"avoi|vapaasti|julkis|öppe|fritt|\bopen|public", re.IGNORECASE)
INTERFACE_WORD = {"fi": "rajapinta", "sv": "gränssnitt", "en": "interface"}
FILE_TYPES = {"csv": "CSV", "xls": "XLS", "xlsx": "XLSX", "json": "JSON", "zip": "ZIP", "xml": "XML"}


def is_personal_criterion(name: str) -> bool:
    text = name.strip().lower()
    return text in PERSONAL_CRITERIA or any(part in text for part in PERSONAL_PARTS)


def new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
        ("skos", SKOS),
    ):
        graph.bind(prefix, namespace)
    return graph


def _texts(obj: object, field: str) -> list[tuple[str, str]]:
    """(language, text) for every language the field has."""
    pairs = []
    for language in CONTENT_LANGUAGES:
        value = getattr(obj, field if language == "fi" else f"{field}_{language}", "")
        if value:
            pairs.append((language, str(value)))
    return pairs


def add_catalog(graph: Graph, organisation: Organisation, base_url: str) -> URIRef:
    catalog = URIRef(f"{base_url}/{organisation.slug}/#catalog")
    publisher = URIRef(f"{base_url}/{organisation.slug}/#organisation")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(organisation.page_title or organisation.name, lang="fi")))
    graph.add(
        (
            catalog,
            DCTERMS.description,
            Literal(
                f"{organisation.name}: tiedonhallintalain 28 §:n mukainen kuvaus tietovarannoista.", lang="fi"
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
        (catalog, DCTERMS.modified, Literal(organisation.updated_at.date().isoformat(), datatype=XSD.date))
    )
    graph.add((catalog, DCAT.themeTaxonomy, THEME_SCHEME))
    graph.add((THEME_SCHEME, RDF.type, SKOS.ConceptScheme))
    graph.add((THEME_SCHEME, DCTERMS.title, Literal("Data theme", lang="en")))

    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, RDF.type, FOAF.Organization))
    for language, name in _texts(organisation, "name"):
        graph.add((publisher, FOAF.name, Literal(name, lang=language)))
    graph.add((publisher, DCTERMS.type, PUBLISHER_TYPE.PublicBody))
    graph.add((PUBLISHER_TYPE.PublicBody, RDF.type, SKOS.Concept))
    graph.add((PUBLISHER_TYPE.PublicBody, SKOS.prefLabel, Literal("Public body", lang="en")))
    site = URIRef(organisation.website) if organisation.website else homepage
    graph.add((publisher, FOAF.homepage, site))
    graph.add((site, RDF.type, FOAF.Document))
    if is_email_address(organisation.registry_email):  # a broken address must not break the export
        graph.add((publisher, FOAF.mbox, URIRef(f"mailto:{organisation.registry_email}")))
    return catalog


def _access_rights(graph: Graph, dataset: URIRef, facts: ResourceFacts) -> None:
    """28 § 5 open availability alone decides: other interface facts are about other disclosure.

    PUBLIC needs the fact to say yes in words of openness ("avoimesti", "avoin data"): a sentence that
    data "can be disclosed" (luovuttaa) is disclosure on request, i.e. RESTRICTED.
    """
    open_fact = facts.interface.get("open")
    status = open_fact.value.status if open_fact else Availability.UNKNOWN
    sentences = _texts(open_fact.value, "text") if open_fact else []  # Finnish first
    if status == Availability.YES and not any(OPENLY.search(text) for _language, text in sentences):
        status = Availability.UNKNOWN
    if status == Availability.YES:
        rights = ACCESS_RIGHT.PUBLIC
    elif status == Availability.NO:
        rights = ACCESS_RIGHT.NON_PUBLIC
    else:
        rights = ACCESS_RIGHT.RESTRICTED  # not stated: ask with an information request
    graph.add((dataset, DCTERMS.accessRights, rights))
    graph.add((rights, RDF.type, DCTERMS.RightsStatement))
    if sentences:
        # the page's own sentence, so the harvester can show why; a named node, not a blank one, so
        # the same catalog serialises to the same bytes (ETag, harvesters' change detection)
        statement = URIRef(f"{dataset}#rights")
        graph.add((dataset, DCTERMS.rights, statement))
        graph.add((statement, RDF.type, DCTERMS.RightsStatement))
        language, text = sentences[0]
        graph.add((statement, RDFS.label, Literal(text, lang=language)))


def _distributions(
    graph: Graph, dataset: URIRef, resource: InformationResource, facts: ResourceFacts
) -> None:
    """A distribution for each address of an open interface or download the page states."""
    statement: InterfaceStatement | None = None
    open_fact = facts.interface.get("open")
    if open_fact and open_fact.value.status == Availability.YES and open_fact.value.url:
        statement = open_fact.value
    if statement is None:
        return
    url = URIRef(statement.url)
    graph.add((url, RDF.type, RDFS.Resource))  # DCAT-AP's range for access, download and endpoint URLs
    distribution = URIRef(f"{dataset}-distribution")
    graph.add((dataset, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    for language, name in _texts(resource, "name"):
        graph.add((distribution, DCTERMS.title, Literal(name, lang=language)))
    graph.add((distribution, DCAT.accessURL, url))
    graph.add((distribution, DCTERMS.license, CC_BY_4))
    graph.add((CC_BY_4, RDF.type, DCTERMS.LicenseDocument))
    match = DOWNLOAD.search(statement.url)
    if match:
        graph.add((distribution, DCAT.downloadURL, url))
        file_type = FILE_TYPES.get(match.group(1).lower())
        if file_type:
            graph.add((distribution, DCTERMS["format"], FILE_TYPE[file_type]))
            graph.add((FILE_TYPE[file_type], RDF.type, DCTERMS.MediaTypeOrExtent))
        return
    service = URIRef(f"{dataset}-service")
    graph.add((distribution, DCAT.accessService, service))
    graph.add((service, RDF.type, DCAT.DataService))
    for language, name in _texts(resource, "name"):
        graph.add((service, DCTERMS.title, Literal(f"{name}: {INTERFACE_WORD[language]}", lang=language)))
    graph.add((service, DCAT.endpointURL, url))
    graph.add((service, DCAT.servesDataset, dataset))
    graph.add((service, DCTERMS.accessRights, ACCESS_RIGHT.PUBLIC))
    graph.add((service, DCTERMS.license, CC_BY_4))


def add_dataset(
    graph: Graph, resource: InformationResource, facts: ResourceFacts, base_url: str, catalog: URIRef | None
) -> URIRef:
    landing_page = URIRef(f"{base_url}{resource.get_absolute_url()}")
    dataset = URIRef(f"{landing_page}#dataset")
    if catalog is not None:
        graph.add((catalog, DCAT.dataset, dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    for language, name in _texts(resource, "name"):
        graph.add((dataset, DCTERMS.title, Literal(name, lang=language)))
    descriptions = _texts(resource, "description") or _texts(resource, "name")[:1]
    for language, text in descriptions:
        graph.add((dataset, DCTERMS.description, Literal(text, lang=language)))
    graph.add((dataset, DCTERMS.identifier, Literal(str(landing_page))))
    graph.add((dataset, DCTERMS.publisher, URIRef(f"{base_url}/{resource.organisation.slug}/#organisation")))
    graph.add((dataset, DCAT.landingPage, landing_page))
    graph.add((landing_page, RDF.type, FOAF.Document))
    graph.add((dataset, DCTERMS.modified, Literal(resource.updated_at.date().isoformat(), datatype=XSD.date)))
    graph.add((dataset, DCAT.theme, DATA_THEME.GOVE))
    graph.add((DATA_THEME.GOVE, RDF.type, SKOS.Concept))
    graph.add((DATA_THEME.GOVE, SKOS.inScheme, THEME_SCHEME))
    graph.add((DATA_THEME.GOVE, SKOS.prefLabel, Literal("Hallinto ja julkinen sektori", lang="fi")))
    graph.add((DATA_THEME.GOVE, SKOS.prefLabel, Literal("Government and public sector", lang="en")))
    for language in {lang for lang, _text in descriptions} | {"fi"}:
        graph.add((dataset, DCTERMS.language, LANGUAGE_URIS[language]))
        graph.add((LANGUAGE_URIS[language], RDF.type, DCTERMS.LinguisticSystem))
    for criterion in facts.criteria:
        language, name = _texts(criterion.value, "name")[0]  # Finnish, else the language it has
        if not is_personal_criterion(name):
            graph.add((dataset, DCAT.keyword, Literal(name, lang=language)))
    _access_rights(graph, dataset, facts)
    if facts.contacts:
        point = URIRef(f"{dataset}-contact")
        graph.add((dataset, DCAT.contactPoint, point))
        graph.add((point, RDF.type, VCARD.Kind))
        graph.add((point, RDF.type, VCARD.Organization))
        graph.add((point, VCARD.fn, Literal(f"{resource.organisation.name}: tietopyynnöt", lang="fi")))
        for contact in facts.contacts.value:
            if contact.kind == "email":
                if is_email_address(contact.value):  # one stored before addresses were checked
                    graph.add((point, VCARD.hasEmail, URIRef(f"mailto:{contact.value}")))
            elif contact.kind == "phone":
                digits = re.sub(r"[^\d+]", "", contact.value)
                if digits:
                    graph.add((point, VCARD.hasTelephone, URIRef(f"tel:{digits}")))
            elif contact.kind == "postal":
                graph.add((point, VCARD["hasAddress"], Literal(contact.value)))
    _distributions(graph, dataset, resource, facts)
    return dataset


def catalog_graph(
    resources: Iterable[InformationResource], organisations: Iterable[Organisation], base_url: str
) -> Graph:
    """The whole graph in memory (for JSON-LD and RDF/XML, and for tests)."""
    graph = new_graph()
    resources = list(resources)
    resolver = FactResolver({r.organisation_id for r in resources}, resources)
    catalogs = {organisation.pk: add_catalog(graph, organisation, base_url) for organisation in organisations}
    for resource in resources:
        add_dataset(
            graph, resource, resolver.facts(resource), base_url, catalogs.get(resource.organisation_id)
        )
    return graph
