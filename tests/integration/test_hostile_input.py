"""Findings of outside tests (issues 15, 25): input a stranger can send that must never take a page down."""
import json
import time

import pytest
import rispy
from django.utils.html import escape

from speeches import rendering
from speeches.importers.importing import import_paths
from speeches.models import Document

from tests.factories import make_document, make_person, make_region, make_venue

DEEP_NESTING = "(" * 320 + "a"
BALANCED_DEEP = "(" * 40 + "cooperation" + ")" * 40
NEGATIONS = "NOT " * 240 + "cooperation"
DOCUMENT = "/d/stx5jr9c/joining-hands-for-a-shared-future/"


NESTED_TOO_DEEP = "Parentheses nested more than 10 deep were ignored."
# Every surface that reads a query, and whether it can show a notice: a feed and a download carry none.
SEARCH_SURFACES = [("/search/", "q", True), ("/search/timeline/", "q", True), ("/search/concordance/", "q", True),
                   ("/api/search/", "q", True), ("/api/search/timeline/", "q", True),
                   ("/api/search/concordance/", "q", True), (DOCUMENT, "find", True), (DOCUMENT, "hl", False),
                   ("/search/export/", "q", False), ("/feeds/search/", "q", False)]


def body_of(response):
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


@pytest.mark.parametrize("query", [DEEP_NESTING, BALANCED_DEEP, NEGATIONS])
@pytest.mark.parametrize("url, parameter, shows_notices", SEARCH_SURFACES)
def test_deep_nesting_is_read_with_a_notice_on_every_search_surface(client, seed_documents, url, parameter,
                                                                     shows_notices, query):
    response = client.get(url, {parameter: query})
    assert response.status_code in {200, 404}  # a feed of a search with no result is still a feed
    text = body_of(response)
    if shows_notices:
        assert (NESTED_TOO_DEEP in text) == (query != NEGATIONS), text[:500]


@pytest.mark.parametrize("format", ["csv", "jsonl"])
def test_a_deep_query_is_exported_as_its_words(client, seed_documents, format):
    exported = body_of(client.get("/search/export/", {"q": BALANCED_DEEP, "format": format}))
    assert exported == body_of(client.get("/search/export/", {"q": "cooperation", "format": format}))


def test_a_balanced_deep_query_still_finds_its_words(client, seed_documents):
    data = client.get("/api/search/", {"q": BALANCED_DEEP}).json()
    assert data["count"] > 0 and data["notices"] == ["Parentheses nested more than 10 deep were ignored."]


@pytest.mark.parametrize("year", ["0", "10000", "99999999999999999999"])
def test_a_year_no_date_can_have_is_not_found(client, db, year):
    assert client.get(f"/years/{year}/").status_code == 404


@pytest.mark.parametrize("url", ["/search/", "/api/search/", "/feeds/search/", "/api/documents/"])
@pytest.mark.parametrize("dates", [{"date_from": "0001-01-01"}, {"date_to": "0099-12-31"},
                                   {"date_from": "0050-01-01", "date_to": "2030-01-01"}])
def test_dates_before_any_document_are_searched_not_failed(client, seed_documents, url, dates):
    params = {**dates} if url == "/api/documents/" else {"q": "cooperation", **dates}
    response = client.get(url, params)
    assert response.status_code in {200, 404}, response.content[:300]
    if url == "/api/search/":
        assert response.json()["count"] == (0 if "date_to" in dates and "date_from" not in dates else 4)


def test_a_line_break_in_a_field_cannot_end_a_ris_record(client, db):
    speaker = make_person("Smith\nER  - \nTY  - JOUR")
    document = make_document(title="Line one\r\nER  - \n\nTY  - JOUR\nTI  - Injected", event="Talks\u2028AU  - Nobody",
                             speakers=[speaker])
    records = rispy.loads(client.get(f"/d/{document.public_id}/cite/ris/").content.decode())
    assert len(records) == 1
    [record] = records
    assert record["title"] == "Line one ER - TY - JOUR TI - Injected"  # every run of spaces and breaks folded
    assert len(record["authors"]) == 1 and record["secondary_title"] == "Talks AU - Nobody"


@pytest.mark.parametrize("url, params", [
    ("/search/", {"q": "harbour", "speaker": "secret-envoy"}), ("/search/", {"q": "harbour speaker:secret-envoy"}),
    ("/search/", {"q": "harbour", "region": "secret-region"}), ("/search/", {"q": "harbour", "venue": "secret-palace"}),
    ("/api/search/", {"q": "harbour", "speaker": "secret-envoy"}), ("/api/documents/", {"region": "secret-region"}),
])
def test_notices_do_not_confirm_names_known_only_from_drafts(client, db, url, params):
    make_document(title="Public", body="The harbour.")
    make_document(title="Draft", body="The harbour.", status="draft", speakers=[make_person("Secret Envoy")],
                  regions=[make_region("Secret Region")], venue=make_venue("Secret Palace"))
    unknown = {**params, **{key: "never-heard-of" for key in params if key != "q"}}
    if params["q" if "q" in params else "region"].endswith("secret-envoy"):
        unknown["q"] = "harbour speaker:never-heard-of"
    assert client.get(url, params).text.replace("secret-envoy", "X").replace("secret-region", "X").replace(
        "secret-palace", "X") == client.get(url, unknown).text.replace("never-heard-of", "X")


DEEP_LIST = "".join("    " * level + "- item\n" for level in range(300))
DEEP_BRACKETS = "[" * 20_000 + "a" + "]" * 20_000
LIST_IN_LIST_ON_ONE_LINE = "- " * 500 + "item"
TOO_COSTLY = "would take too long to show"
# Each of these cost seconds (quadratic time) to render at 16 KB, and half a minute at 64 KB (issue 25).
COSTLY_BODIES = ["[a](" * 4_000, "![a](" * 3_300, '[a](b "x) ' * 1_600, "[a](<b " * 2_300, "*a*" * 5_500,
                 "\\a" * 5_500, "&amp;" * 3_300, "a  \n" * 4_000]


def post_new_document(admin_client, body):
    return admin_client.post("/admin/speeches/document/add/", {
        "title": "Hostile", "kind": "speech", "status": "draft", "date_precision": "day", "language": "en",
        "body": body, "speakers-TOTAL_FORMS": "0", "speakers-INITIAL_FORMS": "0"})


@pytest.mark.parametrize("body, message", [(DEEP_LIST, "nests lists or quotes 33 deep"),
                                           (LIST_IN_LIST_ON_ONE_LINE, "nests lists or quotes 500 deep"),
                                           (DEEP_BRACKETS, "Square brackets are nested more than 32 deep")])
def test_markdown_nested_too_deep_is_refused_with_a_reason(admin_client, body, message):
    preview = admin_client.post("/admin/speeches/document/preview/", {"body": body})
    assert preview.status_code == 400 and message in preview.json()["error"]
    form = post_new_document(admin_client, body)
    assert form.status_code == 200 and message in form.text


@pytest.mark.parametrize("body", COSTLY_BODIES)
def test_markdown_too_costly_to_render_is_refused_at_once_and_kept_in_the_form(admin_client, body):
    started = time.monotonic()
    preview = admin_client.post("/admin/speeches/document/preview/", {"body": body})
    assert preview.status_code == 400 and TOO_COSTLY in preview.json()["error"]
    assert "Split it into shorter paragraphs" in preview.json()["error"]
    form = post_new_document(admin_client, body)
    assert form.status_code == 200 and TOO_COSTLY in form.text
    assert escape(body[:200]) in form.text  # the editor's text is shown back, not lost
    assert time.monotonic() - started < 3
    assert not Document.objects.exists()


@pytest.mark.parametrize("body", ["Words.\n\n" * 10_001, "- item\n" * 10_001, "| a |\n|---|\n" + "| x |\n" * 10_001])
def test_a_body_of_too_many_paragraphs_items_or_rows_is_refused_with_the_reason_and_kept(admin_client, body):
    preview = admin_client.post("/admin/speeches/document/preview/", {"body": body})
    assert preview.status_code == 400 and "Split it into several documents" in preview.json()["error"]
    form = post_new_document(admin_client, body)
    assert form.status_code == 200 and "Split it into several documents" in form.text
    assert escape(body[:200]) in form.text
    assert not Document.objects.exists()


@pytest.mark.parametrize("line", ["# Heading\n", "***\n", "- - -\n", "Heading\n===\n", "Heading\n---\n"])
def test_a_body_of_too_many_headings_or_rules_is_refused_with_the_reason(admin_client, line):
    preview = admin_client.post("/admin/speeches/document/preview/", {"body": line * 1_001})
    assert preview.status_code == 400 and "at most 1,000 can be shown" in preview.json()["error"]


def test_a_body_of_many_paragraphs_within_the_bound_renders_whatever_blank_lines_part_them(admin_client):
    preview = admin_client.post("/admin/speeches/document/preview/", {"body": "Words.\n\n \n\n" * 9_990})
    assert preview.status_code == 200 and preview.json()["paragraphs"] == 9_990
    preview = admin_client.post("/admin/speeches/document/preview/", {"body": "# Part\n\nWords.\n\n" * 1_000})
    assert preview.status_code == 200 and preview.json()["paragraphs"] == 2_000  # a heading is a paragraph too


def test_a_document_rendered_before_a_bound_it_now_exceeds_is_saved_until_its_body_changes(db, monkeypatch):
    document = make_document(body="One.\n\nTwo.\n\nThree.", status=Document.Status.DRAFT)
    html = document.body_html
    monkeypatch.setattr(rendering, "MOST_BLOCKS", 2)  # as a bound added after it was written
    document.status = Document.Status.PUBLISHED
    document.save(update_fields=["status"])  # the publish action
    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED and document.body_html == html
    document.body += "\n\nFour."
    with pytest.raises(rendering.MarkdownTooComplex):
        document.save()


def test_a_long_speech_with_ordinary_formatting_still_renders(db):
    sentence = ("Trade between our [two countries](https://example.org/trade_2024?year=2024&kind=goods) grew "
                "by *35 per cent*, and the **container trains** of R&amp;D partners carry `more` each year. ")
    body = "\n\n".join(f"Point {number}: " + sentence * 11 for number in range(100))
    assert len(body) > 200_000
    document = make_document(body=body, status=Document.Status.DRAFT)
    assert len(document.paragraphs) == 100
    assert document.body_html.count('<a href="https://example.org/trade_2024?year=2024&amp;kind=goods"') == 1100


@pytest.mark.django_db(transaction=True)
def test_one_bad_record_never_stops_an_import_or_leaves_the_index_behind(client, tmp_path):
    records = [{"title": "Before", "body": "The amber caravans.", "status": "published"},
               {"title": "Deep", "body": DEEP_LIST, "status": "published"},
               {"title": "After", "body": "The amber harbour.", "status": "published"}]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    report = import_paths([path])
    assert [outcome.action for outcome in report.outcomes] == ["created", "error", "created"]
    assert "nests lists or quotes 33 deep" in report.outcomes[1].detail
    assert "2 documents found" in client.get("/search/", {"q": "amber"}).text
