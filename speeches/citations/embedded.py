"""What a document's page embeds for machines: meta tags for reference managers, JSON-LD for search engines.

Zotero's connector reads the page with its Embedded Metadata translator (zotero/translators): Highwire
``citation_*`` tags for title, authors, date, publisher and URL, and Dublin Core ``DC.*`` statements that
it hands to its RDF translator, which takes ``DC.type`` as the item type when it names a Zotero type.
The RDF translator also reads a presentation's type from ``eprints.event_type``, its meeting from
``bib.presentedAt`` and its place from ``eprints.event_location``, and a periodical's title from
``prism.publicationName``. What Zotero saves from each seed was checked with Zotero's translation
server (see docs/editors.md).
"""
from speeches.wikidata import entity_uri

from .csl import ARCHIVE_NAME, venue_place
from .kinds import item_types


def citation_meta_tags(document, url, text=None):
    """Return the ``(name, content)`` meta tags that let a reference manager file ``document``, or
    the one of its other texts being read (``text``): that text's title and language, at its ``url``."""
    types = item_types(document.kind)
    partial_date = document.partial_date
    authors = [name.highwire() for name in document.cited_authors]
    title = text.title if text is not None and text.title else document.title
    language = text.language if text is not None else document.language
    tags = [("citation_title", title)]
    tags += [("citation_author", name) for name in authors]
    if partial_date:
        # Zotero reads citation_date before citation_publication_date; both say only what is known.
        tags += [("citation_date", partial_date.slashed), ("citation_publication_date", partial_date.slashed)]
    tags += [
        ("citation_publisher", document.source_publisher),
        ("citation_language", language),
        ("citation_public_url", url),
        ("citation_fulltext_html_url", url),
        ("DC.title", title),
        *[("DC.creator", name) for name in authors],
        ("DC.date", partial_date.iso if partial_date else ""),
        *zotero_type_tags(document, types),
        ("DC.publisher", document.source_publisher),
        ("DC.language", language),
        ("DC.identifier", url),
    ]
    return [(name, content) for name, content in tags if content]


def zotero_type_tags(document, types):
    """Return the tags that make Zotero save the item type of ``types``, with its type-specific fields."""
    if types.zotero == "report" and document.source_publisher:
        # Highwire's report tag sets the type and the institution; DC.type is then free to give the
        # report's own type ("Press release"), which Zotero would otherwise fill with "report".
        return [("citation_technical_report_institution", document.source_publisher),
                ("DC.type", document.get_kind_display())]
    tags = [("DC.type", types.zotero)]
    if types.zotero == "presentation":
        tags += [("eprints.event_type", document.get_kind_display()), ("bib.presentedAt", document.event),
                 ("eprints.event_location", venue_place(document))]
    if types.zotero == "magazineArticle":
        tags.append(("prism.publicationName", document.source_publisher))
    return tags


def schema_org(document, url):
    """Return schema.org JSON-LD describing ``document``, for search engines."""
    types = item_types(document.kind)
    data = {
        "@context": "https://schema.org",
        "@type": types.schema_org,
        "name": document.title,
        "headline": document.title[:110],
        "genre": document.get_kind_display(),
        "url": url,
        "inLanguage": document.language,
        "isAccessibleForFree": True,
        "author": schema_org_authors(document),
        "provider": {"@type": "Organization", "name": ARCHIVE_NAME},
    }
    if document.date:
        data["datePublished"] = document.partial_date.iso
    if summary := document.summary:
        data["description"] = summary
    if document.source_publisher:
        data["publisher"] = {"@type": "Organization", "name": document.source_publisher}
    if document.source_url:
        data["isBasedOn"] = document.source_url
    if document.venue:
        data["locationCreated"] = schema_org_place(document)
    if document.event and types.is_delivered:
        data["recordedAt"] = delivery_event(document)
    if subjects := schema_org_subjects(document):
        data["contentLocation"] = subjects
    return data


def schema_org_authors(document):
    """Return the authors: the speakers, each the same as its Wikidata item if known, else the publisher."""
    authors = [schema_org_agent(name) for name in document.cited_authors]
    for author, speaker in zip(authors, document.speakers.all()):  # the speakers, when any, are the authors
        with_same_as(author, speaker.person)
    return authors


def schema_org_subjects(document):
    """Return the regions and countries the document is about, as places (the same as their Wikidata items)."""
    countries = [with_same_as({"@type": "Country", "name": country.name}, country)
                 for country in document.countries.all()]
    return [*(with_same_as({"@type": "Place", "name": region.name}, region) for region in document.regions.all()),
            *countries]


def with_same_as(data, row):
    """Add to ``data`` that it is the same as ``row``'s Wikidata item, if the archive knows it; return ``data``."""
    if row.wikidata:
        data["sameAs"] = entity_uri(row.wikidata)
    return data


def catalogue_schema_org(row, url, schema_type):
    """Return schema.org JSON-LD for the page of a person, an organisation, a venue or a region."""
    return with_same_as({"@context": "https://schema.org", "@type": schema_type, "name": row.name, "url": url}, row)


def person_schema_org(person, url):
    """Return schema.org JSON-LD for a person's page, with the offices they held: each a ``Role`` of
    ``hasOccupation`` carrying its dates (schema.org's own way to date an occupation: "for past
    professions, use Role"), and, for an office of an organisation, an ``OrganizationRole`` of
    ``memberOf`` with the same dates."""
    data = catalogue_schema_org(person, url, "Person")
    offices = list(person.offices.select_related("organisation", "country"))
    if occupations := [office_role(office, "hasOccupation", office_occupation(office)) for office in offices]:
        data["hasOccupation"] = occupations
    if memberships := [office_role(office, "memberOf", with_same_as(
            {"@type": "Organization", "name": office.organisation.name}, office.organisation), "OrganizationRole")
            for office in offices if office.organisation]:
        data["memberOf"] = memberships
    return data


def office_occupation(office):
    occupation = {"@type": "Occupation", "name": office.title}
    if office.country:
        occupation["occupationLocation"] = with_same_as({"@type": "Country", "name": office.country.name},
                                                        office.country)
    return occupation


def office_role(office, prop, value, role_type="Role"):
    """Return the schema.org Role that says ``prop`` is ``value`` in the period ``office`` was held."""
    role = {"@type": role_type, prop: value, "roleName": office.title}
    period = office.period
    if period.start:
        role["startDate"] = period.start.iso
    if period.end:
        role["endDate"] = period.end.iso
    return role


def schema_org_agent(name):
    if name.is_organisation:
        return {"@type": "Organization", "name": name.literal}
    person = {"@type": "Person", "name": str(name), "familyName": name.family}
    if name.given:
        person["givenName"] = name.given
    return person


def schema_org_place(document):
    place = with_same_as({"@type": "Place", "name": document.venue.name}, document.venue)
    address = {"addressLocality": document.venue.city, "addressCountry": document.venue.country}
    if any(address.values()):
        place["address"] = {"@type": "PostalAddress", **{key: value for key, value in address.items() if value}}
    return place


def delivery_event(document):
    """Return the schema.org Event a speech was delivered at (``recordedAt``: the work records it)."""
    event = {"@type": "Event", "name": document.event}
    if document.date:
        event["startDate"] = document.partial_date.iso
    if document.venue:
        event["location"] = schema_org_place(document)
    return event
