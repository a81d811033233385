"""Atom feeds and sitemap.xml, read with an XML parser; drafts appear in neither."""
import xml.etree.ElementTree as ET

import feedparser
import pytest

from tests.factories import make_document, make_person, make_region

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def atom_entries(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return [(entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href")) for entry in root.iter(f"{ATOM}entry")]


@pytest.fixture
def documents(db):
    speaker, region = make_person("Amina Diallo"), make_region("West Africa")
    return {
        "speech": make_document(title="Harbour speech", body="The harbour lanterns.", speakers=[speaker],
                                regions=[region], kind="speech"),
        "article": make_document(title="An article", body="Lanterns again.", kind="article"),
        "draft": make_document(title="Secret draft", body="The harbour lanterns.", speakers=[speaker],
                               regions=[region], status="draft"),
    }


def test_latest_feed_lists_published_documents_with_permanent_links(client, documents):
    entries = atom_entries(client, "/feeds/latest/")
    assert [title for title, _ in entries] == ["An article", "Harbour speech"]
    assert entries[1][1] == "http://testserver" + documents["speech"].get_absolute_url()


def test_speaker_region_and_kind_feeds(client, documents):
    assert [t for t, _ in atom_entries(client, "/feeds/people/amina-diallo/")] == ["Harbour speech"]
    assert [t for t, _ in atom_entries(client, "/feeds/regions/west-africa/")] == ["Harbour speech"]
    assert [t for t, _ in atom_entries(client, "/feeds/kinds/article/")] == ["An article"]
    assert client.get("/feeds/kinds/poem/").status_code == 404


@pytest.mark.parametrize("kind, title", [("speech", "speeches"), ("commentary", "commentaries"),
                                         ("remarks", "remarks"), ("press-conference", "press conferences")])
def test_kind_feeds_are_titled_with_the_plural(client, db, kind, title):
    root = ET.fromstring(client.get(f"/feeds/kinds/{kind}/").content)
    assert root.findtext(f"{ATOM}title") == f"Diplomatic Speech Archive: {title}"
    assert client.get("/feeds/people/nobody/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_search_feed_follows_a_phrase_and_the_results_page_links_it(client, documents):
    entries = atom_entries(client, "/feeds/search/", q='"harbour lanterns"')
    assert [title for title, _ in entries] == ["Harbour speech"]
    page = client.get("/search/", {"q": '"harbour lanterns"'}).text
    assert 'href="/feeds/search/?q=%22harbour+lanterns%22"' in page
    assert client.get("/feeds/search/").status_code == 404
    invalid = client.get("/feeds/search/", {"date_from": "2025-13-40"})
    assert invalid.status_code == 400 and "“2025-13-40” is not a date" in invalid.text



def test_sitemap_lists_published_documents_and_browse_pages_only(client, documents):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = {url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")}
    assert "http://testserver" + documents["speech"].get_absolute_url() in locations
    assert "http://testserver" + documents["article"].get_absolute_url() in locations
    assert not any(documents["draft"].public_id in location for location in locations)
    for page in ["/", "/browse/", "/people/amina-diallo/", "/regions/west-africa/"]:
        assert "http://testserver" + page in locations


def test_robots_txt_points_to_the_sitemap(client, db):
    robots = client.get("/robots.txt")
    assert robots["Content-Type"] == "text/plain"
    assert "Sitemap: http://testserver/sitemap.xml" in robots.text and "Disallow: /admin/" in robots.text


def test_pages_advertise_their_feeds(client, documents):
    assert 'type="application/atom+xml" href="/feeds/latest/"' in client.get("/").text
    person_page = client.get("/people/amina-diallo/").text
    assert 'href="/feeds/people/amina-diallo/"' in person_page


FEEDS = ["/feeds/latest/", "/feeds/people/xi-jinping/", "/feeds/regions/central-asia/", "/feeds/kinds/speech/",
         "/feeds/search/?q=cooperation", "/feeds/search/?q=%22shared+future%22&kind=remarks"]


@pytest.mark.parametrize("url", FEEDS)
def test_feed_readers_read_every_feed_whole_with_an_author_for_each_entry(seeded_site, url):
    feed = feedparser.parse(seeded_site + url)  # fetched over HTTP by the feed reader itself
    assert feed.status == 200 and not feed.bozo, feed.get("bozo_exception")
    assert feed.entries and feed.feed.author == "Diplomatic Speech Archive"
    for entry in feed.entries:
        assert entry.get("author"), entry.title
        assert entry.updated_parsed
    self_link = next(link.href for link in feed.feed.links if link.rel == "self")
    assert self_link == seeded_site + url
    assert feedparser.parse(self_link).entries == feed.entries


def test_entries_are_dated_as_the_documents_are(client, seed_documents):
    entries = {entry.link: entry for entry in feedparser.parse(client.get("/feeds/latest/").content).entries}
    by_id = {link.split("/d/")[1].split("/")[0]: entry for link, entry in entries.items()}
    remarks = by_id["stx5jr9c"]
    assert remarks.published == "2022-01-25" and remarks.author == "Xi Jinping"  # dcterms:issued, read last
    assert "<published>2022-01-25T00:00:00+00:00</published>" in client.get("/feeds/latest/").text
    assert by_id["wm7v8ets"].published == "2025"  # known to the year: no invented 1 January
    assert by_id["wqvet5df"].author == "CGTN"  # no speaker: the publisher
    assert by_id["stx5jr9c"].updated_parsed[:3] == (2026, 11, 23)  # the seed's last edit


@pytest.mark.django_db(transaction=True)
def test_a_search_feeds_self_link_keeps_the_query(client, documents):
    response = client.get("/feeds/search/", {"q": '"harbour lanterns"', "kind": "speech"})
    root = ET.fromstring(response.content)
    self_link = next(link.get("href") for link in root.iter(f"{ATOM}link") if link.get("rel") == "self")
    assert self_link == "http://testserver/feeds/search/?q=%22harbour+lanterns%22&kind=speech"


def test_control_characters_stored_before_they_were_refused_do_not_break_the_feeds(
        client, db, django_capture_on_commit_callbacks):
    region = make_region("Reg\u0000ion")
    with django_capture_on_commit_callbacks(execute=True):  # the search index follows the commit
        make_document(title="Ti\u0001tle of a\ufffe speech", body="Harbour\u000b lanterns.", kind="speech",
                      regions=[region], speakers=[make_person("Ami\u001fna")])
    for url in ["/feeds/latest/", f"/feeds/regions/{region.slug}/", "/feeds/kinds/speech/", "/feeds/search/?q=harbour"]:
        assert atom_entries(client, url) and "Ti\ufffdtle of a\ufffd speech" in [
            title for title, _ in atom_entries(client, url)]


def test_a_name_or_paragraph_written_like_a_tag_is_summarised_as_text_never_as_markup(client, db):
    speaker = make_person("<script>alert('speaker')</script>")
    make_document(title="Tags", body="Say <b>this</b> & <img src=x onerror=alert(1)>.", speakers=[speaker])
    [entry] = feedparser.parse(client.get(f"/feeds/people/{speaker.slug}/").content).entries
    # feedparser renders the html summary and sanitises it: what a reader shows is what was written.
    summary = entry.summary
    assert "<script>alert('speaker')</script>" not in summary and "<img" not in summary
    assert "&lt;script&gt;alert(&#x27;speaker&#x27;)&lt;/script&gt;" in summary
    assert "Say &lt;b&gt;this&lt;/b&gt; &amp; &lt;img src=x onerror=alert(1)&gt;." in summary


def test_each_entry_is_in_its_documents_language_as_feedparser_reads_it(client, db):
    make_document(title="كلمة وزير الخارجية", body="نؤمن بأن السلام ممكن.", language="ar")
    make_document(title="Remarks on the harbour", body="The harbour.", language="en")
    feed = feedparser.parse(client.get("/feeds/latest/").content)
    assert not feed.bozo
    languages = {entry.title: entry.title_detail.language for entry in feed.entries}
    assert languages == {"كلمة وزير الخارجية": "ar", "Remarks on the harbour": "en"}


def test_a_feed_entrys_id_is_the_permanent_address_and_survives_a_corrected_title(client, settings, db):
    from speeches.models import Document

    settings.ARCHIVE_BASE_URL = "https://archive.example.org"
    document = make_document(title="Address on the harbour")
    before = feedparser.parse(client.get("/feeds/latest/").content).entries[0]
    Document.objects.filter(pk=document.pk).update(slug="")
    document.refresh_from_db()
    document.title = "Address on the harbour of peace"
    document.save()
    after = feedparser.parse(client.get("/feeds/latest/").content).entries[0]
    assert before.id == after.id == f"https://archive.example.org/d/{document.public_id}/"
    assert after.link != before.link  # the page's address follows the title; the old one redirects
