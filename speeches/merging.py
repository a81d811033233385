"""Writes that touch several rows at once: merging duplicates, finding likely duplicates."""
import difflib
import unicodedata

from django.db import transaction

from .models import Document, Person, RetiredDocument, retire_documents
from .search import index_documents

SIMILAR_NAME_RATIO = 0.85


@transaction.atomic
def merge_regions(target, others):
    """Move every document of ``others`` to ``target``, delete ``others``; return how many documents moved.

    Deleting a region removes its links without m2m signals, so the touched documents are
    re-indexed here, once the merge commits.
    """
    documents = list(Document.objects.filter(regions__in=others).distinct())
    for document in documents:
        document.regions.add(target)
    others.delete()
    document_ids = [document.pk for document in documents]
    transaction.on_commit(lambda: index_documents(document_ids))
    return len(documents)


@transaction.atomic
def merge_documents(survivor, absorbed):
    """Merge the duplicate ``absorbed`` into ``survivor``: absorbed is deleted and its links, and links
    already redirected to it, lead to ``survivor`` from now on. A draft leaves no trace: its address
    was never public, and a redirect or a "gone" page would tell that it existed."""
    if absorbed.is_published:
        retire_documents([absorbed], successor=survivor)
    RetiredDocument.objects.filter(successor_public_id=absorbed.public_id).update(
        successor_public_id=survivor.public_id)
    absorbed.delete()


def comparable_name(name):
    """Return a person's name reduced for comparison: no accents, case, punctuation or word order."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(sorted(letters.casefold().split()))


def similar_people(person):
    """Return the other people whose names look like the same person's name."""
    wanted = comparable_name(person.name)
    return [
        other for other in Person.objects.exclude(pk=person.pk)
        if difflib.SequenceMatcher(a=wanted, b=comparable_name(other.name)).ratio() >= SIMILAR_NAME_RATIO
    ]
