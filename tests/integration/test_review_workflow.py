"""The review workflow: editors submit drafts and corrections, publishers approve or send them back;
published text never changes without a publisher's approval, and nothing is lost on the way."""
import io
import json
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import Client

from speeches.importers.importing import import_paths
from speeches.lifecycle import MergeRefused, merge_documents
from speeches.models import Document, DocumentText, ReviewRequest

from tests.factories import make_document, make_person
from .test_admin import document_form, search_ids


def logged_in(username, group):
    user = User.objects.create_user(username, password=f"a-long-{username}-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor(db):
    return logged_in("editor", "Editors")


@pytest.fixture
def publisher(db):
    return logged_in("publisher", "Publishers")


@pytest.fixture
def published(db):
    """A published speech in English with its Chinese original, aligned paragraph by paragraph."""
    document = make_document("Remarks on connectivity", body="We build bridges of frendship.\n\nThe second paragraph.",
                             speakers=[(make_person("Wang Yi"), "Foreign Minister")], language="en")
    DocumentText.objects.create(document=document, language="zh-hans", role="original",
                                body="我们建设友谊之桥。\n\n第二段。")
    return Document.objects.get(pk=document.pk)


def change_form(document, **overrides):
    """Return the admin change form's data for ``document`` as it is stored, with ``overrides``."""
    speakers, texts = list(document.speakers.all()), list(document.texts.all())
    data = {
        "title": document.title, "subtitle": document.subtitle, "slug": document.slug, "kind": document.kind,
        "date": document.date.isoformat() if document.date else "", "date_precision": document.date_precision,
        "venue": document.venue_id or "", "event": document.event, "language": document.language,
        "text_role": document.text_role, "translation_note": document.translation_note,
        "source_publisher": document.source_publisher, "source_url": document.source_url,
        "source_retrieved": "", "external_id": document.external_id or "", "source_text": document.source_text,
        "body": document.body,
        "speakers-TOTAL_FORMS": str(len(speakers)), "speakers-INITIAL_FORMS": str(len(speakers)),
        "speakers-MIN_NUM_FORMS": "0", "speakers-MAX_NUM_FORMS": "1000",
        "texts-TOTAL_FORMS": str(len(texts)), "texts-INITIAL_FORMS": str(len(texts)),
        "texts-MIN_NUM_FORMS": "0", "texts-MAX_NUM_FORMS": "1000",
    }
    for number, speaker in enumerate(speakers):
        data.update({f"speakers-{number}-id": speaker.pk, f"speakers-{number}-document": document.pk,
                     f"speakers-{number}-order": speaker.order, f"speakers-{number}-person": speaker.person_id,
                     f"speakers-{number}-role": speaker.role})
    for number, text in enumerate(texts):
        data.update({f"texts-{number}-id": text.pk, f"texts-{number}-document": document.pk,
                     f"texts-{number}-language": text.language, f"texts-{number}-role": text.role,
                     f"texts-{number}-title": text.title, f"texts-{number}-translator": text.translator,
                     f"texts-{number}-source_publisher": "", f"texts-{number}-source_url": "",
                     f"texts-{number}-source_retrieved": "", f"texts-{number}-body": text.body,
                     f"texts-{number}-alignment": json.dumps(text.alignment)})
    data.update(overrides)
    return data


def decide(client, review, **decision):
    """Post a decision on ``review`` as the review page would: with the fingerprint of what it showed."""
    page = client.get(f"/admin/speeches/reviewrequest/{review.pk}/change/").text
    seen = re.search(r'name="seen" value="([0-9a-f]*)"', page)
    return client.post(f"/admin/speeches/reviewrequest/{review.pk}/change/",
                       {"seen": seen.group(1) if seen else "", **decision})


def start_correction(client, document):
    response = client.post(f"/admin/speeches/document/{document.pk}/correct/")
    assert response.status_code == 302
    return Document.objects.get(corrects=document)


@pytest.mark.django_db(transaction=True)  # the index follows a save once it commits
def test_an_editor_submits_a_draft_and_a_publisher_publishes_it(editor, publisher):
    person = make_person("Teodoro Obiang")
    response = editor.post("/admin/speeches/document/add/",
                           document_form(person, status="published", _submit_for_review="1"))
    draft = Document.objects.get()
    assert response.status_code == 302 and draft.status == "draft"
    review = ReviewRequest.objects.get()
    assert (review.state, review.kind, review.document, review.submitted_by.username) == (
        "pending", "new", draft, "editor")
    assert "Submitted for review by editor" in editor.get(f"/admin/speeches/document/{draft.pk}/change/").text

    assert editor.post(f"/admin/speeches/reviewrequest/{review.pk}/change/", {"_approve": "1"}).status_code == 403
    queue = publisher.get("/admin/speeches/reviewrequest/?state__exact=pending").text
    assert "Remarks at the Harbour Forum" in queue
    page = publisher.get(f"/admin/speeches/reviewrequest/{review.pk}/change/").text
    assert "<ins>We met in the harbour of quiet lanterns. ¶ A second paragraph.</ins>" in page
    assert decide(publisher, review, _approve="1").status_code == 302

    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.public_id in search_ids(Client(), "lanterns")
    assert "Approved and published by publisher" in editor.get(f"/admin/speeches/document/{draft.pk}/change/").text


@pytest.mark.django_db(transaction=True)
def test_a_correction_of_a_published_document_is_published_only_when_approved(editor, publisher, published):
    anchors = [paragraph["anchor"] for paragraph in published.paragraphs]
    original_text = published.texts.get()
    copy = start_correction(editor, published)
    assert copy.status == "draft" and copy.paragraphs == published.paragraphs
    assert copy.texts.get().paragraphs == original_text.paragraphs
    assert copy.texts.get().alignment == original_text.alignment

    response = editor.post(f"/admin/speeches/document/{copy.pk}/change/", change_form(
        copy, body="We build bridges of friendship.\n\nThe second paragraph.", _submit_for_review="1"))
    assert response.status_code == 302, response.text[:2000]
    page = Client().get(published.get_absolute_url()).text
    assert "frendship" in page and "friendship" not in page
    assert Client().get(f"/d/{copy.public_id}/").status_code == 404
    assert search_ids(Client(), "friendship") == set()

    review = ReviewRequest.objects.get()
    assert (review.kind, review.document, review.proposal) == ("correction", published, copy)
    page = publisher.get(f"/admin/speeches/reviewrequest/{review.pk}/change/").text
    assert "<del>frendship.</del>" in page and "<ins>friendship.</ins>" in page
    decide(publisher, review, _approve="1")

    published.refresh_from_db()
    assert published.body.startswith("We build bridges of friendship.")
    assert [paragraph["anchor"] for paragraph in published.paragraphs] == anchors
    assert published.corrected_at is not None and published.status == "published"
    assert published.texts.get().alignment == original_text.alignment
    assert not Document.objects.filter(pk=copy.pk).exists()
    assert search_ids(Client(), "friendship") == {published.public_id}
    assert "friendship" in Client().get(published.get_absolute_url()).text
    assert ReviewRequest.objects.get().state == "approved"


def test_a_correction_sent_back_keeps_the_draft_and_says_why(editor, publisher, published):
    copy = start_correction(editor, published)
    editor.post(f"/admin/speeches/document/{copy.pk}/change/",
                change_form(copy, title="Remarks on connectivity (corrected)", _submit_for_review="1"))
    review = ReviewRequest.objects.get()

    decide(publisher, review, _send_back="1", comment="")
    assert ReviewRequest.objects.get().state == "pending"  # sent back only with a word to the editor
    decide(publisher, review, _send_back="1", comment="Keep the title as the ministry gives it.")
    review.refresh_from_db()
    assert review.state == "sent-back"
    copy.refresh_from_db()
    assert copy.title == "Remarks on connectivity (corrected)"
    published.refresh_from_db()
    assert published.title == "Remarks on connectivity"
    form_page = editor.get(f"/admin/speeches/document/{copy.pk}/change/").text
    assert "Keep the title as the ministry gives it." in form_page and "Sent back by publisher" in form_page

    assert start_correction(editor, published) == copy  # the same draft is reopened, not a new one
    editor.post(f"/admin/speeches/document/{copy.pk}/change/",
                change_form(copy, title="Remarks on connectivity", _submit_for_review="1"))
    assert ReviewRequest.objects.pending().get().proposal == copy


def test_editors_see_their_own_requests_and_publishers_all(editor, publisher, published):
    other = logged_in("other-editor", "Editors")
    start_correction(editor, published)
    editor.post(f"/admin/speeches/document/{published.corrections.get().pk}/change/",
                change_form(published.corrections.get(), _submit_for_review="1"))
    assert "Remarks on connectivity" in editor.get("/admin/speeches/reviewrequest/").text
    assert "Remarks on connectivity" not in other.get("/admin/speeches/reviewrequest/").text
    assert other.get(f"/admin/speeches/reviewrequest/{ReviewRequest.objects.get().pk}/change/").status_code == 404
    assert "Remarks on connectivity" in publisher.get("/admin/speeches/reviewrequest/").text


def test_a_correction_is_published_by_approval_only(publisher, published):
    copy = start_correction(publisher, published)
    publisher.post("/admin/speeches/document/", {"action": "publish", "_selected_action": [copy.pk]})
    copy.refresh_from_db()
    assert copy.status == "draft"
    response = publisher.post(f"/admin/speeches/document/{copy.pk}/change/", change_form(copy, status="published"))
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.status == "draft"


def test_an_editor_is_offered_only_what_they_may_do_on_a_published_document(editor, published):
    page = editor.get(f"/admin/speeches/document/{published.pk}/change/").text
    assert "Propose a correction" in page
    assert "Align paragraphs side by side" not in page
    text = published.texts.get()
    refused = editor.get(f"/admin/speeches/document/{published.pk}/texts/{text.pk}/align/")
    assert refused.status_code == 403
    assert "Only a publisher" in refused.text and 'id="site-name"' in refused.text
    start_correction(editor, published)
    assert "Continue the proposed correction" in editor.get(f"/admin/speeches/document/{published.pk}/change/").text


def test_make_editor_creates_accounts_that_sign_in_as_editor_and_publisher(db, monkeypatch):
    monkeypatch.setenv("ARCHIVE_NEW_PASSWORD", "a-long-editor-password")
    call_command("create_editor", "ana", stdout=io.StringIO())
    call_command("create_editor", "li", "--publisher", stdout=io.StringIO())
    for username, group in [("ana", "Editors"), ("li", "Publishers")]:
        user = User.objects.get(username=username)
        assert user.is_staff and not user.is_superuser and [g.name for g in user.groups.all()] == [group]
        client = Client()
        assert client.login(username=username, password="a-long-editor-password")
        assert client.get("/admin/speeches/document/add/").status_code == 200
    with pytest.raises(CommandError, match="already an account"):
        call_command("create_editor", "ana")
    monkeypatch.setenv("ARCHIVE_NEW_PASSWORD", "ana")
    with pytest.raises(CommandError, match="too similar|too short"):
        call_command("create_editor", "ana2")


def test_the_document_list_says_which_rows_wait_for_review_and_publishing_directly_closes_the_request(
        editor, publisher, published):
    copy = start_correction(editor, published)
    listing = publisher.get("/admin/speeches/document/").text
    assert listing.count("Proposed correction") == 1 and "Waiting for review" not in listing
    editor.post("/admin/speeches/document/add/", document_form(make_person(), _submit_for_review="1"))
    draft = Document.objects.get(title="Remarks at the Harbour Forum")
    assert publisher.get("/admin/speeches/document/").text.count("Waiting for review") == 1
    publisher.post("/admin/speeches/document/", {"action": "publish", "_selected_action": [draft.pk, copy.pk]})
    review = ReviewRequest.objects.get()
    assert (review.state, review.comment, review.reviewed_by.username) == ("approved", "Published directly.", "publisher")
    assert Document.objects.get(pk=copy.pk).status == "draft"


def test_an_approval_publishes_only_what_the_publisher_was_shown(editor, publisher, published):
    copy = start_correction(editor, published)
    editor.post(f"/admin/speeches/document/{copy.pk}/change/", change_form(copy, title="Seen title",
                                                                           _submit_for_review="1"))
    review = ReviewRequest.objects.get()
    shown = publisher.get(f"/admin/speeches/reviewrequest/{review.pk}/change/").text
    seen = re.search(r'name="seen" value="([0-9a-f]+)"', shown).group(1)
    copy.refresh_from_db()
    logged_in("other-editor", "Editors").post(f"/admin/speeches/document/{copy.pk}/change/",
                                              change_form(copy, body="Unseen words.\n\nThe second paragraph."))
    response = publisher.post(f"/admin/speeches/reviewrequest/{review.pk}/change/", {"_approve": "1", "seen": seen},
                              follow=True)
    assert "The draft changed after this page was shown to you" in response.text
    published.refresh_from_db()
    assert (published.title, ReviewRequest.objects.get().state) == ("Remarks on connectivity", "pending")
    decide(publisher, review, _approve="1")
    published.refresh_from_db()
    assert published.body.startswith("Unseen words.")


def test_a_re_import_of_a_document_being_corrected_updates_the_published_one_never_its_copy(
        tmp_path, editor, publisher, published):
    Document.objects.filter(pk=published.pk).update(source_url="https://example.org/remarks")
    copy = start_correction(editor, Document.objects.get(pk=published.pk))
    record = {"title": "Remarks on connectivity, re-imported", "body": "Re-imported text.", "status": "published",
              "source_url": "https://example.org/remarks", "date": "2025-01-01"}
    upload = tmp_path / "again.jsonl"
    upload.write_text(json.dumps(record) + "\n")
    refused = import_paths([upload], allow_publish=False)
    assert len(refused.errors) == 1 and "only a publisher may change it" in refused.errors[0].detail
    import_paths([upload], allow_publish=True)
    published.refresh_from_db()
    copy.refresh_from_db()
    assert published.title == "Remarks on connectivity, re-imported"
    assert (copy.title, copy.status) == ("Remarks on connectivity", "draft")


def test_a_correction_is_never_merged_with_its_document(publisher, published):
    copy = start_correction(publisher, published)
    publisher.post("/admin/speeches/document/", {"action": "merge", "_selected_action": [published.pk, copy.pk],
                                                 "confirm": "1", "into": copy.pk})
    assert Document.objects.filter(pk__in=[published.pk, copy.pk]).count() == 2


def test_a_document_with_a_correction_open_is_not_merged_away_and_the_correction_kept(editor, publisher, published):
    duplicate = make_document("Remarks on connectivity (duplicate)", body="We build bridges of frendship.")
    copy = start_correction(editor, published)
    editor.post(f"/admin/speeches/document/{copy.pk}/change/",
                change_form(copy, body="We build bridges of friendship.\n\nThe second paragraph.", _submit_for_review="1"))
    merging = {"action": "merge", "_selected_action": [published.pk, duplicate.pk], "confirm": "1"}
    refused = publisher.post("/admin/speeches/document/", {**merging, "into": duplicate.pk})
    assert refused.status_code == 200 and f"has a correction in a draft copy (“{copy}”, draft {copy.pk})" in refused.text
    assert Document.objects.filter(pk__in=[published.pk, copy.pk]).count() == 2
    assert ReviewRequest.objects.get().state == "pending"
    assert publisher.post("/admin/speeches/document/", {**merging, "into": published.pk}).status_code == 302
    assert not Document.objects.filter(pk=duplicate.pk).exists()  # the other way round, nothing is lost
    assert Document.objects.get(pk=copy.pk).body.startswith("We build bridges of friendship.")
    with pytest.raises(MergeRefused):  # every way in, not the form alone
        merge_documents(Document.objects.get(pk=copy.pk), Document.objects.get(pk=published.pk))


def test_deleting_a_draft_withdraws_its_request_and_deleting_a_document_keeps_the_record(editor, publisher, published):
    copy = start_correction(editor, published)
    editor.post(f"/admin/speeches/document/{copy.pk}/change/", change_form(copy, _submit_for_review="1"))
    assert editor.post(f"/admin/speeches/document/{copy.pk}/delete/", {"post": "yes"}).status_code == 302
    assert ReviewRequest.objects.get().state == "withdrawn"
    again = start_correction(editor, published)
    editor.post(f"/admin/speeches/document/{again.pk}/change/",
                change_form(again, title="Corrected title", _submit_for_review="1"))
    decide(publisher, ReviewRequest.objects.pending().get(), _approve="1")
    assert Document.objects.get(pk=published.pk).title == "Corrected title"

    assert publisher.post(f"/admin/speeches/document/{published.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Document.objects.exists()
    assert sorted(ReviewRequest.objects.values_list("title", "state")) == [
        ("Corrected title", "approved"), ("Remarks on connectivity", "withdrawn")]


def test_paragraphs_added_to_a_document_and_to_its_correction_meanwhile_get_different_anchors(
        editor, publisher, published):
    copy = start_correction(editor, published)
    published.body += "\n\nA publisher's new paragraph."
    published.save()
    copy.body += "\n\nAn editor's new paragraph."
    copy.save()
    assert published.paragraphs[-1]["anchor"] != copy.paragraphs[-1]["anchor"]
    editor.post(f"/admin/speeches/document/{copy.pk}/change/", change_form(copy, _submit_for_review="1"))
    decide(publisher, ReviewRequest.objects.get(), _approve="1")
    published.refresh_from_db()
    assert published.paragraphs[-1] == copy.paragraphs[-1]
    assert published.last_paragraph_number == 4


@pytest.mark.parametrize("path", ["/admin/speeches/reviewrequest/abc/change/", "/admin/speeches/document/1/history/abc/",
                                  "/admin/speeches/document/abc/history/1/"])
def test_an_id_that_is_not_a_number_is_not_found(publisher, published, path):
    assert publisher.get(path).status_code == 404
    assert publisher.post(path, {"_approve": "1"}).status_code == 404


def test_a_comment_is_bounded_and_free_of_control_characters(editor, publisher, published):
    copy = start_correction(editor, published)
    editor.post(f"/admin/speeches/document/{copy.pk}/change/", change_form(copy, _submit_for_review="1"))
    review = ReviewRequest.objects.get()
    for comment, message in [("Ring\x07the bell", "control character"), ("x" * 5001, "at most 5000 characters")]:
        response = decide(publisher, review, _send_back="1", comment=comment)
        assert response.status_code == 200 and message in response.text
    assert ReviewRequest.objects.get().state == "pending"


@pytest.mark.django_db(transaction=True)  # the mail leaves once the decision commits
def test_the_editor_hears_by_email_how_a_review_ended(editor, publisher, published, smtp_server):
    User.objects.filter(username="editor").update(email="editor@example.org")
    copy = start_correction(editor, published)
    editor.post(f"/admin/speeches/document/{copy.pk}/change/", change_form(copy, _submit_for_review="1"))
    decide(publisher, ReviewRequest.objects.get(), _send_back="1", comment="Check the date\r\nBcc: x@example.org")
    (sent_back,) = smtp_server.to("editor@example.org")
    assert sent_back["Subject"].strip() == "Sent back: Remarks on connectivity"
    body = sent_back.get_content()
    assert "Check the date" in body and f"/admin/speeches/document/{copy.pk}/change/" in body
    assert smtp_server.recipients == [["editor@example.org"]]

    editor.post(f"/admin/speeches/document/{copy.pk}/change/", change_form(copy, _submit_for_review="1"))
    decide(publisher, ReviewRequest.objects.pending().get(), _approve="1")
    approved = smtp_server.to("editor@example.org")[1]
    assert approved["Subject"].strip() == "Approved and published: Remarks on connectivity"


def test_the_publisher_is_shown_the_alignment_a_draft_text_was_given(editor, publisher):
    inline = {"texts-TOTAL_FORMS": "1", "texts-INITIAL_FORMS": "0", "texts-0-language": "fr",
              "texts-0-role": "original", "texts-0-body": "Le port des lanternes.\n\nUn second paragraphe.",
              "texts-0-alignment": '[["p-1", "p-2"]]'}
    editor.post("/admin/speeches/document/add/", document_form(make_person(), _submit_for_review="1", **inline))
    review = ReviewRequest.objects.get()
    page = publisher.get(f"/admin/speeches/reviewrequest/{review.pk}/change/").text
    assert "Alignment: French (original)" in page and "<ins>p-1 = p-2</ins>" in page


def test_a_document_stored_before_the_words_check_can_still_be_corrected(db):
    from speeches.review import start_correction

    document = make_document("Stored earlier", "A first paragraph.")
    text = DocumentText.objects.create(document=document, language="fr", role="unofficial-translation", body="Rien.")
    Document.objects.filter(pk=document.pk).update(body="A first paragraph.\n\n## About C#")
    DocumentText.objects.filter(pk=text.pk).update(body="## Programmer en C#")
    document.refresh_from_db()
    copy = start_correction(document)  # the copy renders as its original did, and is not refused
    assert copy.body == document.body and copy.paragraphs == document.paragraphs
    assert copy.texts.get().body == "## Programmer en C#"

