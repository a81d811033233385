"""Countries mentioned: detected when a document is saved or imported, corrected by editors, and found
by the search filter, its facet, ``mentions:`` in the query language, the API and a page per country."""
import json
import re

import pytest
from django.core.management import call_command

from speeches.country_mentions import detect_countries
from speeches.models import Country, CountryMention, Document, Person
from speeches.search import SearchCriteria, search

from tests.factories import make_document
from tests.integration.test_admin import document_form, staff_member

ENGINES = ["whoosh", "opensearch"]
WHOOSH_ONLY = pytest.mark.engines("whoosh")


def detected_document(title, body, language="en", **fields):
    document = make_document(title=title, body=body, language=language, **fields)
    detect_countries(document)
    return document


@pytest.fixture
def mentioning(db):
    """Published documents in English, Chinese and Russian, and a draft: indexed."""
    made = {
        "english": detected_document("Talks in Paris", "China and France agreed; French officials met Kazakhstani ones.",
                                     date="2024-03-01"),
        "chinese": detected_document("会谈", "中国和哈萨克斯坦签署了协议。", language="zh-Hans", date="2023-05-01"),
        "russian": detected_document("Переговоры", "Россия и Франция провели переговоры во Франции.", language="ru",
                                     date="2024-06-01"),
        "draft": detected_document("Draft on Germany", "Germany and Mongolia.", status=Document.Status.DRAFT),
    }
    call_command("update_index", verbosity=0)
    return made


def found(**criteria):
    return {document.title for document in search(SearchCriteria(**criteria)).documents}


def test_detection_finds_names_and_adjectives_in_each_text_s_language(mentioning):
    codes = {name: set(document.countries.values_list("alpha_2", flat=True)) for name, document in mentioning.items()}
    assert codes == {"english": {"CN", "FR", "KZ"}, "chinese": {"CN", "KZ"}, "russian": {"RU", "FR"},
                     "draft": {"DE", "MN"}}
    assert Country.objects.get(alpha_2="FR").alpha_3 == "FRA"


def test_the_filter_and_mentions_read_a_country_by_any_name_or_code(mentioning):
    both = {"Talks in Paris", "Переговоры"}
    for value in ["FR", "fr", "FRA", "France", "france", "Франция", "法国", "Frankreich"]:
        assert found(country=value) == both, value
        assert found(q=f"mentions:{value}") == both, value
    assert found(q='mentions:"Kazakhstan" mentions:China') == {"Talks in Paris", "会谈"}
    assert found(q="agreed mentions:KZ") == {"Talks in Paris"}


def test_mentions_reads_a_country_by_its_other_names_in_any_language(client, db):
    """Short and native names CLDR and countryinfo give besides a country's name in each language
    (Arabic فلسطين, the Territories' name being الأراضي الفلسطينية; Thai ประเทศไทย), in any case and accents."""
    palestine = detected_document("Talks", "Palestine welcomed the statement.")
    thailand = detected_document("Fruit", "Thailand sent fruit.")
    call_command("update_index", verbosity=0)
    for value, document in [("فلسطين", palestine), ("Палестина", palestine), ("ПАЛЕСТИНА", palestine),
                            ("巴勒斯坦", palestine), ("Palästina", palestine), ("palastina", palestine),
                            ("ประเทศไทย", thailand)]:
        for typed in (f"mentions:{value}", f'mentions:"{value}"'):
            assert found(q=typed) == {document.title}, typed
            page = client.get("/search/", {"q": typed})
            assert f"/d/{document.public_id}/" in page.text and "There is no" not in page.text, typed
            answer = client.get("/api/search/", {"q": typed}).json()
            assert [hit["document"]["id"] for hit in answer["results"]] == [document.public_id], typed
            assert not answer["notices"], typed
        assert client.get("/api/documents/", {"country": value}).json()["count"] == 1, value


@WHOOSH_ONLY
def test_a_country_loaded_without_its_codes_is_found_by_them(db):
    """As the seed fixture loads its countries (loaddata writes rows without the model's save)."""
    Country.objects.bulk_create([Country(name="Kazakhstan", slug="kazakhstan")])
    document = make_document(title="In Astana", body="We met in Astana.")
    document.countries.add(Country.objects.get(slug="kazakhstan"))
    call_command("update_index", verbosity=0)
    assert Country.objects.get(slug="kazakhstan").alpha_2 == ""
    for value in ["KZ", "kz", "KAZ", "Kazakhstan", "Казахстан"]:
        assert found(q=f"mentions:{value}") == {"In Astana"}, value
        assert found(country=value) == {"In Astana"}, value


def test_an_unknown_country_is_a_notice_and_a_draft_s_country_finds_nothing(mentioning, client):
    page = search(SearchCriteria(q='mentions:"Atlantis"'))
    assert page.total == 0 and any("There is no country “Atlantis”" in notice for notice in page.notices)
    drafts_only = search(SearchCriteria(q="mentions:Germany"))
    assert drafts_only.total == 0 and not drafts_only.notices  # a real country: nothing to say of drafts
    response = client.get("/search/", {"country": "Atlantis"})
    assert response.status_code == 400 and "There is no country “Atlantis”" in response.text
    response = client.get("/search/", {"q": 'mentions:"New Atlantis"'})
    assert response.status_code == 200 and "There is no country “New Atlantis”" in response.text


def notices_of(**criteria):
    page = search(SearchCriteria(**criteria))
    return {document.title for document in page.documents}, " ".join(page.notices)


def test_a_typed_filter_that_cannot_apply_as_written_says_so(mentioning, client):
    titles, notices = notices_of(q="NOT mentions:China")
    assert titles == set() and "mentions:China was not applied: a filter typed in the query can narrow it" in notices
    titles, notices = notices_of(q="-mentions:China")  # never the documents that do mention it
    assert titles == set() and "not be excluded with NOT or -" in notices
    titles, notices = notices_of(q="mentions:Russia OR mentions:China")
    assert titles == {"Переговоры"}
    assert "mentions:China was not applied: a query takes one mentions: filter, and mentions:Russia came first" in notices
    assert "mentions:Russia narrows the whole query, not one side of OR" in notices
    titles, notices = notices_of(q="mentions:China", country="RU")
    assert titles == {"Переговоры"} and "mentions:China in the query was not applied: the filter chosen beside it was" in notices
    titles, notices = notices_of(q="mentions:FR", country="France")  # the same country, named otherwise
    assert titles == {"Talks in Paris", "Переговоры"} and not notices
    titles, notices = notices_of(q="mentions:")
    assert titles == set() and "mentions: was given nothing to filter by and was not applied" in notices
    titles, notices = notices_of(q="mentions:France mentions:FR")  # the same country, named twice
    assert titles == {"Talks in Paris", "Переговоры"} and not notices
    titles, notices = notices_of(q="mentions:Japan mentions:JP")  # the same, though no document mentions it
    assert titles == set() and "was not applied" not in notices
    titles, notices = notices_of(q='agreed mentions:"South Africa"', country="China")
    assert 'mentions:"South Africa" in the query was not applied' in notices
    titles, notices = notices_of(q="agreed year:2024", year=2024)  # the form's year is a number
    assert titles == {"Talks in Paris"} and not notices
    titles, notices = notices_of(q="agreed NOT case:on")
    assert titles == {"Talks in Paris"} and "case:on was not applied" in notices
    response = client.get("/search/", {"q": "NOT mentions:China"})
    assert response.status_code == 200 and "can narrow it, not be excluded with NOT or -" in response.text


def test_the_facet_counts_the_countries_of_published_documents(mentioning, client):
    page = client.get("/search/", {"q": "mentions:France"}).text
    facet = page.split('class="facet facet--country"')[1].split("</section>")[0]
    counts = dict(re.findall(r'>([^<>]+)</a> <span class="count">(\d+)</span>', facet))
    # counted without the country filter in force, as each link finds them (a link puts its country in its place)
    assert counts == {"France": "2", "China": "2", "Kazakhstan": "2", "Russia": "1"}
    assert "2 documents found" in client.get("/search/", {"q": "mentions:France", "country": "china"}).text
    assert "Germany" not in page and "Mongolia" not in page  # the draft's
    filtered = client.get("/search/", {"country": "france"}).text
    assert "2 documents found" in filtered and 'aria-current="true">France</a>' in filtered


def test_the_api_filters_documents_by_country(mentioning, client):
    titles = {row["title"] for row in client.get("/api/documents/", {"country": "FR"}).json()["results"]}
    assert titles == {"Talks in Paris", "Переговоры"}
    assert client.get("/api/documents/", {"country": "Germany"}).json()["results"] == []
    response = client.get("/api/documents/", {"country": "Atlantis"})
    assert response.status_code == 404 and "There is no country “Atlantis”" in response.json()["detail"]


@WHOOSH_ONLY
def test_the_country_pages_list_only_what_published_documents_mention(mentioning, client):
    listing = client.get("/countries/").text
    assert re.search(r'href="/countries/france/">France</a> <span class="count">2</span>', listing)
    assert "Germany" not in listing and "Mongolia" not in listing
    assert client.get("/countries/germany/").status_code == 404
    page = client.get("/countries/france/")
    assert page.status_code == 200
    assert "Talks in Paris" in page.text and "Переговоры" in page.text and "Draft on Germany" not in page.text
    assert 'href="/search/?country=france"' in page.text
    assert re.search(r'country=france&amp;year=2024">2024</a> <span class="count">2</span>', page.text)
    assert "Undated" not in page.text
    detected_document("Undated note", "On France.", date=None)
    with_undated = client.get("/countries/france/").text  # the years and the undated add up to the documents
    assert re.search(r'<li>Undated <span class="count">1</span></li>', with_undated) and "3 documents" in with_undated
    schema = json.loads(page.text.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert schema["@type"] == "Country" and schema["name"] == "France"
    sitemap = client.get("/sitemap.xml").text
    assert "/countries/france/" in sitemap and "/countries/germany/" not in sitemap and "/countries/</loc>" in sitemap


@WHOOSH_ONLY
@pytest.mark.django_db(transaction=True)
def test_an_editor_s_removal_sticks_and_an_addition_stays(client):
    client.force_login(staff_member("publisher", "Publishers"))
    person = Person.objects.create(name="Kassym-Jomart Tokayev")
    body = "Kazakhstan and Turkey signed.\n\nA second paragraph."
    assert client.post("/admin/speeches/document/add/", document_form(person, body=body)).status_code == 302
    document = Document.objects.get()
    assert set(document.countries.values_list("alpha_2", flat=True)) == {"KZ", "TR"}

    kazakhstan, turkey = Country.objects.get(alpha_2="KZ"), Country.objects.get(alpha_2="TR")
    japan = Country.objects.create(name="Japan")  # its ISO codes found from its name
    change = f"/admin/speeches/document/{document.pk}/change/"
    unchanged = {**document_form(person, body=body), "speakers-TOTAL_FORMS": "0"}
    assert client.post(change, {**unchanged, "countries": [kazakhstan.pk, japan.pk]}).status_code == 302
    assert set(document.countries.values_list("alpha_2", flat=True)) == {"KZ", "JP"}

    # The next save detects again in a changed text: the removal and the addition both hold.
    again = {**unchanged, "body": body + "\n\nTurkey, again.", "countries": [kazakhstan.pk, japan.pk]}
    assert client.post(change, again).status_code == 302
    assert set(document.countries.values_list("alpha_2", flat=True)) == {"KZ", "JP"}
    assert CountryMention.objects.get(document=document, country=turkey).decision == "removed"
    assert search(SearchCriteria(q="mentions:Turkey")).total == 0
    assert search(SearchCriteria(q="mentions:JP")).total == 1
    form = client.get(change).text
    assert "Detection found: Kazakhstan, Türkiye." in form and "not proposed again" in form


@WHOOSH_ONLY
def test_an_import_keeps_the_record_s_countries_and_adds_those_detected(db, tmp_path):
    record = {"title": "Statement", "kind": "statement", "status": "published", "language": "en",
              "countries": ["Japan"], "body": "China welcomes the agreement."}
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(record) + "\n")
    call_command("import_documents", str(path), verbosity=0)
    document = Document.objects.get()
    assert set(document.countries.values_list("alpha_2", flat=True)) == {"JP", "CN"}
    assert search(SearchCriteria(country="japan")).total == 1
