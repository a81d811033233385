"""Wikidata items on the catalogue: given by editors (a form, an import record, a CSV file), checked
for their shape, and written wherever a linked-data user joins on them: pages, JSON-LD, TEI, the API and
the dumps."""
import csv
import gzip
import html
import json
import stat
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models.signals import pre_save
from lxml import etree

from speeches.importers.document_files import export_record
from speeches.importers.importing import write_record
from speeches.importers.records import RecordError, parse_record
from speeches.models import Country, Document, Person, Region, Venue
from speeches.opendata import dumps
from speeches.opendata.tei import document_tei

from .test_admin import NO_OFFICES
from .test_tei import NS, assert_valid

ITEMS_CSV = """kind,name,wikidata
person,Xi Jinping,Q15031
venue,Astana,https://www.wikidata.org/wiki/Q1520
region,Central Asia,q27275
country,Kazakhstan,http://www.wikidata.org/entity/Q232
"""
SUMMIT = "wm7v8ets"  # Xi Jinping at the 2nd China–Central Asia Summit, in Astana


def staff_client(client, username, group):
    user = User.objects.create_user(username, password=f"a-long-{username}-password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


IMPORT = "/admin/speeches/person/import-wikidata/"


def upload(client, text, name="items.csv"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text)})


def confirm(client, preview):
    """Submit the preview's confirmation form as a browser does: its fields, form-encoded."""
    [form] = etree.HTML(preview.content).xpath("//form[.//input[@name='confirm']]")
    fields = {field.get("name"): field.get("value", "") for field in form.xpath(".//input[@name]")}
    return client.post(IMPORT, urlencode(fields), content_type="application/x-www-form-urlencoded", follow=True)


@pytest.fixture
def linked(seed_documents, client):
    """The seeds, their speaker, venue, region and one country given their items by a publisher's CSV import."""
    publisher = staff_client(client, "publisher", "Publishers")
    confirm(publisher, upload(publisher, ITEMS_CSV))
    client.logout()
    return Document.objects.get(public_id=SUMMIT)


# Giving an item


def test_an_editor_may_paste_the_items_address_and_the_q_number_is_kept(client, db):
    editor = staff_client(client, "editor", "Editors")
    editor.post("/admin/speeches/person/add/", {
        "name": "Wang Yi", "slug": "wang-yi", "description": "", "name_form": "family-given", "family_name": "Wang",
        "given_name": "Yi", "wikidata": "https://www.wikidata.org/wiki/Q17349", **NO_OFFICES})
    assert Person.objects.get(slug="wang-yi").wikidata == "Q17349"


def test_a_malformed_item_is_refused_with_what_to_give(client, db):
    editor = staff_client(client, "editor", "Editors")
    response = editor.post("/admin/speeches/country/add/", {"name": "France", "slug": "france", "wikidata": "P31"})
    assert response.status_code == 200
    assert "is not a Wikidata item: give its Q number" in response.text
    assert not Country.objects.exists()


def test_one_entry_per_item_of_each_kind(db):
    Person.objects.create(name="Xi Jinping", wikidata="Q15031")
    twin = Person(name="XI Jinping", slug="xi-jinping-2", wikidata="q15031")
    with pytest.raises(ValidationError, match="the same one entered twice"):
        twin.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(name="XI Jinping", wikidata="Q15031")
    Country.objects.create(name="China", wikidata="Q148")
    Region.objects.create(name="Greater China", wikidata="Q148")  # another kind: its own table
    Person.objects.create(name="Li Qiang")
    Person.objects.create(name="Wang Yi")  # entries without an item are not the same entry


# Where the items are read


def test_catalogue_pages_link_the_item_and_say_same_as_in_json_ld(linked, client):
    pages = {"/people/xi-jinping/": ("Person", "Q15031"), f"/venues/{linked.venue.slug}/": ("Place", "Q1520"),
             "/regions/central-asia/": ("Place", "Q27275")}
    for url, (schema_type, item) in pages.items():
        page = client.get(url).text
        assert f'href="https://www.wikidata.org/wiki/{item}"' in page, url
        data = json_ld(page)
        assert (data["@type"], data["sameAs"]) == (schema_type, f"http://www.wikidata.org/entity/{item}")


def test_a_documents_json_ld_says_which_items_its_speaker_venue_and_countries_are(linked, client):
    data = json_ld(client.get(linked.get_absolute_url()).text)
    assert data["author"][0]["sameAs"] == "http://www.wikidata.org/entity/Q15031"
    assert data["locationCreated"]["sameAs"] == "http://www.wikidata.org/entity/Q1520"
    places = {place["name"]: place for place in data["contentLocation"]}
    assert places["Kazakhstan"] == {"@type": "Country", "name": "Kazakhstan",
                                    "sameAs": "http://www.wikidata.org/entity/Q232"}
    assert places["Central Asia"]["sameAs"] == "http://www.wikidata.org/entity/Q27275"
    assert "sameAs" not in places["Uzbekistan"]  # no item given: none claimed


def test_tei_names_the_items_and_stays_valid(linked):
    tree = etree.fromstring(document_tei(linked))
    assert_valid(tree)
    [person] = tree.iterfind(".//tei:listPerson/tei:person", NS)
    assert person.xpath("tei:idno[@subtype='wikidata']/text()", namespaces=NS) == ["http://www.wikidata.org/entity/Q15031"]
    [place] = tree.iterfind(".//tei:setting/tei:placeName", NS)
    assert "http://www.wikidata.org/entity/Q1520" in place.get("ref").split()
    terms = {term.text: term for term in tree.iterfind(".//tei:textClass/tei:keywords/tei:term", NS)}
    assert terms["Kazakhstan"].get("ref").split() == ["http://127.0.0.1:8000/countries/kazakhstan/",
                                                      "http://www.wikidata.org/entity/Q232"]
    assert terms["Central Asia"].get("ref").split()[-1] == "http://www.wikidata.org/entity/Q27275"
    # No item given: none claimed, only the country's page.
    assert terms["Uzbekistan"].get("type") == "country"
    assert terms["Uzbekistan"].get("ref") == "http://127.0.0.1:8000/countries/uzbekistan/"


def test_the_api_gives_each_entrys_item(linked, client):
    data = client.get(f"/api/documents/{SUMMIT}/").json()
    assert data["speakers"][0]["wikidata"] == "Q15031"
    assert data["venue"]["wikidata"] == "Q1520"
    assert data["regions"] == [{"slug": "central-asia", "name": "Central Asia", "wikidata": "Q27275"}]
    countries = {country["name"]: country["wikidata"] for country in data["countries"]}
    assert (countries["Kazakhstan"], countries["Uzbekistan"]) == ("Q232", "")
    people = client.get("/api/people/").json()["results"]
    assert {person["slug"]: person["wikidata"] for person in people}["xi-jinping"] == "Q15031"


def test_the_dumps_carry_the_items(linked, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    call_command("write_dumps", verbosity=0)
    folder = tmp_path / "dumps" / dumps.versions()[-1]
    with gzip.open(folder / "documents.jsonl.gz", "rt", encoding="utf-8") as stream:
        record = next(r for r in map(json.loads, stream) if r["public_id"] == SUMMIT)
    assert record["speakers"][0]["wikidata"] == "Q15031"
    assert record["venue"]["wikidata"] == "Q1520"
    assert {"name": "Kazakhstan", "wikidata": "Q232"} in record["countries"] and "Uzbekistan" in record["countries"]
    with gzip.open(folder / "documents.csv.gz", "rt", encoding="utf-8", newline="") as stream:
        row = next(row for row in csv.DictReader(stream) if row["public_id"] == SUMMIT)
    assert (row["speakers_wikidata"], row["venue_wikidata"], row["regions_wikidata"]) == ("Q15031", "Q1520", "Q27275")
    names, items = row["countries"].split("; "), row["countries_wikidata"].split("; ")
    assert dict(zip(names, items, strict=True))["Kazakhstan"] == "Q232"


# Import records carry items too


def record(**fields):
    return parse_record({"title": "Talks in Astana", "body": "We met.", **fields})


def test_an_import_record_gives_items_and_an_export_gives_them_back(db):
    write_record("line 1", record(
        speakers=[{"name": "Kassym-Jomart Tokayev", "wikidata": "Q1047"}],
        venue={"name": "Akorda", "city": "Astana", "wikidata": "https://www.wikidata.org/wiki/Q1148493"},
        countries=["China", {"name": "Kazakhstan", "wikidata": "q232"}]), allow_publish=True)
    document = Document.objects.get(title="Talks in Astana")
    exported = export_record(document)
    assert exported["speakers"][0]["wikidata"] == "Q1047" and exported["venue"]["wikidata"] == "Q1148493"
    assert exported["countries"] == ["China", {"name": "Kazakhstan", "wikidata": "Q232"}]
    assert write_record("again", parse_record(exported), allow_publish=True).action == "unchanged"


def test_an_entry_is_found_by_its_item_before_its_name(db):
    tokayev = Person.objects.create(name="Kassym-Jomart Tokayev", wikidata="Q1047")
    write_record("line 1", record(speakers=[{"name": "K. Tokayev", "wikidata": "Q1047"}]), allow_publish=True)
    assert Document.objects.get().speakers.get().person == tokayev
    assert not Person.objects.filter(name="K. Tokayev").exists()


def test_an_import_notes_each_entry_it_found_by_item_under_another_name(db):
    Person.objects.create(name="Kassym-Jomart Tokayev", wikidata="Q1047")
    Venue.objects.create(name="Akorda", city="Astana", wikidata="Q1148493")
    Region.objects.create(name="Central Asia", wikidata="Q27275")
    Country.objects.create(name="Kazakhstan", wikidata="Q232")
    outcome = write_record("line 1", record(
        speakers=[{"name": "K. Tokayev", "wikidata": "Q1047"}],
        venue={"name": "Akorda", "city": "Nur-Sultan", "wikidata": "Q1148493"},
        regions=[{"name": "Middle Asia", "wikidata": "Q27275"}],
        countries=[{"name": "Kazakhstan", "wikidata": "Q232"}]), allow_publish=True)
    assert outcome.notes == [
        "the record's person or organisation “K. Tokayev” is the archive's “Kassym-Jomart Tokayev” "
        "(same Wikidata item Q1047)",
        "the record's venue “Akorda, Nur-Sultan” is the archive's “Akorda, Astana” (same Wikidata item Q1148493)",
        "the record's region “Middle Asia” is the archive's “Central Asia” (same Wikidata item Q27275)",
    ]
    assert Document.objects.get().venue.city == "Astana"


def test_the_admins_import_preview_shows_an_entry_found_by_item_under_another_name(client, db):
    Person.objects.create(name="Kassym-Jomart Tokayev", wikidata="Q1047")
    publisher = staff_client(client, "publisher", "Publishers")
    line = json.dumps({"title": "Talks in Astana", "body": "We met.",
                       "speakers": [{"name": "K. Tokayev", "wikidata": "Q1047"}]})
    preview = publisher.post("/admin/speeches/document/import/",
                             {"file": SimpleUploadedFile("talks.jsonl", line.encode())})
    assert ("the record's person or organisation “K. Tokayev” is the archive's “Kassym-Jomart Tokayev” "
            "(same Wikidata item Q1047)") in html.unescape(preview.text)


@pytest.mark.parametrize("fields, problem", [
    ({"speakers": [{"name": "Ana Lima", "wikidata": "Q0"}]}, "wikidata of 'Ana Lima'"),
    ({"countries": [{"name": "Kazakhstan", "wikidata": 232}]}, "must be a Q number"),
    ({"countries": [{"name": "Kazakhstan", "iso": "KZ"}]}, "must be a name"),
    ({"venue": {"name": "Akorda", "wikidata": "Q1148493 "}, "regions": [["Central Asia"]]}, "regions"),
])
def test_a_record_with_a_bad_item_is_refused_with_its_field(db, fields, problem):
    with pytest.raises(RecordError, match=problem):
        record(**fields)


def test_an_import_never_replaces_an_item_silently(db):
    Country.objects.create(name="Kazakhstan", wikidata="Q232")
    with pytest.raises(RecordError, match="“Kazakhstan” is Wikidata Q232 in the archive and Q233 in the record"):
        write_record("line 1", record(countries=[{"name": "Kazakhstan", "wikidata": "Q233"}]), allow_publish=True)


def test_an_editors_import_may_not_give_an_item_to_an_entry_on_published_pages(seed_documents):
    with pytest.raises(RecordError, match="only a publisher may give it a Wikidata item"):
        write_record("line 1", record(speakers=[{"name": "Xi Jinping", "wikidata": "Q15031"}]), allow_publish=False)
    assert Person.objects.get(name="Xi Jinping").wikidata == ""


# The CSV import in the admin


def test_a_csv_import_shows_every_change_then_makes_them_all(seed_documents, client):
    publisher = staff_client(client, "publisher", "Publishers")
    preview = upload(publisher, "\ufeff" + ITEMS_CSV + "country,China,Q148\n")  # Excel's byte order mark
    assert preview.status_code == 200
    plan = preview.context["plan"]
    assert [(change.line, change.entry.name, change.before, change.item) for change in plan.changes] == [
        (2, "Xi Jinping", "", "Q15031"), (3, "Astana", "", "Q1520"), (4, "Central Asia", "", "Q27275"),
        (5, "Kazakhstan", "", "Q232"), (6, "China", "", "Q148")]
    assert "Save 5 Wikidata items" in preview.text
    assert Person.objects.get(name="Xi Jinping").wikidata == ""  # nothing saved before the confirmation

    done = confirm(publisher, preview)
    assert "5 Wikidata item(s) saved." in done.text
    assert Venue.objects.get(name="Astana").wikidata == "Q1520"
    xi = Person.objects.get(name="Xi Jinping")
    assert xi.wikidata == "Q15031" and xi.history.first().wikidata == "Q15031"  # the history records it
    again = upload(publisher, ITEMS_CSV).context["plan"]
    assert (again.changes, again.unchanged) == ([], 4)


def test_a_file_with_any_problem_changes_nothing_and_says_each_line(seed_documents, client):
    Person.objects.create(name="Wang Yi", wikidata="Q17349")
    Person.objects.create(name="Li Wei")
    Person.objects.create(name="Li Wei", slug="li-wei-2")
    publisher = staff_client(client, "publisher", "Publishers")
    text = ("kind,name,wikidata\n"
            "person,Xi Jinping,Q15031\n"
            "person,Nobody Known,Q1\n"
            "person,Xi Jinping,Q2\n"
            "country,China,Q15031\n"
            "planet,Mars,Q111\n"
            "country,Kazakhstan,not an item\n"
            "person,Li Wei,Q3\n"
            "organisation,Xi Jinping's twin,Q17349\n"
            "region,,Q4\n")
    response = upload(publisher, text)
    problems = dict(response.context["plan"].problems)
    assert "No person or organisation is called “Nobody Known”" in problems[3]
    assert "Line 2 already gives this entry" in problems[4]
    assert 5 not in problems  # another kind may have the same number in a file
    assert "is not one of" in problems[6]
    assert "is not a Wikidata item" in problems[7]
    assert "give the slug instead" in problems[8]
    assert "No person or organisation is called" in problems[9]
    assert "Give the entry's name or slug" in problems[10]
    assert "Save" not in response.text and "Nothing is saved while a line has a problem" in response.text
    assert Person.objects.get(name="Xi Jinping").wikidata == "" and Country.objects.get(name="China").wikidata == ""

    taken = upload(publisher, "kind,slug,wikidata\nperson,li-wei-2,Q17349\n").context["plan"].problems
    assert taken == [(2, "Q17349 is already the Wikidata item of “Wang Yi”: is it the same entry twice?")]


@pytest.mark.parametrize("content, message", [
    (b"kind;name;wikidata\nperson;Xi Jinping;Q15031\n", "The first line must name the columns"),
    ("kind,name,wikidata\nperson,Xi Jinping,Q15031\n".encode("utf-16"), "not UTF-8 text"),
    (b"", "The submitted file is empty"),
    (b'kind,name,wikidata\nperson,"Xi Jinping' + b"x" * 200_000 + b",Q15031\n", "not CSV as a spreadsheet writes it"),
    (b"kind,name,wikidata\n" + b"planet,Mars,Q1\n" * 10_001, "at most 10,000 lines"),
    (b"kind,name,wikidata\n" + b"x" * 1_000_001, "larger than 1 MB"),
    (b"kind,name,Wikidata,wikidata \nperson,Xi Jinping,Q15031,Q232\n", "The first line names the column “wikidata” twice"),
])
def test_a_file_that_is_not_such_a_csv_is_refused_with_a_message(seed_documents, client, content, message):
    response = upload(staff_client(client, "publisher", "Publishers"), content)
    assert response.status_code == 200 and message in response.text


def test_an_editor_imports_items_for_entries_not_yet_on_published_pages_only(seed_documents, client):
    Person.objects.create(name="Wang Yi")
    editor = staff_client(client, "editor", "Editors")
    plan = upload(editor, "kind,name,wikidata\nperson,Xi Jinping,Q15031\nperson,Wang Yi,Q17349\n").context["plan"]
    assert plan.problems == [(2, "“Xi Jinping” appears on published pages: only a publisher may change it.")]
    confirm(editor, upload(editor, "kind,name,wikidata\nperson,Wang Yi,Q17349\n"))
    assert Person.objects.get(name="Wang Yi").wikidata == "Q17349"


def test_only_staff_who_change_the_catalogue_reach_the_import(client, db):
    assert client.get("/admin/speeches/person/import-wikidata/").status_code == 302  # to the login page
    User.objects.create_user("reader", password="a-long-reader-password", is_staff=True)
    client.login(username="reader", password="a-long-reader-password")
    assert client.get("/admin/speeches/person/import-wikidata/").status_code == 403
    client.logout()
    editor = staff_client(client, "editor", "Editors")
    assert "Import Wikidata items" in editor.get("/admin/speeches/country/").text


def test_the_import_link_is_shown_exactly_to_those_the_import_accepts(client, db):
    def user_who_may(username, *codenames):
        user = User.objects.create_user(username, password=f"a-long-{username}-password", is_staff=True)
        user.user_permissions.add(*Permission.objects.filter(content_type__app_label="speeches", codename__in=codenames))
        client.force_login(user)

    link = '<a href="/admin/speeches/country/import-wikidata/">Import Wikidata items</a>'
    user_who_may("adder", "view_country", "add_country")  # may add countries, change nothing
    assert "Import Wikidata items" not in client.get("/admin/speeches/country/").text
    assert client.get("/admin/speeches/country/import-wikidata/").status_code == 403
    user_who_may("region-editor", "view_country", "change_region")
    assert link in client.get("/admin/speeches/country/").text
    page = client.get("/admin/speeches/country/import-wikidata/")
    assert page.status_code == 200 and 'href="/admin/speeches/country/">Countries</a>' in page.text


def test_an_editor_without_a_kinds_change_permission_is_told_so(seed_documents, client):
    user = User.objects.create_user("people-editor", password="a-long-people-editor-password", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="speeches", codename__in=["view_person", "change_person"]))
    client.force_login(user)
    plan = upload(client, "kind,name,wikidata\nregion,Africa,Q15\n").context["plan"]
    assert plan.problems == [(2, "You may not change regions: ask an administrator for the permission.")]


def test_a_confirmation_never_overwrites_a_change_made_after_the_preview(seed_documents, client):
    Person.objects.create(name="Wang Yi")
    Person.objects.create(name="Li Qiang")
    publisher = staff_client(client, "publisher", "Publishers")
    preview = upload(publisher, "kind,name,wikidata\nperson,Wang Yi,Q17349\nperson,Li Qiang,Q17350\n")
    assert "Save 2 Wikidata items" in preview.text
    Person.objects.filter(name="Li Qiang").update(wikidata="Q999")  # another editor, meanwhile

    refused = confirm(publisher, preview)
    assert refused.status_code == 409
    assert refused.context["plan"].problems == [(3, "“Li Qiang” has changed since you checked the file: its "
                                                    "Wikidata item is now Q999. Check the file again.")]
    assert Person.objects.get(name="Li Qiang").wikidata == "Q999"
    assert Person.objects.get(name="Wang Yi").wikidata == ""  # nothing saved


def test_an_item_given_to_another_entry_during_a_confirmation_refuses_it_and_saves_nothing(seed_documents, client):
    Person.objects.create(name="Wang Yi")
    Person.objects.create(name="Li Qiang")
    Person.objects.create(name="Li Wei")
    publisher = staff_client(client, "publisher", "Publishers")
    preview = upload(publisher, "kind,name,wikidata\nperson,Wang Yi,Q17349\nperson,Li Qiang,Q17350\n")

    def another_confirmation_lands_first(sender, instance, **kwargs):
        if instance.name == "Li Qiang":  # between this confirmation's checks and its save of line 3
            Person.objects.filter(name="Li Wei").update(wikidata="Q17350")

    pre_save.connect(another_confirmation_lands_first, sender=Person)
    try:
        refused = confirm(publisher, preview)
    finally:
        pre_save.disconnect(another_confirmation_lands_first, sender=Person)
    assert refused.status_code == 409
    assert refused.context["plan"].problems == [
        (3, "Q17350 was given to another person or organisation meanwhile. Check the file again.")]
    assert Person.objects.get(name="Wang Yi").wikidata == ""  # nothing saved


def test_a_large_file_in_chinese_is_confirmed_without_being_posted_back(seed_documents, client, import_uploads):
    # Chinese names and a description column as a reconciliation exports them: 0.9 MB, 3 bytes a
    # character in UTF-8; posted back form-encoded (9 bytes a character) it would pass Django's 2.5 MB.
    names = ["习近平", "李强", "王毅", "赵乐际", "王沪宁", "蔡奇", "丁薛祥", "李希"]
    Person.objects.bulk_create(Person(name=name, slug=f"entry-{number}") for number, name in enumerate(names))
    text = "kind,name,wikidata,description\n" + "".join(
        f"person,{name},Q{10 + number},{'中华人民共和国国家领导人' * 3_200}\n" for number, name in enumerate(names))
    assert len(text.encode()) > 900_000
    publisher = staff_client(client, "publisher", "Publishers")
    preview = upload(publisher, text)
    assert "Save 8 Wikidata items" in preview.text

    done = confirm(publisher, preview)
    assert done.status_code == 200 and "8 Wikidata item(s) saved." in done.text
    assert Person.objects.get(name="王毅").wikidata == "Q12"
    assert not (import_uploads / preview.context["upload"]).exists()  # the stored file goes once confirmed


def test_a_stored_upload_is_its_uploaders_alone(seed_documents, client, import_uploads):
    Person.objects.create(name="Wang Yi")
    editor = staff_client(client, "editor", "Editors")
    preview = upload(editor, "kind,name,wikidata\nperson,Wang Yi,Q17349\n")
    stored = import_uploads / preview.context["upload"]
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600  # no other account on the server reads it

    other = staff_client(client, "another-editor", "Editors")
    assert "That upload has expired" in confirm(other, preview).text
    assert stored.exists() and Person.objects.get(name="Wang Yi").wikidata == ""
    client.force_login(User.objects.get(username="editor"))
    assert "1 Wikidata item(s) saved." in confirm(client, preview).text


def json_ld(page):
    [script] = etree.HTML(page).xpath("//script[@type='application/ld+json']")
    return json.loads(script.text)


def test_a_record_naming_a_person_otherwise_never_rewrites_how_they_are_cited(seed_documents):
    xi = Person.objects.get(name="Xi Jinping")
    xi.wikidata = "Q15031"
    xi.save()
    write_record("line 1", record(speakers=[{"name": "X. Jinping", "name_form": "given-family", "family_name": "Jinping",
                                             "given_name": "X.", "wikidata": "Q15031"}]), allow_publish=True)
    xi.refresh_from_db()
    assert (xi.name_form, xi.family_name, xi.given_name) == ("family-given", "Xi", "Jinping")
    assert Document.objects.get(title="Talks in Astana").speakers.get().person == xi


def test_an_unclosed_quote_is_a_problem_not_lines_swallowed(seed_documents, client):
    publisher = staff_client(client, "publisher", "Publishers")
    text = 'kind,name,wikidata,note\nperson,Xi Jinping,Q15031,"oops\ncountry,China,Q148,\ncountry,Kazakhstan,Q232,\n'
    plan = upload(publisher, text).context["plan"]
    assert plan.problems and not plan.can_apply


def test_merging_regions_keeps_an_item(seed_documents):
    from speeches.lifecycle import merge_regions

    Region.objects.filter(name="Africa").update(wikidata="Q15")
    target = Region.objects.get(name="North America")
    merge_regions(target, Region.objects.filter(name="Africa"))
    target.refresh_from_db()
    assert target.wikidata == "Q15"
