"""Citations in every format, checked by parsing them back; metadata that reference managers read."""
import datetime
import json
import re
from html.parser import HTMLParser

from pathlib import Path

import bibtexparser
import pytest
import rispy
from django.contrib.staticfiles import finders

from speeches.citations.kinds import item_types
from speeches.models import Document

from tests.factories import make_document, make_person

JOINING_HANDS = "/d/stx5jr9c/joining-hands-for-a-shared-future/"
# What a citation gives: the permanent address, short in any script, leading to the page.
JOINING_HANDS_CITED = "http://testserver/d/stx5jr9c/"


def test_bibtex_parses_back_with_name_parts_year_month_and_permanent_url(client, seed_documents):
    response = client.get("/d/stx5jr9c/cite/bibtex/")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="stx5jr9c.bib"'
    assert "\tmonth = jan,\n" in response.content.decode()  # a bare macro, as strict BibTeX wants it
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    entry = library.entries[0]
    assert entry.key == "stx5jr9c" and entry.entry_type == "misc"
    assert entry["author"] == "Xi, Jinping" and entry["title"] == "Joining Hands for a Shared Future"
    assert (entry["year"], entry["month"], entry["date"]) == ("2022", "jan", "2022-01-25")
    assert entry["type"] == "Remarks" and entry["eventtitle"].startswith("Virtual Summit to Commemorate")
    assert entry["url"] == JOINING_HANDS_CITED
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["urldate"])


def test_bibtex_of_a_year_gives_the_year_alone_and_an_organisation_stays_whole(client, seed_documents):
    speech = bibtexparser.parse_string(client.get("/d/wm7v8ets/cite/bibtex/").content.decode()).entries[0]
    assert (speech["year"], speech["date"]) == ("2025", "2025") and "month" not in speech.fields_dict
    release = bibtexparser.parse_string(client.get("/d/np3hjpzv/cite/bibtex/").content.decode()).entries[0]
    assert release.entry_type == "techreport" and release["author"] == "{CGTN}"
    assert release["institution"] == "GlobeNewswire" and release["type"] == "Press release"


def test_ris_parses_back_as_a_presentation_with_name_parts_and_no_invented_day(client, seed_documents):
    response = client.get("/d/wm7v8ets/cite/ris/")
    record = rispy.loads(response.content.decode())[0]
    assert record["type_of_reference"] == "SLIDE"
    assert record["title"].startswith("Developing the “China-Central Asia Spirit”")
    assert record["authors"] == ["Xi, Jinping"] and record["year"] == "2025" and "date" not in record
    assert record["secondary_title"] == "2nd China–Central Asia Summit" and record["type_of_work"] == "Speech"
    assert record["place_published"] == "Astana, Kazakhstan"
    assert record["urls"] == ["http://testserver/d/wm7v8ets/"]
    assert "access_date" in record


def test_ris_of_a_press_release_is_a_report_by_the_organisation(client, seed_documents):
    record = rispy.loads(client.get("/d/np3hjpzv/cite/ris/").content.decode())[0]
    assert record["type_of_reference"] == "RPRT" and record["authors"] == ["CGTN"]
    assert record["date"] == "2025/04/10/" and record["publisher"] == "GlobeNewswire"


def test_csl_json_parses_back_and_carries_every_field(client, seed_documents):
    item = json.loads(client.get("/d/stx5jr9c/cite/csl-json/").content)[0]
    assert item["type"] == "speech" and item["author"] == [{"family": "Xi", "given": "Jinping"}]
    assert item["issued"] == {"date-parts": [[2022, 1, 25]]} and item["genre"] == "Remarks"
    assert item["event"].startswith("Virtual Summit") and item["event-title"] == item["event"]
    assert item["note"] == "Translation"
    assert item["URL"] == JOINING_HANDS_CITED and "accessed" in item
    year_only = json.loads(client.get("/d/wm7v8ets/cite/csl-json/").content)[0]
    assert year_only["issued"] == {"date-parts": [[2025]]} and year_only["event-place"] == "Astana, Kazakhstan"


def test_a_paragraph_citation_points_at_the_paragraph(client, seed_documents):
    item = json.loads(client.get("/d/stx5jr9c/cite/csl-json/", {"p": "p-3"}).content)[0]
    assert item["URL"] == JOINING_HANDS_CITED + "#p-3" and item["section"] == "paragraph 3"
    bib = bibtexparser.parse_string(client.get("/d/stx5jr9c/cite/bibtex/", {"p": "p-3"}).content.decode())
    assert bib.entries[0].key == "stx5jr9c-p-3"
    assert client.get("/d/stx5jr9c/cite/ris/", {"p": "p-999"}).status_code == 404
    page = client.get(JOINING_HANDS, {"cite": "p-3"}).text
    assert "Cite paragraph 3" in page and JOINING_HANDS_CITED + "#p-3" in page


def test_document_page_shows_chicago_apa_and_mla_with_the_family_name_first(client, seed_documents):
    page = client.get(JOINING_HANDS).text
    assert "Xi, Jinping. 2022. “Joining Hands for a Shared Future.” Remarks. Translation." in page
    assert "Xi, J. (2022, January 25). <i>Joining Hands for a Shared Future</i> [Remarks. Translation]." in page
    assert "Xi, Jinping. “Joining Hands for a Shared Future.” Remarks. Translation." in page
    assert "Jinping" not in page.split('id="cite"')[1].replace("Xi, Jinping", "")
    assert "Accessed" in page and "Retrieved" in page


def test_names_in_scripts_without_capitals_are_cited_as_citeproc_js_cites_them(client, db):
    from speeches.models import Person

    def person(name, family, given, form="given-family"):
        return Person.objects.create(name=name, family_name=family, given_name=given, name_form=form)

    cited = {
        person("王毅", "王", "毅", "family-given"): ("王毅. 2024.", "王毅. (2024, May 2)."),
        # Arabic and Hebrew as citeproc-js (Zotero) writes them, as Latin is: family name first, initials by
        # the archive; each part set apart as <bdi> sets it apart, so the full stop and the year stay to its right
        person("فيصل بن فرحان", "بن فرحان", "فيصل"): ("\u2068بن فرحان\u2069, \u2068فيصل\u2069. 2024.",
                                                     "\u2068بن فرحان, ف.\u2069 (2024, May 2)."),
        person("אלי כהן", "כהן", "אלי"): ("\u2068כהן\u2069, \u2068אלי\u2069. 2024.", "\u2068כהן, א.\u2069 (2024, May 2)."),
        # A Thai initial is the first consonant, not the vowel written before it (แ)
        person("แพทองธาร ชินวัตร", "ชินวัตร", "แพทองธาร"): ("ชินวัตร, แพทองธาร. 2024.", "ชินวัตร, พ. (2024, May 2)."),
        person("მაკა ბოჭორიშვილი", "ბოჭორიშვილი", "მაკა"): ("მაკა ბოჭორიშვილი. 2024.", "მაკა ბოჭორიშვილი. (2024, May 2)."),
        person("Ban Ki-moon", "Ban", "Ki-moon", "family-given"): ("Ban, Ki-moon. 2024.", "Ban, K.-M. (2024, May 2)."),
        person("ហ៊ុន ម៉ាណែត", "ហ៊ុន", "ម៉ាណែត", "family-given"): ("ហ៊ុន ម៉ាណែត. 2024.", "ហ៊ុន ម៉ាណែត. (2024, May 2)."),
        person("Сергей Лавров", "Лавров", "Сергей"): ("Лавров, Сергей. 2024.", "Лавров, С. (2024, May 2)."),
    }
    for speaker, (chicago, apa) in cited.items():
        document = make_document("Remarks", speakers=[speaker], date=datetime.date(2024, 5, 2), event="თბილისის ფორუმი")
        page = client.get(document.get_absolute_url()).text
        citations = dict(re.findall(r'id="citation-(\w+)">(.*?)</p>', page))
        assert citations["chicago"].startswith(chicago) and citations["apa"].startswith(apa), citations
        assert all("თბილისის ფორუმი" in citation for citation in citations.values()), citations  # not Თბილისის
        assert json.loads(client.get(f"/d/{document.public_id}/cite/csl-json/").content)[0]["author"] == [
            {"family": speaker.family_name, "given": speaker.given_name}]  # what reference managers get is unchanged


def test_no_style_prints_a_label_for_a_variable_the_item_lacks(client, seed_documents):
    page = client.get("/d/9eqrv25t/commentary-by-he-yin-on-friendship-and-cooperation/").text
    cite_box = page.split('id="cite"')[1]
    assert "Edition" not in cite_box and "He, Yin. n.d." in cite_box and "He, Y. (n.d.)" in cite_box


def test_publisher_stands_in_for_missing_speakers_and_the_title_appears_once(client, seed_documents):
    item = json.loads(client.get("/d/wqvet5df/cite/csl-json/").content)[0]
    assert item["author"] == [{"literal": "CGTN"}] and item["type"] == "broadcast"
    credited = json.loads(client.get("/d/np3hjpzv/cite/csl-json/").content)[0]
    assert credited["author"] == [{"literal": "CGTN"}] and credited["publisher"] == "GlobeNewswire"
    page = client.get("/d/np3hjpzv/china-draws-blueprint-for-win-win-cooperation-with-its-neighbors/").text
    chicago = re.search(r'id="citation-chicago">(.*?)</p>', page).group(1)
    assert chicago.count("Win-win Cooperation") == 1


def test_american_styles_put_periods_and_commas_inside_closing_quotation_marks(client, db):
    make_document("Who Will Lead?", speakers=[make_person("Amina Diallo")], date="2024-05-02")
    quoted = make_document("Peace, Now", speakers=[make_person("Amina Diallo")], date="2024-05-01")
    cite_box = client.get(quoted.get_absolute_url()).text.split('id="cite"')[1]
    assert "“Peace, Now.”" in cite_box and "”." not in cite_box and "”," not in cite_box
    question = Document.objects.get(title="Who Will Lead?")
    cite_box = client.get(question.get_absolute_url()).text.split('id="cite"')[1]
    assert "“Who Will Lead?”" in cite_box and "?”." not in cite_box and "?.”" not in cite_box


def test_a_name_written_family_name_first_keeps_that_order_as_a_second_author(client, db):
    lavrov = make_person("Sergey Lavrov", family_name="Lavrov", given_name="Sergey", name_form="given-family")
    wang = make_person("Wang Yi", family_name="Wang", given_name="Yi", name_form="family-given")
    document = make_document("Joint press conference", speakers=[lavrov, wang], date=datetime.date(2024, 4, 9))
    page = client.get(document.get_absolute_url()).text
    assert "Lavrov, Sergey, and Wang Yi. 2024." in page  # Chicago
    assert "Lavrov, Sergey, and Wang Yi. “Joint Press Conference.”" in page  # MLA
    assert "Lavrov, S., &amp; Wang, Y. (2024, April 9)." in page  # APA inverts every name
    assert "Yi Wang" not in page
    first = make_document("Talks", speakers=[wang, lavrov], date=datetime.date(2024, 4, 9))
    assert "Wang, Yi, and Sergey Lavrov. 2024." in client.get(first.get_absolute_url()).text


def test_a_title_written_right_to_left_is_set_apart_in_every_citation_and_downloads_keep_it_as_written(client, db):
    document = make_document("التعاون الإقليمي", speakers=[make_person("Ayman Safadi")], date=datetime.date(2024, 5, 2))
    page = client.get(document.get_absolute_url()).text
    citations = dict(re.findall(r'id="citation-(\w+)">(.*?)</p>', page))
    assert all("\u2068التعاون الإقليمي\u2069" in citation for citation in citations.values()), citations
    [item] = json.loads(client.get(f"/d/{document.public_id}/cite/csl-json/").content)
    assert item["title"] == "التعاون الإقليمي"  # what reference managers get is the title as written


def test_a_given_name_holding_and_stays_one_bibtex_author(client, db):
    from .test_citation_clients import read_with_citation_js

    person = make_person("Tom and Jerry Smith", family_name="Smith", given_name="Tom and Jerry", name_form="given-family")
    document = make_document("Cartoon diplomacy", speakers=[person])
    bibtex = client.get(f"/d/{document.public_id}/cite/bibtex/").content.decode()
    for reader in ("@bibtex/text", "@biblatex/text"):
        [item] = read_with_citation_js(reader, bibtex)["items"]
        assert item["author"] == [{"family": "Smith", "given": "Tom and Jerry"}]


def test_a_title_broken_across_lines_reads_whole_from_ris(client, db):
    from .test_citation_clients import read_with_citation_js

    document = make_document("Peace\nER  - and  -  development", speakers=[make_person("Amina Diallo")])
    ris = client.get(f"/d/{document.public_id}/cite/ris/").content.decode()
    [item] = read_with_citation_js("@ris/file", ris)["items"]
    assert item["title"] == "Peace ER - and - development"
    assert rispy.loads(ris)[0]["title"] == "Peace ER - and - development"


class MetaTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.json_ld = [], []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta.append((attrs.get("name") or attrs.get("property"), attrs.get("content")))
        self._in_json_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(json.loads(data))
            self._in_json_ld = False


def page_metadata(client, url):
    parser = MetaTags()
    parser.feed(client.get(url).text)
    return parser


def test_highwire_and_dublin_core_give_name_parts_the_known_date_and_a_zotero_type(client, seed_documents):
    parser = page_metadata(client, JOINING_HANDS)
    meta = dict(parser.meta)
    assert meta["citation_title"] == "Joining Hands for a Shared Future"
    assert ("citation_author", "Xi, Jinping") in parser.meta and ("DC.creator", "Xi, Jinping") in parser.meta
    assert meta["citation_date"] == meta["citation_publication_date"] == "2022/01/25"
    assert meta["DC.date"] == "2022-01-25" and meta["DC.type"] == "presentation"
    assert meta["eprints.event_type"] == "Remarks" and meta["bib.presentedAt"].startswith("Virtual Summit")
    assert meta["og:url"] == "http://testserver" + JOINING_HANDS and meta["citation_public_url"] == JOINING_HANDS_CITED
    forcing = {"citation_journal_title", "citation_conference_title", "citation_conference", "citation_book_title",
               "citation_inbook_title", "citation_dissertation_institution"}
    assert not forcing & set(meta)


def test_a_date_known_to_the_year_is_written_as_the_year(client, seed_documents):
    parser = page_metadata(client, "/d/wm7v8ets/developing-the-china-central-asia-spirit-for-high-quality-development-of/")
    meta = dict(parser.meta)
    assert meta["citation_date"] == "2025" and meta["DC.date"] == "2025"
    assert meta["eprints.event_location"] == "Astana, Kazakhstan"
    assert parser.json_ld[0]["datePublished"] == "2025"
    page = client.get("/d/wm7v8ets/developing-the-china-central-asia-spirit-for-high-quality-development-of/").text
    assert '<time datetime="2025">2025</time>' in page
    assert '<time datetime="2025">2025</time>' in client.get("/").text


def test_an_organisation_keeps_its_whole_name_in_every_output(client, db):
    ministry = make_person("Ministry of Foreign Affairs")
    document = make_document(title="Statement", kind="statement", speakers=[ministry])
    meta = dict(page_metadata(client, document.get_absolute_url()).meta)
    assert meta["citation_author"] == "Ministry of Foreign Affairs,"  # Zotero keeps a comma'd name whole
    item = json.loads(client.get(f"/d/{document.public_id}/cite/csl-json/").content)[0]
    assert item["author"] == [{"literal": "Ministry of Foreign Affairs"}]
    assert rispy.loads(client.get(f"/d/{document.public_id}/cite/ris/").content.decode())[0]["authors"] == [
        "Ministry of Foreign Affairs"]
    entry = bibtexparser.parse_string(client.get(f"/d/{document.public_id}/cite/bibtex/").content.decode()).entries[0]
    assert entry["author"] == "{Ministry of Foreign Affairs}"


def test_json_ld_names_the_author_the_date_and_the_event_delivered_at(client, seed_documents):
    data = page_metadata(client, JOINING_HANDS).json_ld[0]
    assert data["@type"] == "CreativeWork" and data["name"] == "Joining Hands for a Shared Future"
    assert data["author"] == [{"@type": "Person", "name": "Xi Jinping", "familyName": "Xi", "givenName": "Jinping"}]
    assert data["datePublished"] == "2022-01-25" and "translationOfWork" not in data and "about" not in data
    assert data["recordedAt"]["@type"] == "Event" and data["recordedAt"]["name"].startswith("Virtual Summit")
    podcast = page_metadata(client, "/d/wqvet5df/stories-of-xi-jinping-podcast-episode/").json_ld[0]
    assert podcast["author"] == [{"@type": "Organization", "name": "CGTN"}] and podcast["@type"] == "PodcastEpisode"


def test_descriptions_skip_salutations(client, seed_documents):
    meta = dict(page_metadata(client, JOINING_HANDS).meta)
    assert meta["description"].startswith("The Chinese people often say")
    assert meta["og:description"] == meta["description"]


@pytest.mark.parametrize("kind", Document.Kind.values)
def test_every_kind_is_typed_as_its_table_row_says(client, db, kind):
    types = item_types(kind)
    document = make_document(kind=kind, event="Summit", source_publisher="Xinhua")
    meta = dict(page_metadata(client, document.get_absolute_url()).meta)
    if types.zotero == "report":  # the Highwire report tag types it; DC.type says which kind of report
        assert (meta["citation_technical_report_institution"], meta["DC.type"]) == ("Xinhua", "Press release")
    else:
        assert meta["DC.type"] == types.zotero
    assert json.loads(client.get(f"/d/{document.public_id}/cite/csl-json/").content)[0]["type"] == types.csl
    assert rispy.loads(client.get(f"/d/{document.public_id}/cite/ris/").content.decode())[0][
        "type_of_reference"] == types.ris
    bib = bibtexparser.parse_string(client.get(f"/d/{document.public_id}/cite/bibtex/").content.decode())
    assert bib.entries[0].entry_type == types.bibtex


def test_json_ld_cannot_be_broken_out_of(client, db):
    document = make_document(title="</script><script>alert(1)</script>")
    page = client.get(document.get_absolute_url()).text
    assert "</script><script>alert(1)" not in page
    assert "\\u003C/script\\u003E" in page


def test_citation_html_is_sanitised(client, db):
    document = make_document(title='Title <img src=x onerror="alert(1)">')
    cite_box = client.get(document.get_absolute_url()).text.split('id="cite"')[1]
    assert "<img" not in cite_box and "&lt;img src=x" in cite_box


def test_plain_text_and_markdown_downloads(client, seed_documents):
    text = client.get("/d/stx5jr9c/download/txt/")
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    body = text.content.decode()
    assert body.startswith("Joining Hands for a Shared Future\nXi Jinping, President of the People’s Republic of China\n")
    assert "Cite as: Xi, Jinping. 2022." in body and "\n\nDear Colleagues,\n\nFriends,\n\n" in body
    markdown = client.get("/d/stx5jr9c/download/md/").content.decode()
    assert markdown.startswith("---\npublic_id: stx5jr9c\n") and "\n---\nDear Colleagues," in markdown


@pytest.mark.parametrize("url", ["/d/{id}/cite/bibtex/", "/d/{id}/cite/ris/", "/d/{id}/cite/csl-json/",
                                 "/d/{id}/download/txt/", "/d/{id}/download/md/", "/d/{id}/download/tei/"])
def test_drafts_have_no_citations_or_downloads(client, db, url):
    draft = make_document(title="Secret", status="draft")
    assert client.get(url.format(id=draft.public_id)).status_code == 404


def test_unknown_formats_are_404(client, seed_documents):
    assert client.get("/d/stx5jr9c/cite/docx/").status_code == 404
    assert client.get("/d/stx5jr9c/download/pdf/").status_code == 404


def test_print_stylesheet_puts_the_citation_first():
    stylesheet = Path(finders.find("css/archive.css")).read_text()
    print_rules = stylesheet.split("@media print")[1]
    assert ".cite { order: -1;" in print_rules and ".site-header" in print_rules


def test_written_documents_credit_authors_and_spoken_ones_speakers(client, seed_documents):
    release = client.get("/d/np3hjpzv/china-draws-blueprint-for-win-win-cooperation-with-its-neighbors/").text
    assert re.search(r"<dt>By</dt>\s*<dd><a href=\"/people/cgtn/\"><bdi>CGTN</bdi></a>, <bdi>issuer</bdi>", release)
    assert "<dt>Speaker</dt>" in client.get(JOINING_HANDS).text


@pytest.mark.parametrize("kind", [kind for kind, _ in Document.Kind.choices])
def test_a_paragraph_is_cited_alike_whatever_the_document_s_kind(client, db, kind):
    document = make_document(title="Remarks on peace", kind=kind, speakers=[make_person("Wang Yi")],
                             body="One.\n\nTwo.", date=datetime.date(2024, 3, 1))
    page = client.get(document.get_absolute_url(), {"cite": "p-2"}).text
    citations = re.findall(r'<p class="cite__text" id="citation-[a-z]+">(.*?)</p>', page, re.S)
    assert len(citations) == 3
    for citation in citations:  # the paragraph by its address, as for every other kind; no section of its own
        assert f"/d/{document.public_id}/#p-2" in citation and "aragraph 2" not in citation


def test_citations_rendered_at_once_by_many_threads_are_each_as_one_thread_renders_them():
    from concurrent.futures import ThreadPoolExecutor

    from speeches.citations.csl import formatted_citations

    def item(number, authors):
        found = {"id": f"d{number}", "type": "speech", "title": f"Statement number {number}", "genre": "Statement",
                 "archive": "Diplomatic Speech Archive", "URL": f"https://example.org/d/{number}",
                 "accessed": {"date-parts": [[2026, 12, 7]]}, "issued": {"date-parts": [[2024, 3, 2]]}}
        return {**found, "author": [{"family": "Lima", "given": "Ana"}]} if authors else found

    items = [item(number, authors=number % 2 == 0) for number in range(12)]
    alone = [[citation.text for citation in formatted_citations(each, [])] for each in items]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda each: [citation.text for citation in formatted_citations(each, [])],
                                 items * 3))
    assert together == alone * 3


def test_a_translator_standing_in_for_the_author_is_named_once_in_every_style():
    from speeches.citations.csl import formatted_citations

    item = {"id": "x", "type": "speech", "title": "Joint Statement", "genre": "Statement",
            "archive": "Diplomatic Speech Archive", "URL": "https://example.org/d/1",
            "accessed": {"date-parts": [[2026, 12, 7]]}, "issued": {"date-parts": [[2024, 3, 2]]},
            "translator": [{"literal": "Jane Roe"}]}
    texts = {citation.key: citation.text for citation in formatted_citations(item, [])}
    assert all(text.count("Jane Roe") == 1 and text.count("Joint Statement") == 1 for text in texts.values()), texts
