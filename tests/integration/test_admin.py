"""Editors work in the Django admin; what they save reaches the public site and search at once."""
import html
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User

from speeches.models import Document, Person

from tests.factories import make_document, make_person, make_region, make_venue


def staff_member(username, group):
    user = User.objects.create_user(username, password=f"a-long-{username}-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor_client(client, db):
    """An editor who may write drafts but not publish."""
    client.force_login(staff_member("editor", "Editors"))
    return client


@pytest.fixture
def publisher_client(client, db):
    client.force_login(staff_member("publisher", "Publishers"))
    return client


# A person's form carries the inline of their offices: with none, its management form still.
NO_OFFICES = {"offices-TOTAL_FORMS": "0", "offices-INITIAL_FORMS": "0", "offices-MIN_NUM_FORMS": "0",
              "offices-MAX_NUM_FORMS": "1000"}


def document_form(person, **overrides):
    data = {
        "title": "Remarks at the Harbour Forum", "subtitle": "", "slug": "", "kind": "remarks",
        "status": "published", "date": "2024-05-28", "date_precision": "day", "venue": "",
        "event": "", "language": "en", "translation_note": "", "source_publisher": "",
        "source_url": "", "source_retrieved": "", "source_text": "",
        "body": "We met in the harbour of quiet lanterns.\n\nA second paragraph.",
        "speakers-TOTAL_FORMS": "1", "speakers-INITIAL_FORMS": "0",
        "speakers-MIN_NUM_FORMS": "0", "speakers-MAX_NUM_FORMS": "1000",
        "speakers-0-order": "0", "speakers-0-person": str(person.pk), "speakers-0-role": "Host",
        # The inline of other texts (originals, translations), here with none.
        "texts-TOTAL_FORMS": "0", "texts-INITIAL_FORMS": "0", "texts-MIN_NUM_FORMS": "0", "texts-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def search_ids(client, query):
    page = client.get("/search/", {"q": query}).text
    return set(re.findall(r'class="summary__title"><a href="/d/([a-z0-9]+)/', page))


def test_editors_edit_every_archive_model_and_only_publishers_publish(db):
    for group in ["Editors", "Publishers"]:
        codenames = set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))
        for model in ["document", "speaker", "person", "venue", "region", "country"]:
            for action in ["add", "change", "delete", "view"]:
                assert f"{action}_{model}" in codenames, group
        assert ("publish_document" in codenames) == (group == "Publishers")
        assert not Permission.objects.filter(group__name=group, content_type__app_label="auth").exists()


@pytest.mark.django_db(transaction=True)
def test_admin_save_is_searchable_at_once(publisher_client):
    person = Person.objects.create(name="Teodoro Obiang")
    response = publisher_client.post("/admin/speeches/document/add/", document_form(person))
    assert response.status_code == 302, response.content[:2000]
    document = Document.objects.get()
    assert document.speaker_names == ["Teodoro Obiang"]
    assert search_ids(publisher_client, '"harbour of quiet lanterns"') == {document.public_id}
    assert search_ids(publisher_client, '"Teodoro Obiang"') == {document.public_id}


@pytest.mark.django_db(transaction=True)
def test_admin_draft_is_not_searchable_until_published_by_action(publisher_client):
    person = Person.objects.create(name="Teodoro Obiang")
    publisher_client.post("/admin/speeches/document/add/", document_form(person, status="draft"))
    document = Document.objects.get()
    assert search_ids(publisher_client, '"harbour of quiet lanterns"') == set()
    assert publisher_client.get(document.get_absolute_url()).status_code == 404
    publisher_client.post("/admin/speeches/document/", {"action": "publish", "_selected_action": [document.pk]})
    assert search_ids(publisher_client, '"harbour of quiet lanterns"') == {document.public_id}
    publisher_client.post("/admin/speeches/document/", {"action": "unpublish", "_selected_action": [document.pk]})
    assert search_ids(publisher_client, '"harbour of quiet lanterns"') == set()


@pytest.mark.django_db(transaction=True)
def test_admin_delete_removes_from_search(publisher_client):
    document = make_document(body="A paragraph about amber caravans.")
    assert search_ids(publisher_client, '"amber caravans"') == {document.public_id}
    response = publisher_client.post(f"/admin/speeches/document/{document.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert search_ids(publisher_client, '"amber caravans"') == set()


def test_admin_pages_offer_search_filters_and_autocomplete(editor_client):
    make_document(title="Listed", venue=make_venue(), regions=[make_region()])
    changelist = editor_client.get("/admin/speeches/document/?q=Listed")
    assert changelist.status_code == 200 and "Listed" in changelist.text
    add_form = editor_client.get("/admin/speeches/document/add/").text
    for field in ["id_venue", "id_regions", "id_countries", "id_speakers-0-person"]:
        assert re.search(rf'id="{field}"[^>]*admin-autocomplete|admin-autocomplete[^>]*id="{field}"', add_form), field
    autocomplete = editor_client.get("/admin/autocomplete/", {
        "app_label": "speeches", "model_name": "document", "field_name": "venue", "term": "Akorda"})
    assert autocomplete.json()["results"][0]["text"] == "Akorda Palace, Astana, Kazakhstan"


def test_people_without_staff_access_cannot_reach_the_admin(client, db):
    assert client.get("/admin/speeches/document/").status_code == 302
    User.objects.create_user("reader", password="a-long-reader-password")
    client.login(username="reader", password="a-long-reader-password")
    assert client.get("/admin/speeches/document/").status_code == 302


@pytest.mark.parametrize("path, fields", [
    ("person", {"name": "\u200b", "slug": "", "description": "", "name_form": "", "family_name": "", "given_name": "",
                **NO_OFFICES}),
    ("venue", {"name": "\u00ad\u2060", "slug": "", "city": "", "country": "", "wikidata": ""}),
])
def test_a_name_of_invisible_characters_alone_is_an_empty_name(editor_client, path, fields):
    from speeches.models import Venue

    response = editor_client.post(f"/admin/speeches/{path}/add/", fields)
    assert response.status_code == 200 and "This field cannot be blank." in response.text
    assert not Person.objects.exists() and not Venue.objects.exists()


# Soft hyphen, zero-width space, BOM and word joiner go; a Persian zero-width non-joiner (می‌خواهم) and an
# emoji's zero-width joiner (a farmer: woman, ZWJ, ear of rice) stay, as they change what is shown.
TITLE_TYPED = "\u00adRemarks\u200b at the \ufeffForum\u2060: \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \U0001f469\u200d\U0001f33e "
TITLE_STORED = "Remarks at the Forum: \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \U0001f469\u200d\U0001f33e"


def test_a_title_of_invisible_characters_alone_is_refused_and_a_title_is_stored_without_them(editor_client):
    from speeches.models import DocumentText

    person = make_person("Amina Diallo")
    for unseen in ("   \u200b ", "\u200c\u200d", "\u3164"):  # joiners and a Hangul filler alone show nothing either
        refused = editor_client.post("/admin/speeches/document/add/", document_form(person, title=unseen, status="draft"))
        assert refused.status_code == 200 and not Document.objects.exists(), repr(unseen)
        assert "This title has nothing a reader can see: it holds spaces or invisible characters only" in refused.text
    text = {"texts-TOTAL_FORMS": "1", "texts-0-language": "fr", "texts-0-role": "unofficial-translation",
            "texts-0-title": "\u200bRemarques\u00ad", "texts-0-body": "Nous nous sommes vus.", "texts-0-alignment": "[]"}
    saved = editor_client.post("/admin/speeches/document/add/", document_form(
        person, title=TITLE_TYPED, subtitle="\ufeffOpening\u200b", status="draft", **text))
    assert saved.status_code == 302
    document = Document.objects.get()
    assert (document.title, document.subtitle) == (TITLE_STORED, "Opening")
    assert DocumentText.objects.get().title == "Remarques"


def test_a_name_is_found_in_any_case_in_any_script(editor_client):
    lavrov, elysee = make_person("Сергей Лавров"), make_venue("Palais de l’Élysée", city="Paris", country="France")
    xi = make_person("Xi Jinping")
    for term in ["лавров", "ЛАВРОВ", "сергей лав", "Сергеи\u0306"]:  # й typed as и and a breve too
        found = editor_client.get("/admin/autocomplete/", {
            "app_label": "speeches", "model_name": "speaker", "field_name": "person", "term": term}).json()
        assert [result["id"] for result in found["results"]] == [str(lavrov.pk)], term
    listed = editor_client.get("/admin/speeches/venue/", {"q": "élysée"}).text
    assert f"/admin/speeches/venue/{elysee.pk}/change/" in listed
    people = editor_client.get("/admin/speeches/person/", {"q": "лавров"}).text
    assert f"/admin/speeches/person/{lavrov.pk}/change/" in people and f"/person/{xi.pk}/change/" not in people


def test_a_new_persons_name_parts_are_guessed_and_shown_for_checking(editor_client):
    response = editor_client.post("/admin/speeches/person/add/", {
        "name": "Wang Yi", "slug": "wang-yi", "description": "", "name_form": "", "family_name": "", "given_name": "",
        **NO_OFFICES}, follow=True)
    person = Person.objects.get(name="Wang Yi")
    assert (person.name_form, person.family_name, person.given_name) == ("family-given", "Wang", "Yi")
    assert "Citations will write “Wang Yi” as “Wang, Yi”" in response.text
    assert "Wang, Yi" in editor_client.get("/admin/speeches/person/").text  # the list's "Cited as" column
    form = editor_client.get(f"/admin/speeches/person/{person.pk}/change/").text
    assert 'name="family_name"' in form and 'value="Wang"' in form


def test_renaming_a_person_says_what_citations_still_write(editor_client):
    person = make_person("Jane Roe", family_name="Roe", given_name="Jane", name_form="given-family")
    fields = {"name": "Janeth Roewinski", "slug": person.slug, "description": "", "name_form": "given-family",
              "family_name": "Roe", "given_name": "Jane", **NO_OFFICES}
    renamed = editor_client.post(f"/admin/speeches/person/{person.pk}/change/", fields, follow=True)
    assert "The name is now “Janeth Roewinski”, but citations still write “Roe, Jane”" in renamed.text
    fields.update(name="Janeth Roewinski-Roe", family_name="Roewinski-Roe", given_name="Janeth")
    both = editor_client.post(f"/admin/speeches/person/{person.pk}/change/", fields, follow=True)
    assert "citations still write" not in both.text  # renamed in citations too


@pytest.mark.parametrize("name, family, given, slug", [
    ("Сергей Лавров", "Лавров", "Сергей", "сергей-лавров"),
    ("नरेंद्र मोदी", "मोदी", "नरेंद्र", "नरेंद्र-मोदी"),  # with the vowel signs Django's slugs drop
])
def test_a_person_named_in_another_script_gets_a_slug_in_it_and_saves_again(editor_client, name, family, given, slug):
    fields = {"name": name, "slug": "", "description": "", "name_form": "given-family",
              "family_name": family, "given_name": given, **NO_OFFICES}
    assert editor_client.post("/admin/speeches/person/add/", fields).status_code == 302
    person = Person.objects.get(name=name)
    assert person.slug == slug
    form = editor_client.get(f"/admin/speeches/person/{person.pk}/change/").text
    assert f'value="{slug}"' in form
    fields.update(slug=person.slug, description="Minister")
    assert editor_client.post(f"/admin/speeches/person/{person.pk}/change/", fields).status_code == 302
    person.refresh_from_db()
    assert (person.slug, person.description) == (slug, "Minister")
    for refused_slug in ["no spaces please", "in\u200bvisible"]:
        fields.update(slug=refused_slug)
        refused = editor_client.post(f"/admin/speeches/person/{person.pk}/change/", fields)
        assert refused.status_code == 200 and "Enter a slug of letters (of any script)" in refused.text


def test_an_editor_corrects_the_name_in_citations(editor_client):
    person = Person.objects.create(name="Lee Hamilton")  # guessed family name first: wrong here
    editor_client.post(f"/admin/speeches/person/{person.pk}/change/", {
        "name": "Lee Hamilton", "slug": person.slug, "description": "", "name_form": "given-family",
        "family_name": "Hamilton", "given_name": "Lee", **NO_OFFICES})
    person.refresh_from_db()
    assert person.cited_name.inverted() == "Hamilton, Lee"


def test_a_save_over_another_editor_s_later_save_is_refused_until_asked_for_again(client, db):
    """Two editors open the same document; the second to save is told, keeps what they typed, and may
    then replace the first's changes knowingly."""
    person = make_person("Ana Lima")
    document = make_document("Harbour remarks", "We met in the harbour.")
    url = f"/admin/speeches/document/{document.pk}/change/"
    ana, bo = client, client.__class__()
    ana.force_login(staff_member("ana", "Editors"))
    bo.force_login(staff_member("bo", "Editors"))

    def opened_version(page):
        return re.search(r'name="opened_version" value="([^"]+)"', page).group(1)

    def form(**overrides):
        return document_form(person, status="draft", **{"speakers-TOTAL_FORMS": "0", **overrides})

    document.status = Document.Status.DRAFT
    document.save()
    ana_opened, bo_opened = opened_version(ana.get(url).text), opened_version(bo.get(url).text)
    added = "We met in the harbour.\n\nAna's new paragraph."
    assert ana.post(url, form(body=added, opened_version=ana_opened)).status_code == 302
    refused = bo.post(url, form(title="Bo's better title", body="We met in the harbour.", opened_version=bo_opened))
    assert refused.status_code == 200 and "after you opened it" in refused.text
    assert "Bo&#x27;s better title" in refused.text  # what Bo typed is still in the form
    document.refresh_from_db()
    assert (document.title, document.body) == ("Remarks at the Harbour Forum", added)
    again = bo.post(url, form(title="Bo's better title", body="We met in the harbour.",
                              opened_version=opened_version(refused.text)))
    assert again.status_code == 302
    document.refresh_from_db()
    assert document.title == "Bo's better title"


def test_a_long_document_s_whole_form_is_saved_and_a_text_too_long_is_refused_with_what_was_typed(editor_client):
    # Three million bytes of Chinese, as received and as cleaned: past the size a visitor's request may have.
    paragraph = "我们坚持亲诚惠容的周边外交理念，与邻国共同发展。" * 20
    chinese = "\n\n".join([paragraph] * 1_000)
    form = document_form(make_person("Ana Lima"), status="draft", language="zh-Hans", body=chinese, source_text=chinese)
    assert len((chinese + chinese).encode()) > settings.VISITOR_REQUEST_MOST_BYTES
    response = editor_client.post("/admin/speeches/document/add/", form)
    assert response.status_code == 302, re.findall(r"errorlist.{0,400}", response.text)
    assert Document.objects.get().body == chinese
    # 990,000 characters stored, 1,035,000 as a browser sends them: each line break a CR LF.
    as_a_browser_sends_it = "\r\n\r\n".join(["\r\n".join(["Words and more words."] * 10)] * 4_500)
    assert len(as_a_browser_sends_it) > 1_000_000 > len(as_a_browser_sends_it.replace("\r", ""))
    response = editor_client.post("/admin/speeches/document/add/", {**form, "body": as_a_browser_sends_it,
                                                                     "source_text": "", "title": "CRLF"})
    assert response.status_code == 302 and Document.objects.count() == 2
    Document.objects.filter(title="CRLF").delete()
    too_long = "Words and more words. " * 50_000
    response = editor_client.post("/admin/speeches/document/add/", {**form, "body": too_long})
    assert response.status_code == 200 and Document.objects.count() == 1
    assert "at most 1,000,000 (about 150,000 words) can be one document&#x27;s text" in response.text
    assert too_long.strip() in html.unescape(response.text)  # still in the form, to split


def test_a_request_larger_than_a_visitor_s_form_is_refused_before_it_is_read(client, db):
    large = {"email": "a@example.org", "padding": "x" * (settings.VISITOR_REQUEST_MOST_BYTES + 1)}
    for url in ("/alerts/", "/admin/login/", "/admin/speeches/document/add/"):
        response = client.post(url, large)
        assert response.status_code == 413, url
        assert "A request may hold at most 2,560 KB" in response.text
