"""What a search is given beyond words: page numbers in any digits, queries with nothing to search
for, unknown languages, and the language filter's one entry per language."""
import html

import pytest
from django.core.management import call_command

from speeches.search import SearchCriteria, search

from tests.factories import make_document

ENGINES = ["whoosh", "opensearch"]

NOTHING_SEARCHABLE = "The query holds nothing that can be searched for"


@pytest.fixture
def documents(db):
    made = [make_document(title=f"Harbour {number}", body="The harbour lights.", kind="speech") for number in range(3)]
    call_command("update_index", verbosity=0)
    return made


@pytest.mark.parametrize("page", ["²", "¹", "١", "٢", "①", "2²", "+2", " ", "1e3", "9" * 101])
@pytest.mark.parametrize(("url", "query"), [("/api/search/", {"q": "harbour"}), ("/api/documents/", {"kind": "speech"}),
                                            ("/api/people/", {})])
def test_the_api_answers_a_page_number_in_other_digits_with_a_json_400(client, documents, url, query, page):
    for name in ("page", "page_size"):
        response = client.get(url, {**query, name: page})
        assert response.status_code == 400, (name, page)
        assert response["Content-Type"] == "application/json" and name in response.json()


def test_a_page_past_the_last_is_a_json_404_however_large(client, documents):
    for page in ("4", "6402373705727999", "9" * 100):
        response = client.get("/api/documents/", {"kind": "speech", "page_size": "1", "page": page})
        assert response.status_code == 404 and response["Content-Type"] == "application/json"


@pytest.mark.parametrize("page", ["²", "١", "①", "-1", "x"])
@pytest.mark.parametrize("url", ["/search/", "/search/concordance/"])
def test_a_page_number_in_other_digits_shows_the_first_page(client, documents, url, page):
    response = client.get(url, {"q": "harbour", "page": page})
    assert response.status_code == 200
    assert "Harbour" in response.text


@pytest.mark.parametrize("query", ["🙂", "-", "—", "...", "\u202e", "\u200b", "🙂 … ‽"])
def test_a_query_with_nothing_searchable_finds_nothing_and_says_so(client, documents, query):
    page = search(SearchCriteria(q=query))
    assert page.total == 0 and any(notice.startswith(NOTHING_SEARCHABLE) for notice in page.notices)
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200 and NOTHING_SEARCHABLE in response.text
    assert "Harbour" not in response.text
    api = client.get("/api/search/", {"q": query}).json()
    assert api["count"] == 0 and any(notice.startswith(NOTHING_SEARCHABLE) for notice in api["notices"])
    timeline = client.get("/api/search/timeline/", {"q": query}).json()
    assert timeline["documents"] == 0 and any(notice.startswith(NOTHING_SEARCHABLE) for notice in timeline["notices"])


@pytest.mark.parametrize("query", ["the", "we will", "The AND of"])
def test_a_query_of_only_words_too_common_to_search_says_to_quote_them(client, documents, query):
    page = search(SearchCriteria(q=query))
    assert page.total == 0 and any("only inside quotation marks" in notice for notice in page.notices), page.notices
    assert "only inside quotation marks" in client.get("/search/", {"q": query}).text
    assert any("only inside quotation marks" in notice for notice in client.get("/api/search/", {"q": query}).json()["notices"])
    quoted = search(SearchCriteria(q='"the harbour"'))
    assert quoted.total == 3 and not any("quotation marks" in notice for notice in quoted.notices)
    assert not search(SearchCriteria(q="the harbour")).notices  # one word to search is enough
    assert not search(SearchCriteria(q=query, case_sensitive=True)).notices  # matched as written


@pytest.mark.parametrize("page", ["2", "3", "99999999"])
def test_a_page_of_a_query_with_nothing_searchable_is_the_first_page_or_a_json_404(client, documents, page):
    response = client.get("/search/", {"q": "...", "page": page})
    assert response.status_code == 200 and NOTHING_SEARCHABLE in response.text
    assert f"There is no page “{page}”; showing page 1." in response.text
    api = client.get("/api/search/", {"q": "\u200b", "page": page})
    assert api.status_code == 404 and api["Content-Type"] == "application/json"


def test_a_query_with_nothing_searchable_beside_filters_is_read_as_the_filters(documents):
    page = search(SearchCriteria(q="🙂", kind="speech"))
    assert page.total == 3 and any(notice.startswith(NOTHING_SEARCHABLE) for notice in page.notices)


def test_a_search_naming_what_the_archive_lacks_offers_no_alert_or_feed(client, documents):
    for params in ({"q": "harbour year:abc"}, {"q": "harbour", "speaker": "nobody-at-all"}, {"q": "harbour lang:kr"}):
        page = client.get("/search/", params).text
        assert "There is no" in page or "No text in the archive is in" in page
        assert "Get an alert by email" not in page and "Atom feed)" not in page and "Follow this search" not in page
    assert "Get an alert by email" in client.get("/search/", {"q": "harbour"}).text


def test_an_unknown_language_gets_a_notice_as_an_unknown_role_does(documents):
    assert "There is no language “xx”" in " ".join(search(SearchCriteria(q="harbour lang:xx")).notices)
    assert "There is no text role “junk”" in " ".join(search(SearchCriteria(q="harbour role:junk")).notices)
    for known in ("en", "en-gb"):
        assert not search(SearchCriteria(q=f"harbour lang:{known}")).notices
    # A language no published text is in ("kr", Kanuri, typed for Korean) is named, with those there are.
    assert search(SearchCriteria(q="harbour lang:kr")).notices == [
        "No text in the archive is in Kanuri (“kr”); its languages are: English (en)."]
    assert search(SearchCriteria(q="harbour OR peace", lang="zh")).notices == [
        "No text in the archive is in Chinese (“zh”); its languages are: English (en)."]
    for year in ("abc", "0", "99999", "²", "٢٠٢٢"):  # digits int() refuses or reads as no year here
        assert search(SearchCriteria(q=f"harbour year:{year}")).notices == [f"There is no year “{year}”: write a year as 2022."]
    assert not search(SearchCriteria(q="harbour year:2022")).notices


def test_the_language_filter_offers_one_entry_per_language_and_says_what_it_means(client, db):
    make_document(title="Speech", body="Words.", language="en-gb")
    make_document(title="讲话", body="和平。", language="zh-hans")
    call_command("update_index", verbosity=0)
    page = client.get("/search/", {"q": "words"}).text
    assert '<option value="zh">Chinese</option>' in page and '<option value="en">English</option>' in page
    for specific in ("zh-hans", "zh-Hans", "zh-hant", "en-gb", "en-GB", "Chinese (Simplified)", "English (United Kingdom)"):
        assert f'value="{specific}"' not in page and f">{specific}<" not in page
    assert "Has a text in" in page and "original or translation" in page
    assert client.get("/search/", {"q": "words", "lang": "zh-hans"}).status_code == 200


def test_a_query_longer_than_a_search_reads_is_refused_on_every_surface_never_cut_unseen(client, documents):
    query = " OR ".join(f"zzzq{number:03d}" for number in range(120)) + " OR harbour"  # 1,327 characters
    message = "The query is 1327 characters long; a search reads at most 1000. Shorten it."
    for url in ["/search/", "/search/export/", "/search/concordance/", "/search/timeline/", "/api/search/",
                "/api/search/export/", "/feeds/search/"]:
        response = client.get(url, {"q": query})
        assert response.status_code == 400 and message in html.unescape(response.content.decode()), url
    # a run of white space is one space, as the search reads it: long only as typed
    spaced = client.get("/search/", {"q": "harbour" + " " * 600 + "\n" * 600 + "lights"})
    assert spaced.status_code == 200 and spaced.context["page_obj"].paginator.count == 3


@pytest.mark.parametrize("url", ["/search/", "/search/concordance/", "/search/export/", "/feeds/search/"])
def test_a_query_or_filter_given_twice_is_refused_on_every_surface_as_the_api_refuses_it(client, documents, url):
    """The pages read the last value and dropped the first unseen; the API answered 400. The timeline
    compares several queries and takes them (its other parameters, once each)."""
    for twice in ({"q": ["harbour", "lights"]}, {"q": "harbour", "kind": ["speech", "interview"]}):
        response = client.get(url, twice)
        assert response.status_code == 400, (url, twice)
        if url != "/feeds/search/":
            assert "Give one" in html.unescape(response.text)
    assert client.get(url, {"q": ["harbour", "harbour"]}).status_code == 200  # the same value twice is one
    assert client.get(url, {"q": ["harbour", "", " "]}).status_code == 200  # as the timeline's links give it
    assert client.get("/search/timeline/", {"q": ["harbour", "lights"]}).status_code == 200
    assert client.get("/search/timeline/", {"q": "harbour", "year": ["2019", "2020"]}).status_code == 400
