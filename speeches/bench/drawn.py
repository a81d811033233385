"""Benchmark queries drawn from the archive's own published documents, so each has hits."""
import datetime
import random
import re
from collections import Counter

from speeches.models import Document

QUERY_TYPES = ["single frequent word", "rare word", "two-word AND", "3-word phrase", "10-word quote",
               "phrase + region + date range", "word + date range", "sorted by date", "filters only"]
WORD = re.compile(r"[^\W\d_]+")
# Never the whole query: a stop word alone finds nothing on either engine.
STOP_WORDS = set("""a an and are as at be but by can for from have if in into is it may no not of on or such
tbd that the their then there these they this to us was we when will with yet you your""".split())
DOCUMENTS_SAMPLED = 400
FREQUENT_WORDS = 150


def draw_queries(count, seed):
    """Return {query type: ``count`` distinct search-page parameter dicts}, the same for a seed and archive."""
    rng = random.Random(seed)
    documents = sampled_documents(rng)
    frequency = Counter(word for document in documents for word in set(words_of(document)))
    by_frequency = sorted(frequency, key=lambda word: (-frequency[word], word))  # the same in every process
    frequent = [word for word in by_frequency if word not in STOP_WORDS][:FREQUENT_WORDS]
    rare = sorted(word for word, seen in frequency.items() if seen == 1 and len(word) >= 6)
    drawers = {
        "single frequent word": lambda document: {"q": rng.choice(frequent)},
        "rare word": lambda document: {"q": rng.choice(rare)},
        "two-word AND": lambda document: {"q": " ".join(rng.sample(content_words(document), 2))},
        "3-word phrase": lambda document: {"q": quoted(run_of_words(rng, document, 3))},
        "10-word quote": lambda document: {"q": quoted(run_of_words(rng, document, 10))},
        "phrase + region + date range": lambda document: {
            "q": quoted(run_of_words(rng, document, 2)), "region": rng.choice(document.region_slugs),
            **dates_around(document, days=365)},
        "word + date range": lambda document: {"q": rng.choice(content_words(document)),
                                               **dates_around(document, days=730)},
        "sorted by date": lambda document: {"q": rng.choice(content_words(document)), "sort": "newest"},
        "filters only": lambda document: {"kind": document.kind, "region": rng.choice(document.region_slugs)},
    }
    return {name: distinct(count, lambda: drawer(rng.choice(documents))) for name, drawer in drawers.items()}


def sampled_documents(rng):
    ids = sorted(Document.objects.published().exclude(date=None).values_list("pk", flat=True))
    chosen = rng.sample(ids, min(DOCUMENTS_SAMPLED, len(ids)))
    documents = list(Document.objects.filter(pk__in=chosen).prefetch_related("regions").order_by("pk"))
    documents = [document for document in documents if document.regions.all()]
    for document in documents:
        document.region_slugs = sorted(region.slug for region in document.regions.all())
    return documents


def words_of(document):
    return [word.lower() for paragraph in document.paragraphs for word in WORD.findall(paragraph["text"])]


def content_words(document):
    return sorted({word for word in words_of(document) if word not in STOP_WORDS and len(word) > 2})


def run_of_words(rng, document, size):
    """Return ``size`` consecutive words of one paragraph long enough to hold them."""
    paragraphs = [WORD.findall(paragraph["text"]) for paragraph in document.paragraphs]
    words = rng.choice([words for words in paragraphs if len(words) >= size] or [words_of(document)])
    start = rng.randrange(max(1, len(words) - size + 1))
    return " ".join(words[start:start + size])


def quoted(text):
    return f'"{text}"'


def dates_around(document, days):
    """Return a date range of ``2 * days`` holding the document's date, as the search form sends it."""
    offset = datetime.timedelta(days=days)
    return {"date_from": (document.date - offset / 2).isoformat(), "date_to": (document.date + offset * 1.5).isoformat()}


def distinct(count, draw, attempts=50):
    """Return ``count`` distinct results of ``draw()`` (fewer if the archive cannot give that many)."""
    seen = []
    for _ in range(count * attempts):
        params = draw()
        if params not in seen:
            seen.append(params)
        if len(seen) == count:
            break
    return seen
