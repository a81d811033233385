import datetime
import io

import pytest

from speeches.models import Document, Person, RetiredDocument
from speeches.public_ids import ALPHABET, LENGTH

from tests.factories import make_document, make_person

pytestmark = pytest.mark.django_db


def test_public_id_is_assigned_at_creation_and_never_changes():
    document = make_document(title="First title")
    public_id = document.public_id
    assert len(public_id) == LENGTH and set(public_id) <= set(ALPHABET)
    document.title, document.slug, document.date = "Corrected title", "", datetime.date(2020, 1, 1)
    document.save()
    document.refresh_from_db()
    assert document.public_id == public_id
    assert document.slug == "corrected-title"


def test_canonical_url_uses_public_id_and_slug():
    document = make_document(title="Joining Hands for a Shared Future")
    assert document.get_absolute_url() == f"/d/{document.public_id}/joining-hands-for-a-shared-future/"


def test_body_is_rendered_with_paragraph_anchors_on_save():
    document = make_document(body="First paragraph.\n\n― A bullet kept as a paragraph.\n\n- item one\n- item two")
    assert '<p id="p-1">First paragraph.</p>' in document.body_html
    assert '<p id="p-2">― A bullet kept as a paragraph.</p>' in document.body_html
    assert '<li id="p-4">item two</li>' in document.body_html
    assert [p["anchor"] for p in document.paragraphs] == ["p-1", "p-2", "p-3", "p-4"]


@pytest.mark.django_db(transaction=True)
def test_a_bodys_level_one_headings_are_anchored_paragraphs_below_the_pages_title(client):
    from tests.integration.test_admin import search_ids

    document = make_document(body="# Opening remarks alphaheading\n\nSetext betaheading\n===\n\nA paragraph.")
    assert '<h2 id="p-1">Opening remarks alphaheading</h2>' in document.body_html  # the page's h1 is the title
    assert '<h2 id="p-2">Setext betaheading</h2>' in document.body_html
    assert [paragraph["text"] for paragraph in document.paragraphs] == [
        "Opening remarks alphaheading", "Setext betaheading", "A paragraph."]
    for query in ("alphaheading", "betaheading"):
        assert search_ids(client, query) == {document.public_id}, query


@pytest.mark.django_db(transaction=True)
def test_render_bodies_anchors_the_headings_of_bodies_rendered_before_they_were_anchored(client):
    from django.core.management import call_command

    from speeches.models import DocumentText
    from tests.integration.test_admin import search_ids

    document = make_document(body="# Opening alphaheading\n\nA paragraph.\n\nThe year began.")
    text = DocumentText.objects.create(document=document, language="fr", role="original",
                                       body="Ouverture\n===\n\nUn paragraphe.\n\nL'année commença.")
    plain = make_document(body="Nothing to read again.")
    before = [{"anchor": "p-1", "text": "A paragraph."}, {"anchor": "p-2", "text": "The year began."}]
    Document.objects.filter(pk=document.pk).update(paragraphs=before, last_paragraph_number=2, word_count=5)
    DocumentText.objects.filter(pk=text.pk).update(paragraphs=before, last_paragraph_number=2)
    revisions = document.history.count()
    out = io.StringIO()
    call_command("render_bodies", stdout=out)
    assert "2 bodies rendered again" in out.getvalue()
    document.refresh_from_db()
    assert document.paragraphs == [{"anchor": "p-3", "text": "Opening alphaheading"}, *before]  # anchors kept
    assert document.word_count == 7 and document.history.count() == revisions  # no revision of its own
    text.refresh_from_db()
    assert text.paragraphs[0] == {"anchor": "p-3", "text": "Ouverture"}
    assert search_ids(client, "alphaheading") == {document.public_id}
    assert plain.paragraphs == Document.objects.get(pk=plain.pk).paragraphs


@pytest.mark.django_db(transaction=True)
def test_a_line_opening_with_a_year_is_a_paragraph_whose_first_word_is_the_year(client):
    from django.core.management import call_command

    from tests.integration.test_admin import search_ids

    body = "1991. Independence.\n1992. Admission to the UN.\n\n12. Decides to remain seized.\n\n1. A point\n    1993. its sub-point"
    document = make_document(body=body)
    assert [paragraph["text"] for paragraph in document.paragraphs] == [
        "1991. Independence.", "1992. Admission to the UN.",  # a chronology: a paragraph a year
        "12. Decides to remain seized.", "1. A point\n\n1993. its sub-point"]  # a resolution's points stay list items, numbered as written
    assert '<p id="p-1">1991. Independence.</p>' in document.body_html and '<ol start="12">' in document.body_html
    assert search_ids(client, "1991") == {document.public_id}

    # Rendered before, each year was a list's number: render_bodies makes it a word, the anchors kept.
    before = [{"anchor": "p-1", "text": "Independence."}, {"anchor": "p-2", "text": "Admission to the UN."},
              *document.paragraphs[2:]]
    Document.objects.filter(pk=document.pk).update(paragraphs=before, last_paragraph_number=4)
    call_command("render_bodies", stdout=io.StringIO())
    document.refresh_from_db()
    assert document.paragraphs[:2] == [{"anchor": "p-1", "text": "1991. Independence."},
                                       {"anchor": "p-2", "text": "1992. Admission to the UN."}]


def test_a_han_character_counts_as_a_word_and_counts_made_before_are_made_again():
    import importlib

    from django.apps import apps

    from speeches.models import IndexBacklog

    chinese = make_document(body="我们坚持亲诚惠容的周边外交理念。\n\nWe hold to amity, 3,300 km and 中国.")
    assert chinese.word_count == 15 + 8 + 2  # fifteen characters; We hold to amity 3 300 km and; 中 国
    english = make_document(body="Three plain words.")
    Document.objects.filter(pk=chinese.pk).update(word_count=8)  # as a run of characters was counted, one word
    migration = importlib.import_module("speeches.migrations.0032_han_characters_counted_as_words")
    IndexBacklog.objects.all().delete()
    migration.count_han_characters_as_words(apps, None)
    assert Document.objects.get(pk=chinese.pk).word_count == 25 and Document.objects.get(pk=english.pk).word_count == 3
    assert list(IndexBacklog.objects.values_list("document_id", flat=True)) == [chinese.pk]  # its views made again


@pytest.mark.django_db(transaction=True)
def test_an_email_address_written_as_a_link_is_read_as_written(client):
    from tests.integration.test_admin import search_ids

    document = make_document(body="Journalists may write to <press@example.org> for the full text.\n\n"
                                   "Or to <mailto:desk@example.org>.")
    assert [paragraph["text"] for paragraph in document.paragraphs] == [
        "Journalists may write to press@example.org for the full text.", "Or to desk@example.org."]
    assert '<a href="mailto:press@example.org"' in document.body_html  # still a link on the page
    assert search_ids(client, '"press@example.org"') == {document.public_id}
    tei = client.get(f"/d/{document.public_id}/download/tei/")
    assert tei.status_code == 200 and b"write to press@example.org for" in tei.content


def test_a_code_spans_characters_are_read_as_the_page_shows_them():
    document = make_document(body="Compare `a < b && c > d`.\n\n    x &amp; y")
    assert [paragraph["text"] for paragraph in document.paragraphs] == ["Compare a < b && c > d.", "x &amp; y"]


def test_paragraphs_stored_with_markdowns_placeholders_are_read_again_their_anchors_kept():
    import importlib

    from django.apps import apps

    from speeches.models import DocumentText, IndexBacklog

    document = make_document(body="Opening.\n\nWrite to <press@example.org> today.")
    text = DocumentText.objects.create(document=document, language="fr", role="original",
                                       body="Écrivez à <presse@example.org>.")
    plain = make_document(body="AT&amp;T and R&D, nothing to read again.")
    placeholders = "".join(f"\x02amp\x03#{ord(character)};" for character in "press@example.org")
    stored = [{"anchor": "p-1", "text": "Opening."}, {"anchor": "p-5", "text": f"Write to {placeholders} today."}]
    Document.objects.filter(pk=document.pk).update(paragraphs=stored, last_paragraph_number=5, word_count=1)
    DocumentText.objects.filter(pk=text.pk).update(paragraphs=[{"anchor": "p-2", "text": "Écrivez à \x02amp\x03#112;."}],
                                                   last_paragraph_number=2)
    IndexBacklog.objects.all().delete()
    migration = importlib.import_module("speeches.migrations.0039_paragraphs_read_as_shown")
    migration.render_again(apps, None)
    document.refresh_from_db()
    assert document.paragraphs == [{"anchor": "p-1", "text": "Opening."},
                                   {"anchor": "p-5", "text": "Write to press@example.org today."}]
    assert '<p id="p-5">' in document.body_html and document.last_paragraph_number == 5
    assert document.word_count == 7
    text.refresh_from_db()
    assert text.paragraphs == [{"anchor": "p-2", "text": "Écrivez à presse@example.org."}]
    assert list(IndexBacklog.objects.values_list("document_id", flat=True)) == [document.pk]
    assert Document.objects.get(pk=plain.pk).paragraphs == plain.paragraphs


TABLE = "Signed:\n\n| Année | Accords |\n| --- | --- |\n| 1964 | 1 |\n| 2024 | 3 299 |\n\nClosing."


def test_a_table_reads_a_row_a_line_and_its_tools_stand_in_its_caption(client):
    document = make_document(body=TABLE)
    assert [paragraph["text"] for paragraph in document.paragraphs] == [
        "Signed:", "Année | Accords\n1964 | 1\n2024 | 3 299", "Closing."]
    page = client.get(document.get_absolute_url()).content.decode()
    assert '<table id="p-2"><caption class="table-tools"><span class="paragraph-tools"' in page
    download = client.get(f"/d/{document.public_id}/download/txt/").content.decode()
    assert "Année | Accords\n1964 | 1\n2024 | 3 299\n\nClosing." in download
    headings_alone = make_document(body="| Year | Agreements |\n| --- | --- |")
    assert [paragraph["text"] for paragraph in headings_alone.paragraphs] == ["Year | Agreements"]


def test_tables_stored_cell_by_cell_are_read_again_as_rows_their_anchors_kept():
    import importlib

    from django.apps import apps

    from speeches.models import IndexBacklog

    document = make_document(body=TABLE)
    stored = [{"anchor": "p-1", "text": "Signed:"}, {"anchor": "p-7", "text": "Année\nAccords\n\n\n\n\n1964\n1"},
              {"anchor": "p-8", "text": "Closing."}]
    Document.objects.filter(pk=document.pk).update(paragraphs=stored, last_paragraph_number=8)
    IndexBacklog.objects.all().delete()
    importlib.import_module("speeches.migrations.0041_tables_read_as_rows").render_tables_again(apps, None)
    document.refresh_from_db()
    assert document.paragraphs == [{"anchor": "p-1", "text": "Signed:"},
                                   {"anchor": "p-7", "text": "Année | Accords\n1964 | 1\n2024 | 3 299"},
                                   {"anchor": "p-8", "text": "Closing."}]
    assert list(IndexBacklog.objects.values_list("document_id", flat=True)) == [document.pk]


def test_markdown_body_shows_raw_html_as_text_and_drops_script_links():
    from speeches.rendering import WordsNotShown, render_markdown

    body = 'Hi <script>alert(1)</script> [x](javascript:alert(1)) <b onclick="x()">b</b>'
    rendered = render_markdown(body)
    assert "<script" not in rendered.html and "<b " not in rendered.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.html
    assert 'href="javascript:' not in rendered.html
    assert rendered.paragraphs[0].text == 'Hi <script>alert(1)</script> x <b onclick="x()">b</b>'
    with pytest.raises(WordsNotShown, match="javascript"):  # the address it drops is named to the editor
        make_document(body=body)


def test_an_image_in_a_body_keeps_its_words_as_text_and_loads_nothing():
    document = make_document(body="See ![the map of Central Asia](https://example.org/map.png) here.")
    assert "<img" not in document.body_html
    assert "the map of Central Asia" in document.paragraphs[0]["text"]


@pytest.mark.parametrize("precision, expected", [("day", "25 January 2022"), ("month", "January 2022"), ("year", "2022")])
def test_date_is_shown_as_precisely_as_the_source_gives_it(precision, expected):
    document = make_document(date=datetime.date(2022, 1, 25), date_precision=precision)
    assert str(document.partial_date) == expected


def test_published_queryset_leaves_out_drafts():
    published = make_document(title="Out")
    make_document(title="Draft", status=Document.Status.DRAFT)
    assert list(Document.objects.published()) == [published]


def test_speakers_keep_their_order_and_roles():
    chair, host = make_person("Xi Jinping"), make_person("Kassym-Jomart Tokayev")
    document = make_document(speakers=[(host, "President of Kazakhstan"), (chair, "Chairman")])
    assert document.speaker_names == ["Kassym-Jomart Tokayev", "Xi Jinping"]
    assert [s.role for s in document.speakers.all()] == ["President of Kazakhstan", "Chairman"]


def test_people_get_unique_slugs():
    first, second = Person.objects.create(name="He Yin"), Person.objects.create(name="He Yin")
    assert first.slug == "he-yin" and second.slug == "he-yin-2"


def test_neighbours_by_date_skip_drafts_and_undated():
    older = make_document(date=datetime.date(2020, 1, 1))
    make_document(date=datetime.date(2021, 1, 1), status=Document.Status.DRAFT)
    current = make_document(date=datetime.date(2022, 1, 1))
    newer = make_document(date=datetime.date(2023, 1, 1))
    make_document(date=None)
    assert current.neighbours() == (older, newer)


def test_a_deleted_document_keeps_its_chicago_citation(settings):
    settings.ARCHIVE_BASE_URL = "https://archive.example"
    speaker = make_person("Xi Jinping")
    document = make_document(title="Joining Hands", speakers=[speaker], date=datetime.date(2022, 1, 25))
    public_id = document.public_id
    document.delete()
    citation = RetiredDocument.objects.get(public_id=public_id).citation
    assert citation.startswith("Xi, Jinping. 2022. “Joining Hands.”") and "January 25" in citation
    assert f"https://archive.example/d/{public_id}/." in citation


def test_footnote_asterisks_read_as_emphasis_are_shown_again_their_anchors_kept():
    import importlib

    from django.apps import apps

    from speeches.models import IndexBacklog

    document = make_document(body="Opening.\n\nExports grew*, imports fell*.")
    plain = make_document(body="A *real* emphasis.")
    stored = [{"anchor": "p-1", "text": "Opening."}, {"anchor": "p-4", "text": "Exports grew, imports fell."}]
    Document.objects.filter(pk=document.pk).update(paragraphs=stored, last_paragraph_number=4,
                                                   body_html="<p>Exports grew<em>, imports fell</em>.</p>")
    IndexBacklog.objects.all().delete()
    importlib.import_module("speeches.migrations.0054_footnote_asterisks_shown").show_footnote_asterisks(apps, None)
    document.refresh_from_db()
    assert document.paragraphs == [{"anchor": "p-1", "text": "Opening."},
                                   {"anchor": "p-4", "text": "Exports grew*, imports fell*."}]
    assert '<p id="p-4">Exports grew*, imports fell*.</p>' in document.body_html
    assert list(IndexBacklog.objects.values_list("document_id", flat=True)) == [document.pk]
    assert Document.objects.get(pk=plain.pk).paragraphs == plain.paragraphs


RESOLUTION = "The Security Council,\n\n3. Decides that the measures apply;\n\n7. Requests the Secretary-General to report;\n\n12. Decides to remain seized of the matter."


def test_a_resolutions_numbered_paragraphs_keep_their_numbers_on_the_page_and_in_every_text(client):
    document = make_document(body=RESOLUTION)
    assert [paragraph["text"] for paragraph in document.paragraphs] == [
        "The Security Council,", "3. Decides that the measures apply;", "7. Requests the Secretary-General to report;",
        "12. Decides to remain seized of the matter."]
    assert '<li id="p-3" value="7">' in document.body_html and '<li id="p-4" value="12">' in document.body_html
    download = client.get(f"/d/{document.public_id}/download/txt/").content.decode()
    assert "7. Requests the Secretary-General" in download


def test_numbered_items_rendered_before_without_their_numbers_are_rendered_again_their_anchors_kept():
    import importlib

    from django.apps import apps

    from speeches.models import IndexBacklog

    document = make_document(body=RESOLUTION)
    stored = [{"anchor": "p-1", "text": "The Security Council,"}, {"anchor": "p-5", "text": "Decides that the measures apply;"},
              {"anchor": "p-6", "text": "Requests the Secretary-General to report;"},
              {"anchor": "p-7", "text": "Decides to remain seized of the matter."}]
    Document.objects.filter(pk=document.pk).update(paragraphs=stored, last_paragraph_number=7)
    IndexBacklog.objects.all().delete()
    importlib.import_module("speeches.migrations.0056_numbered_items_keep_their_numbers").number_items_as_written(apps, None)
    document.refresh_from_db()
    assert [(paragraph["anchor"], paragraph["text"][:3]) for paragraph in document.paragraphs] == [
        ("p-1", "The"), ("p-5", "3. "), ("p-6", "7. "), ("p-7", "12.")]
    assert list(IndexBacklog.objects.values_list("document_id", flat=True)) == [document.pk]
