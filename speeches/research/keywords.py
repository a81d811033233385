"""The words and two-word phrases each speaker uses more than the rest of the archive, in each language
they speak: keyness by log-likelihood.

For each speaker and language, their texts in it are compared with every other published text in it:
a term (a word, or two words in a row within a sentence) used ``uses`` times in the speaker's ``words``
words and ``other_uses`` times in the others' ``other_words`` is scored by G² (Dunning 1993), as
Rayson & Garside (2000) compare two corpora, and kept when

- the speaker uses it at least ``MIN_USES`` times, in at least ``MIN_DOCUMENTS`` of their documents
  (one speech's subject is not a habit);
- they use it more often than the others (relatively), and G² is at least ``CRITICAL_VALUE`` (p < 0.0001
  with one degree of freedom: many terms are tested, so the strict level Rayson et al. 2004 advise);

the ``MOST_SHOWN`` words and as many phrases with the highest G² are stored, each with its effect size,
the log ratio (Hardie 2014: the binary log of the ratio of the relative frequencies; 1 is twice as often).
Words are counted as search normalises them (case, accents and typography make no difference), Chinese
as rjieba segments it (``speeches.search.counted_words``). A document counts once per language: its
main text, or else the first of its other texts in it (original, as delivered, as prepared, translations).

This runs ahead of time, never per request: ``manage.py find_keywords`` (which ``make run`` keeps
running in the background) counts again the speakers whose published documents changed since they
were counted, and everyone once the archive's size changed by ``ARCHIVE_CHANGE``. Drafts are never read.
"""
import hashlib
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from speeches.characters import HAN
from speeches.models import Document, DocumentText, Keyword, KeywordProfile, Person, Speaker, TextRole
from speeches.search import counted_words, general_code

MIN_USES = 5
MIN_DOCUMENTS = 2
CRITICAL_VALUE = 15.13
MOST_SHOWN = 20
ARCHIVE_CHANGE = 0.01
# The other text a document counts in a language its main text is not in, the first there is.
TEXT_PREFERENCE = [TextRole.ORIGINAL, TextRole.AS_DELIVERED, TextRole.AS_PREPARED, TextRole.OFFICIAL_TRANSLATION,
                   TextRole.UNOFFICIAL_TRANSLATION]
DOCUMENTS_PER_QUERY = 200
PHRASE_JOIN = " "
HAN_WORD = re.compile(f"[{HAN}]+")


def log_likelihood(uses, other_uses, words, other_words):
    """Return G² of a term used ``uses`` times in ``words`` words and ``other_uses`` times in
    ``other_words``: 2 Σ O ln(O / E) over the two corpora, E the uses each would have if both used it
    alike (``words`` times the pooled relative frequency)."""
    pooled = (uses + other_uses) / (words + other_words)
    return 2 * (observed_term(uses, words * pooled) + observed_term(other_uses, other_words * pooled))


def observed_term(observed, expected):
    return observed * math.log(observed / expected) if observed else 0.0


def log_ratio(uses, other_uses, words, other_words):
    """Return the binary log of the ratio of the two relative frequencies; a term the others never use
    counts half a use there, as Hardie (2014) does, so that the ratio is finite."""
    return math.log2((uses / words) / ((other_uses or 0.5) / other_words))


@dataclass
class Counts:
    """What texts in one language hold: each term's uses and the documents using it, how often each word
    is written each way (to show a term as texts write it: ``written`` within a sentence, ``opening`` at
    its start, where "We" is capitalised), and how many documents and words."""

    uses: Counter = field(default_factory=Counter)
    documents: Counter = field(default_factory=Counter)
    written: Counter = field(default_factory=Counter)
    opening: Counter = field(default_factory=Counter)
    document_count: int = 0
    words: int = 0

    def add_text(self, paragraphs, language):
        terms = []
        for paragraph in paragraphs:
            for words, written in counted_words(paragraph["text"], language):
                self.words += len(words)
                terms += words
                terms += map(PHRASE_JOIN.join, zip(words, words[1:]))
                self.opening[words[0], written[0]] += 1
                self.written.update(zip(words[1:], written[1:]))
        self.uses.update(terms)
        self.documents.update(set(terms))
        self.document_count += 1

    def keep_candidates(self):
        """Forget every term used too little to be kept, and the written forms of words no term has."""
        self.uses = Counter({term: uses for term, uses in self.uses.items()
                             if uses >= MIN_USES and self.documents[term] >= MIN_DOCUMENTS})
        self.documents = Counter({term: self.documents[term] for term in self.uses})
        words = {word for term in self.uses for word in term.split(PHRASE_JOIN)}
        self.written = Counter({pair: count for pair, count in self.written.items() if pair[0] in words})
        self.opening = Counter({pair: count for pair, count in self.opening.items() if pair[0] in words})

    def written_forms(self):
        """Return {word: its commonest written form}: within sentences if it occurs there ("we", "China"),
        else at their start ("However"); lowercase on a tie."""
        best = {}
        for counter in (self.opening, self.written):  # the forms within sentences replace the others
            found = {}
            for (word, written), count in counter.items():
                if word not in found or (count, written.islower()) > found[word][0]:
                    found[word] = ((count, written.islower()), written)
            best.update({word: written for word, (_, written) in found.items()})
        return best


def shown(term, forms):
    """Return ``term`` as texts write it: its words' ``forms``, Chinese words joined without a space."""
    words = [forms.get(word, word) for word in term.split(PHRASE_JOIN)]
    return "".join(words) if all(HAN_WORD.fullmatch(word) for word in words) else " ".join(words)


@dataclass(frozen=True)
class Found:
    """What one run of ``find_keywords`` did."""

    speakers: int  # counted again
    removed: int  # no longer credited on a published document: their figures deleted

    def __str__(self):
        return f"{self.speakers} speaker(s) counted, {self.removed} without published documents removed"


def find_keywords(everyone=False):
    """Count again the speakers whose published documents changed since they were counted (``everyone``:
    every speaker), against the whole archive as it is now; store their keywords; return ``Found``."""
    signatures = speaker_signatures()
    archive_words = Document.objects.published().aggregate(words=Sum("word_count"))["words"] or 0
    removed, _ = KeywordProfile.objects.exclude(person_id__in=signatures).delete()
    due = sorted(signatures) if everyone else due_speakers(signatures, archive_words)
    if not due:
        return Found(0, removed)
    counts = {person_id: speaker_counts(person_id) for person_id in due}
    archive = archive_counts(candidates_by_language(counts.values()))
    for person_id, by_language in counts.items():
        store_keywords(person_id, by_language, archive, signatures[person_id], archive_words)
    return Found(len(due), removed)


def speaker_signatures():
    """Return {person id: a digest of their published documents as they are now} for every speaker of one."""
    digests = defaultdict(hashlib.sha256)
    credits = (Speaker.objects.filter(document__status=Document.Status.PUBLISHED)
               .order_by("person_id", "document_id")
               .values_list("person_id", "document_id", "document__updated", "document__word_count"))
    for person_id, document_id, updated, word_count in credits.iterator(chunk_size=5000):
        digests[person_id].update(f"{document_id}:{updated.isoformat()}:{word_count};".encode())
    return {person_id: digest.hexdigest() for person_id, digest in digests.items()}


def due_speakers(signatures, archive_words):
    """Return the speakers not counted since their documents changed, or since the archive changed in size
    by ``ARCHIVE_CHANGE`` or more (their figures compare them with what it held then)."""
    counted = dict(KeywordProfile.objects.order_by().values_list("person_id", "signature"))
    drifted = set(KeywordProfile.objects.exclude(
        archive_words__range=(archive_words * (1 - ARCHIVE_CHANGE), archive_words * (1 + ARCHIVE_CHANGE)),
    ).values_list("person_id", flat=True))
    return sorted(person_id for person_id, signature in signatures.items()
                  if counted.get(person_id) != signature or person_id in drifted)


def speaker_counts(person_id):
    """Return {language: ``Counts``} of a speaker's published texts, only the terms they use enough kept."""
    by_language = defaultdict(Counts)
    for _, language, paragraphs in published_texts(Document.objects.published().filter(speakers__person=person_id)):
        by_language[language].add_text(paragraphs, language)
    for counts in by_language.values():
        counts.keep_candidates()
    return dict(by_language)


def candidates_by_language(speakers):
    """Return {language: every term some speaker may have as a keyword}."""
    candidates = defaultdict(set)
    for by_language in speakers:
        for language, counts in by_language.items():
            candidates[language].update(counts.uses)
    return candidates


def archive_counts(candidates):
    """Return {language: ``Counts``} of every published text in the languages of ``candidates``: their
    words, and the uses of those terms only (all the others would hold the whole vocabulary)."""
    by_language = defaultdict(Counts)
    for _, language, paragraphs in published_texts(Document.objects.published()):
        if language not in candidates:
            continue
        wanted = candidates[language].__contains__
        counts = by_language[language]
        for paragraph in paragraphs:
            for words, _ in counted_words(paragraph["text"], language):
                counts.words += len(words)
                counts.uses.update(filter(wanted, words))
                counts.uses.update(filter(wanted, map(PHRASE_JOIN.join, zip(words, words[1:]))))
    return by_language


def published_texts(documents):
    """Yield (document id, language, paragraphs) for each language of each of ``documents`` (published
    ones), its main text in its own, else the first other text in it by ``TEXT_PREFERENCE``."""
    ids = list(documents.order_by("pk").values_list("pk", flat=True).distinct())
    for start in range(0, len(ids), DOCUMENTS_PER_QUERY):
        chunk = ids[start:start + DOCUMENTS_PER_QUERY]
        others = defaultdict(list)
        for text in DocumentText.objects.filter(document__in=chunk).values("document_id", "language", "role",
                                                                             "paragraphs"):
            others[text["document_id"]].append(text)
        for document in Document.objects.filter(pk__in=chunk).order_by("pk").values("pk", "language", "paragraphs"):
            yield from document_texts(document, others[document["pk"]])


def document_texts(document, other_texts):
    language = general_code(document["language"])
    yield document["pk"], language, document["paragraphs"]
    counted = {language}
    for text in sorted(other_texts, key=lambda text: TEXT_PREFERENCE.index(text["role"])):
        language = general_code(text["language"])
        if language not in counted:
            counted.add(language)
            yield document["pk"], language, text["paragraphs"]


@transaction.atomic
def store_keywords(person_id, by_language, archive, signature, archive_words):
    """Replace the speaker's profiles and keywords with those of ``by_language`` against ``archive``."""
    # Two runs at once replace a speaker's rows one after the other, never both deleting then both adding.
    list(Person.objects.select_for_update().filter(pk=person_id).values_list("pk"))
    KeywordProfile.objects.filter(person_id=person_id).delete()
    counted = timezone.now()
    for language, counts in by_language.items():
        other_words = archive[language].words - counts.words if language in archive else 0
        profile = KeywordProfile.objects.create(
            person_id=person_id, language=language, documents=counts.document_count, words=counts.words,
            other_words=other_words, signature=signature, archive_words=archive_words, counted=counted)
        Keyword.objects.bulk_create(keywords_of(profile, counts, archive.get(language)))


def keywords_of(profile, counts, archive):
    """Return the unsaved ``Keyword``s of a profile: its words and phrases used significantly more than
    the archive's other texts use them, the ``MOST_SHOWN`` of each with the highest G²."""
    if not profile.words or not profile.other_words:
        return []
    forms = counts.written_forms()
    scored = []
    for term, uses in counts.uses.items():
        other_uses = archive.uses[term] - uses
        if uses / profile.words <= other_uses / profile.other_words:
            continue
        score = log_likelihood(uses, other_uses, profile.words, profile.other_words)
        if score >= CRITICAL_VALUE:
            scored.append((score, term, uses, other_uses))
    scored.sort(key=lambda entry: (-entry[0], entry[1]))
    keywords = []
    for is_phrase in (False, True):
        chosen = [entry for entry in scored if (PHRASE_JOIN in entry[1]) == is_phrase][:MOST_SHOWN]
        keywords += [Keyword(profile=profile, is_phrase=is_phrase, text=shown(term, forms)[:300], uses=uses,
                             documents=counts.documents[term], other_uses=other_uses, log_likelihood=score,
                             log_ratio=log_ratio(uses, other_uses, profile.words, profile.other_words), rank=rank)
                     for rank, (score, term, uses, other_uses) in enumerate(chosen, 1)]
    return keywords
