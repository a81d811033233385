"""Passages said again in other documents: found on save, shown on the page and in the API."""
import datetime

import pytest

from speeches.models import Document, PassageFingerprint, RecurringPassage
from speeches.research import passages
from speeches.research.passages import paragraph_fingerprints, sentences, shared_passage

from .factories import make_document

FORMULA = ("No matter how the international landscape may evolve, China will always remain a good neighbor "
           "and a good partner of Central Asia.")
# The same sentence with one word changed and typography of another source.
REWORDED = ("No matter how the international landscape may change, China will always remain a good neighbour "
            "and a good partner of Central Asia.")


def test_sentences_split_after_full_stops_and_their_cjk_forms():
    assert [len(sentence) for sentence in sentences("One two three. Four five! Six; seven。八 nine")] == [3, 2, 1, 1, 2]
    assert len(sentences("The U.S. and China agreed on 3.5 percent.")) == 1


def test_fingerprints_ignore_typography_case_and_accents():
    plain = paragraph_fingerprints('The people\'s friendship - said "twice" - lasts for ever and ever, it is said.')
    typeset = paragraph_fingerprints("The People’s friendship — said “twice” — lasts for ever and ever, it is said.")
    assert plain and plain == typeset
    assert not paragraph_fingerprints("Too short to count, seven words.")


def test_a_shared_passage_allows_small_changes_in_wording():
    shared = shared_passage(f"Opening words of our own. {FORMULA}", f"{REWORDED} And then something else entirely.")
    assert shared is not None and 0.8 <= shared.similarity < 1
    ours = f"Opening words of our own. {FORMULA}"
    assert ours[shared.start:shared.end] == FORMULA.rstrip(".")
    assert shared_passage(FORMULA, "A completely different sentence about rivers, mountains and trade routes.") is None


@pytest.fixture
def three_documents(transactional_db):
    older = make_document("Older", f"An opening paragraph.\n\n{FORMULA}", date=datetime.date(2019, 5, 1))
    newer = make_document("Newer", f"{REWORDED} And more besides.", date=datetime.date(2023, 2, 1))
    draft = make_document("Secret draft", FORMULA, date=datetime.date(2010, 1, 1), status=Document.Status.DRAFT)
    return older, newer, draft


def pairs():
    return sorted((record.document.title, record.paragraph, record.other_document.title, record.other_paragraph)
                  for record in RecurringPassage.objects.select_related("document", "other_document"))


def test_saving_a_document_records_its_recurring_passages_both_ways(three_documents):
    older, newer, draft = three_documents
    assert pairs() == [("Newer", "p-1", "Older", "p-2"), ("Older", "p-2", "Newer", "p-1")]
    assert not PassageFingerprint.objects.filter(document=draft).exists()
    assert Document.objects.filter(passages_compared__isnull=False).count() == 2

    draft.status = Document.Status.PUBLISHED
    draft.save()
    assert ("Secret draft", "p-1", "Older", "p-2") in pairs()
    draft.status = Document.Status.DRAFT
    draft.save()
    assert pairs() == [("Newer", "p-1", "Older", "p-2"), ("Older", "p-2", "Newer", "p-1")]

    older.body = "An opening paragraph.\n\nThe formula is gone from this text now."
    older.save()
    assert pairs() == []


def test_the_page_marks_the_paragraph_and_lists_where_else_it_is_said(client, three_documents):
    older, newer, _ = three_documents
    page = client.get(older.get_absolute_url()).content.decode()
    assert 'id="p-2" data-recurs' in page and "First said here" in page
    assert newer.get_absolute_url() + "#p-1" in page and "Secret draft" not in page
    assert "<del>evolve</del> <ins>change</ins>" in page
    newer_page = client.get(newer.get_absolute_url()).content.decode()
    assert "First said here" not in newer_page and older.get_absolute_url() + "#p-2" in newer_page


def test_the_api_lists_a_documents_recurring_passages(client, three_documents):
    older, newer, draft = three_documents
    page = client.get(f"/api/documents/{newer.public_id}/recurring/").json()
    assert page["count"] == 1 and page["next"] is None
    data = page["results"]
    assert data[0] == {**data[0], "paragraph": "p-1", "document": older.public_id, "other_paragraph": "p-2",
                       "date": "2019-05-01"}
    assert 0.8 <= data[0]["similarity"] < 1 and data[0]["url"].endswith(f"{older.get_absolute_url()}#p-2")
    assert client.get(f"/api/documents/{draft.public_id}/recurring/").status_code == 404


def test_boilerplate_shared_by_too_many_documents_leads_nowhere(transactional_db, monkeypatch):
    monkeypatch.setattr(passages, "MOST_DOCUMENTS_PER_FINGERPRINT", 1)
    for number in range(3):
        make_document(f"Press release {number}", FORMULA)
    assert RecurringPassage.objects.filter(document__title="Press release 2").count() == 0
    # The second found the first while the passage was in one other document only.
    assert RecurringPassage.objects.filter(document__title="Press release 1").count() == 1


def test_the_catch_up_command_compares_documents_left_uncompared(transactional_db):
    from django.core.management import call_command

    first, second = make_document("One", FORMULA), make_document("Two", FORMULA)
    RecurringPassage.objects.all().delete()
    PassageFingerprint.objects.all().delete()
    Document.objects.update(passages_compared=None)
    call_command("compare_passages", verbosity=0)
    assert RecurringPassage.objects.filter(document=first, other_document=second).exists()
