import io

import pytest
from django.core.management import CommandError, call_command
from haystack import connections

from speeches.models import Document
from speeches.search.indexing import document_index

from .factories import make_document


def check_index(*args):
    out = io.StringIO()
    call_command("check_index", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_check_index_reports_every_kind_of_difference_and_fix_repairs_them():
    kept = make_document(body="Kept in step.")
    dropped = make_document(body="Dropped from the index behind our back.")
    draft = make_document(body="A draft that leaked.", status="draft")
    edited = make_document(body="Original words.")
    assert check_index() == "The search index matches the database.\n"

    backend = connections["default"].get_backend()
    backend.remove(f"speeches.document.{dropped.pk}")
    backend.update(document_index(), [draft])  # behind the index queryset's back
    Document.objects.filter(pk=edited.pk).update(body="Changed words.", paragraphs=[{"anchor": "p-1", "text": "Changed words."}])

    with pytest.raises(CommandError, match="differs from the database"):
        check_index()
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_index", stdout=out)
    report = out.getvalue()
    assert f"1 document(s) published but not in the index: ids {dropped.pk}" in report
    assert f"1 document(s) in the index but not published: ids {draft.pk}" in report
    assert f"1 document(s) indexed text differs from the database: ids {edited.pk}" in report

    assert "Repaired: the search index now matches the database." in check_index("--fix")
    assert check_index() == "The search index matches the database.\n"
    assert kept.pk not in {dropped.pk, draft.pk, edited.pk}
