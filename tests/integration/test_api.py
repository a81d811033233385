"""The read-only JSON API over real HTTP."""
import re

import pytest
import yaml
from django.core.management import call_command

from speeches.models import Document

from tests.factories import make_document, make_person, make_region


def test_document_list_is_paginated_newest_first(client, seed_documents):
    data = client.get("/api/documents/").json()
    assert data["count"] == 5 and data["next"] is None
    assert [item["id"] for item in data["results"]][:3] == ["wqvet5df", "np3hjpzv", "wm7v8ets"]
    small = client.get("/api/documents/", {"page_size": 2, "page": 2}).json()
    assert len(small["results"]) == 2 and small["previous"] and small["next"]
    def listed(**params):
        return [item["id"] for item in client.get("/api/documents/", params).json()["results"]]
    assert listed(sort="newest") == [item["id"] for item in data["results"]]
    # as the search page sorts, filtered or not; the undated last
    assert listed(sort="oldest") == listed(sort="oldest", date_from="2000-01-01") + ["9eqrv25t"] == [
        "stx5jr9c", "wm7v8ets", "np3hjpzv", "wqvet5df", "9eqrv25t"]


def test_document_list_takes_the_search_page_filters(client, seed_documents):
    def ids(**params):
        return {item["id"] for item in client.get("/api/documents/", params).json()["results"]}
    assert ids(speaker="xi-jinping") == {"wm7v8ets", "stx5jr9c"}
    assert ids(region="central-asia", kind="remarks") == {"stx5jr9c"}
    assert ids(year="2025") == {"wqvet5df", "np3hjpzv", "wm7v8ets"}
    assert ids(date_from="2025-04-01", date_to="2025-04-30") == {"np3hjpzv", "wm7v8ets"}


def test_document_detail_has_body_in_markdown_and_html_and_paragraphs(client, seed_documents):
    data = client.get("/api/documents/stx5jr9c/").json()
    assert data["title"] == "Joining Hands for a Shared Future" and data["date"] == "2022-01-25"
    assert data["speakers"] == [{"slug": "xi-jinping", "name": "Xi Jinping",
                                 "role": "President of the People’s Republic of China", "wikidata": ""}]
    assert data["body_markdown"].startswith("Dear Colleagues,\n\nFriends,")
    assert data["body_html"].startswith('<p id="p-1">Dear Colleagues,</p>')
    assert data["paragraphs"][2]["anchor"] == "p-3"
    assert data["citations"]["bibtex"] == "http://testserver/d/stx5jr9c/cite/bibtex/"
    assert data["regions"] == [{"slug": "central-asia", "name": "Central Asia", "wikidata": ""}]


def test_people_venues_and_regions(client, seed_documents):
    people = client.get("/api/people/").json()
    assert [person["name"] for person in people["results"]] == ["CGTN", "He Yin", "Xi Jinping"]
    xi = client.get("/api/people/xi-jinping/").json()
    assert xi["url"] == "http://testserver/people/xi-jinping/"
    assert (xi["name_form"], xi["family_name"], xi["given_name"]) == ("family-given", "Xi", "Jinping")
    assert [venue["slug"] for venue in client.get("/api/venues/").json()["results"]] == ["astana"]
    assert "central-asia" in {region["slug"] for region in client.get("/api/regions/").json()["results"]}


@pytest.mark.django_db(transaction=True)
def test_search_uses_the_query_language_and_returns_snippets(client):
    document = make_document(title="Lanterns", body="Intro.\n\nThe harbour of quiet lanterns.")
    make_document(title="Other", body="Quiet harbour, lanterns elsewhere.")
    data = client.get("/api/search/", {"q": '"harbour of quiet lanterns"'}).json()
    assert data["count"] == 1 and data["notices"] == []
    hit = data["results"][0]
    assert hit["document"]["id"] == document.public_id
    assert hit["snippets"] == [{"anchor": "p-2", "html": "The <mark>harbour of quiet lanterns</mark>.", "language": "", "aligned": None,
                                "in_headings": False,
                                "url": f"http://testserver{document.get_absolute_url()}#p-2"}]
    assert client.get("/api/search/", {"q": '"unclosed'}).json()["notices"][0].startswith("A quotation mark")


@pytest.mark.parametrize("url, params, field", [
    ("/api/search/", {}, "q"),
    ("/api/search/", {"q": "x", "date_from": "2025-13-40"}, "date_from"),
    ("/api/documents/", {"kind": "poem"}, "kind"),
    ("/api/documents/", {"q": "words"}, "q"),
    ("/api/documents/", {"year": "twenty"}, "year"),
])
def test_bad_parameters_are_400_with_the_field_named(client, db, url, params, field):
    response = client.get(url, params)
    assert response.status_code == 400 and field in response.json()


@pytest.mark.django_db(transaction=True)
def test_drafts_never_appear_in_the_api(client):
    speaker, region = make_person("Draft Speaker"), make_region("Draft Region")
    draft = make_document(title="Secret", body="The secret harbour.", status="draft", speakers=[speaker],
                          regions=[region])
    assert client.get(f"/api/documents/{draft.public_id}/").status_code == 404
    assert client.get("/api/documents/").json()["count"] == 0
    assert client.get("/api/search/", {"q": "secret"}).json()["count"] == 0
    assert client.get("/api/people/").json()["count"] == 0
    assert client.get("/api/regions/").json()["count"] == 0
    answer = client.get("/api/documents/", {"speaker": "draft-speaker"})  # as a name never heard of
    assert answer.status_code == 404 and answer.json() == {"detail": "There is no speaker “draft-speaker” in the archive."}


def test_openapi_schema_and_docs_page(client, db):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    assert schema["openapi"].startswith("3.")
    for path in ["/api/documents/", "/api/documents/{public_id}/", "/api/people/", "/api/venues/",
                 "/api/regions/", "/api/search/"]:
        assert path in schema["paths"], path
    search_parameters = {parameter["name"] for parameter in schema["paths"]["/api/search/"]["get"]["parameters"]}
    assert {"q", "speaker", "region", "kind", "date_from", "page"} <= search_parameters
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and "swagger-ui" in docs.text


def test_the_api_root_lists_every_operation_of_the_schema(client, db):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    documented = {(path, method.upper()) for path, operations in schema["paths"].items() for method in operations}
    root = client.get("/api/").json()
    assert {(operation["path"], operation["method"]) for operation in root["operations"]} == documented
    assert len(documented) == 13
    assert {"url": "http://testserver/api/documents/{public_id}/recurring/", "method": "GET",
            "path": "/api/documents/{public_id}/recurring/"} in root["operations"]
    assert root["schema"] == "http://testserver/api/schema/" and root["docs"] == "http://testserver/api/docs/"


def test_every_operation_documents_the_400_of_an_address_no_view_can_read(client, db):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    for path, operations in schema["paths"].items():
        assert all("400" in operation["responses"] for operation in operations.values()), path
    assert client.get("/api/documents/abc%00def/recurring/").status_code == 400


def test_the_schema_allows_no_nul_in_a_query(client, db):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    pattern = next(parameter for parameter in schema["paths"]["/api/search/"]["get"]["parameters"]
                   if parameter["name"] == "q")["schema"]["pattern"]
    assert re.fullmatch(pattern, "a world of peace") and re.fullmatch(pattern, " 和平 ")
    assert not any(re.fullmatch(pattern, query) for query in ("\x00", "a\x00", " \x00 ", "   ", ""))


def test_api_is_read_only(client, seed_documents):
    assert client.post("/api/documents/", {"title": "x"}).status_code == 405
    assert client.delete("/api/documents/stx5jr9c/").status_code == 405


@pytest.mark.parametrize("url", ["/api/search/?q=peace", "/api/search/timeline/?q=peace", "/api/", "/api/schema/",
                                 "/api/documents/", "/api/search/concordance/?q=peace"])
def test_a_format_the_api_cannot_answer_in_is_a_400_naming_those_it_can(client, db, url):
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}format=csv")
    assert response.status_code == 400
    assert "“csv” is no format this answers in; it answers in: json" in response.content.decode()
    assert client.get(f"{url}{joiner}format=json").status_code == 200
    exported = client.get("/api/search/export/", {"q": "peace", "format": "csv"})
    assert exported.status_code == 200 and exported["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("url, base", [("/api/documents/", {}), ("/api/documents/", {"kind": "speech"}),
                                       ("/api/people/", {}), ("/api/venues/", {}), ("/api/regions/", {}),
                                       ("/api/search/", {"q": "cooperation"})])
@pytest.mark.parametrize("params, field", [({"page_size": "null"}, "page_size"), ({"page_size": "0"}, "page_size"),
                                           ({"page_size": "101"}, "page_size"), ({"page": "0"}, "page"),
                                           ({"page": "two"}, "page")])
def test_every_list_validates_paging_the_same_way(client, seed_documents, url, base, params, field):
    response = client.get(url, {**base, **params})
    assert response.status_code == 400 and field in response.json()


def test_a_page_past_the_last_is_a_json_404(client, seed_documents):
    response = client.get("/api/people/", {"page": "99"})
    assert response.status_code == 404 and response["Content-Type"] == "application/json"


def test_search_requires_a_query_as_its_schema_says(client, seed_documents):
    assert client.get("/api/search/", {"kind": "speech"}).status_code == 400
    assert client.get("/api/search/", {"q": "   "}).json()["q"][0].startswith("Give a query")
    schema = client.get("/api/schema/", {"format": "json"}).json()
    [q] = [p for p in schema["paths"]["/api/search/"]["get"]["parameters"] if p["name"] == "q"]
    assert q["required"] is True


@pytest.mark.parametrize("debug", [False, True])  # make run serves with DEBUG on
def test_errors_under_api_are_json_as_documented(client, db, settings, debug):
    settings.DEBUG = debug
    for url, status in [("/api/nowhere/", 404), ("/api/documents/no.such.id/", 404), ("/api/people/?x=%00", 400),
                        ("/api/documents/x/extra/", 404), ("/api/nowhere", 404)]:
        response = client.get(url, follow=True)
        assert (response.status_code, response["Content-Type"]) == (status, "application/json"), url
        assert "detail" in response.json()
    assert client.get("/api/documents")["Location"] == "/api/documents/"  # still sent on to the list
    assert client.get("/api/documents", {"year": "2020"})["Location"] == "/api/documents/?year=2020"
    for url in ("/api/nowhere", "/api/nowhere/", "/api/documents"):  # any method: no such address (or a JSON 405)
        answer = client.post(url, {"x": "1"})
        assert answer.status_code in {404, 405} and answer.json()["detail"], url
    schema = client.get("/api/schema/", {"format": "json"}).json()
    responses = schema["paths"]["/api/documents/"]["get"]["responses"]
    assert set(responses) == {"200", "400", "404", "429", "503"}
    assert schema["components"]["schemas"]["DocumentSummary"]["properties"]["venue"]["nullable"] is True


def test_a_document_without_venue_or_date_is_valid_against_the_schema(client, seed_documents):
    commentary = client.get("/api/documents/9eqrv25t/").json()
    assert commentary["venue"] is None and commentary["date"] is None
    assert client.get("/api/documents/wm7v8ets/").json()["date"] == "2025"


def test_names_are_listed_with_accents_and_case_set_aside_on_every_database(client, db):
    from speeches.models import Country

    names = ["Zhang Wei", "Çavuşoğlu Mevlüt", "Ángela Ruiz", "abe Shinzō", "Croce Maria", "Łukasz Lis"]
    make_document(speakers=[make_person(name) for name in names])
    listed = [person["name"] for person in client.get("/api/people/").json()["results"]]
    assert listed == ["abe Shinzō", "Ángela Ruiz", "Çavuşoğlu Mevlüt", "Croce Maria", "Łukasz Lis", "Zhang Wei"]

    mentioned = make_document(title="Talks")
    mentioned.countries.set(Country.objects.for_codes(["CZ", "HR", "CI", "AX", "AL"]))
    page = client.get("/countries/").text
    order = [page.index(name) for name in ("Åland", "Albania", "Côte d’Ivoire", "Croatia", "Czechia")]
    assert order == sorted(order)


def test_a_filter_naming_nothing_published_is_a_404_saying_so_in_every_list_as_a_country_naming_none_is(client, db):
    make_document(body="Harbour.", speakers=[make_person("Ana Lima")])
    make_document(body="Draft.", speakers=[make_person("Bo Chen")], status=Document.Status.DRAFT)
    call_command("update_index", verbosity=0)
    for filters, detail in [({"speaker": "nobody"}, "There is no speaker “nobody” in the archive."),
                            ({"speaker": "bo-chen"}, "There is no speaker “bo-chen” in the archive."),  # drafts only
                            ({"venue": "nowhere"}, "There is no venue “nowhere” in the archive."),
                            ({"country": "narnia"}, None)]:
        answer = client.get("/api/documents/", filters)
        assert answer.status_code == 404, filters
        assert detail is None or answer.json()["detail"] == detail
    assert client.get("/api/documents/", {"speaker": "ana-lima"}).json()["count"] == 1
    found = client.get("/api/search/", {"q": "harbour", "speaker": "nobody"}).json()  # a search says it in notices
    assert found["count"] == 0 and "There is no speaker “nobody” in the archive." in found["notices"]


def test_a_parameter_given_twice_with_two_values_is_a_400_naming_it(client, db):
    answer = client.get("/api/documents/", {"year": ["2019", "2020"]})
    assert answer.status_code == 400 and answer.json() == {"year": ["Give one year; 2 were given (2019, 2020)."]}
    assert client.get("/api/search/", {"q": ["peace", "war"]}).json() == {"q": ["Give one q; 2 were given (peace, war)."]}
    assert client.get("/api/search/export/", {"q": "peace", "format": ["csv", "ris"]}).status_code == 400
    assert client.get("/api/documents/", {"year": ["2019", "2019"]}).status_code == 200  # the same value twice
    assert client.get("/api/search/timeline/", {"q": ["peace", "war"]}).status_code == 200  # queries compared
    assert client.get("/api/documents/", {"utm_source": ["a", "b"]}).status_code == 200  # not a parameter it reads


def test_a_merged_document_leads_to_the_one_that_absorbed_it_and_a_removed_one_says_so(client, db):
    from speeches.lifecycle import merge_documents

    kept, merged, removed = make_document(title="Kept"), make_document(title="Merged"), make_document(title="Removed")
    merge_documents(kept, merged)
    removed.delete()
    moved = client.get(f"/api/documents/{merged.public_id}/", {"format": "json"})
    assert moved.status_code == 301
    assert moved["Location"] == f"http://testserver/api/documents/{kept.public_id}/?format=json"
    assert client.get(f"/api/documents/{merged.public_id}xyz/").status_code == 404
    gone = client.get(f"/api/documents/{removed.public_id}/")
    assert gone.status_code == 410 and gone.json()["title"] == "Removed" and "Removed" in gone.json()["citation"]
    assert client.get("/api/documents/nosuchid/").status_code == 404
