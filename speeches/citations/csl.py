"""The CSL-JSON item of a document, and its Chicago, APA and MLA citations rendered by citeproc-py.

Every format (the styled citations, BibTeX, RIS, CSL-JSON) is made from the one item ``csl_item``
returns, so they all carry the same authors, title, event, date, source, permanent URL and access date.
"""
import datetime
import json
import re
from dataclasses import dataclass

import nh3
from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
from citeproc.source.json import CiteProcJSON
from django.utils.html import escape

from speeches.models import TextRole

from .citeproc_repairs import csl_style
from .kinds import item_types

ARCHIVE_NAME = "Diplomatic Speech Archive"
STYLES = {"chicago": ("Chicago", "chicago-author-date-access-dates"),
          "apa": ("APA", "apa"),
          "mla": ("MLA", "modern-language-association")}
# CSL 1.0.2 names the event "event-title"; citeproc-py's styles still read CSL 1.0.1's "event".
RENDERING_ONLY_KEYS = {"event-title"}
TRANSLATIONS = {TextRole.OFFICIAL_TRANSLATION, TextRole.UNOFFICIAL_TRANSLATION}
# Georgian capitals (Mtavruli), which no Georgian name or sentence opens with.
GEORGIAN_CAPITAL = re.compile("[\u1c90-\u1cba\u1cbd-\u1cbf]")
# A full stop the style adds after a right-to-left value that ends in one (a name's initials, "כהן, א.").
STOP_AFTER_STOP = re.compile("\\.(\u2069)\\.")
# A letter of a script written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms).
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# First strong isolate and pop directional isolate: text between them is laid out apart from what surrounds it.
ISOLATE, END_ISOLATE = "\u2068", "\u2069"
# What separates the parts of a given name citeproc-py initialises.
NAME_PARTS = re.compile(r"[\s.-]+")
# Scripts without capitals that citeproc-js writes names in as it writes Latin ones (its ROMANESQUE_REGEXP):
# Hebrew, Arabic, Thai.
INVERTED_WITHOUT_CAPITALS = re.compile("[\u0590-\u05ff\u0600-\u06ff\u0e01-\u0e5b]")
# Thai vowels written before the consonant they follow: a name's initial is that consonant.
NOT_AN_INITIAL = re.compile("[\u0e40-\u0e44]+")
# The first letter of a given name's part after a hyphen ("Ki-moon").
AFTER_HYPHEN = re.compile(r"(?<=-)\w")
# A period or comma after a closing quotation mark, with the formatter's closing tags between them.
# The styles' en-US locale says punctuation-in-quote="true" (American usage: “Title.”), which
# citeproc-py 0.11 does not apply; ``(?<![.?!])`` keeps “Who Leads?” from becoming “Who Leads?.”.
PUNCTUATION_AFTER_QUOTE = re.compile(r"(?<=[^.?!])(”)((?:</[a-z]+>)*)([.,])|(?<=[.?!])(”(?:</[a-z]+>)*)\.")


@dataclass(frozen=True)
class FormattedCitation:
    key: str
    label: str
    text: str
    html: str


def csl_item(document, url, accessed=None, paragraph=None, text=None):
    """Return the CSL-JSON item for ``document`` (or one of its paragraphs) at permanent ``url``; with
    ``text`` (one of its ``DocumentText``s), for that text (or its ``paragraph``): its title, language,
    translator and source."""
    accessed = accessed or datetime.date.today()
    types = item_types(document.kind)
    item = {
        "id": document.public_id + (f"-{paragraph}" if paragraph else ""),
        "type": types.csl,
        "title": document.title,
        "genre": document.get_kind_display(),
        "archive": ARCHIVE_NAME,
        "URL": document.paragraph_url(paragraph, text.language if text else "", page_url=url),
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
        "language": document.language,
    }
    if authors := document.cited_authors:
        item["author"] = [name.csl() for name in authors]
    if document.date:
        item["issued"] = {"date-parts": [document.partial_date.parts]}
    if types.is_delivered:
        item.update(delivered_at(document))
    optional = {
        "event": document.event,
        "event-title": document.event,
        "publisher": document.source_publisher,
        "container-title": document.source_publisher if types.csl == "article-magazine" else "",
        "note": translation_note(document),
        "section": paragraph_section(document, paragraph, text),
    }
    item.update(optional)
    if paragraph and text is None and (tie := document.source_tie(paragraph)) and tie.page:
        item["page"] = str(tie.page)
    if text is not None:
        item.update(text_details(document, text, item))
    return {key: value for key, value in item.items() if value}


def paragraph_section(document, paragraph, text):
    """Return the cited paragraph as styles write its section: "paragraph 4", with its place in the
    document's source when an editor tied it to one ("paragraph 4, p. 3"; "paragraph 5, at 12:41")."""
    if not paragraph:
        return ""
    tie = document.source_tie(paragraph) if text is None else None  # ties are the main text's
    return f"paragraph {paragraph.removeprefix('p-')}" + (f", {tie.place}" if tie else "")


def text_details(document, text, item):
    """Return what the CSL item of one of the document's other texts says differently."""
    details = {"id": f"{item['id']}-{text.language}", "title": text.title or item["title"],
               "language": text.language, "note": translation_note(document, text)}
    if text.translator:
        details["translator"] = [{"literal": text.translator}]
    if text.source_publisher:
        details["publisher"] = text.source_publisher
    return details


def translation_note(document, text=None):
    """Return what a citation notes of the cited text, the main one or ``text``: for a translation,
    "Official translation from Simplified Chinese" when the archive holds the original, else its role;
    for the main text, the editor's translation note where the roles say nothing more."""
    role = text.role if text is not None else document.text_role
    if role not in TRANSLATIONS:
        return "" if text is not None else document.translation_note
    if original := original_language(document, text):
        return f"{TextRole(role).label} from {original}"
    return TextRole(role).label if text is not None else document.translation_note or TextRole(role).label


def original_language(document, translation=None):
    """Return the name of the language of the document's original, if the archive holds it and it
    is not ``translation`` (one of its texts; None for its main text)."""
    if translation is not None and document.text_role == TextRole.ORIGINAL:
        return document.get_language_display()
    original = next((text for text in document.texts.all() if text.role == TextRole.ORIGINAL and text != translation),
                    None)
    return original.get_language_display() if original else ""


def chicago_citation(document, url, text=None):
    """Return the Chicago citation of ``document`` (of its other ``text``, if given) at ``url``, as plain text."""
    return formatted_citations(csl_item(document, url, text=text), document.cited_authors)[0].text


def delivered_at(document):
    """Return where and when a delivered document was delivered, as CSL event variables."""
    variables = {"event-place": venue_place(document)}
    if document.date:
        variables["event-date"] = {"date-parts": [document.partial_date.parts]}
    return {key: value for key, value in variables.items() if value}


def venue_place(document):
    """Return where a document was delivered as citations write it: "Astana, Kazakhstan"."""
    venue = document.venue
    if venue is None:
        return ""
    return ", ".join(part for part in (venue.city or venue.name, venue.country) if part)


def render(item, style_name, output):
    bibliography = CitationStylesBibliography(csl_style(style_name), CiteProcJSON([item]), output)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return str(bibliography.bibliography()[0])


def formatted_citations(item, authors, pinpoint=False):
    """Return the Chicago, APA and MLA citations of a CSL item whose authors are the ``CitedName``s
    ``authors`` (``csl_item``'s "author"), as plain text and as HTML; with
    ``pinpoint``, the cited paragraph's place in the document's source ("paragraph 4, p. 2") is written
    after the kind of document, as none of the three styles prints a section in a reference."""
    accessed = datetime.date(*item["accessed"]["date-parts"][0])
    georgian_capitals = bool(GEORGIAN_CAPITAL.search(json.dumps(item, ensure_ascii=False)))
    citations = []
    for key, (label, style_name) in STYLES.items():
        styled_item = {name: value for name, value in item.items() if name not in RENDERING_ONLY_KEYS}
        if note := item.get("note"):
            # None of the three styles prints a CSL note; one citing a translation must say so.
            styled_item["genre"] = f"{item['genre']}. {note}"
        if pinpoint and item.get("section"):
            styled_item["genre"] = f"{styled_item['genre']}, {item['section']}"
        # The styles print a section for some item types only (MLA an interview's, Chicago an article's):
        # a paragraph is cited alike whatever the document's kind, by its address and the pinpoint above.
        styled_item.pop("section", None)
        if key != "mla":
            # Chicago and APA print the issued date; the event date (which MLA needs) would repeat it.
            styled_item.pop("event-date", None)
        if authors:
            initialised = csl_style(style_name).root.get("initialize-with") is not None
            styled_item["author"] = [name_as_rendered(name, initialised, first=position == 0)
                                     for position, name in enumerate(authors)]
        styled_item = right_to_left_isolated(styled_item)
        text = render(styled_item, style_name, formatter.plain)
        # citeproc-py's HTML output does not escape the item's text; escape it first, then keep only
        # the styling tags the CSL formatter adds.
        html = nh3.clean(render(html_escaped(styled_item), style_name, formatter.html),
                         tags={"i", "b", "span", "sup", "sub"}, attributes={})
        text, html = (with_access_date(key, punctuation_in_quotes(in_item_case(STOP_AFTER_STOP.sub(r".\1", value),
                                                                              georgian_capitals)),
                                       item["URL"], accessed)
                      for value in (text, html))
        citations.append(FormattedCitation(key, label, text, html))
    return citations


def name_as_rendered(name, initialised, first=True):
    """Return the CSL name of a ``CitedName`` as citeproc-py 0.11 renders it rightly. It takes a part of a
    given name that does not open with a capital for a particle, so it garbles the initials of a name in a
    script without capitals ("王, . 毅 .", "بن فرحان, . فيصل .", Georgian's) and of "Ki-moon" ("Ban, K.-. moon .").
    A name in Hebrew, Arabic or Thai is written as citeproc-js (Zotero's) writes it, as a Latin one is:
    family name, comma, given name ("כהן, אלי"), and its initials written by the archive ("כהן, א.").
    Another given name none of whose parts opens with a capital is written whole, as the archive writes
    the name ("王毅"), in every style, as CSL processors write names in such scripts. Where the style
    gives initials, a part after a hyphen is initialised as a capital ("Ban, K.-M.").
    A name written family name first ("Wang Yi") after the first author, whom Chicago and MLA write given
    name first ("Lavrov, Sergey, and Yi Wang"), is written as the archive writes it: "and Wang Yi"."""
    csl = name.csl()
    given = csl.get("given", "")
    if not given:
        return csl
    if INVERTED_WITHOUT_CAPITALS.search(given):
        return {"literal": f"{csl['family']}, {initials(given)}"} if initialised else csl
    if not any(part[0].isupper() for part in NAME_PARTS.split(given) if part):
        return {"literal": str(name)}
    if not first and not initialised and str(name).startswith(csl["family"] + " "):
        return {"literal": str(name)}
    if initialised:
        return {**csl, "given": AFTER_HYPHEN.sub(lambda match: match.group().upper(), given)}
    return csl


def initials(given):
    """Return a given name as its initials: "עבד אל-כרים" is "ע. א.-כ."; a Thai name's is its first
    consonant, not a vowel written before it ("แพทองธาร" is "พ.")."""
    return re.sub(r"[^\s-]+", lambda part: initial(part.group()) + ".", given)


def initial(part):
    """Return the letter a part of a given name is initialised by."""
    written_first = NOT_AN_INITIAL.match(part)
    return part[written_first.end()] if written_first and written_first.end() < len(part) else part[0]


def in_item_case(citation, georgian_capitals):
    """Return ``citation`` with the Georgian letters a style capitalised written as the item writes them
    (unless the item has ``georgian_capitals`` of its own). Georgian has capitals (Mtavruli) that its
    writing never opens a sentence or a name with; a style that capitalises the first letter of an
    event's name made "თბილისის" "Თბილისის"."""
    if georgian_capitals:
        return citation
    return GEORGIAN_CAPITAL.sub(lambda match: match.group().lower(), citation)


def punctuation_in_quotes(citation):
    """Put a period or comma that follows a closing quotation mark inside it, as American usage does."""
    return PUNCTUATION_AFTER_QUOTE.sub(
        lambda match: match.group(3) + match.group(1) + match.group(2) if match.group(1) else match.group(4),
        citation)


def right_to_left_isolated(item):
    """Return a copy of a CSL item with each value (and part of a name) written right to left set apart as
    <bdi> sets it apart: in an English citation an Arabic name or title carried the full stop and the year
    after it to its left ("2024 .فيصل بن فرحان")."""
    def isolated(value):
        return f"{ISOLATE}{value}{END_ISOLATE}" if isinstance(value, str) and RIGHT_TO_LEFT.search(value) else value

    result = {key: isolated(value) for key, value in item.items()}
    if "author" in item:
        result["author"] = [{part: isolated(text) for part, text in name.items()} for name in item["author"]]
    return result


def html_escaped(item):
    """Return a copy of a CSL item with its text values, names included, HTML-escaped."""
    escaped = {key: escape(value) if isinstance(value, str) else value for key, value in item.items()}
    if "author" in item:
        escaped["author"] = [{part: escape(text) for part, text in name.items()} for name in item["author"]]
    return escaped


def with_access_date(style_key, text, url, accessed):
    """Add the access date where the CSL style leaves it out, as APA and MLA ask for online sources."""
    if style_key == "apa" and text.endswith(url) and "Retrieved" not in text:
        return f"{text[:-len(url)]}Retrieved {accessed:%B} {accessed.day}, {accessed.year}, from {url}"
    if style_key == "mla" and "Accessed" not in text:
        return f"{text} Accessed {accessed.day} {mla_month(accessed)} {accessed.year}."
    return text


def mla_month(date):
    name = date.strftime("%B")
    return name if len(name) <= 4 else date.strftime("%b") + "."
