"""Documents as TEI, following the Parla-CLARIN and ParlaMint conventions where they fit a speech.

Each document is a ``TEI``: a ``teiHeader`` (the title, the archive as publisher with the document's
permanent URL, the source with its publisher, URL, retrieval date and the date as precisely as known;
the speakers in a ``listPerson`` with their roles, the setting, the languages) and a ``text`` holding
a ``group`` of ``text``s: the main text first, then its original, translations and versions, each
pointing at the others (``corresp``). Each paragraph is a ``seg`` in the speakers' ``u``; its
``xml:id`` is the paragraph's permanent anchor prefixed by its document and text, so that ids stay
unique in a corpus of many documents, and segments aligned across texts point at each other.
A corpus is a ``teiCorpus`` of those, written one document at a time.
(https://clarin-eric.github.io/parla-clarin/, https://clarin-eric.github.io/ParlaMint/)
"""
import codecs
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.conf import settings
from lxml import etree

from speeches.characters import NOT_IN_XML
from speeches.languages import UnknownLanguage, language_name, standard_tag
from speeches.wikidata import entity_uri

TEI_NAMESPACE = "http://www.tei-c.org/ns/1.0"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
ARCHIVE_NAME = "Diplomatic Speech Archive"


def tei(name):
    return f"{{{TEI_NAMESPACE}}}{name}"


def xml(name):
    return f"{{{XML_NAMESPACE}}}{name}"


def add(parent, name, text=None, **attributes):
    """Append a TEI element ``name`` to ``parent``, with ``text`` and the attributes given (``lang``
    and ``id`` are the xml: ones), leaving out those that are empty."""
    element = etree.SubElement(parent, tei(name))
    for attribute, value in attributes.items():
        if value:
            element.set(xml(attribute) if attribute in {"lang", "id"} else attribute, xml_text(str(value)))
    if text:
        element.text = xml_text(text)
    return element


def xml_text(text):
    """Return ``text`` without the characters XML cannot hold (``NOT_IN_XML``): lxml refuses a text holding
    one, and a single paragraph holding one stopped the whole corpus. A paragraph is derived from its body:
    one rendered by an older release held Python-Markdown's placeholders (U+0002, U+0003)."""
    return NOT_IN_XML.sub("", text)


def add_value(parent, name, text, **attributes):
    """Append a TEI element ``name`` holding ``text``, unless ``text`` is empty (a field not filled)."""
    return add(parent, name, text, **attributes) if text else None


def bcp47(tag):
    """Return a stored language as a BCP 47 tag in its standard case ("zh-Hans")."""
    try:
        return standard_tag(tag)
    except UnknownLanguage:
        return tag


def document_id(document):
    # A public id may begin with a digit; an xml:id (an NCName) may not.
    return f"doc-{document.public_id}"


def person_id(document, person):
    return f"{document_id(document)}.person-{person.slug}"


def text_id(document, text=None):
    """Return the xml:id of the document's main text (``text`` None) or of one of its other texts."""
    return f"{document_id(document)}.{'main' if text is None else f'{bcp47(text.language)}.{text.role}'}"


def permanent_url(document):
    return settings.ARCHIVE_BASE_URL + document.permanent_path()


def document_tei(document):
    """Return the document as a standalone TEI file (UTF-8 bytes)."""
    return etree.tostring(document_element(document), xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_corpus(documents, stream):
    """Write the published ones of ``documents`` to the text stream ``stream`` as one ``teiCorpus``,
    a document at a time: only one document's tree is ever in memory. For a large archive, pass
    ``Document.objects.published().with_index_data().iterator(chunk_size=...)``: a QuerySet iterated
    as it is would keep every document it read."""
    with corpus_writer(stream) as write:
        for document in documents:
            write(document)


@contextmanager
def corpus_writer(stream):
    """Open a ``teiCorpus`` on the text stream ``stream``: give the function that writes a document to it
    (nothing if it is not published), and close the corpus on leaving. A dump writes each document to
    every format in turn with these."""
    decoder = codecs.getincrementaldecoder("utf-8")()

    class TextStream:
        """The byte writer lxml's incremental serialiser needs, in front of a text stream."""

        def write(self, data):
            stream.write(decoder.decode(data))

    with etree.xmlfile(TextStream(), encoding="UTF-8") as corpus:
        corpus.write_declaration()
        with corpus.element(tei("teiCorpus"), nsmap={None: TEI_NAMESPACE}):
            corpus.write(corpus_header(), pretty_print=True)
            corpus.flush()  # the header is the corpus's, whichever document comes first

            def write(document):
                if document.is_published:
                    corpus.write(element_built_apart(document), pretty_print=True)
                    corpus.flush()

            yield write


def element_built_apart(document):
    """Return ``document_element(document)``, built on a thread of its own (``document`` must come with
    what it holds prefetched: a thread of its own has a database connection of its own).

    libxml2 files each xml:id value in the dictionary of names lxml shares between the trees built on
    one thread, and that dictionary is never emptied while the thread lives: a corpus of 100,000
    documents built on one thread kept all of their paragraphs' ids in memory to the end (about 40
    bytes each). A thread's dictionary goes with it.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="TEI document") as builder:
        return builder.submit(document_element, document).result()


def corpus_header():
    header = etree.Element(tei("teiHeader"))
    file_description = add(header, "fileDesc")
    add(add(file_description, "titleStmt"), "title", f"{ARCHIVE_NAME}: published documents")
    publication = add(file_description, "publicationStmt")
    add(publication, "publisher", ARCHIVE_NAME)
    add(publication, "idno", settings.ARCHIVE_BASE_URL + "/", type="URI")
    add(add(file_description, "sourceDesc"), "p", "Each document's source is described in its own header.")
    return header


def document_element(document):
    """Return the ``TEI`` element of one document."""
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NAMESPACE})
    root.set(xml("id"), document_id(document))
    root.set(xml("lang"), bcp47(document.language))
    texts = list(document.texts.all())
    root.append(document_header(document, texts))
    group = add(add(root, "text"), "group")
    main_id = text_id(document)
    other_ids = [text_id(document, text) for text in texts]
    aligned_with_main = {}
    for text, identifier in zip(texts, other_ids):
        for main_anchor, anchor in text.alignment:
            aligned_with_main.setdefault(main_anchor, []).append(f"#{identifier}.{anchor}")
    add_text(group, document, main_id, document.language, document.text_role, other_ids, document.paragraphs,
             aligned_with_main)
    for text, identifier in zip(texts, other_ids):
        aligned = {}
        for main_anchor, anchor in text.alignment:
            aligned.setdefault(anchor, []).append(f"#{main_id}.{main_anchor}")
        add_text(group, document, identifier, text.language, text.role, [main_id], text.paragraphs, aligned)
    return root


def add_text(group, document, identifier, language, role, corresponding_ids, paragraphs, aligned):
    """Append one of the document's texts: its paragraphs as segments of the speakers' turn, each
    pointing (``corresp``) at the segments ``aligned`` gives for its anchor."""
    text = add(group, "text", id=identifier, lang=bcp47(language), type=role,
               corresp=" ".join(f"#{other}" for other in corresponding_ids))
    utterance = add(add(add(text, "body"), "div", type="speech"), "u",
                    who=" ".join(f"#{person_id(document, speaker.person)}" for speaker in document.speakers.all()))
    for paragraph in paragraphs:
        add(utterance, "seg", paragraph["text"], id=f"{identifier}.{paragraph['anchor']}",
            corresp=" ".join(aligned.get(paragraph["anchor"], [])))


def document_header(document, texts):
    header = etree.Element(tei("teiHeader"))
    file_description = add(header, "fileDesc")
    title_statement = add(file_description, "titleStmt")
    add(title_statement, "title", document.title, type="main")
    add_value(title_statement, "title", document.subtitle, type="sub")
    for text in texts:
        add_value(title_statement, "title", text.title, type="main", lang=bcp47(text.language))
    publication = add(file_description, "publicationStmt")
    add(publication, "publisher", ARCHIVE_NAME)
    add(publication, "idno", permanent_url(document), type="URI")
    source = add(add(file_description, "sourceDesc"), "bibl")
    add(source, "title", document.title)
    add_value(source, "publisher", document.source_publisher)
    add_value(source, "idno", document.source_url, type="URI")
    if document.date:
        add(source, "date", document.partial_date.iso, when=document.partial_date.iso)
    if document.source_retrieved:
        add(source, "date", document.source_retrieved.isoformat(), type="retrieved",
            when=document.source_retrieved.isoformat())
    for text in texts:
        if text.source_publisher or text.source_url:
            related = add(source, "relatedItem", type=text.role)
            other = add(related, "bibl", lang=bcp47(text.language))
            add_value(other, "publisher", text.source_publisher)
            add_value(other, "idno", text.source_url, type="URI")
    add_profile(header, document, texts)
    return header


def add_profile(header, document, texts):
    profile = add(header, "profileDesc")
    languages = add(profile, "langUsage")
    for tag in dict.fromkeys(bcp47(language) for language in [document.language, *(text.language for text in texts)]):
        add(languages, "language", language_name(tag), ident=tag)
    speakers = list(document.speakers.all())
    if speakers:
        people = add(add(profile, "particDesc"), "listPerson")
        for speaker in speakers:
            person = add(people, "person", id=person_id(document, speaker.person), role="speaker")
            add(person, "persName", speaker.person.name)
            add(person, "idno", settings.ARCHIVE_BASE_URL + speaker.person.get_absolute_url(), type="URI")
            if speaker.person.wikidata:
                add(person, "idno", entity_uri(speaker.person.wikidata), type="URI", subtype="wikidata")
            add_value(person, "affiliation", speaker.role)
    if document.venue or document.event or document.date:
        setting = add(add(profile, "settingDesc"), "setting")
        if document.venue:
            place = add(setting, "placeName", ref=references(document.venue))
            add_value(place, "name", document.venue.name)
            add_value(place, "settlement", document.venue.city)
            add_value(place, "country", document.venue.country)
        add_value(setting, "name", document.event, type="event")
        if document.date:
            add(setting, "date", document.partial_date.iso, when=document.partial_date.iso)
    add_subjects(profile, document)


def add_subjects(profile, document):
    """Add the regions and the countries the document is about as keywords, pointing at their pages and items."""
    regions, countries = list(document.regions.all()), list(document.countries.all())
    if not (regions or countries):
        return
    keywords = add(add(profile, "textClass"), "keywords")
    for kind, rows in (("region", regions), ("country", countries)):
        for row in rows:
            add(keywords, "term", row.name, type=kind, ref=references(row))


def references(row):
    """Return a catalogue row's page in the archive (if it has one) and its Wikidata item, as a TEI ``ref``."""
    page = settings.ARCHIVE_BASE_URL + row.get_absolute_url() if hasattr(row, "get_absolute_url") else None
    return " ".join(uri for uri in (page, entity_uri(row.wikidata) if row.wikidata else None) if uri)
