"""Dates as editors type them in the admin (a year, a month, a day) and as precisely as known wherever
the admin shows them: the list, a document shown but not edited, its history."""
import datetime

import pytest

from speeches.models import Document

from tests.factories import make_document, make_person
from .test_admin import document_form
from .test_review_workflow import logged_in


@pytest.fixture
def publisher(db):
    return logged_in("publisher", "Publishers")


@pytest.mark.parametrize("typed, stored, precision", [
    ("2025", datetime.date(2025, 1, 1), "year"),
    ("2025-06", datetime.date(2025, 6, 1), "month"),
    ("June 2025", datetime.date(2025, 6, 1), "month"),
    ("2025-06-14", datetime.date(2025, 6, 14), "day"),
    ("14 June 2025", datetime.date(2025, 6, 14), "day"),
    ("", None, "day"),
])
def test_a_date_is_kept_as_precisely_as_the_editor_types_it(publisher, typed, stored, precision):
    response = publisher.post("/admin/speeches/document/add/", document_form(make_person(), date=typed))
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.date, document.date_precision) == (stored, precision)


def test_a_date_that_is_no_date_gets_a_message_and_keeps_the_form(publisher):
    response = publisher.post("/admin/speeches/document/add/", document_form(make_person(), date="2025-06-31"))
    assert response.status_code == 200
    assert "Enter the date as precisely as the source gives it" in response.text
    assert "We met in the harbour of quiet lanterns." in response.text
    assert not Document.objects.exists()


def test_the_admin_shows_a_date_as_precisely_as_known(publisher):
    editor = logged_in("editor", "Editors")
    document = make_document("A speech in 2025", date=datetime.date(2025, 1, 1), date_precision="year")
    make_document("A speech in June", date=datetime.date(2025, 6, 1), date_precision="month")
    listing = publisher.get("/admin/speeches/document/").text
    assert "June 2025" in listing and "Jan. 1, 2025" not in listing and "June 1, 2025" not in listing
    shown = editor.get(f"/admin/speeches/document/{document.pk}/change/").text  # view only: published
    assert "Jan. 1, 2025" not in shown and '<div class="readonly">2025</div>' in shown
    edited = publisher.get(f"/admin/speeches/document/{document.pk}/change/").text
    assert 'name="date" value="2025"' in edited

    document.date, document.date_precision = datetime.date(2025, 6, 1), "month"
    document.save()
    history = publisher.get(f"/admin/speeches/document/{document.pk}/history/").text
    assert "<strong>date</strong>: <ins>June</ins> 2025" in history and "2025-06-01" not in history
