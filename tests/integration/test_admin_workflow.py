"""The editors' workflow: drafts vs publishing, preview, cleaning pasted text, history, imports, merges."""
import json
import os
import re
import time

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from speeches.models import Document, DocumentText, Person, Region, TextRole

from tests.factories import make_document, make_region
from .test_admin import NO_OFFICES, document_form, search_ids


def staff_client(client, username, group):
    user = User.objects.create_user(username, password=f"a-long-{username}-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(client, db):
    return staff_client(client, "editor", "Editors")


@pytest.fixture
def publisher_client(client, db):
    return staff_client(client, "publisher", "Publishers")


def test_editor_without_publish_permission_saves_drafts_only(editor_client):
    person = Person.objects.create(name="Teodoro Obiang")
    response = editor_client.post("/admin/speeches/document/add/", document_form(person, status="published"))
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.status == "draft"
    form_page = editor_client.get(f"/admin/speeches/document/{document.pk}/change/").text
    assert 'name="status"' not in form_page  # shown read-only


def test_editor_cannot_publish_by_action_or_change_published_documents(editor_client):
    draft = make_document(title="A draft", status="draft")
    published = make_document(title="Published")
    changelist = editor_client.get("/admin/speeches/document/").text
    assert 'value="publish"' not in changelist and 'value="unpublish"' not in changelist
    editor_client.post("/admin/speeches/document/", {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "draft"
    change_page = editor_client.get(f"/admin/speeches/document/{published.pk}/change/")
    assert change_page.status_code == 200 and "View document" in change_page.text
    post = editor_client.post(f"/admin/speeches/document/{published.pk}/change/", {"title": "Vandalised"})
    assert post.status_code == 403
    assert editor_client.post(f"/admin/speeches/document/{published.pk}/delete/", {"post": "yes"}).status_code == 403
    published.refresh_from_db()
    assert published.title == "Published"


def test_publisher_can_publish(publisher_client):
    draft = make_document(title="A draft", status="draft")
    publisher_client.post("/admin/speeches/document/", {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_at is not None


def test_live_preview_uses_the_public_rendering_and_sanitises(editor_client):
    response = editor_client.post("/admin/speeches/document/preview/", {
        "body": "First *paragraph*.\n\n<script>alert(1)</script>Second."})
    data = response.json()
    assert data["html"].startswith('<p id="p-1">First <em>paragraph</em>.</p>')
    assert "<script" not in data["html"] and data["paragraphs"] == 2
    assert editor_client.get("/admin/speeches/document/preview/").status_code == 405


def test_a_body_whose_page_would_drop_words_is_named_in_the_preview_and_refused_on_saving(editor_client):
    body = "## Programming in C#\n\nThe language of the talk."
    preview = editor_client.post("/admin/speeches/document/preview/", {"body": body}).json()
    assert preview["html"].startswith('<h2 id="p-1">Programming in C</h2>')
    assert "“C#” (line 1)" in preview["problem"] and "(C\\#)" in preview["problem"]
    response = editor_client.post("/admin/speeches/document/add/",
                                  document_form(Person.objects.create(name="A. Speaker"), status="draft", body=body))
    assert response.status_code == 200 and "“C#” (line 1)" in response.text
    assert not Document.objects.exists()
    assert "problem" not in editor_client.post("/admin/speeches/document/preview/", {"body": "C\\#"}).json()


def test_a_body_stored_before_the_words_check_keeps_its_row_editable_until_the_body_is_edited(db):
    from django.core.exceptions import ValidationError

    document = make_document("Stored earlier", "The language of the talk.")
    Document.objects.filter(pk=document.pk).update(body="## Programming in C#\n\nThe language of the talk.")
    document.refresh_from_db()
    document.title = "Stored earlier, retitled"
    document.full_clean()  # the body is as it was stored: the rest of the row can be changed
    document.body = document.body.replace("\n", "\r\n")  # as a browser's form sends it
    document.full_clean()
    document.save()
    document.body += "\n\nA new paragraph."
    with pytest.raises(ValidationError, match="C#"):
        document.full_clean()


def test_check_bodies_lists_the_stored_bodies_whose_page_drops_words(db):
    import io

    from django.core.management import call_command

    from speeches.models import DocumentText

    kept = make_document("Stored earlier", "The language of the talk.")
    make_document("Fine", "Every word shown.")
    Document.objects.filter(pk=kept.pk).update(body="## Programming in C#\n\nThe language of the talk.")
    text = DocumentText.objects.create(document=kept, language="fr", role="unofficial-translation", body="Rien.")
    DocumentText.objects.filter(pk=text.pk).update(body="| Année |\n|---|\n| 1964 | Pékin |")
    out = io.StringIO()
    call_command("check_bodies", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(f"{kept.public_id} “Stored earlier” (/admin/speeches/document/{kept.pk}/change/): ")
    assert "“C#” (line 1)" in lines[0] and "“Pékin” (line 3)" in lines[1]
    assert lines[1].startswith(f"the fr text (unofficial-translation) of {kept.public_id} “Stored earlier”")
    assert lines[-1] == "2 bodies do not show every word on their page."


def test_preview_and_clean_need_editing_rights(client, db):
    User.objects.create_user("reader", password="a-long-reader-password", is_staff=True)
    client.login(username="reader", password="a-long-reader-password")
    assert client.post("/admin/speeches/document/preview/", {"body": "x"}).status_code == 403
    assert client.post("/admin/speeches/document/clean/", {"text": "x"}).status_code == 403


NO_SUCH_ID = 99999999999999999999  # past a 64-bit integer: no row can have it, and SQLite cannot compare it


def align_page(document_id, text_id):
    return f"/admin/speeches/document/{document_id}/texts/{text_id}/align/"


def document_pages(document_id, text_id):
    """Return the admin's pages of one document other than its form: align a text, sources, correct."""
    return [align_page(document_id, text_id), f"/admin/speeches/document/{document_id}/sources/",
            f"/admin/speeches/document/{document_id}/correct/"]


def test_a_document_s_pages_refuse_staff_without_rights_alike_whether_it_exists_or_not(client, db):
    document = make_document(title="Exists", body="Text.", language="en")
    text = DocumentText.objects.create(document=document, language="fr", role=TextRole.OFFICIAL_TRANSLATION,
                                       body="Texte.")
    client.force_login(User.objects.create_user("reader", is_staff=True))
    pages = [*document_pages(document.pk, text.pk), *document_pages(NO_SUCH_ID, text.pk),
             align_page(document.pk, NO_SUCH_ID)]
    assert {page: client.post(page).status_code for page in pages} == dict.fromkeys(pages, 403)


def test_a_document_s_pages_answer_an_id_no_row_can_have_with_404(publisher_client):
    document = make_document(title="Exists", body="Text.", language="en")
    pages = [*document_pages(NO_SUCH_ID, 1), align_page(document.pk, NO_SUCH_ID)]
    assert {page: publisher_client.post(page).status_code for page in pages} == dict.fromkeys(pages, 404)


def test_clean_pasted_text_reports_every_changed_word_before_applying(editor_client):
    pasted = ("The exchanges between China and the inter-\nnational community keep\ngrowing across the\n"
              "region, every single year.\n\n7\n\nThe next page goes on\nand on with the text.")
    data = editor_client.post("/admin/speeches/document/clean/", {"text": pasted}).json()
    assert data["markdown"] == ("The exchanges between China and the international community keep growing "
                                "across the region, every single year.\n\nThe next page goes on and on with the text.")
    assert [(c["removed"], c["inserted"]) for c in data["changes"]] == [("inter- national", "international"),
                                                                          ("7", "")]


def test_cleaning_twice_changes_no_word_the_page_shows(editor_client):
    pasted = "1. Decides that AT&T and Procter & Gamble\nshall report by 30 June;\n2. Requests a report."
    cleaned = editor_client.post("/admin/speeches/document/clean/", {"text": pasted}).json()
    cleaned_again = editor_client.post("/admin/speeches/document/clean/", {"text": cleaned["markdown"]}).json()
    assert (cleaned_again["markdown"], cleaned_again["changes"]) == (cleaned["markdown"], [])
    preview = editor_client.post("/admin/speeches/document/preview/", {"body": cleaned_again["markdown"]}).json()
    assert '<p id="p-1">1. Decides that AT&amp;T and Procter &amp; Gamble</p>' in preview["html"]


def test_cleaning_markdown_lists_the_words_its_preview_showed_otherwise(editor_client):
    body = "See [the resolution](https://un.org) of AT&amp;T."
    data = editor_client.post("/admin/speeches/document/clean/", {"text": body}).json()
    assert [(c["removed"], c["inserted"]) for c in data["changes"]] == [
        ("the resolution", "[the resolution](https://un.org)"), ("AT&T.", "AT&amp;T.")]


def test_history_records_who_changed_what_with_a_readable_diff_and_revert(publisher_client):
    document = make_document(title="Original", body="The old wording stays here.")
    url = f"/admin/speeches/document/{document.pk}/change/"
    form = document_form(Person.objects.create(name="A. Speaker"), title="Corrected",
                         body="The new wording stays here.", status="published")
    assert publisher_client.post(url, form).status_code == 302
    history = publisher_client.get(f"/admin/speeches/document/{document.pk}/history/").text
    assert "publisher" in history
    assert "<del>Original</del> <ins>Corrected</ins>" in history
    assert "<del>old</del> <ins>new</ins>" in history
    first = document.history.order_by("history_date").first()
    revert_url = f"/admin/speeches/document/{document.pk}/history/{first.history_id}/"
    revert_page = publisher_client.get(revert_url)
    assert revert_page.status_code == 200
    opened_version = re.search(r'name="opened_version" value="([^"]+)"', revert_page.text).group(1)
    reverted = publisher_client.post(revert_url, {**form, "title": "Original", "body": "The old wording stays here.",
                                                  "opened_version": opened_version})
    assert reverted.status_code == 302
    document.refresh_from_db()
    assert document.title == "Original" and document.history.count() == 3


def test_public_page_notes_corrections_to_published_text(client, db):
    document = make_document(body="First version.")
    assert "Corrected on" not in client.get(document.get_absolute_url()).text
    document.title = "Retitled"
    document.save()
    assert "Corrected on" not in client.get(document.get_absolute_url()).text  # metadata only
    document.body = "Second version."
    document.save()
    assert "Corrected on" in client.get(document.get_absolute_url()).text


def test_drafts_changed_before_publication_are_not_corrections(db):
    document = make_document(body="Draft one.", status="draft")
    document.body = "Draft two."
    document.save()
    document.status = "published"
    document.save()
    assert document.corrected_at is None and document.published_at is not None


@pytest.mark.django_db(transaction=True)
def test_admin_import_page_shows_a_dry_run_then_imports_on_confirm(publisher_client):
    records = "\n".join(json.dumps(r) for r in [
        {"title": "Imported address", "body": "The lanterns of the harbour.", "status": "published",
         "external_id": "imp-1"},
        {"title": "", "body": "No title."},
    ])
    upload = SimpleUploadedFile("batch.jsonl", records.encode(), content_type="application/json")
    report = publisher_client.post("/admin/speeches/document/import/", {"file": upload}).text
    assert "2 record(s): 1 would be created, 0 would be updated, 0 unchanged, 1 skipped with errors." in report
    assert "batch.jsonl:2" in report and "title is missing" in report
    assert Document.objects.count() == 0
    upload_name = re.search(r'name="upload" value="([^"]+)"', report).group(1)
    done = publisher_client.post("/admin/speeches/document/import/",
                                 {"confirm": "1", "upload": upload_name, "filename": "batch.jsonl"}).text
    assert "1 were created" in done
    assert search_ids(publisher_client, '"lanterns of the harbour"') == {Document.objects.get().public_id}
    replay = publisher_client.post("/admin/speeches/document/import/", {"confirm": "1", "upload": upload_name})
    assert "That upload has expired" in publisher_client.get(replay.url).text


def test_an_import_report_names_the_file_uploaded_never_where_the_server_stored_it(publisher_client):
    records = "\n".join(json.dumps({"title": "Twice", "body": "Once.", "external_id": "same"}) for _ in range(2))
    upload = SimpleUploadedFile("batch.jsonl", records.encode(), content_type="application/json")
    report = publisher_client.post("/admin/speeches/document/import/", {"file": upload}).text
    assert "external_id &#x27;same&#x27; was already given to the record at batch.jsonl:1" in report
    assert str(settings.DATA_DIR) not in report
    make_document("Friendship", body="Friendship of peoples.", external_id="md-1")
    text = "---\nexternal_id: md-1\nrole: unofficial-translation\n---\nДружба народов и общее будущее региона.\n"
    upload = SimpleUploadedFile("speech.ru.md", text.encode())
    report = publisher_client.post("/admin/speeches/document/import/", {"file": upload}).text
    assert "speech.ru.md: language Russian (ru) recognised in the text" in report  # a text file's guess, by its name


def test_of_two_confirmations_sent_at_once_one_takes_the_upload_and_the_other_finds_it_gone(db):
    from speeches.admin.uploads import claimed_upload, store_upload

    owner = User.objects.create_user("publisher", is_staff=True)
    stored = store_upload(SimpleUploadedFile("batch.jsonl", b"{}"), owner)
    with claimed_upload(stored.name, owner) as first, claimed_upload(stored.name, owner) as second:
        assert first.read_bytes() == b"{}" and second is None and not stored.exists()
    assert not first.exists()  # deleted once its confirmation is done


def test_admin_import_rejects_wrong_files_and_path_tricks(editor_client):
    bad = SimpleUploadedFile("notes.docx", b"PK")
    assert "files cannot be imported" in editor_client.post("/admin/speeches/document/import/", {"file": bad}).text
    for name in ["../../etc/passwd", "/etc/passwd", "..", ""]:
        response = editor_client.post("/admin/speeches/document/import/", {"confirm": "1", "upload": name})
        assert response.status_code == 302


@pytest.mark.django_db(transaction=True)
def test_merging_regions_moves_documents_and_reindexes_them(publisher_client):
    keep, duplicate = make_region("Central Asia"), make_region("Central-Asia (dup)")
    document = make_document(body="Steppe words.", regions=[duplicate])
    response = publisher_client.post("/admin/speeches/region/", {
        "action": "merge", "_selected_action": [keep.pk, duplicate.pk], "confirm": "1", "into": keep.pk})
    assert response.status_code == 302
    assert list(Region.objects.values_list("name", flat=True)) == ["Central Asia"]
    assert list(document.regions.values_list("name", flat=True)) == ["Central Asia"]
    page = publisher_client.get("/search/", {"q": "steppe", "region": "central-asia"}).text
    assert "1 document found" in page


def test_merge_asks_which_region_to_keep(publisher_client):
    first, second = make_region("Africa"), make_region("Afrika")
    page = publisher_client.post("/admin/speeches/region/", {
        "action": "merge", "_selected_action": [first.pk, second.pk]}).text
    assert "Keep this region" in page and Region.objects.count() == 2


def test_saving_a_person_like_an_existing_one_warns(publisher_client):
    Person.objects.create(name="Xi Jinping", description="President of China")
    response = publisher_client.post("/admin/speeches/person/add/", {"name": "Jinping XI", "slug": "", "description": "",
                                                                      **NO_OFFICES},
                                     follow=True)
    assert "looks like “<a href=" in response.text and "Xi Jinping</a>” (President of China)" in response.text
    quiet = publisher_client.post("/admin/speeches/person/add/", {"name": "Amina Diallo", "slug": "", "description": "",
                                                                 **NO_OFFICES},
                                  follow=True)
    assert "looks like" not in quiet.text


def test_people_and_venues_can_be_created_inline_from_the_document_form(publisher_client):
    form = publisher_client.get("/admin/speeches/document/add/").text
    assert 'id="add_id_venue"' in form and "/admin/speeches/venue/add/?_to_field=id&amp;_popup=1" in form
    popup = publisher_client.post("/admin/speeches/person/add/?_to_field=id&_popup=1",
                                  {"name": "New Speaker", "slug": "", "description": "", "_popup": "1",
                                   "_to_field": "id", **NO_OFFICES})
    assert popup.status_code == 200 and "New Speaker" in popup.text
    assert Person.objects.filter(name="New Speaker").exists()


def test_unconfirmed_uploads_are_deleted_after_a_day(editor_client, settings):
    from speeches.admin.uploads import IMPORT_UPLOADS

    IMPORT_UPLOADS.mkdir(parents=True, exist_ok=True)
    stale, fresh = IMPORT_UPLOADS / "stale-upload.jsonl", IMPORT_UPLOADS / "fresh-upload.jsonl"
    for upload in (stale, fresh):
        upload.write_text("{}\n")
    two_days_ago = time.time() - 2 * 24 * 60 * 60
    os.utime(stale, (two_days_ago, two_days_ago))
    assert editor_client.get("/admin/speeches/document/import/").status_code == 200
    assert not stale.exists() and fresh.exists()
    fresh.unlink()


@pytest.mark.parametrize("absorbed_status, kept_status", [("draft", "draft"), ("draft", "published")])
def test_merging_a_draft_leaves_no_public_trace(publisher_client, absorbed_status, kept_status):
    keep = make_document(title="Kept", status=kept_status)
    duplicate = make_document(title="Secret duplicate", status=absorbed_status)
    publisher_client.post("/admin/speeches/document/", {
        "action": "merge", "_selected_action": [keep.pk, duplicate.pk], "confirm": "1", "into": keep.pk})
    assert not Document.objects.filter(pk=duplicate.pk).exists()
    for address in (f"/d/{duplicate.public_id}/", f"/d/{duplicate.public_id}/secret-duplicate/"):
        response = Client().get(address)
        assert response.status_code == 404 and "Secret duplicate" not in response.text


def test_editors_cannot_change_what_published_pages_show(editor_client):
    shown = Person.objects.create(name="Shown Envoy")
    draft_only = Person.objects.create(name="Draft Envoy")
    region = make_region("Shown Region")
    other = make_region("Other Region")
    make_document(title="Published", speakers=[shown], regions=[region, other])
    make_document(title="Draft", speakers=[draft_only], status="draft")
    rename = {"name": "Renamed", "slug": "renamed", "description": "", "name_form": "given-family",
              "family_name": "Renamed", "given_name": "", **NO_OFFICES}
    assert editor_client.post(f"/admin/speeches/person/{shown.pk}/change/", rename).status_code == 403
    assert editor_client.post(f"/admin/speeches/person/{draft_only.pk}/change/", rename).status_code == 302
    editor_client.post("/admin/speeches/region/", {
        "action": "merge", "_selected_action": [region.pk, other.pk], "confirm": "1", "into": region.pk})
    editor_client.post("/admin/speeches/region/", {"action": "delete_selected", "_selected_action": [region.pk],
                                                   "post": "yes"})
    assert set(Region.objects.values_list("name", flat=True)) == {"Shown Region", "Other Region"}
    assert Person.objects.get(pk=shown.pk).name == "Shown Envoy"
    publisher_client = staff_client(Client(), "publisher", "Publishers")
    publisher_client.post("/admin/speeches/region/", {
        "action": "merge", "_selected_action": [region.pk, other.pk], "confirm": "1", "into": region.pk})
    assert list(Region.objects.values_list("name", flat=True)) == ["Shown Region"]


def revisions_apart_from_ids(*models):
    """Save a row of each model twice, so that later rows' revision ids differ from their own ids."""
    for model, fields in models:
        model.objects.create(**fields).save()


def retitled_with_revert_url(document, title):
    """Retitle ``document``; return the address of the form that reverts it to its first revision."""
    document.title = title
    document.save()
    first = document.history.order_by("history_date").first()
    return f"/admin/speeches/document/{document.pk}/history/{first.history_id}/"


def test_editors_cannot_revert_published_documents_from_the_history(editor_client):
    revisions_apart_from_ids((Document, {"title": "Other", "body": "Other."}))
    document = make_document(title="Published title", body="The published wording.")
    revert_url = retitled_with_revert_url(document, "Published title, corrected")
    form = document_form(Person.objects.create(name="A. Speaker"), title="Vandalised", body="Other words.")
    assert editor_client.post(revert_url, form).status_code == 403
    document.refresh_from_db()
    assert (document.title, document.status) == ("Published title, corrected", "published")
    assert Client().get(document.get_absolute_url()).status_code == 200
    assert "Revert" not in editor_client.get(revert_url).text.split("<title>")[1].split("</title>")[0]


def test_editors_revert_drafts_from_the_history_and_they_stay_drafts(editor_client):
    revisions_apart_from_ids((Document, {"title": "Other", "body": "Other."}))
    document = make_document(title="First draft title", status="draft")
    revert_url = retitled_with_revert_url(document, "Second draft title")
    form = document_form(Person.objects.create(name="A. Speaker"), title="First draft title")
    assert editor_client.post(revert_url, form).status_code == 302
    document.refresh_from_db()
    assert (document.title, document.status) == ("First draft title", "draft")


def test_editors_cannot_rename_a_published_speaker_from_the_history(editor_client):
    revisions_apart_from_ids((Person, {"name": "Someone else"}))
    shown = Person.objects.create(name="Shown Envoy")
    make_document(title="Published", speakers=[shown])
    revision = shown.history.get()
    rename = {"name": "Renamed", "slug": "renamed", "description": "", "name_form": "given-family",
              "family_name": "Renamed", "given_name": ""}
    response = editor_client.post(f"/admin/speeches/person/{shown.pk}/history/{revision.history_id}/", rename)
    assert response.status_code == 403
    assert Person.objects.get(pk=shown.pk).name == "Shown Envoy"


def test_staff_who_may_only_view_cannot_revert_from_the_history(client, db):
    from django.contrib.auth.models import Permission

    viewer = User.objects.create_user("viewer", password="a-long-viewer-password", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_document", "view_person"]))
    client.force_login(viewer)
    revisions_apart_from_ids((Document, {"title": "Other", "body": "Other."}), (Person, {"name": "Someone else"}))
    draft = make_document(title="A draft", status="draft")
    person = Person.objects.create(name="Draft Envoy")
    revision = draft.history.get()
    form = document_form(person, title="Changed")
    assert client.post(f"/admin/speeches/document/{draft.pk}/history/{revision.history_id}/", form).status_code == 403
    rename = {"name": "Renamed", "slug": "renamed", "description": "", "name_form": "given-family",
              "family_name": "Renamed", "given_name": ""}
    person_revision = person.history.get()
    assert client.post(f"/admin/speeches/person/{person.pk}/history/{person_revision.history_id}/",
                       rename).status_code == 403
    draft.refresh_from_db()
    person.refresh_from_db()
    assert (draft.title, person.name) == ("A draft", "Draft Envoy")


def test_admin_import_refuses_yaml_aliases_with_a_short_report(editor_client):
    from .test_importers import alias_bomb

    upload = SimpleUploadedFile("bomb.md", alias_bomb(7).encode(), content_type="text/markdown")
    started = time.monotonic()
    response = editor_client.post("/admin/speeches/document/import/", {"file": upload})
    assert time.monotonic() - started < 2
    assert response.status_code == 200 and len(response.content) < 100_000
    assert "it uses the alias *a0 (line 3); aliases are not accepted: write each value out" in response.text


def test_admin_forms_refuse_control_characters_and_say_where(publisher_client):
    person = Person.objects.create(name="Amina Diallo")
    form = document_form(person, title="Ti\u0001tle", body="Line one\tindented.\n\nPage\u000cbreak.")
    page = publisher_client.post("/admin/speeches/document/add/", form)
    assert page.status_code == 200 and not Document.objects.exists()
    assert "Contains a control character (U+0001) at character 3" in page.text
    assert "Contains a control character (U+000C) at line 3, column 5" in page.text
    kept = document_form(person, body="Line one\tindented.\r\nStill one paragraph.")
    assert publisher_client.post("/admin/speeches/document/add/", kept).status_code == 302
    region = publisher_client.post("/admin/speeches/region/add/", {"name": "Reg\u0002ion", "slug": "region"})
    assert region.status_code == 200 and "Contains a control character (U+0002)" in region.text
    assert not Region.objects.exists()


def test_admin_forms_refuse_a_name_or_role_holding_the_csv_lists_separator(publisher_client):
    person = Person.objects.create(name="Amina Diallo")
    page = publisher_client.post("/admin/speeches/document/add/", document_form(person, **{
        "speakers-0-role": "Minister; Deputy"}))
    assert page.status_code == 200 and not Document.objects.exists()
    assert "Holds “;”, which separates names in the archive&#x27;s CSV files" in page.text
    region = publisher_client.post("/admin/speeches/region/add/", {"name": "Central; Asia", "slug": "region"})
    assert region.status_code == 200 and "Holds “;”" in region.text and not Region.objects.exists()


def test_no_action_or_inline_of_an_editor_changes_a_published_document(editor_client):
    from speeches.models import DocumentText

    published = make_document(title="Published", body="Published words.")
    translation = DocumentText.objects.create(document=published, language="fr", role="unofficial-translation",
                                              body="Mots publiés.")
    draft = make_document(title="A draft", status="draft")
    for action in ["unpublish", "merge", "delete_selected"]:
        editor_client.post("/admin/speeches/document/", {
            "action": action, "_selected_action": [published.pk, draft.pk], "post": "yes", "confirm": "1",
            "into": draft.pk})
    inline = {"texts-TOTAL_FORMS": "1", "texts-INITIAL_FORMS": "1", "texts-0-id": str(translation.pk),
              "texts-0-document": str(draft.pk), "texts-0-language": "fr", "texts-0-role": "unofficial-translation",
              "texts-0-body": "Vandalisé.", "texts-0-alignment": "[]"}
    editor_client.post(f"/admin/speeches/document/{draft.pk}/change/",
                       document_form(Person.objects.create(name="A. Speaker"), title="A draft", **inline))
    published.refresh_from_db()
    translation.refresh_from_db()
    assert (published.title, published.status, published.body) == ("Published", "published", "Published words.")
    assert (translation.document_id, translation.body) == (published.pk, "Mots publiés.")
    assert Client().get(published.get_absolute_url()).status_code == 200


def test_editors_cannot_change_a_published_venue_from_the_history(editor_client):
    from speeches.models import Venue

    revisions_apart_from_ids((Venue, {"name": "Another hall"}))
    venue = Venue.objects.create(name="Akorda Palace", city="Astana")
    make_document(title="Published", venue=venue)
    revision = venue.history.get()
    response = editor_client.post(f"/admin/speeches/venue/{venue.pk}/history/{revision.history_id}/",
                                  {"name": "Renamed", "slug": "renamed", "city": "", "country": ""})
    assert response.status_code == 403 and Venue.objects.get(pk=venue.pk).name == "Akorda Palace"
