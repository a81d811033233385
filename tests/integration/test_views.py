import datetime

import pytest
from django.core.management import call_command

from speeches.models import Document

from tests.factories import make_document, make_person, make_region, make_venue

pytestmark = pytest.mark.django_db


def test_short_and_old_urls_redirect_permanently_to_the_canonical_one(client):
    document = make_document(title="Original title")
    canonical = document.get_absolute_url()
    assert client.get(f"/d/{document.public_id}/").headers["Location"] == canonical
    document.title, document.slug = "Corrected title", ""
    document.save()
    response = client.get(canonical)  # the old slug
    assert response.status_code == 301
    assert response.headers["Location"] == f"/d/{document.public_id}/corrected-title/"


def test_redirect_keeps_the_query_string(client):
    document = make_document(title="Kept")
    response = client.get(f"/d/{document.public_id}/?hl=amity")
    assert response.headers["Location"] == document.get_absolute_url() + "?hl=amity"


def test_unknown_document_is_a_friendly_404(client):
    response = client.get("/d/zzzzzzzz/nothing/")
    assert response.status_code == 404
    assert "There is nothing at this address" in response.text


def test_draft_documents_are_not_public(client):
    draft = make_document(title="Secret draft", status=Document.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Secret draft" not in client.get("/").text
    assert "Secret draft" not in client.get("/browse/").text
    assert "Secret draft" not in client.get("/kinds/speech/").text


def test_document_page_shows_metadata_body_anchors_and_citation(client):
    person = make_person("Xi Jinping")
    venue = make_venue()
    document = make_document(
        title="Joining Hands", subtitle="Remarks at a summit", kind="remarks",
        speakers=[(person, "President of the People’s Republic of China")],
        date=datetime.date(2022, 1, 25), venue=venue, event="Virtual Summit",
        regions=[make_region()], translation_note="Translation", source_publisher="Xinhua",
        source_url="https://example.org/source", body="First.\n\nSecond.",
    )
    page = client.get(document.get_absolute_url()).text
    for expected in ["Joining Hands", "Remarks at a summit", "President of the People’s Republic of China",
                     "25 January 2022", "Virtual Summit", "<bdi>Akorda Palace</bdi>, <bdi>Astana</bdi>, <bdi>Kazakhstan</bdi>", "Central Asia",
                     "Translation", 'href="https://example.org/source"', 'data-number="2"></a>', '</span>Second.</p>',
                     "Cite this document", f"http://testserver{document.get_absolute_url()}"]:
        assert expected in page


def test_a_venue_named_in_arabic_keeps_its_city_and_country_in_their_order(client, db):
    venue = make_venue(name="الرياض", city="Riyadh", country="Saudi Arabia")
    document = make_document(title="Statement", venue=venue)
    parts = "<bdi>الرياض</bdi>, <bdi>Riyadh</bdi>, <bdi>Saudi Arabia</bdi>"  # each part in its own direction
    assert parts in client.get("/").text and parts in client.get(document.get_absolute_url()).text
    apart = "\u2068الرياض\u2069, \u2068Riyadh\u2069, \u2068Saudi Arabia\u2069"  # where no element can be
    assert f"<h1>Venue: {apart}</h1>" in client.get(venue.get_absolute_url()).text


def test_document_page_links_previous_and_next_by_date(client):
    older = make_document(title="Older", date=datetime.date(2020, 1, 1))
    current = make_document(title="Current", date=datetime.date(2021, 1, 1))
    newer = make_document(title="Newer", date=datetime.date(2022, 1, 1))
    page = client.get(current.get_absolute_url()).text
    assert f'rel="prev" href="{older.get_absolute_url()}"' in page
    assert f'rel="next" href="{newer.get_absolute_url()}"' in page


def test_home_lists_latest_documents_and_entry_points(client):
    make_document(title="A recent speech", date=datetime.date(2025, 6, 17), regions=[make_region()])
    page = client.get("/").text
    assert "A recent speech" in page
    assert 'href="/regions/central-asia/"' in page
    assert 'action="/search/"' in page


def test_browse_pages_list_documents_by_speaker_region_venue_kind_year_and_event(client):
    person, region, venue = make_person("Xi Jinping"), make_region(), make_venue()
    make_document(title="Found everywhere", speakers=[person], regions=[region], venue=venue,
                  kind="speech", date=datetime.date(2022, 1, 25), event="2nd Summit")
    make_document(title="Elsewhere", kind="article", date=datetime.date(2019, 1, 1))
    for url in ["/people/xi-jinping/", "/regions/central-asia/", f"/venues/{venue.slug}/",
                "/kinds/speech/", "/years/2022/", "/events/?name=2nd+Summit"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Found everywhere" in response.text and "Elsewhere" not in response.text, url
    make_document(title="Draft at the summit", event="2nd Summit", status="draft")
    browse = client.get("/browse/").text
    assert "Xi Jinping" in browse and "2022" in browse
    assert '2nd Summit</a> <span class="count">1</span>' in browse  # counted as every other list is, drafts left out


def test_names_in_any_script_have_slugs_and_pages_in_their_script(client):
    from urllib.parse import quote

    import feedparser

    lavrov, wang, riyadh = make_person("Сергей Лавров"), make_person("王毅"), make_venue("قصر اليمامة", city="الرياض")
    region, plain, modi = make_region("Ближнее зарубежье"), make_person("Łódź Forum"), make_person("नरेंद्र मोदी")
    assert (lavrov.slug, wang.slug, riyadh.slug, region.slug, plain.slug, modi.slug) == (
        "сергей-лавров", "王毅", "قصر-اليمامة", "ближнее-зарубежье", "lodz-forum", "नरेंद्र-मोदी")
    assert make_person("Сергей  Лавров").slug == "сергей-лавров-2"
    assert make_person("ශ්\u200dරී ලංකාව").slug == "ශ්\u200dරී-ලංකාව"  # a joiner is part of the word
    make_document(title="Found in every script", speakers=[lavrov, wang], regions=[region], venue=riyadh,
                  date=datetime.date(2024, 9, 24))
    make_document(title="Found in Hindi", speakers=[modi])
    assert "Found in Hindi" in client.get(modi.get_absolute_url()).text
    for row, name in [(lavrov, "people"), (wang, "people"), (riyadh, "venues"), (region, "regions")]:
        url = row.get_absolute_url()
        assert url == f"/{name}/{quote(row.slug)}/"
        assert "Found in every script" in client.get(url).text, url
    for url in [f"/feeds/people/{quote(lavrov.slug)}/", f"/feeds/regions/{quote(region.slug)}/"]:
        assert [entry.title for entry in feedparser.parse(client.get(url).content).entries] == [
            "Found in every script"], url
    assert quote(lavrov.slug) in client.get("/sitemap.xml").text
    assert client.get(f"/api/people/{quote(lavrov.slug)}/").json()["name"] == "Сергей Лавров"
    assert client.get(f"/people/{quote('сергей-лавров-99')}/").status_code == 404


def test_browse_lists_are_paginated_newest_first(client):
    region = make_region()
    for year in range(2000, 2025):
        make_document(title=f"Speech of {year}", date=datetime.date(year, 1, 1), regions=[region])
    first = client.get("/regions/central-asia/").text
    assert first.index("Speech of 2024") < first.index("Speech of 2023")
    assert "Speech of 2004" not in first and "Page 1 of 2" in first
    second = client.get("/regions/central-asia/?page=2").text
    assert "Speech of 2004" in second and "Speech of 2000" in second


@pytest.mark.parametrize("url", ["/people/nobody/", "/regions/nowhere/", "/kinds/poem/", "/years/1999/?page=5",
                                 "/events/", "/events/?name=Nothing+held+here", "/d/zzzzzzzz/"])
def test_unknown_browse_targets_are_404_not_500(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ["/d/%00/", "/d/abc%00def/x/", "/search/?q=a%00b", "/events/?name=%00",
                                 "/api/documents/?speaker=%00"])
def test_nul_characters_in_addresses_are_400(client, db, url):
    response = client.get(url)
    assert response.status_code == 400 and b"NUL characters are not allowed" in response.content
    if not url.startswith("/api/"):  # a page of the site, with its header and a way back, not bare text
        assert response["Content-Type"].startswith("text/html") and 'class="site-header' in response.text


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("url", ["/search/", "/search/timeline/", "/api/search/"])
def test_an_address_with_too_many_parameters_is_400_with_the_reason(client, db, settings, debug, url):
    settings.DEBUG = debug  # Django's own debug page failed reading such a request: a 500
    query_string = "&".join(f"q=word{number}" for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.get(f"{url}?{query_string}")
    assert response.status_code == 400
    assert f"at most {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} parameters" in response.content.decode()


def test_find_in_this_document_lists_and_counts_every_occurrence(client):
    document = make_document(body="Amity first.\n\nNothing here.\n\nAmity again, and amity once more.")
    page = client.get(document.get_absolute_url(), {"find": "amity"}).text
    assert "3 occurrences</strong> in 2 paragraphs" in page
    assert '<a href="#p-1">¶ 1</a> <mark>Amity</mark> first.' in page
    assert '<a href="#p-3">¶ 3</a> <mark>Amity</mark> again, and <mark>amity</mark> once more.' in page
    assert '<script id="highlights" type="application/json">{"p-1": [[0, 5]], "p-3": [[0, 5], [17, 22]]}</script>' in page


def test_find_in_this_document_treats_quotes_as_exact_phrases(client):
    document = make_document(body="A world of friendship is a world of peace.\n\nThe world of peace.")
    page = client.get(document.get_absolute_url(), {"find": "“a world of peace”"}).text
    assert "1 occurrence</strong> in 1 paragraph" in page
    assert "friendship is <mark>a world of peace</mark>." in page


def test_search_link_marks_the_phrase_on_the_document_page_without_listing(client):
    document = make_document(body="Intro.\n\nThe six pomegranate trees bloom.")
    page = client.get(document.get_absolute_url(), {"hl": '"pomegranate trees"'}).text
    assert '{"p-2": [[8, 25]]}' in page
    assert "occurrence" not in page


def test_find_with_no_match_says_so(client):
    document = make_document(body="Nothing to see.")
    assert "0 occurrences</strong>" in client.get(document.get_absolute_url(), {"find": "zebra"}).text


def test_the_document_page_links_to_its_citation_from_the_top_and_numbers_every_paragraph(client, db):
    document = make_document("Numbered", "First paragraph.\n\nSecond paragraph.")
    page = client.get(document.get_absolute_url()).content.decode()
    header = page.split('<header class="document__header">')[1].split("</header>")[0]
    assert '<a href="#cite">Cite this document</a>' in header
    for number in (1, 2):
        assert (f'<p id="p-{number}"><span class="paragraph-tools" aria-hidden="true"><a class="paragraph-number" '
                f'href="#p-{number}" tabindex="-1" title="Link to this paragraph" data-number="{number}"></a>') in page


def test_a_passage_said_elsewhere_links_to_where_the_page_lists_the_others(client, transactional_db):
    formula = ("No matter how the international landscape may evolve, China will always remain a good neighbor "
               "and a good partner of Central Asia.")
    older = make_document("Older", f"An opening paragraph.\n\n{formula}", date=datetime.date(2019, 5, 1))
    make_document("Newer", f"{formula} And more besides.", date=datetime.date(2023, 2, 1))
    page = client.get(older.get_absolute_url()).content.decode()
    assert '<a href="#said-elsewhere">1 passage also said elsewhere</a>' in page.split("</header>")[1]
    paragraph = page.split('<p id="p-2" data-recurs>')[1].split("</p>")[0]
    assert '<a class="said-elsewhere" href="#also-p-2"' in paragraph and 'id="also-p-2"' in page
    assert "said-elsewhere" not in page.split('<p id="p-1"')[1].split("</p>")[0]


def test_pages_that_only_read_answer_other_methods_with_405(client):
    person = make_person("Amina Diallo")
    document = make_document(title="Read only", body="Peace.", speakers=[person])
    call_command("update_index", verbosity=0)
    url = document.get_absolute_url()
    for path in (url, f"{url}?cite=p-1", f"/d/{document.public_id}/cite/bibtex/", f"/d/{document.public_id}/download/md/",
                 f"/d/{document.public_id}/passages/said-elsewhere/", "/search/?q=peace", "/search/help/",
                 "/search/timeline/?q=peace", "/search/concordance/?q=peace", "/search/export/?q=peace&format=csv",
                 "/browse/", "/countries/", "/data/", "/robots.txt", "/sitemap.xml", "/feeds/latest/",
                 f"/feeds/people/{person.slug}/", "/feeds/search/?q=peace"):
        for method in ("post", "put", "delete", "patch", "options"):
            response = getattr(client, method)(path)
            assert response.status_code == 405, (method, path)
            assert response["Allow"] == "GET, HEAD", path
        assert client.head(path).status_code == 200, path
