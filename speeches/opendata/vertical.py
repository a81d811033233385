"""Documents as a vertical file, the input of CWB's cwb-encode (NoSketch Engine, KonText).

Each text of a published document (its main text, then its original, translations and versions) is a
``<text>`` structure carrying the metadata; each paragraph a ``<p>`` carrying its permanent anchor and
address; then one token per line, its positional attributes separated by tabs: the word as written,
and its lowercase form. Tokens are the words the archive's statistics count (``speeches.search.counted_words``):
words, numbers and abbreviations as search reads them, no punctuation; a Chinese text's words as rjieba
finds them (睦邻友好 是 我们), the units a corpus query counts; Han characters in another language (a
Japanese text's kanji) a character per token, as the archive indexes them.

Attribute values are XML-escaped, as ``cwb-encode -x`` decodes them, and held on one line; several
speakers are a CWB feature set (``|Xi Jinping|Wang Yi|``).
(https://cwb.sourceforge.io/files/CWB_Encoding_Tutorial.pdf, sections 1.2 and 2)
"""
import re
from contextlib import contextmanager
from xml.sax.saxutils import escape

from django.conf import settings

from speeches.characters import NOT_IN_XML
from speeches.search import counted_words, general_code, written_tokens

POSITIONAL_ATTRIBUTES = ("word", "lc")
STRUCTURAL_ATTRIBUTES = {
    "text": ("id", "document", "title", "date", "speaker", "lang", "role", "url"),
    "p": ("id", "url"),
}
WHITE_SPACE = re.compile(r"\s+")


def write_corpus(documents, stream):
    """Write every text of the published ones of ``documents`` to the text stream ``stream``, a
    paragraph at a time (for a large archive, ``documents`` as ``tei.write_corpus`` takes them)."""
    with corpus_writer(stream) as write:
        for document in documents:
            write(document)


@contextmanager
def corpus_writer(stream):
    """Open a vertical file on the text stream ``stream``: give the function that writes a document to it
    (nothing if it is not published). A dump writes each document to every format in turn with these."""
    yield lambda document: write_document(document, stream)


def write_document(document, stream):
    if not document.is_published:
        return
    page_url = settings.ARCHIVE_BASE_URL + document.permanent_path()
    speakers = feature_set(speaker.person.name for speaker in document.speakers.all())
    texts = [(document.language, document.text_role, document.title, document.paragraphs, "")]
    texts += [(text.language, text.role, text.title or document.title, text.paragraphs, text.language)
              for text in document.texts.all()]
    for language, role, title, paragraphs, linked_language in texts:
        identifier = document.public_id if not linked_language else f"{document.public_id}.{language}.{role}"
        stream.write(start_tag("text", id=identifier, document=document.public_id, title=title,
                               date=document.partial_date.iso if document.date else "", speaker=speakers,
                               lang=language, role=role,
                               url=document.paragraph_url("", linked_language, page_url=page_url)))
        for paragraph in paragraphs:
            stream.write(start_tag("p", id=paragraph["anchor"], url=document.paragraph_url(
                paragraph["anchor"], linked_language, page_url=page_url)))
            stream.write("".join([f"{word}\t{lowercase(word)}\n" for word in words_of(paragraph["text"], language)]))
            stream.write("</p>\n")
        stream.write("</text>\n")


def lowercase(word):
    """Return ``word`` in lowercase letters; the Turkish capital İ is i ("İstanbul" is "istanbul", where
    Python's lower() writes i and a combining dot, which a corpus query for [lc="istanbul"] misses)."""
    return word.replace("İ", "i").lower()


def words_of(text, language):
    """Return the words of ``text`` (in ``language``) as written, in order, one token each. (Search's
    tokens are the same words in every other language, read in half the time: a dump writes millions.)"""
    if general_code(language) != "zh":
        return written_tokens(text)
    return [word for _, written in counted_words(text, language) for word in written]


def start_tag(name, **attributes):
    values = " ".join(f'{attribute}="{attribute_value(value)}"' for attribute, value in attributes.items())
    return f"<{name} {values}>\n"


def attribute_value(value):
    """Return ``value`` on one line, XML-escaped: no quote or angle bracket ends the tag early, and no
    character XML cannot hold (``NOT_IN_XML``) is left."""
    return escape(NOT_IN_XML.sub("", WHITE_SPACE.sub(" ", value or "")).strip(), {'"': "&quot;"})


def feature_set(values):
    """Return values as a CWB feature set: "|a|b|", or "|" for none ("|" inside a value would split it)."""
    return "|" + "".join(f"{value.replace('|', '/')}|" for value in values)
