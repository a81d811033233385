"""The language a text without one is written in, recognised by lingua's statistical models (Lingua's
n-gram models of 75 languages, in the wheel; no network), for imports that name none: a guess the
import report names, which the editor checks.

Low-accuracy mode (trigrams alone) is the one for whole speeches: it is as sure of a paragraph as the
full models, takes a tenth of their memory, and answers in milliseconds.
"""
from dataclasses import dataclass
from functools import lru_cache

from speeches.languages import canonical_tag

# The share of the likelihood the first language must have, against every other, to be taken: a
# line of greeting ("Thank you, Mr. President.") is English at 0.55 and Finnish at 0.10.
SURE_ENOUGH = 0.5
# What is read of a text: its opening is as telling as the whole, and a book-length text costs no more.
CHARACTERS_READ = 5_000


@dataclass(frozen=True)
class LanguageGuess:
    tag: str  # the archive's canonical tag: Chinese with its script ("zh-Hans"), else the ISO 639-1 code
    confidence: float


@lru_cache(maxsize=1)
def detector():
    from lingua import LanguageDetectorBuilder  # its models load as they are first needed, in imports only

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def recognised_language(text):
    """Return the ``LanguageGuess`` of the language ``text`` is written in, or None if not sure enough."""
    read = text[:CHARACTERS_READ]
    likeliest = next(iter(detector().compute_language_confidence_values(read)), None)
    if likeliest is None or likeliest.value < SURE_ENOUGH:
        return None
    return LanguageGuess(canonical_tag(likeliest.language.iso_code_639_1.name.lower(), text=read), likeliest.value)
