"""Offices: a credit left without a role takes the office held on its document's date, as a suggestion that
follows the date and the offices until an editor types another; editors keep offices in the admin."""
import datetime

import pytest
from django.contrib.auth.models import Group, Permission, User

from speeches.importers.document_files import export_record
from speeches.importers.importing import import_paths
from speeches.models import Country, Document, Office, Speaker
from speeches.review import apply_correction, start_correction

from tests.factories import make_document, make_office, make_person
from .test_admin import NO_OFFICES, staff_member
from .test_importers import write_jsonl
from .test_review_workflow import change_form

pytestmark = pytest.mark.django_db

MINISTER = "Minister of Foreign Affairs"


@pytest.fixture
def editor_client(client):
    client.force_login(staff_member("editor", "Editors"))
    return client


@pytest.fixture
def wang_yi():
    person = make_person("Wang Yi")
    make_office(person, MINISTER, "2013-03-16", "2022-12-30")
    make_office(person, "Ambassador to Japan", "2004-09", "2013-03-16")
    return person


def credit(document):
    return Speaker.objects.select_related("office").get(document=document)


def test_a_credit_without_a_role_takes_the_office_held_on_the_documents_date(wang_yi):
    speech = make_document(date=datetime.date(2016, 5, 4), speakers=[wang_yi])
    taken = credit(speech)
    assert (taken.role, taken.role_from_office, taken.office.title) == (MINISTER, True, MINISTER)
    # The handover day, a month that may fall either side of it, and no date: no office is guessed.
    for date, precision in [(datetime.date(2013, 3, 16), "day"), (datetime.date(2013, 3, 1), "month"), (None, "day")]:
        unsure = make_document(date=date, date_precision=precision, speakers=[wang_yi])
        assert (credit(unsure).role, credit(unsure).office, credit(unsure).role_from_office) == ("", None, False)


def test_a_role_typed_is_never_replaced_and_may_name_one_of_two_offices_held_at_once(wang_yi):
    hosted = make_document(date=datetime.date(2016, 5, 4), speakers=[(wang_yi, "Host")])
    typed = credit(hosted)
    assert (typed.role, typed.role_from_office, typed.office.title) == ("Host", False, MINISTER)
    hosted.date = datetime.date(2008, 1, 1)  # the office follows the date; the role stays
    hosted.save()
    assert (credit(hosted).role, credit(hosted).office.title) == ("Host", "Ambassador to Japan")
    Office.objects.filter(title=MINISTER).update(title="Foreign Minister")
    wang_yi.follow_offices()
    assert credit(hosted).role == "Host"
    # On the handover day both offices were held: the role typed says which.
    handover = make_document(date=datetime.date(2013, 3, 16), speakers=[(wang_yi, "foreign minister")])
    assert (credit(handover).role, credit(handover).office.title) == ("foreign minister", "Foreign Minister")


def test_a_suggested_role_follows_the_date_and_the_offices_until_the_editor_types_over_it(wang_yi):
    speech = make_document(date=datetime.date(2016, 5, 4), speakers=[wang_yi])
    speech.date = datetime.date(2010, 6, 1)
    speech.save()
    assert credit(speech).role == "Ambassador to Japan"
    Office.objects.filter(title="Ambassador to Japan").update(title="Ambassador of China to Japan")
    assert wang_yi.follow_offices() == 1
    assert credit(speech).role == "Ambassador of China to Japan"
    # The editor types over the suggestion: it is theirs from then on.
    typed = credit(speech)
    typed.role = "Ambassador Extraordinary and Plenipotentiary"
    typed.save()
    assert credit(speech).role_from_office is False
    Office.objects.filter(person=wang_yi).delete()
    assert wang_yi.follow_offices() == 0  # its office is gone (the credit forgot it); the role typed stays
    assert (credit(speech).role, credit(speech).office) == ("Ambassador Extraordinary and Plenipotentiary", None)
    # Emptied, the role is a suggestion again (of no office now).
    emptied = credit(speech)
    emptied.role = ""
    emptied.save()
    assert (credit(speech).role, credit(speech).role_from_office) == ("", False)


def test_the_documents_page_credits_the_role_derived(client, wang_yi):
    speech = make_document(date=datetime.date(2016, 5, 4), speakers=[wang_yi])
    assert MINISTER in client.get(speech.get_absolute_url()).text
    assert client.get(f"/api/documents/{speech.public_id}/").json()["speakers"][0]["role"] == MINISTER


def test_editors_may_keep_offices(db):
    for group in ["Editors", "Publishers"]:
        codenames = set(Permission.objects.filter(group__name=group, content_type__model="office")
                        .values_list("codename", flat=True))
        assert codenames == {"add_office", "change_office", "delete_office", "view_office"}, group
    assert Group.objects.get(name="Editors").permissions.filter(codename="change_office").exists()


def person_form(person, offices=(), **overrides):
    """Return the person's admin change form with the office rows ``offices`` (dicts of the inline's fields)."""
    data = {"name": person.name, "slug": person.slug, "description": "", "wikidata": "",
            "name_form": person.name_form, "family_name": person.family_name, "given_name": person.given_name,
            **NO_OFFICES, "offices-TOTAL_FORMS": str(len(offices))}
    for number, office in enumerate(offices):
        data.update({f"offices-{number}-{name}": value for name, value in
                     {"title": "", "organisation": "", "country": "", "start": "", "end": "", **office}.items()})
    return {**data, **overrides}


def test_an_editor_adds_an_office_in_the_admin_and_the_draft_credits_follow(editor_client):
    person = make_person("Wang Yi")
    draft = make_document(date=datetime.date(2016, 5, 4), speakers=[person], status=Document.Status.DRAFT)
    form = editor_client.get(f"/admin/speeches/person/{person.pk}/change/").text
    assert 'name="offices-0-title"' in form and 'name="offices-0-start"' in form
    response = editor_client.post(f"/admin/speeches/person/{person.pk}/change/", person_form(
        person, [{"title": MINISTER, "start": "March 2013"}]), follow=True)
    assert "The office (or the role left to it) of 1 credit(s) on documents changed" in response.text
    office = Office.objects.get(person=person)
    assert (office.start, office.start_precision, office.end) == (datetime.date(2013, 3, 1), "month", None)
    assert (credit(draft).role, credit(draft).role_from_office) == (MINISTER, True)
    # The document's form says where the role came from.
    document_form = editor_client.get(f"/admin/speeches/document/{draft.pk}/change/").text
    assert f"Filled from the office held then: {MINISTER} (since March 2013)." in document_form
    # The editor types another role in the document's form: it is kept, and the office still noted.
    editor_client.post(f"/admin/speeches/document/{draft.pk}/change/",
                       change_form(draft, **{"speakers-0-role": "Foreign Minister", "status": "draft"}))
    typed = credit(draft)
    assert (typed.role, typed.role_from_office, typed.office) == ("Foreign Minister", False, office)
    assert f"Held then: {MINISTER} (since March 2013)." in \
        editor_client.get(f"/admin/speeches/document/{draft.pk}/change/").text


def test_a_second_office_at_once_is_explained_to_the_editor(editor_client):
    person = make_person("Xi Jinping")
    make_office(person, "President of the People's Republic of China", "2013-03-14")
    make_office(person, "General Secretary of the Communist Party of China", "2012-11")
    draft = make_document(date=datetime.date(2022, 1, 25), speakers=[person], status=Document.Status.DRAFT)
    assert credit(draft).role == ""
    form = editor_client.get(f"/admin/speeches/document/{draft.pk}/change/").text
    assert "Held at once on that date: President of the People&#x27;s Republic of China (since 14 March 2013); " \
           "General Secretary" in form
    assert "Type the one the document gives as the role." in form


@pytest.mark.parametrize(("office", "message"), [
    ({"title": MINISTER, "start": "2013", "end": "2012-06"}, "The office ends before it begins"),
    ({"title": MINISTER, "start": "2013-13"}, "Enter the date as precisely as the source gives it"),
    ({"title": "", "start": "2013"}, "This field is required."),
])
def test_an_office_that_cannot_be_is_refused_with_a_message_and_the_form_kept(editor_client, office, message):
    person = make_person("Wang Yi")
    response = editor_client.post(f"/admin/speeches/person/{person.pk}/change/", person_form(person, [office]))
    assert response.status_code == 200 and message in response.text
    assert not Office.objects.exists()
    assert f'value="{office["start"]}"' in response.text  # what was typed is kept to correct


def test_an_editor_sees_but_may_not_change_the_offices_of_a_person_on_published_pages(editor_client, wang_yi):
    make_document(date=datetime.date(2016, 5, 4), speakers=[wang_yi])
    page = editor_client.get(f"/admin/speeches/person/{wang_yi.pk}/change/").text
    assert MINISTER in page and 'name="offices-0-title"' not in page
    response = editor_client.post(f"/admin/speeches/person/{wang_yi.pk}/change/", person_form(
        wang_yi, [{"title": "Usurped office", "start": "2020"}]))
    assert response.status_code == 403
    assert not Office.objects.filter(title="Usurped office").exists()


def test_an_editor_may_not_rename_the_organisation_or_country_of_an_office_a_published_page_lists(editor_client):
    ministry, country = make_person("Ministry of Foreign Affairs"), Country.objects.create(name="Freedonia")
    speaker = make_person("Wang Yi")
    make_office(speaker, MINISTER, "2013", organisation=ministry, country=country)
    for entry, address in ((ministry, f"/admin/speeches/person/{ministry.pk}/change/"),
                           (country, f"/admin/speeches/country/{country.pk}/change/")):
        assert not entry.shown_on_published_pages()  # no document credits the speaker yet
    make_document(speakers=[speaker])  # the speaker's page now lists the office, its organisation and country
    assert ministry.shown_on_published_pages() and country.shown_on_published_pages()
    response = editor_client.post(f"/admin/speeches/country/{country.pk}/change/", {"name": "Renamed by an editor"})
    assert response.status_code == 403 and Country.objects.get(pk=country.pk).name == "Freedonia"


def test_a_correction_keeps_a_suggested_role_a_suggestion(wang_yi):
    published = make_document(date=datetime.date(2016, 5, 4), speakers=[wang_yi])
    copy = start_correction(published)
    assert (credit(copy).role, credit(copy).role_from_office) == (MINISTER, True)
    copy.date = datetime.date(2010, 6, 1)  # the date corrected: the suggestion follows it
    copy.save()
    apply_correction(copy, published, User.objects.create_user("publisher"))
    assert (credit(published).role, credit(published).role_from_office) == ("Ambassador to Japan", True)


OFFICES = [{"title": MINISTER, "organisation": "Ministry of Foreign Affairs", "country": "China", "from": "2013-03-16",
            "to": "2022-12-30"}, {"title": "Ambassador to Japan", "from": "2004-09", "to": "2013-03-16"}]


def test_import_records_carry_offices_on_a_speaker_and_export_gives_them_back(tmp_path):
    record = {"title": "Remarks in Beijing", "body": "Text.", "date": "2016-05-04", "status": "published",
              "external_id": "mfa-1", "speakers": [{"name": "Wang Yi", "offices": OFFICES}]}
    path = write_jsonl(tmp_path / "a.jsonl", [record])
    assert import_paths([path]).outcomes[0].action == "created"
    document = Document.objects.get()
    assert (credit(document).role, credit(document).role_from_office) == (MINISTER, True)
    minister = Office.objects.get(title=MINISTER)
    assert (minister.organisation.name, minister.country.name, minister.start, minister.end) == (
        "Ministry of Foreign Affairs", "China", datetime.date(2013, 3, 16), datetime.date(2022, 12, 30))
    assert str(Office.objects.get(title="Ambassador to Japan").period) == "September 2004 – 16 March 2013"
    assert import_paths([path]).outcomes[0].action == "unchanged"  # offices already held are not added again
    assert Office.objects.count() == 2
    assert export_record(document)["speakers"] == [{"name": "Wang Yi", "role": MINISTER, "name_form": "family-given",
                                                   "family_name": "Wang", "given_name": "Yi", "offices": OFFICES}]


@pytest.mark.parametrize(("office", "message"), [
    ({"organisation": "UN"}, "offices[1] of 'Wang Yi': title is missing"),
    ({"title": MINISTER, "from": "2013-13"}, "offices[1] of 'Wang Yi': from '2013-13' is not a date"),
    ({"title": MINISTER, "from": "2013", "to": "2012"}, "offices[1] of 'Wang Yi': it ends before it begins"),
    ({"title": MINISTER, "since": "2013"}, "offices[1] of 'Wang Yi': unknown key(s): since"),
])
def test_an_office_a_record_cannot_hold_skips_the_record_and_says_why(tmp_path, office, message):
    record = {"title": "Remarks", "body": "Text.", "speakers": [{"name": "Wang Yi", "offices": [office]}]}
    report = import_paths([write_jsonl(tmp_path / "a.jsonl", [record])])
    assert report.outcomes[0].action == "error" and message in report.outcomes[0].detail
    assert not Document.objects.exists() and not Office.objects.exists()


def test_an_editors_import_may_not_add_offices_to_a_person_on_published_pages(tmp_path, wang_yi):
    make_document(date=datetime.date(2016, 5, 4), speakers=[wang_yi])
    record = {"title": "A draft", "body": "Text.", "speakers": [
        {"name": "Wang Yi", "offices": [{"title": "Director of the Office of the Foreign Affairs Commission",
                                         "from": "2022"}]}]}
    report = import_paths([write_jsonl(tmp_path / "a.jsonl", [record])], allow_publish=False)
    assert report.outcomes[0].detail == ("speakers: “Wang Yi” is credited on published documents; only a publisher "
                                         "may add to their offices")
    assert wang_yi.offices.count() == 2
