"""Read a DCAT-AP catalog (Turtle, RDF/XML or JSON-LD) into the structure the page parser produces,
so a harvest of avoindata.fi, of any DCAT-AP source or of another tietovaranto's DCAT export goes
through the same writer as a page.

What DCAT states maps onto 28 §: a data set's title and description are the resource's, each in the
field of its language tag (`@fi` or none: Finnish, `@sv`: Swedish, `@en`: English; a data set titled
in Swedish or English only is described in that language, as a Swedish-speaking municipality's
catalog is), its keywords become search criteria, its contact point is the request
channel, its access rights are the open-availability fact (PUBLIC: yes, NON_PUBLIC: no, otherwise
not stated) and a distribution's address goes into that fact's sentence. DCAT has no registers,
systems or deciding official: they stay empty, and the check against 28 § says what is missing.
"""

from collections import defaultdict
from urllib.parse import unquote, urlsplit

from django.utils.text import slugify
from django.utils.translation import gettext as _
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS
from rdflib.term import Node

from tietovaranto.importer.catalog_file import CatalogFileError, CatalogOrganisation, settle_languages
from tietovaranto.importer.fields import Contact, InterfaceFact
from tietovaranto.importer.parser import ParsedPage, ParsedResource
from tietovaranto.publishing.dcat import ACCESS_RIGHT, VCARD

MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "n3",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/ld+json": "json-ld",
}
EXTENSIONS = {".ttl": "turtle", ".n3": "n3", ".nt": "nt", ".rdf": "xml", ".xml": "xml", ".jsonld": "json-ld"}
LANGUAGE_ORDER = ("fi", "", "sv", "en")
# The sentence of an open data set whose rights say nothing more, in the data set's language
OPENLY_AVAILABLE = {
    "fi": "Tiedot ovat avoimesti saatavilla.",
    "sv": "Uppgifterna är öppet tillgängliga.",
    "en": "The data are openly available.",
}


def rdf_format(url: str, content_type: str = "") -> str | None:
    """The rdflib format of a DCAT answer, by its media type or else the address's extension."""
    media_type = content_type.split(";")[0].strip().lower()
    if media_type in MEDIA_TYPES:
        return MEDIA_TYPES[media_type]
    path = urlsplit(url).path.lower()
    for extension, name in EXTENSIONS.items():
        if path.endswith(extension):
            return name
    return None


def _texts(graph: Graph, subject: Node, predicate: URIRef) -> dict[str, str]:
    """The first text per language tag ("" for none)."""
    texts: dict[str, str] = {}
    for value in graph.objects(subject, predicate):
        if isinstance(value, Literal) and str(value).strip():
            texts.setdefault((value.language or "").lower()[:2], str(value).strip())
    return texts


def _text(graph: Graph, subject: Node, *predicates: URIRef) -> str:
    for predicate in predicates:
        texts = _texts(graph, subject, predicate)
        for language in LANGUAGE_ORDER:
            if language in texts:
                return texts[language]
        if texts:
            return next(iter(texts.values()))
    return ""


def _address(value: Node, scheme: str) -> str:
    text = str(value).strip()
    return unquote(text[len(scheme) :]) if text.lower().startswith(scheme) else text


def _value(graph: Graph, node: Node) -> Node:
    """vCard gives an address either as such or as a node with vcard:hasValue."""
    return (graph.value(node, VCARD.hasValue) or node) if isinstance(node, BNode) else node


def _contacts(graph: Graph, dataset: Node) -> list[Contact]:
    contacts: list[Contact] = []
    for point in graph.objects(dataset, DCAT.contactPoint):
        for email in graph.objects(point, VCARD.hasEmail):
            contacts.append(Contact("email", _address(_value(graph, email), "mailto:")))
        for phone in graph.objects(point, VCARD.hasTelephone):
            contacts.append(Contact("phone", _address(_value(graph, phone), "tel:")))
        for address in graph.objects(point, VCARD.hasAddress):
            if isinstance(address, Literal):
                text = str(address)
            else:
                parts = ("street-address", "postal-code", "locality")
                text = ", ".join(filter(None, (_text(graph, address, VCARD[part]) for part in parts)))
            if text.strip():
                contacts.append(Contact("postal", text.strip()))
    return [contact for contact in contacts if contact.value]


def _open_availability(graph: Graph, dataset: Node, language: str) -> list[InterfaceFact]:
    """28 § 5 from the access rights; a distribution without stated rights is open data."""
    urls = []
    for distribution in graph.objects(dataset, DCAT.distribution):
        for predicate in (DCAT.downloadURL, DCAT.accessURL):
            for url in graph.objects(distribution, predicate):
                if str(url) not in urls:
                    urls.append(str(url))
    rights = graph.value(dataset, DCTERMS.accessRights)
    sentence = ""
    for statement in graph.objects(dataset, DCTERMS.rights):
        sentence = _text(graph, statement, RDFS.label, SKOS.prefLabel, DCTERMS.description) or sentence
    if rights == ACCESS_RIGHT.PUBLIC or (rights is None and urls):
        status = "yes"
        sentence = sentence or OPENLY_AVAILABLE[language]
    elif rights == ACCESS_RIGHT.NON_PUBLIC:
        status = "no"
    elif sentence:
        status = "unknown"
    else:
        return []
    missing = [url for url in urls if url not in sentence]
    if missing and status == "yes":
        sentence = f"{sentence} {' '.join(missing)}"
    return [InterfaceFact("open", status, sentence)]


def _per_language(texts: dict[str, str]) -> dict[str, str]:
    """Texts by language tag as the catalog's fields: `@fi` or untagged Finnish, `@sv`, `@en`."""
    return {"fi": texts.get("fi") or texts.get("", ""), "sv": texts.get("sv", ""), "en": texts.get("en", "")}


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _resource(graph: Graph, dataset: Node, line: int) -> ParsedResource | None:
    """The data set in the language of its title: Finnish where it has a Finnish (or untagged) one,
    with the Swedish and English beside it; else Swedish, else English (its `language`)."""
    titles = _texts(graph, dataset, DCTERMS.title)
    names = _per_language(titles)
    language = next((lang for lang in ("fi", "sv", "en") if names[lang]), "fi")
    name = names[language] or _text(graph, dataset, DCTERMS.title)  # another tag only: as Finnish
    if not name:
        return None
    resource = ParsedResource(" ".join(name.split()), line)
    resource.language = language
    descriptions = _texts(graph, dataset, DCTERMS.description)
    texts = _per_language(descriptions)
    # an exporter may repeat the title when there is no description
    description = texts[language] or (
        "" if any(texts.values()) else _text(graph, dataset, DCTERMS.description)
    )
    if description and description != name:
        resource.description = _paragraphs(description)
    if language == "fi":  # the Swedish beside the Finnish
        resource.name_sv = " ".join(names["sv"].split()) if names["sv"] != name else ""
        if texts["sv"] and texts["sv"] != description:
            resource.description_sv = _paragraphs(texts["sv"])
    if language != "en":  # the English beside the Finnish or Swedish
        resource.name_en = " ".join(names["en"].split()) if names["en"] != name else ""
        if texts["en"] and texts["en"] != description:
            resource.description_en = _paragraphs(texts["en"])
    resource.facts.criteria = _texts_all(graph, dataset, DCAT.keyword, language)
    resource.facts.contacts = _contacts(graph, dataset)
    resource.facts.interface = _open_availability(graph, dataset, language)
    return resource


def _texts_all(graph: Graph, subject: Node, predicate: URIRef, language: str = "fi") -> list[str]:
    """Every value in `language` (Finnish: also untagged), in a stable order; the others only when
    there is none."""
    values: dict[str, list[str]] = defaultdict(list)
    for value in graph.objects(subject, predicate):
        if isinstance(value, Literal) and str(value).strip():
            values[(value.language or "").lower()[:2]].append(" ".join(str(value).split()))
    chosen = values.get(language, []) + (values.get("", []) if language == "fi" else [])
    if not chosen:
        chosen = [v for tag in sorted(values) for v in values[tag]]
    return sorted(dict.fromkeys(chosen), key=str.lower)


def _slug(graph: Graph, dataset: Node) -> str:
    """The data set's own name in its landing page or address (…/resources/<slug>/, …/dataset/<name>)."""
    for address in [*graph.objects(dataset, DCAT.landingPage), dataset]:
        if isinstance(address, URIRef):
            segments = [s for s in urlsplit(str(address)).path.split("/") if s]
            if segments and slugify(segments[-1]) == segments[-1]:
                return segments[-1]
    return ""


def _publisher_name(graph: Graph, publisher: Node | None, catalog: Node | None) -> str:
    name = _text(graph, publisher, FOAF.name, SKOS.prefLabel, RDFS.label) if publisher is not None else ""
    if not name and catalog is not None:
        name = _text(graph, catalog, DCTERMS.title)
    return " ".join(name.split())


def read_dcat(data: bytes, rdf_format_name: str, label: str) -> list[CatalogOrganisation]:
    """One organisation per publisher (a catalog's, or a data set's own), in the order first met."""
    graph = Graph()
    try:
        graph.parse(data=data, format=rdf_format_name)
    except Exception as error:  # rdflib's parsers raise many kinds; any of them means unreadable
        reason = " ".join(str(error).split())[:200] or error.__class__.__name__
        raise CatalogFileError(
            _("%(file)s: not readable as %(format)s (%(reason)s)")
            % {"file": label, "format": rdf_format_name, "reason": reason}
        ) from error
    datasets: dict[Node, tuple[Node | None, Node | None]] = {}  # data set → (catalog, publisher)
    for found in sorted(graph.subjects(RDF.type, DCAT.Catalog), key=str):
        catalog_publisher = graph.value(found, DCTERMS.publisher)
        for dataset in sorted(graph.objects(found, DCAT.dataset), key=str):
            own = graph.value(dataset, DCTERMS.publisher)
            datasets.setdefault(dataset, (found, own or catalog_publisher))
    for dataset in sorted(graph.subjects(RDF.type, DCAT.Dataset), key=str):
        datasets.setdefault(dataset, (None, graph.value(dataset, DCTERMS.publisher)))
    if not datasets:
        raise CatalogFileError(_("%(file)s: no dcat:Dataset in the catalog") % {"file": label})

    organisations: dict[str, CatalogOrganisation] = {}
    for line, (node, (catalog, publisher)) in enumerate(datasets.items(), start=1):
        org_name = _publisher_name(graph, publisher, catalog)
        if not org_name:
            raise CatalogFileError(
                _("%(file)s: data set %(dataset)s has no publisher with a name")
                % {"file": label, "dataset": node}
            )
        org = organisations.get(org_name)
        if org is None:
            org = organisations[org_name] = CatalogOrganisation(org_name, "", ParsedPage(), {})
            mailbox = graph.value(publisher, FOAF.mbox) if publisher is not None else None
            if mailbox is not None:
                org.page.registry = [Contact("email", _address(mailbox, "mailto:"))]
        resource = _resource(graph, node, line)
        if resource is None:
            continue
        if any(r.name == resource.name for r in org.page.resources_without_area):
            raise CatalogFileError(
                _("%(file)s: two data sets of %(organisation)s are called “%(name)s”")
                % {"file": label, "organisation": org_name, "name": resource.name}
            )
        org.page.resources_without_area.append(resource)
        org.slugs[resource.name] = _slug(graph, node)
    described = [org for org in organisations.values() if org.page.resources_without_area]
    for org in described:
        settle_languages(org.page)
    return described
