"""The research views of a search: timeline, concordance and export, on a real index through HTTP."""
import csv
import datetime
import io
import json
import re

import pytest
import yaml
from django.core.management import call_command

from speeches.models import Country, Document, DocumentText, count_words
from speeches.research import concordance as concordance_module
from speeches.research import timeline as timeline_module
from speeches.research.timeline import MONTH
from speeches.search import SearchCriteria, prepare

from tests.factories import make_document, make_person, make_venue
from .test_citation_clients import read_with_citation_js

ENGINES = ["whoosh", "opensearch"]

QUOTE = '"mutual benefit"'


@pytest.fixture
def archive(transactional_db):
    """Documents saying "mutual benefit" in 2015 and 2021, one undated, one not saying it, one draft."""
    amina, bakyt = make_person("Amina Tokayev"), make_person("Bakyt Rahmon")
    documents = {
        "first": make_document(
            "First", "Mutual benefit is our aim. We say it twice: mutual benefit.\n\nA second paragraph of words.",
            speakers=[amina], date=datetime.date(2015, 3, 1)),
        "later": make_document("Later", "Peace rests on trust and mutual benefit for every people.",
                               speakers=[bakyt], date=datetime.date(2021, 6, 10)),
        "silent": make_document("Silent", "Nothing about it is said here at all.", speakers=[amina],
                                date=datetime.date(2021, 7, 1)),
        "undated": make_document("Undated", "Mutual benefit, without a date."),
        "draft": make_document("Secret draft", "Mutual benefit mutual benefit mutual benefit.",
                               date=datetime.date(2021, 1, 5), status=Document.Status.DRAFT),
    }
    return documents


def test_a_timeline_counts_matches_and_the_archive_per_year(client, archive):
    data = client.get("/api/search/timeline/", {"q": QUOTE}).json()
    assert data["granularity"] == "year"
    assert (data["documents"], data["occurrences"], data["undated"], data["year_only"]) == (3, 4, 1, 0)
    periods = {period["period"]: period for period in data["periods"]}
    assert list(periods) == [str(year) for year in range(2015, 2022)]  # the years between too
    words = {name: archive[name].word_count for name in ("first", "later", "silent")}
    assert periods["2015"] == {"period": "2015", "documents": 1, "occurrences": 2, "archive_documents": 1,
                               "archive_words": words["first"]}
    # The draft says it three times in 2021: it is in neither the matches nor the archive's figures.
    assert periods["2021"] == {"period": "2021", "documents": 1, "occurrences": 1, "archive_documents": 2,
                               "archive_words": words["later"] + words["silent"]}
    assert periods["2018"]["archive_documents"] == 0
    assert data["first"]["document"]["id"] == archive["first"].public_id
    assert data["first"]["paragraph"] == "p-1" and data["first"]["url"].endswith("#p-1")
    assert data["latest"]["document"]["id"] == archive["later"].public_id
    assert [(entry["name"], entry["occurrences"]) for entry in data["top"]["speakers"]] == [
        ("Amina Tokayev", 2), ("Bakyt Rahmon", 1)]
    assert "Secret draft" not in json.dumps(data)


def test_who_says_it_most_is_ranked_by_occurrences_then_documents_then_name_in_every_group(client, transactional_db):
    kazakhstan, china = Country.objects.create(name="Kazakhstan"), Country.objects.create(name="China")
    hall = make_venue("Great Hall")
    often = make_document("Often", "Harbour, harbour, harbour.", speakers=[make_person("Zarina Often")],
                          venue=hall, event="Summit", kind=Document.Kind.INTERVIEW, date=datetime.date(2020, 1, 1))
    often.countries.set([china])
    zenith = make_venue("Zenith Hall")
    for letter in "LKJIHGFEDCBA":  # twelve speakers tied once each: the first nine by name are listed
        document = make_document(f"Once {letter}", "A harbour.", speakers=[make_person(f"{letter} Once")],
                                 date=datetime.date(2021, 1, 1), venue=zenith if letter in "ABC" else None)
        document.countries.set([kazakhstan])
    secret = make_document("Secret", "Harbour " * 9, speakers=[make_person("Aaron Secret")], venue=make_venue("Hidden"),
                           event="Secret talks", status=Document.Status.DRAFT, date=datetime.date(2021, 1, 1))
    secret.countries.set([Country.objects.create(name="Atlantis")])

    top = client.get("/api/search/timeline/", {"q": "harbour"}).json()["top"]
    assert [(entry["name"], entry["occurrences"], entry["documents"]) for entry in top["speakers"]] == [
        ("Zarina Often", 3, 1)] + [(f"{letter} Once", 1, 1) for letter in "ABCDEFGHI"]
    assert [(entry["name"], entry["occurrences"], entry["documents"]) for entry in top["countries"]] == [
        ("Kazakhstan", 12, 12), ("China", 3, 1)]
    # Tied at 3 occurrences, the hall with more documents first, whatever their names.
    assert [(entry["name"], entry["occurrences"], entry["documents"]) for entry in top["venues"]] == [
        ("Zenith Hall", 3, 3), ("Great Hall", 3, 1)]
    assert top["venues"][1]["slug"] == hall.slug
    assert [(entry["slug"], entry["name"]) for entry in top["events"]] == [("summit", "Summit")]
    assert [(entry["name"], entry["occurrences"]) for entry in top["kinds"]] == [("Speech", 12), ("Interview", 3)]
    assert "Secret" not in json.dumps(top) and "Atlantis" not in json.dumps(top)


def test_a_word_or_phrase_asked_for_twice_is_counted_once(client, archive):
    once = client.get("/api/search/timeline/", {"q": QUOTE}).json()
    twice = client.get("/api/search/timeline/", {"q": f"{QUOTE} OR ({QUOTE} benefit) -nothing"}).json()
    assert twice["occurrences"] == once["occurrences"] + 4  # the phrase once, and the word "benefit" 4 times
    concordance = client.get("/api/search/concordance/", {"q": f"{QUOTE} {QUOTE}"}).json()
    assert concordance["total"] == len(concordance["lines"]) == 4


def test_filters_apply_to_the_matches_and_to_what_they_are_divided_by(client, archive):
    data = client.get("/api/search/timeline/", {"q": "benefit OR nothing", "speaker": "amina-tokayev"}).json()
    assert [period["period"] for period in data["periods"]] == [str(year) for year in range(2015, 2022)]
    assert [period["archive_documents"] for period in data["periods"]] == [1, 0, 0, 0, 0, 0, 1]
    assert data["periods"][-1]["archive_words"] == archive["silent"].word_count


def test_matches_within_three_years_are_counted_by_month(client, archive):
    data = client.get("/api/search/timeline/", {"q": QUOTE, "date_from": "2020-01-01"}).json()
    assert data["granularity"] == "month"
    assert [period["period"] for period in data["periods"]] == ["2021-06"]
    assert MONTH.labels([(2021, 2), (2020, 11)]) == ["2020-11", "2020-12", "2021-01", "2021-02"]


def test_a_document_dated_on_the_last_day_there_is_has_a_timeline_of_one_month(client, archive):
    # As text "10000-01" came before "9999-12": the months ran on to 99989-12 (a million rows, 113 MB).
    placeholder = make_document("Placeholder date", "Only here: quuxplaceholder.", date=datetime.date(9999, 12, 31))
    data = client.get("/api/search/timeline/", {"q": "quuxplaceholder"}).json()
    assert data["granularity"] == "month"
    assert [(period["period"], period["documents"]) for period in data["periods"]] == [("9999-12", 1)]
    assert data["latest"]["document"]["id"] == placeholder.public_id
    answer = client.get("/search/timeline/", {"q": "quuxplaceholder", "format": "csv"})
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert [row[0] for row in rows] == ["period", "9999-12"]


def test_matches_over_centuries_are_counted_by_decade_or_century_never_by_thousands_of_years(client, archive):
    make_document("Year 999", "Mutual benefit in 999.", date=datetime.date(999, 6, 1))
    data = client.get("/api/search/timeline/", {"q": QUOTE}).json()
    # 999 to 2021 by year would be 1,023 periods (and, ordered as text, "999" came after "2021": none at all).
    assert data["granularity"] == "decade"
    assert [period["period"] for period in data["periods"]] == [f"{decade}0s" for decade in range(99, 203)]
    figures = {period["period"]: (period["documents"], period["archive_documents"]) for period in data["periods"]}
    assert (figures["990s"], figures["2010s"], figures["2020s"]) == ((1, 1), (1, 1), (1, 2))

    make_document("Placeholder", "Mutual benefit, some day.", date=datetime.date(9999, 12, 31))
    page = client.get("/search/timeline/", {"q": [QUOTE, "benefit"]})
    assert page.status_code == 200 and "counted by century over the same centuries" in page.text
    data = client.get("/api/search/timeline/", {"q": QUOTE}).json()
    assert data["granularity"] == "century" and len(data["periods"]) == 91  # the 900s to the 9900s
    assert (data["periods"][0]["period"], data["periods"][-1]["period"]) == ("900s", "9900s")
    assert "Per century" in client.get("/search/timeline/", {"q": QUOTE}).text


@pytest.mark.parametrize("first_asked", [(50, 1_000), (1, 2, 3)])  # (1, 2, 3): found among ids asked for again
def test_a_document_known_only_to_the_year_is_not_first_or_latest_ahead_of_one_it_may_follow(
        client, archive, monkeypatch, first_asked):
    monkeypatch.setattr(timeline_module, "FIRST_ASKED", first_asked)
    make_document("Some time in 2021", "Mutual benefit, in a year.", date=datetime.date(2021, 1, 1),
                  date_precision=Document.DatePrecision.YEAR)
    make_document("September", "Mutual benefit in September.", date=datetime.date(2021, 9, 1),
                  date_precision=Document.DatePrecision.MONTH)
    data = client.get("/api/search/timeline/", {"q": QUOTE, "date_from": "2020-01-01"}).json()
    assert data["granularity"] == "month" and (data["year_only"], data["undated"]) == (1, 0)  # in no month
    page = client.get("/search/timeline/", {"q": QUOTE, "date_from": "2020-01-01"}).text
    assert "1 matching document dated by year only is in no month." in page and "undated" not in page.split("lede")[1][:300]
    assert data["first"]["document"]["id"] == archive["later"].public_id  # 10 June 2021, not "2021"
    assert data["latest"]["document"]["title"] == "September"


def test_the_first_and_latest_use_link_to_the_text_that_says_it(client, archive):
    translated = make_document("Translated", "互利共赢。", language="zh-Hans", date=datetime.date(2024, 5, 1))
    DocumentText.objects.create(document=translated, language="en", role="official-translation",
                                body="Of no concern.\n\nMutual benefit and win-win.")
    data = client.get("/api/search/timeline/", {"q": QUOTE}).json()
    assert data["latest"]["document"]["id"] == translated.public_id
    assert data["latest"]["url"].endswith(f"{translated.get_absolute_url()}?lang=en&hl=%22mutual%20benefit%22#p-2")
    assert data["first"]["url"].endswith(f"{archive['first'].get_absolute_url()}?hl=%22mutual%20benefit%22#p-1")


def test_the_first_and_latest_use_in_headings_only_link_to_the_text_whose_headings_say_it(client, archive):
    # As the concordance links the same occurrences: the text that says it, the query marked.
    translated = make_document("Address to the joint commission", "Of no concern.", date=datetime.date(1990, 1, 1))
    DocumentText.objects.create(document=translated, language="fr", role="unofficial-translation",
                                title="Discours à la Commission maritime mixte", body="Rien de plus.",
                                translator="Claire Dubois")
    for query, marked in (('"Commission maritime mixte"', "%22Commission%20maritime%20mixte%22"),
                          ("Dubois", "Dubois")):
        data = client.get("/api/search/timeline/", {"q": query}).json()
        line = client.get("/api/search/concordance/", {"q": query}).json()["lines"][0]
        expected = f"{translated.get_absolute_url()}?lang=fr&hl={marked}"
        assert data["first"]["url"].endswith(expected) and line["url"].endswith(expected)
        assert data["latest"]["url"] == data["first"]["url"] and data["first"]["paragraph"] is None
    titled = make_document("Maritime destiny", "Of no concern.", date=datetime.date(2030, 1, 1))
    data = client.get("/api/search/timeline/", {"q": "destiny"}).json()
    assert data["first"]["url"].endswith(f"{titled.get_absolute_url()}?hl=destiny")


def test_the_timeline_page_draws_its_chart_and_tables_and_offers_csv(client, archive):
    page = client.get("/search/timeline/", {"q": QUOTE, "measure": "share"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and 'role="img"' in html and "<table" in html
    assert "First said" in html and archive["first"].get_absolute_url() + "?hl=%22mutual%20benefit%22#p-1" in html
    assert 'aria-current="page"' in html and "Secret draft" not in html
    rows = list(csv.reader(io.StringIO(client.get("/search/timeline/", {"q": QUOTE, "format": "csv"}).content.decode())))
    assert rows[0][:5] == ["period", "documents", "occurrences", "archive_documents", "archive_words"]
    assert rows[1][:3] == ["2015", "1", "2"] and len(rows) == 8


def test_bad_timeline_and_concordance_requests_are_400s(client, archive):
    assert client.get("/api/search/concordance/").status_code == 400
    assert client.get("/api/search/concordance/", {"q": "benefit", "order": "sideways"}).status_code == 400
    assert client.get("/search/timeline/", {"date_from": "2021-13-45"}).status_code == 400
    assert client.get("/search/concordance/", {"year": "soon"}).status_code == 400
    assert client.get("/search/export/", {"q": "x", "format": "docx"}).status_code == 400


def test_a_concordance_lines_up_every_occurrence_with_its_context(client, archive):
    data = client.get("/api/search/concordance/", {"q": "benefit"}).json()
    assert (data["total"], data["complete"]) == (4, True)
    lines = data["lines"]
    assert [line["document"]["id"] for line in lines] == [archive[name].public_id for name in
                                                          ("first", "first", "later", "undated")]
    assert lines[0] == {**lines[0], "left": "Mutual ", "match": "benefit", "right": " is our aim. We say it twice: mutual"}
    assert lines[1]["left"] == "is our aim. We say it twice: mutual " and lines[1]["right"] == "."  # eight words at most
    assert lines[2]["left"] == "Peace rests on trust and mutual " and lines[2]["right"] == " for every people."
    assert lines[0]["url"].endswith(f"{archive['first'].get_absolute_url()}?hl=benefit#p-1")
    assert "Secret draft" not in json.dumps(data)


def test_a_concordance_line_keeps_the_signs_and_brackets_its_context_words_touch(client, db):
    make_document("Trade", "Торговля сократилась на -10 процентов (за год), звоните (+86 10 6596 1114) сегодня.")
    call_command("update_index", verbosity=0)
    [line] = client.get("/api/search/concordance/", {"q": "процентов"}).json()["lines"]
    assert (line["left"], line["right"]) == ("Торговля сократилась на -10 ", " (за год), звоните (+86 10 6596 1114) сегодня.")
    [line] = client.get("/api/search/concordance/", {"q": "звоните"}).json()["lines"]
    assert (line["left"], line["right"]) == ("Торговля сократилась на -10 процентов (за год), ", " (+86 10 6596 1114) сегодня.")


@pytest.mark.parametrize("order, expected", [
    # By the word just left of the match, then the one before it: "mutual" each time, then
    # nothing, nothing, "and", "twice".
    ("left", ["Mutual ", "Mutual ", "Peace rests on trust and mutual ", "is our aim. We say it twice: mutual "]),
    # By the word just right: none, "for", "is", "without".
    ("right", [".", " for every people.", " is our aim. We say it twice: mutual", ", without a date."]),
])
def test_concordance_lines_sort_by_the_words_beside_the_match(client, archive, order, expected):
    lines = client.get("/api/search/concordance/", {"q": "benefit", "order": order}).json()["lines"]
    assert [line[order] for line in lines] == expected


def test_concordance_by_speaker_and_newest_first(client, archive):
    by_speaker = client.get("/api/search/concordance/", {"q": "benefit", "order": "speaker"}).json()["lines"]
    assert [line["document"]["speakers"][0]["name"] if line["document"]["speakers"] else None
            for line in by_speaker] == ["Amina Tokayev", "Amina Tokayev", "Bakyt Rahmon", None]
    newest = client.get("/api/search/concordance/", {"q": "benefit", "order": "newest"}).json()["lines"]
    assert newest[0]["document"]["id"] == archive["later"].public_id


@pytest.mark.parametrize("first_ids", [500, 1])
def test_concordance_date_orders_agree_with_the_timeline_s_first_and_latest_use(client, transactional_db,
                                                                                 monkeypatch, first_ids):
    # Stored as 1 January 1998, "1998" may be December: it comes after 12 March 1998 (PartialDate.first_order),
    # and newest first after 1 January 1998, known to the day (latest_order); however many ids are read first.
    monkeypatch.setattr(concordance_module, "FIRST_IDS", first_ids)
    year_only = make_document("In 1998", "A common maritime destiny.", date=datetime.date(1998, 1, 1),
                              date_precision=Document.DatePrecision.YEAR)
    new_year = make_document("New Year's Day", "A common maritime destiny.", date=datetime.date(1998, 1, 1))
    march = make_document("In March", "A common maritime destiny.", date=datetime.date(1998, 3, 12))
    query = {"q": '"common maritime destiny"'}
    timeline = client.get("/api/search/timeline/", query).json()
    oldest = client.get("/api/search/concordance/", {**query, "order": "date"}).json()["lines"]
    newest = client.get("/api/search/concordance/", {**query, "order": "newest"}).json()["lines"]
    assert [line["document"]["id"] for line in oldest] == [new_year.public_id, march.public_id, year_only.public_id]
    assert [line["document"]["id"] for line in newest] == [march.public_id, new_year.public_id, year_only.public_id]
    assert timeline["first"]["document"]["id"] == oldest[0]["document"]["id"]
    assert timeline["latest"]["document"]["id"] == newest[0]["document"]["id"]


def test_concordance_by_speaker_orders_names_as_lists_do_accents_set_aside(client, db):
    for name in ["Анна Петрова", "Élise Martin", "Li Wei", "Karim Nasser", "Diego Ruiz", "Amara Diallo"]:
        make_document(f"Statement of {name}", "The delegation agreed.", speakers=[make_person(name)])
    call_command("update_index", verbosity=0)
    lines = client.get("/api/search/concordance/", {"q": "delegation", "order": "speaker"}).json()["lines"]
    assert [line["document"]["speakers"][0]["name"] for line in lines] == [
        "Amara Diallo", "Diego Ruiz", "Élise Martin", "Karim Nasser", "Li Wei", "Анна Петрова"]


def test_a_concordance_line_says_the_language_of_its_text_in_the_api_as_in_the_csv(client, archive):
    translated = make_document("Translated", "互利共赢。", language="zh-Hans", date=datetime.date(2024, 5, 1))
    DocumentText.objects.create(document=translated, language="en", role="official-translation",
                                body="Mutual benefit and win-win.")
    call_command("update_index", verbosity=0)
    lines = client.get("/api/search/concordance/", {"q": "benefit"}).json()["lines"]
    rows = list(csv.DictReader(io.StringIO(client.get("/search/concordance/", {"q": "benefit", "format": "csv"}).text)))
    assert [line["language"] for line in lines] == [row["language"] for row in rows] == ["en"] * 5
    assert translated.public_id in {line["document"]["id"] for line in lines}  # its English text's line, not zh-Hans
    schema = yaml.safe_load(client.get("/api/schema/").content)
    assert "language" in schema["components"]["schemas"]["ConcordanceLine"]["required"]


def test_a_concordance_past_its_bound_says_how_many_there_are(client, archive, monkeypatch):
    monkeypatch.setattr(concordance_module, "MOST_LINES", 2)
    data = client.get("/api/search/concordance/", {"q": "benefit", "order": "left"}).json()
    assert len(data["lines"]) == 2 and not data["complete"] and data["total"] == 4
    assert any("Showing 2 of 4" in notice and "sorted by the word to the left" in notice for notice in data["notices"])
    page = client.get("/search/concordance/", {"q": "benefit"}).content.decode()
    assert "Showing 2 of 4 occurrences" in page


def test_the_concordance_page_and_its_csv(client, archive):
    html = client.get("/search/concordance/", {"q": "benefit", "order": "right"}).content.decode()
    assert 'class="kwic"' in html and html.count('class="kwic__match"') == 5  # the header and 4 lines
    rows = list(csv.reader(io.StringIO(client.get("/search/concordance/", {"q": "benefit", "format": "csv"}).content.decode())))
    assert rows[0] == ["left", "match", "right", "document", "title", "date", "speakers", "language", "paragraph", "url"]
    assert len(rows) == 5 and rows[1][1] == "benefit" and rows[1][7:9] == ["en", "p-1"]


def export(client, format, **params):
    response = client.get("/search/export/", {"q": QUOTE, "format": format, **params})
    assert response.status_code == 200 and response.streaming
    return response, b"".join(response.streaming_content).decode()


def test_an_export_holds_every_published_match_with_its_matching_paragraphs(client, archive):
    response, text = export(client, "csv", sort="oldest")
    assert response["Content-Disposition"] == 'attachment; filename="search-export.csv"'
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["title"] for row in rows] == ["First", "Later", "Undated"]
    assert rows[0]["matching_paragraphs"] == "p-1" and rows[0]["speakers"] == "Amina Tokayev"
    assert rows[0]["matching_text"] == "[p-1] Mutual benefit is our aim. We say it twice: mutual benefit."
    _, lines = export(client, "jsonl", sort="oldest")
    records = [json.loads(line) for line in lines.splitlines()]
    assert [record["title"] for record in records] == ["First", "Later", "Undated"]
    assert records[1]["paragraphs"] == [{"anchor": "p-1", "language": "",
                                         "url": f"http://testserver{archive['later'].get_absolute_url()}#p-1",
                                         "text": "Peace rests on trust and mutual benefit for every people."}]
    assert "Secret draft" not in text + lines


@pytest.mark.parametrize("format, reader", [("ris", "@ris/file"), ("bibtex", "@bibtex/text"),
                                            ("csl-json", "@csl/list+object")])
def test_reference_managers_read_an_exported_set_whole(client, archive, format, reader):
    _, text = export(client, format, sort="oldest")
    items = read_with_citation_js(reader, text)["items"]
    assert [item["title"] for item in items] == ["First", "Later", "Undated"]
    assert items[0]["URL"] == f"http://testserver/d/{archive['first'].public_id}/"


def test_a_spreadsheet_never_runs_a_cell_as_a_formula(client, transactional_db):
    make_document("=HYPERLINK(\"http://evil\")", "Mutual benefit, said plainly.")
    _, text = export(client, "csv")
    assert next(csv.DictReader(io.StringIO(text)))["title"] == "'=HYPERLINK(\"http://evil\")"
    _, lines = export(client, "jsonl")
    assert json.loads(lines)["title"] == "=HYPERLINK(\"http://evil\")"  # JSON keeps it exactly


def test_a_spreadsheet_splitting_a_list_at_its_separator_never_runs_a_name_as_a_formula(client, transactional_db):
    speakers = [make_person("Anna Kowalska"), make_person("=1+1"), make_person("@SUM(1+1)")]
    make_document("Cooperation", "Mutual benefit, said plainly.", speakers=speakers)
    _, text = export(client, "csv")
    assert next(csv.DictReader(io.StringIO(text)))["speakers"] == "Anna Kowalska; '=1+1; '@SUM(1+1)"
    _, lines = export(client, "jsonl")
    assert [speaker["name"] for speaker in json.loads(lines)["speakers"]] == ["Anna Kowalska", "=1+1", "@SUM(1+1)"]


def test_exports_are_bounded_and_rate_limited(client, archive, settings, monkeypatch):
    monkeypatch.setattr("speeches.web.downloads.MOST_EXPORTED", 2)
    response, text = export(client, "jsonl")
    assert len(text.splitlines()) == 2 and response["X-Total-Count"] == "3"
    settings.RATELIMIT_ENABLE, settings.EXPORT_RATE_LIMIT = True, "2/h"
    assert [client.get("/search/export/", {"q": QUOTE, "format": "csv"}).status_code for _ in range(3)] == [200, 200, 429]
    refused = client.get("/search/export/", {"q": QUOTE, "format": "ris"})
    assert refused.status_code == 429 and "Too many exports" in refused.content.decode()
    assert "limited to 2 an hour per visitor" in client.get("/search/export/", {"q": QUOTE}).content.decode()


def test_the_results_page_links_each_view_of_the_search(client, archive):
    html = client.get("/search/", {"q": QUOTE, "speaker": "amina-tokayev"}).content.decode()
    for path in ("/search/timeline/", "/search/concordance/", "/search/export/"):
        assert f'href="{path}?q=%22mutual+benefit%22&amp;speaker=amina-tokayev"' in html


def test_the_api_exports_a_result_set_as_the_page_does(client, archive, settings):
    response = client.get("/api/search/export/", {"q": QUOTE, "format": "csl-json", "sort": "oldest"},
                          HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    items = json.loads(b"".join(response.streaming_content))
    assert [item["title"] for item in items] == ["First", "Later", "Undated"]
    assert client.get("/api/search/export/", {"q": QUOTE, "format": "pdf"}).json() == {
        "format": ["format must be one of: csv, jsonl, ris, bibtex, csl-json."]}
    settings.RATELIMIT_ENABLE, settings.EXPORT_RATE_LIMIT = True, "1/h"
    assert client.get("/api/search/export/", {"q": QUOTE, "format": "ris"}).status_code == 200
    refused = client.get("/api/search/export/", {"q": QUOTE, "format": "ris"})
    assert refused.status_code == 429 and "Too many exports" in refused.json()["detail"] and refused["Retry-After"]


def test_the_concordance_page_shows_its_lines_a_page_at_a_time(client, archive, monkeypatch):
    monkeypatch.setattr("speeches.web.research.PAGE_LINES", 3)
    first = client.get("/search/concordance/", {"q": "benefit"}).content.decode()
    assert first.count('class="kwic__match"') == 1 + 3 and "lines 1–3" in first
    assert 'rel="next" href="?q=benefit&amp;order=date&amp;page=2"' in first and 'rel="prev"' not in first
    second = client.get("/search/concordance/", {"q": "benefit", "page": "2"}).content.decode()
    assert second.count('class="kwic__match"') == 1 + 1 and "lines 4–4" in second and 'rel="next"' not in second
    assert client.get("/search/concordance/", {"q": "benefit", "page": "99"}).content.decode() == second
    assert client.get("/search/concordance/", {"q": "benefit", "page": "x"}).status_code == 200


def test_a_concordance_gives_one_total_on_every_page_the_timeline_s_with_headings_as_lines(client, archive,
                                                                                             monkeypatch):
    monkeypatch.setattr("speeches.web.research.PAGE_LINES", 2)
    titled = make_document("On mutual benefit", "Mutual benefit in the body.", date=datetime.date(2016, 1, 1),
                           speakers=[(make_person("Chen Mutual"), "Envoy for mutual benefit")], event="Benefit Forum")
    DocumentText.objects.create(document=titled, language="fr", role="unofficial-translation",
                                title="Du bénéfice mutuel", body="Rien de plus.", translator="Mutual Translations")
    call_command("update_index", verbosity=0)
    occurrences = client.get("/api/search/timeline/", {"q": "benefit"}).json()["occurrences"]
    for page in ("1", "2", "3", "4"):
        html = client.get("/search/concordance/", {"q": "benefit", "page": page}).content.decode()
        assert f"{occurrences} occurrences" in html, page
    api = client.get("/api/search/concordance/", {"q": "benefit"}).json()
    assert api["total"] == occurrences == len(api["lines"]) and api["complete"]
    headings = [line for line in api["lines"] if line["document"]["id"] == titled.public_id and not line["paragraph"]]
    assert [line["match"] for line in headings] == ["benefit", "benefit", "Benefit"]  # title, role, event
    monkeypatch.undo()
    page = client.get("/search/concordance/", {"q": "benefit"}).text
    assert page.count("· in its title or credits</span>") == 3  # its title, a role, its event
    assert headings[0]["url"].endswith(titled.get_absolute_url() + "?hl=benefit")
    mutual = client.get("/api/search/concordance/", {"q": "mutual"}).json()
    assert "Mutual" in {line["match"] for line in mutual["lines"] if line["right"].startswith(" Translations")}


def test_a_year_without_documents_has_no_share_and_no_rate(client, archive):
    # 2018 holds no document the filters allow: nothing to divide by, which is not 0%.
    html = client.get("/search/timeline/", {"q": QUOTE}).content.decode()
    assert '<th scope="row">2018</th><td>0</td><td>0</td><td>0</td><td>0</td><td>—</td><td>—</td>' in html
    assert '<th scope="row">2015</th><td>1</td><td>2</td><td>1</td>' in html and "100.0" in html
    rows = {row[0]: row for row in csv.reader(io.StringIO(
        client.get("/search/timeline/", {"q": QUOTE, "format": "csv"}).content.decode()))}
    assert rows["2018"][5:] == ["", ""] and rows["2015"][5] == "100.00"
    shares = client.get("/search/timeline/", {"q": QUOTE, "measure": "share"}).content.decode()
    assert shares.count('class="chart__bar"') == 2  # 2015 and 2021: the years with documents


@pytest.mark.parametrize("path", ["/search/timeline/", "/search/concordance/", "/search/export/"])
def test_the_header_search_box_holds_the_query_on_research_pages(client, archive, path):
    html = client.get(path, {"q": '"mutual benefit" <b>'}).content.decode()
    assert 'id="header-q" type="search" name="q" value="&quot;mutual benefit&quot; &lt;b&gt;"' in html


@pytest.mark.parametrize(("match", "head", "tail"), [
    ("worked to synergise with the cooperation", "worked to synergise with the", " cooperation"),
    ("السَّلَامُ", "السَّلَامُ", ""),  # never a letter parted from its vowel mark, nor Arabic letters unjoined
    ("réconciliation", "réconciliation", ""),
    ("亲诚惠容理念", "亲诚惠容", "理念"),
])
def test_a_long_match_is_shortened_only_where_it_can_be_cut(match, head, tail):
    from speeches.templatetags.concordance import head_and_tail

    assert head_and_tail(match) == (head, tail)


def test_an_arabic_match_stays_one_word_in_the_concordance(client, transactional_db):
    make_document(title="Arabic test", language="ar", body="نحن نؤمن بأن السَّلَامُ عَلَيْكُمْ هو أساس.")
    page = client.get("/search/concordance/", {"q": "السلام"}).text
    assert '<span class="kwic__head">السَّلَامُ</span><span class="kwic__tail"></span>' in page
    # The words after the match stand on its left: that cell is headed "After" for a screen reader.
    row = re.search(r'<tr class="kwic--rtl.*?</tr>', page).group()
    assert re.search(r'<td class="kwic__left" headers="kwic-after"[^>]*><span> عَلَيْكُمْ هو أساس.</span>', row)
    assert re.search(r'<td class="kwic__right" headers="kwic-before"[^>]*><span dir="rtl">نحن نؤمن بأن</span>', row)
    # Every line read right to left: the headings read so too, "After" on the left, "Before" on the right.
    headings = re.search(r"<thead>.*?</thead>", page, re.S).group()
    assert re.findall(r'id="(kwic-\w+)">(\w+)</th>', headings) == [("kwic-after", "After"), ("kwic-before", "Before")]
    make_document(title="English test", body="We hold that السلام is the ground.")
    call_command("update_index", verbosity=0)
    headings = re.search(r"<thead>.*?</thead>", client.get("/search/concordance/", {"q": "السلام"}).text, re.S).group()
    assert re.findall(r'id="(kwic-\w+)">(\w+)</th>', headings) == [("kwic-before", "Before"), ("kwic-after", "After")]


def test_a_timeline_whose_only_match_is_dated_by_year_counts_it_by_year(client, archive):
    # By month a date known only to the year is in no period: with nothing else to count, the months
    # had nothing to span (and the page answered 500).
    make_document("Some time in 2019", "Shared prosperity, in a year.", date=datetime.date(2019, 1, 1),
                  date_precision=Document.DatePrecision.YEAR)
    data = client.get("/api/search/timeline/", {"q": '"shared prosperity"'}).json()
    assert data["granularity"] == "year" and data["undated"] == 0
    assert [(period["period"], period["documents"]) for period in data["periods"]] == [("2019", 1)]


def test_queries_compared_are_counted_over_the_same_periods(client, archive):
    data = client.get("/api/search/timeline/", {"q": [QUOTE, "peace"]}).json()
    alone = client.get("/api/search/timeline/", {"q": QUOTE}).json()
    # "peace" alone is counted by month (its one match is of June 2021); beside the quote, by year.
    assert client.get("/api/search/timeline/", {"q": "peace"}).json()["granularity"] == "month"
    assert data["granularity"] == "year" and [timeline["query"] for timeline in data["timelines"]] == [QUOTE, "peace"]
    quote, peace = data["timelines"]
    assert quote == alone  # each as its own answer would be
    assert [period["period"] for period in peace["periods"]] == [str(year) for year in range(2015, 2022)]
    assert [period["documents"] for period in peace["periods"]] == [0, 0, 0, 0, 0, 0, 1]
    assert [period["archive_documents"] for period in peace["periods"]] == [1, 0, 0, 0, 0, 0, 2]
    assert peace["first"]["document"]["id"] == archive["later"].public_id and peace["occurrences"] == 1
    assert "Secret draft" not in json.dumps(data)  # its "mutual benefit" three times in 2021 counts nowhere


def test_each_query_compared_is_divided_by_its_own_filters_asked_of_the_index_once(client, archive, monkeypatch):
    from speeches.search.prepared_search import PreparedSearch

    asked = []
    filtered_ids = PreparedSearch.filtered_ids
    monkeypatch.setattr(PreparedSearch, "filtered_ids", lambda self: asked.append(self.criteria.q) or filtered_ids(self))
    data = client.get("/api/search/timeline/", {"q": [QUOTE, "benefit", "benefit speaker:amina-tokayev"]}).json()
    assert asked == ["benefit speaker:amina-tokayev"]  # the first two filter nothing: the database adds up all
    allowed = [[period["archive_documents"] for period in timeline["periods"]] for timeline in data["timelines"]]
    assert allowed[0] == allowed[1] == [1, 0, 0, 0, 0, 0, 2]
    assert allowed[2] == [1, 0, 0, 0, 0, 0, 1]  # Amina Tokayev's documents: "First" and "Silent"
    assert [timeline["documents"] for timeline in data["timelines"]] == [3, 3, 1]


def test_a_concordance_asks_for_more_ids_only_when_its_lines_need_them(client, archive, monkeypatch):
    from speeches.search.prepared_search import PreparedSearch

    monkeypatch.setattr(concordance_module, "FIRST_IDS", 1)
    asked = []
    ids = PreparedSearch.ids
    monkeypatch.setattr(PreparedSearch, "ids", lambda self, limit, sort=None: asked.append(limit) or ids(self, limit, sort))
    data = client.get("/api/search/concordance/", {"q": QUOTE}).json()
    assert data["total"] == len(data["lines"]) == 4 and asked == [1, concordance_module.MOST_DOCUMENTS]
    assert [line["document"]["id"] for line in data["lines"]] == [
        archive[name].public_id for name in ("first", "first", "later", "undated")]  # oldest first, undated last
    asked.clear()
    assert client.get("/api/search/concordance/", {"q": "trust"}).json()["total"] == 1 and asked == [1]


def test_what_the_filters_allow_is_counted_once_until_the_index_changes(client, archive, monkeypatch):
    from speeches.search.prepared_search import PreparedSearch

    asked = []
    filtered_ids = PreparedSearch.filtered_ids
    monkeypatch.setattr(PreparedSearch, "filtered_ids", lambda self: asked.append(self.criteria.q) or filtered_ids(self))
    since = {"date_from": "2010-01-01"}
    for query in (QUOTE, "benefit", "peace OR benefit"):
        periods = client.get("/api/search/timeline/", {"q": query, **since}).json()["periods"]
        assert periods[-1]["archive_documents"] == 2
    assert asked == [QUOTE]  # the same filters: counted once

    make_document("Another", "Nothing of the kind.", date=datetime.date(2021, 8, 1))  # a new index version
    periods = client.get("/api/search/timeline/", {"q": QUOTE, **since}).json()["periods"]
    assert periods[-1]["archive_documents"] == 3 and asked == [QUOTE, QUOTE]


@pytest.mark.parametrize("monthly", [False, True])
def test_with_no_filter_the_database_adds_up_every_published_document_as_the_index_would(archive, monthly):
    make_document("Some time in 2021", "Nothing.", date=datetime.date(2021, 1, 1),
                  date_precision=Document.DatePrecision.YEAR)
    granularity = timeline_module.MONTH if monthly else timeline_module.YEAR
    by_database = timeline_module.archive_periods(prepare(SearchCriteria(q=QUOTE)), granularity)
    # A filter that allows every dated document: its ids are asked of the index, their rows read.
    by_index = timeline_module.archive_periods(prepare(SearchCriteria(q=QUOTE, date_from=datetime.date(1, 1, 1))),
                                               granularity)
    assert by_database == by_index and by_database  # neither counts the draft
    assert sum(documents for documents, _ in by_database.values()) == (3 if monthly else 4)


def chart_lines(html):
    """Return ({line number: pixels aside}, {line number: its SVG}) of a comparison page's chart."""
    drawn = re.findall(r'<g class="chart__series chart__series--(\d)" transform="translate\((-?[\d.]+) 0\)">(.*?)</g>',
                       html, re.DOTALL)
    return {number: offset for number, offset, _ in drawn}, {number: svg for number, _, svg in drawn}


def test_the_comparison_page_draws_a_line_per_query_and_a_column_per_query(client, archive):
    page = client.get("/search/timeline/", {"q": [QUOTE, "peace"], "measure": "documents", "date_from": "2010-01-01"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<title>Timeline: &quot;mutual benefit&quot; vs peace ·" in html
    assert 'class="chart__bar"' not in html and 'aria-current="page"' not in html  # no bars, no one query's views
    offsets, lines = chart_lines(html)
    assert offsets == {"1": "-2.0", "2": "2.0"}  # each a little aside, so that equal figures do not hide another
    assert lines["1"].count('href="#marker-circle"') == 7 and lines["2"].count('href="#marker-square"') == 7
    assert lines["1"].count('class="chart__line"') == lines["2"].count('class="chart__line"') == 6
    assert 'stroke-dasharray="8 4"' in lines["2"] and "stroke-dasharray" not in lines["1"]
    assert "<title>peace, 2021: 1</title>" in lines["2"]
    # Its text: the key and caption say each line's look; the table gives every figure.
    assert "(solid line, circles)" in html and "(dashed line, squares)" in html
    assert re.search(r'<th scope="col" class="chart__series chart__series--2">.*?</svg> peace</th>', html)
    assert '<th scope="row">2015</th><td>1</td><td>0</td>' in html
    assert '<th scope="row">2021</th><td>1</td><td>1</td>' in html
    assert 'href="?q=peace&amp;date_from=2010-01-01">Its own timeline</a>' in html
    # The form holds the queries, then empty fields up to five, and carries the filter and the measure.
    assert re.findall(r'name="q" value="([^"]*)"', html)[1:] == ["&quot;mutual benefit&quot;", "peace", "", "", ""]
    assert '<input type="hidden" name="date_from" value="2010-01-01">' in html
    assert '<input type="hidden" name="measure" value="documents">' in html
    assert re.search(r"<details>\s*<summary>Change the queries compared \(up to 5\)</summary>", html)


def test_a_period_with_nothing_to_divide_by_breaks_a_compared_line(client, archive):
    html = client.get("/search/timeline/", {"q": [QUOTE, "peace"], "measure": "share"}).content.decode()
    _, lines = chart_lines(html)
    # 2016 to 2020 hold no document: a marker in 2015 and 2021 each, no line across the years between.
    assert lines["2"].count("<use ") == 2 and 'class="chart__line"' not in lines["2"]
    assert '<th scope="row">2018</th><td>—</td><td>—</td>' in html
    assert '<th scope="row">2021</th><td>50.0%</td><td>50.0%</td>' in html


def test_the_comparison_csv_has_a_row_per_query_and_period(client, archive):
    response = client.get("/search/timeline/", {"q": [QUOTE, "peace"], "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Disposition"].endswith('timeline-comparison.csv"')
    assert rows[0] == ["query", "period", "documents", "occurrences", "archive_documents", "archive_words",
                       "share_percent", "per_10k_words"]
    assert len(rows) == 1 + 2 * 7 and [row[0] for row in rows[1:]] == [QUOTE] * 7 + ["peace"] * 7
    assert rows[1][:4] == [QUOTE, "2015", "1", "2"] and rows[-1][:6] == [
        "peace", "2021", "1", "1", "2", str(archive["later"].word_count + archive["silent"].word_count)]
    assert rows[-2][6:] == ["", ""]  # 2020: nothing to divide by


def test_one_query_keeps_its_timeline_its_csv_and_its_answer(client, archive):
    html = client.get("/search/timeline/", {"q": QUOTE}).content.decode()
    assert html.count('class="chart__bar"') == 2 and 'class="chart__series' not in html
    assert "First said" in html and 'aria-current="page"' in html and "Who says it" in html
    assert re.search(r"<details>\s*<summary>Compare with other queries \(up to 5\)</summary>", html)  # closed
    assert re.findall(r'name="q" value="([^"]*)"', html)[1:] == ["&quot;mutual benefit&quot;", "", "", "", ""]
    rows = list(csv.reader(io.StringIO(client.get("/search/timeline/", {"q": QUOTE, "format": "csv"}).content.decode())))
    assert rows[0][0] == "period" and len(rows) == 8
    data = client.get("/api/search/timeline/", {"q": QUOTE}).json()
    assert "timelines" not in data and data["query"] == QUOTE
    # The form's empty fields are left out: a query and four empty fields are that query's timeline.
    assert client.get("/search/timeline/", {"q": ["", QUOTE, "", "", ""]}).content.decode().count(
        'class="chart__bar"') == 2


def test_more_than_five_queries_or_none_are_refused_and_nothing_typed_is_lost(client, archive):
    six = [f"word{number}" for number in range(6)]
    answer = client.get("/api/search/timeline/", {"q": six})
    assert answer.status_code == 400 and answer.json() == {"q": ["Compare at most 5 queries at once; 6 were given."]}
    page = client.get("/search/timeline/", {"q": six})
    html = page.content.decode()
    assert page.status_code == 400 and "Compare at most 5 queries at once; 6 were given." in html
    assert re.findall(r'name="q" value="([^"]*)"', html)[1:] == six
    # Five queries, and empty fields besides, are five.
    assert len(client.get("/api/search/timeline/", {"q": six[:5]}).json()["timelines"]) == 5
    assert client.get("/search/timeline/", {"q": [*six[:5], "", " "]}).status_code == 200
    # The form sent with every field empty; an API call with an empty q among others.
    empty = client.get("/search/timeline/", {"q": ["", "", "", "", ""]})
    assert empty.status_code == 400 and "Type at least one query" in empty.content.decode()
    assert client.get("/api/search/timeline/", {"q": [QUOTE, ""]}).json() == {
        "q": ["Every q must hold a query; one of them is empty."]}
    assert client.get("/api/search/timeline/", {"q": ""}).json()["query"] == ""  # as none: the whole archive's
    assert client.get("/search/timeline/").status_code == 200  # the page as first opened


def test_a_malformed_query_among_those_compared_is_named(client, archive):
    html = client.get("/search/timeline/", {"q": ['"mutual benefit', "peace"], "speaker": "nobody"}).content.decode()
    assert "Query 1 (&quot;mutual benefit): A quotation mark was not closed" in html
    assert "Query 2 (peace)" not in html
    assert html.count("There is no speaker “nobody” in the archive.") == 1  # the filter's, said once
    data = client.get("/api/search/timeline/", {"q": ['"mutual benefit', "peace"]}).json()
    assert data["timelines"][0]["notices"][0].startswith("A quotation mark was not closed")
    assert data["timelines"][1]["notices"] == []


def test_a_query_with_nothing_to_search_is_divided_by_what_its_filters_allow_as_any_other(client, archive):
    rows = list(csv.reader(io.StringIO(client.get("/search/timeline/", {"q": ["AND", "peace"], "format": "csv"}).text)))
    nothing, peace = [row for row in rows[1:] if row[0] == "AND"], [row for row in rows[1:] if row[0] == "peace"]
    assert [row[4:6] for row in nothing] == [row[4:6] for row in peace]  # the same archive documents and words
    assert {row[2] for row in nothing} == {"0"} and int(nothing[-1][4]) > 0  # not 0: the filters allow documents


def test_a_comparison_with_a_query_of_filters_alone_is_drawn_by_documents(client, archive):
    with_filters_alone = client.get("/search/timeline/", {"q": [QUOTE, "speaker:amina-tokayev"]}).text
    assert 'aria-current="true">Matching documents</a>' in with_filters_alone
    words_alone = client.get("/search/timeline/", {"q": [QUOTE, "peace"]}).text
    assert 'aria-current="true">Occurrences per 10,000 words</a>' in words_alone


def test_a_timeline_of_filters_alone_names_its_earliest_document_not_what_was_first_said(client, archive):
    page = client.get("/search/timeline/", {"q": ["", "", ""], "speaker": "amina-tokayev"}).text
    assert "<dt>Earliest document</dt>" in page and "<dt>Latest document</dt>" in page and "First said" not in page
    assert "<dt>First said</dt>" in client.get("/search/timeline/", {"q": QUOTE}).text


def test_the_api_gives_the_timeline_and_export_of_filters_alone_and_of_the_whole_archive(client, archive):
    data = client.get("/api/search/timeline/", {"speaker": "amina-tokayev"}).json()
    rows = list(csv.DictReader(io.StringIO(client.get("/search/timeline/", {"speaker": "amina-tokayev",
                                                                           "format": "csv"}).text)))
    assert data["query"] == "" and data["documents"] == sum(int(row["documents"]) for row in rows) > 0
    assert [(period["period"], period["documents"]) for period in data["periods"]] == [
        (row["period"], int(row["documents"])) for row in rows]
    exported = client.get("/api/search/export/", {"speaker": "amina-tokayev", "format": "csv"})
    assert exported.status_code == 200 and exported["X-Total-Count"] == str(data["documents"])
    archive_documents = Document.objects.published().count()  # neither query nor filter: the whole archive
    assert client.get("/api/search/timeline/").json()["documents"] == archive_documents > data["documents"]
    assert client.get("/api/search/export/", {"format": "csv"})["X-Total-Count"] == str(archive_documents)
    assert client.get("/api/search/concordance/", {"speaker": "amina-tokayev"}).status_code == 400  # lines of what?


def test_a_timeline_divides_by_the_words_of_every_text_as_it_counts_in_every_text(client, db):
    english = "Building a community with a shared future for mankind."
    document = make_document("Address", english, date=datetime.date(2013, 3, 23))
    original = DocumentText.objects.create(document=document, language="zh-Hans", role="original",
                                           body="构建人类命运共同体。")
    every_text = count_words(document.paragraphs) + count_words(original.paragraphs)
    document.refresh_from_db()
    assert document.words_in_every_text == every_text > count_words(document.paragraphs)
    call_command("update_index", verbosity=0)
    for params in ({"q": '"人类命运共同体"'}, {"q": '"人类命运共同体"', "lang": "zh"}):  # by the database, by the index
        period = client.get("/api/search/timeline/", params).json()["periods"][0]
        assert (period["period"], period["archive_words"]) == ("2013-03", every_text), params
    original.delete()
    document.refresh_from_db()
    assert document.words_in_every_text == count_words(document.paragraphs)
