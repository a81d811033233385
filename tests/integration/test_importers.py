"""Bulk import and export: formats, idempotence, bad records, dry runs, batching, round trips."""
import datetime
import hashlib
import io
import json
import re
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from haystack import connections

from speeches.database import refresh_planner_statistics
from speeches.importers.document_files import export_record
from speeches.importers.importing import import_paths
from speeches.lifecycle import merge_documents
from speeches.models import Document, IndexBacklog, Person, RecurringPassage
from speeches.paragraph_ids import assign_anchors
from speeches.search import SearchCriteria, SearchUnavailable, complete_index, search

from tests.factories import make_document

pytestmark = pytest.mark.django_db
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "import"

RECORD = {
    "title": "Toward a Greener Silk Road", "subtitle": "Opening remarks", "kind": "remarks",
    "date": "2025-06", "speakers": [{"name": "Kassym-Jomart Tokayev", "role": "President of Kazakhstan"},
                                   "Xi Jinping"],
    "venue": {"name": "Palace of Independence", "city": "Astana", "country": "Kazakhstan"},
    "event": "2nd China–Central Asia Summit", "regions": ["Central Asia"], "countries": ["Kazakhstan", "China"],
    "language": "en", "translation_note": "Unofficial translation", "source_publisher": "Akorda",
    "source_url": "https://www.akorda.kz/en/speech-1", "body": "First paragraph.\n\nSecond paragraph.",
    "status": "published", "external_id": "akorda-1",
}


def write_jsonl(path, records):
    path.write_text("".join(
        (record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)) + "\n" for record in records
    ), encoding="utf-8")
    return path


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_jsonl_import_creates_documents_with_every_field(tmp_path):
    report = import_paths([write_jsonl(tmp_path / "a.jsonl", [RECORD])])
    assert report.summary() == "1 record(s): 1 were created, 0 were updated, 0 unchanged, 0 skipped with errors."
    document = Document.objects.get()
    exported = export_record(document)
    assert exported["speakers"] == [
        {"name": "Kassym-Jomart Tokayev", "role": "President of Kazakhstan", "name_form": "given-family",
         "family_name": "Tokayev", "given_name": "Kassym-Jomart"},
        {"name": "Xi Jinping", "role": "", "name_form": "family-given", "family_name": "Xi", "given_name": "Jinping"},
    ]
    assert exported["venue"] == RECORD["venue"] and exported["date"] == "2025-06"
    assert str(document.partial_date) == "June 2025" and document.is_published
    assert document.paragraphs[1] == {"anchor": "p-2", "text": "Second paragraph."}
    assert sorted(exported["countries"]) == ["China", "Kazakhstan"]


def test_reimporting_the_same_external_id_or_source_url_updates_instead_of_duplicating(tmp_path):
    import_paths([write_jsonl(tmp_path / "a.jsonl", [RECORD])])
    public_id = Document.objects.get().public_id
    changed = {**RECORD, "title": "Toward a Green Silk Road"}
    report = import_paths([write_jsonl(tmp_path / "b.jsonl", [changed])])
    assert report.outcomes[0].action == "updated" and report.outcomes[0].detail == "changed: title"
    by_url = {**changed, "external_id": None, "body": "Corrected paragraph."}
    report = import_paths([write_jsonl(tmp_path / "c.jsonl", [by_url])])
    assert report.outcomes[0].action == "updated"
    again = import_paths([write_jsonl(tmp_path / "d.jsonl", [by_url])])
    assert again.outcomes[0].action == "unchanged"
    assert Document.objects.count() == 1 and Document.objects.get().public_id == public_id


def test_dry_run_reports_what_would_change_and_writes_nothing(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [RECORD, {**RECORD, "external_id": "akorda-2", "source_url": ""}])
    out, _ = run_command("import_documents", "--dry-run", str(path))
    assert "Dry run: 2 record(s): 2 would be created, 0 would be updated" in out
    assert f"{path}:1: created: Toward a Greener Silk Road" in out
    assert Document.objects.count() == 0


def test_bad_records_are_reported_with_file_and_line_and_the_rest_imports(tmp_path):
    path = write_jsonl(tmp_path / "mixed.jsonl", [
        {**RECORD, "title": ""},
        {**RECORD, "external_id": "x2", "source_url": "", "date": "2025-13-40"},
        {**RECORD, "external_id": "x3", "source_url": "", "kind": "poem"},
        "{not json",
        {**RECORD, "external_id": "x5", "source_url": "", "colour": "red"},
        "[" * 100000 + "]" * 100000,
        {**RECORD, "external_id": "good", "source_url": ""},
    ])
    out, err = run_command("import_documents", str(path))
    assert f"{path}:1: skipped: title is missing" in err
    assert f"{path}:2: skipped: date '2025-13-40' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY" in err
    assert f"{path}:3: skipped: kind 'poem' is unknown" in err
    assert f"{path}:4: skipped: not valid JSON" in err
    assert f"{path}:5: skipped: unknown key(s): colour" in err
    assert f"{path}:6: skipped: " in err
    assert "7 record(s): 1 were created, 0 were updated, 0 unchanged, 6 skipped with errors." in out
    assert list(Document.objects.values_list("external_id", flat=True)) == ["good"]


def test_a_body_whose_page_would_drop_words_is_refused_with_them_named_and_the_rest_imports(tmp_path):
    (tmp_path / "a_table.md").write_text(
        "---\ntitle: A table wider than its header\n---\n| Year | Agreement |\n|---|---|\n"
        "| 1992 | Diplomatic relations established | Beijing |\n", encoding="utf-8")
    write_jsonl(tmp_path / "b.jsonl", [
        {**RECORD, "external_id": "heading", "source_url": "", "body": "## Programming in C#"},
        {**RECORD, "external_id": "text", "source_url": "", "texts": [
            {"language": "fr", "role": "original", "body": "Une note.[^1]\n\n[^1]: Ibid."}]},
        {**RECORD, "external_id": "fine", "source_url": "", "body": "## Programming in C\\#"}])
    for dry_run in (True, False):
        report = import_paths([tmp_path], dry_run=dry_run)
        assert [outcome.action for outcome in report.outcomes] == ["error", "error", "error", "created"]
        details = [outcome.detail for outcome in report.outcomes]
        assert details[0].startswith("body: Some words of this text would not be shown on its page")
        assert "“Beijing” (line 3)" in details[0] and "give the header row as many columns" in details[0]
        assert "“C#” (line 1)" in details[1]
        assert details[2].startswith("texts[0].body: Some words") and "“[^1]: Ibid.” (line 3)" in details[2]
    assert list(Document.objects.values_list("external_id", flat=True)) == ["fine"]


def test_unreadable_files_are_reported_not_fatal(tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin1.md").write_bytes("---\ntitle: Caf\xe9\n---\nBody".encode("latin-1"))
    (tmp_path / "notes.docx").write_bytes(b"PK")
    write_jsonl(tmp_path / "ok.jsonl", [RECORD])
    report = import_paths([tmp_path / "binary.txt", tmp_path / "latin1.md", tmp_path / "notes.docx", tmp_path / "ok.jsonl"])
    details = [outcome.detail for outcome in report.errors]
    assert details == ["the file is binary, not text (it contains NUL bytes)",
                       "not valid UTF-8 text (bad byte at position 14)",
                       "unsupported file type .docx: use .jsonl, .md or .txt"]
    assert Document.objects.count() == 1


def test_markdown_with_front_matter(tmp_path):
    (tmp_path / "speech.md").write_text(
        "---\ntitle: On Friendship\nkind: Speech\ndate: 2022-01-25\nspeakers:\n  - name: Xi Jinping\n"
        "    role: President\nregions: [Central Asia]\nstatus: draft\n---\nA world of friendship.\n\nAnd peace.\n",
        encoding="utf-8")
    (tmp_path / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody", encoding="utf-8")
    report = import_paths([tmp_path])
    assert [outcome.action for outcome in report.outcomes] == ["error", "created"]
    assert report.outcomes[0].detail.startswith("the YAML front matter is not valid")
    document = Document.objects.get()
    assert (document.title, document.kind, str(document.partial_date), document.status) == (
        "On Friendship", "speech", "25 January 2022", "draft")
    assert document.speaker_names == ["Xi Jinping"] and len(document.paragraphs) == 2


def test_a_plain_text_file_imported_again_with_windows_line_endings_is_the_same_document(tmp_path):
    text = (GOLDEN / "remarks.txt").read_text(encoding="utf-8")
    (tmp_path / "unix.txt").write_bytes(text.encode())
    (tmp_path / "windows.txt").write_bytes(text.replace("\n", "\r\n").encode())
    import_paths([tmp_path / "unix.txt"])
    report = import_paths([tmp_path / "windows.txt"])
    assert (report.outcomes[0].action, report.outcomes[0].detail) == ("unchanged", "") and Document.objects.count() == 1
    # the id of a text with Unix line endings is what it always was: documents imported before keep theirs
    assert Document.objects.get().external_id == "text-sha1:" + hashlib.sha1(text.encode()).hexdigest()[:20]


def test_a_plain_text_document_imported_before_from_windows_line_endings_is_found_again(tmp_path):
    import importlib

    from django.apps import apps

    text = (GOLDEN / "remarks.txt").read_text(encoding="utf-8")
    (tmp_path / "windows.txt").write_bytes(text.replace("\n", "\r\n").encode())
    import_paths([tmp_path / "windows.txt"])
    legacy_id = "text-sha1:" + hashlib.sha1(text.replace("\n", "\r\n").encode()).hexdigest()[:20]
    Document.objects.update(external_id=legacy_id, source_text=text.replace("\n", "\r\n"))  # as stored before
    importlib.import_module("speeches.migrations.0050_plain_text_ids_with_unix_line_endings").give_unix_ids(apps, None)
    report = import_paths([tmp_path / "windows.txt"])
    assert report.outcomes[0].action == "unchanged" and Document.objects.count() == 1


def test_plain_text_import_matches_its_golden_file():
    out, _ = run_command("import_documents", str(GOLDEN / "remarks.txt"))
    document = Document.objects.get()
    record = export_record(document)
    del record["public_id"]
    expected = json.loads((GOLDEN / "remarks.expected.json").read_text(encoding="utf-8"))
    assert record == expected
    for guess in ["title 'Toward a Greener Silk Road' from the first line", "speaker 'Kassym-Jomart Tokayev'",
                  "date 2025-06-17 from '17 June 2025'", "translation note 'Translation'",
                  "cleaning changed: 'inter- national' → 'international'", "cleaning changed: '2' → ''"]:
        assert guess in out
    assert document.status == "draft"


def test_export_then_import_into_an_empty_database_gives_identical_documents(tmp_path, seed_documents):
    call_command("import_documents", str(write_jsonl(tmp_path / "extra.jsonl", [RECORD])), stdout=io.StringIO())
    # The seed fixture's countries are the curated ones; an import adds those detection finds, as a save does.
    run_command("detect_countries")
    before = {d.public_id: export_record(d) for d in Document.objects.all()}
    export_path = tmp_path / "export.jsonl"
    run_command("export_documents", "-o", str(export_path))
    run_command("export_documents", "--format", "md", str(tmp_path / "md"))
    Document.objects.all().delete()
    run_command("import_documents", str(export_path))
    assert {d.public_id: export_record(d) for d in Document.objects.all()} == before
    Document.objects.all().delete()
    run_command("import_documents", str(tmp_path / "md"))
    assert {d.public_id: export_record(d) for d in Document.objects.all()} == before


def test_export_writes_jsonl_to_standard_output(seed_documents):
    out, err = run_command("export_documents")
    assert len(out.splitlines()) == 5 and json.loads(out.splitlines()[0])["public_id"] == "wqvet5df"
    assert err.strip() == "Exported 5 documents."


def test_bulk_import_indexes_in_one_batch_not_per_document(tmp_path, monkeypatch):
    backend = connections["default"].get_backend()
    update_calls = []
    original_update = type(backend).update

    def counting_update(self, index, iterable, commit=True):
        update_calls.append(len(list(iterable)))
        return original_update(self, index, iterable, commit)

    monkeypatch.setattr(type(backend), "update", counting_update)
    records = [{**RECORD, "external_id": f"bulk-{n}", "source_url": "", "body": f"Bulk speech {n} of amber."}
               for n in range(30)]
    import_paths([write_jsonl(tmp_path / "bulk.jsonl", records)])
    assert update_calls == [30]
    assert search(SearchCriteria(q="amber")).total == 30


def test_an_import_into_an_analysed_archive_never_reads_the_whole_documents_table(tmp_path):
    """Each record is looked up and saved by index: a query per record that read every document (bodies
    included) made an import slow down with the archive's size, to 5 documents/s by 74,000."""
    for number in range(20):
        make_document(external_id=f"stored-{number}", source_url=f"https://example.org/{number}")
    refresh_planner_statistics()  # as every import leaves it: SQLite then judges each index by the rows
    other_text = {"language": "fr", "role": "original", "body": "Premier paragraphe.\n\nDeuxième paragraphe."}
    records = [
        {**RECORD, "external_id": "new-1", "source_url": "https://example.org/new", "texts": [other_text]},
        {**RECORD, "external_id": None, "source_url": "https://example.org/3", "title": "Found by its source"},
        {**RECORD, "external_id": "stored-4", "source_url": "https://example.org/4", "title": "Found by its id"},
    ]
    with CaptureQueriesContext(connection) as queries:
        report = import_paths([write_jsonl(tmp_path / "a.jsonl", records)], index=False, compare=False)
    assert report.counts == {"created": 1, "updated": 2}, report.errors
    assert Document.objects.get(source_url="https://example.org/3").title == "Found by its source"
    assert [query["sql"] for query in queries if reads_every_document(query["sql"])] == []


def reads_every_document(sql):
    if not sql.startswith(("SELECT", "UPDATE", "DELETE")):
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return any(re.match(r"SCAN speeches_document( |$)", row[3]) for row in cursor.fetchall())


def test_import_without_publish_permission_makes_drafts_and_leaves_published_documents(tmp_path):
    import_paths([write_jsonl(tmp_path / "a.jsonl", [RECORD])])
    report = import_paths([write_jsonl(tmp_path / "b.jsonl", [
        {**RECORD, "title": "Changed"}, {**RECORD, "external_id": "new", "source_url": ""}])], allow_publish=False)
    assert report.outcomes[0].detail == "“Toward a Greener Silk Road” is published; only a publisher may change it"
    assert Document.objects.get(external_id="new").status == "draft"
    assert Document.objects.get(external_id="akorda-1").title == "Toward a Greener Silk Road"


def test_command_reports_missing_paths():
    with pytest.raises(Exception, match="No such file or folder: /nope"):
        call_command("import_documents", "/nope")


def test_an_import_without_indexing_leaves_the_search_index_for_a_rebuild(tmp_path):
    records = [{**RECORD, "external_id": f"first-load-{n}", "source_url": "", "body": f"First load {n} of jade."}
               for n in range(5)]
    out, _ = run_command("import_documents", "--no-index", str(write_jsonl(tmp_path / "load.jsonl", records)))
    assert "run `manage.py rebuild_index --noinput`" in out
    assert Document.objects.count() == 5
    with pytest.raises(SearchUnavailable):  # an empty index over published documents says so
        search(SearchCriteria(q="jade"))

    call_command("rebuild_index", interactive=False, verbosity=0)
    assert search(SearchCriteria(q="jade")).total == 5


def test_an_import_without_comparing_leaves_the_passages_for_compare_passages(tmp_path):
    shared = "The parties reaffirm their commitment to the peaceful settlement of every dispute in the region."
    records = [{**RECORD, "external_id": f"uncompared-{n}", "source_url": "", "body": f"Speech {n}.\n\n{shared}"}
               for n in range(2)]
    run_command("import_documents", "--no-compare", str(write_jsonl(tmp_path / "load.jsonl", records)))
    imported = Document.objects.filter(external_id__startswith="uncompared-")
    assert imported.count() == 2 and not imported.filter(passages_compared__isnull=False).exists()
    assert not RecurringPassage.objects.filter(document__in=imported).exists()

    call_command("compare_passages", verbosity=0)
    assert not imported.filter(passages_compared__isnull=True).exists()
    assert RecurringPassage.objects.filter(document__in=imported).count() == 2


def test_a_rebuild_writes_once_the_documents_an_import_into_an_unfinished_index_left_waiting(tmp_path, monkeypatch):
    call_command("clear_index", interactive=False, verbosity=0)  # no pass has finished: saves wait in the backlog
    records = [{**RECORD, "external_id": f"waiting-{n}", "source_url": "", "body": f"Waiting {n} in jade."}
               for n in range(5)]
    run_command("import_documents", str(write_jsonl(tmp_path / "load.jsonl", records)))
    assert IndexBacklog.objects.count() == 5

    backend_class = type(connections["default"].get_backend())
    written, update = [], backend_class.update

    def noted_update(backend, index, objects, commit=True):
        objects = list(objects)
        written.extend(objects)
        return update(backend, index, objects, commit)

    monkeypatch.setattr(backend_class, "update", noted_update)
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert sorted(document.pk for document in written) == sorted(Document.objects.values_list("pk", flat=True))
    assert not IndexBacklog.objects.exists()
    assert search(SearchCriteria(q="jade")).total == 5


def test_a_pass_over_every_document_leaves_the_changes_saved_after_it_began_to_catch_up():
    before, during = make_document(title="Before", body="Jade."), make_document(title="During", body="Jade.")
    started = timezone.now()
    for document, queued_at in ((before, started - datetime.timedelta(minutes=1)),
                                (during, started + datetime.timedelta(minutes=1))):
        IndexBacklog.objects.get_or_create(document_id=document.pk)  # saved: noted already, unless indexed
        IndexBacklog.objects.filter(document_id=document.pk).update(queued_at=queued_at)
    caught_up = []
    with mock.patch("speeches.search.index.sync.index_documents", lambda ids, using="default": caught_up.extend(ids)):
        complete_index(pass_started=started)
    assert caught_up == [during.pk]
    assert list(IndexBacklog.objects.values_list("document_id", flat=True)) == [during.pk]


def test_speakers_carry_their_names_as_citations_need_them(tmp_path):
    record = {**RECORD, "speakers": [
        {"name": "Ban Ki-moon", "role": "Secretary-General", "family_name": "Ban", "given_name": "Ki-moon"},
        {"name": "Xinhua News Agency", "name_form": "organisation"},
    ]}
    import_paths([write_jsonl(tmp_path / "a.jsonl", [record])])
    document = Document.objects.get()
    assert [str(name) for name in document.cited_authors] == ["Ban Ki-moon", "Xinhua News Agency"]
    assert [name.csl() for name in document.cited_authors] == [
        {"family": "Ban", "given": "Ki-moon"}, {"literal": "Xinhua News Agency"}]
    assert export_record(document)["speakers"][0] == {
        "name": "Ban Ki-moon", "role": "Secretary-General", "name_form": "family-given",
        "family_name": "Ban", "given_name": "Ki-moon"}


def test_a_name_written_another_way_no_reader_sees_is_the_same_entry(tmp_path):
    import unicodedata

    from speeches.models import Person, Venue

    decomposed = unicodedata.normalize("NFD", "Ana María Pérez")
    variants = ["Ana María Pérez", decomposed, "Ana  María Pérez", "Ana Mar\u200bía Pérez", " Ana María Pérez\u00ad"]
    records = [{**RECORD, "external_id": f"variant-{number}", "source_url": f"https://example.org/{number}", "speakers": [name],
                "venue": {"name": unicodedata.normalize("NFD", "Salón  Élysée"), "city": "Paris"}}
               for number, name in enumerate(variants)]
    report = import_paths([write_jsonl(tmp_path / "a.jsonl", records)])
    assert report.counts["created"] == len(variants), (report.counts, report.errors)
    assert list(Person.objects.values_list("name", "slug")) == [("Ana María Pérez", "ana-maria-perez")]
    assert list(Venue.objects.values_list("name", flat=True)) == ["Salón Élysée"]
    person = Person.objects.create(name=decomposed.replace(" ", "  "))  # as the admin saves it too
    assert person.name == "Ana María Pérez" and person.slug == "ana-maria-perez-2"
    assert (person.family_name, person.given_name) == ("Pérez", "Ana María")  # guessed from the name as stored


def test_names_saved_before_they_were_stored_as_written_are_written_so(db):
    import importlib
    import unicodedata

    from django.apps import apps

    from speeches.models import Country, Person, Venue

    person, venue = Person.objects.create(name="Ana María Pérez"), Venue.objects.create(name="Salón", city="Bogotá")
    decomposed = {"name": unicodedata.normalize("NFD", "Ana  María Pérez"), "given_name": "Ana\u200b María"}
    Person.objects.filter(pk=person.pk).update(**decomposed)
    Venue.objects.filter(pk=venue.pk).update(city=unicodedata.normalize("NFD", "Bogotá "))
    country = Country.objects.create(name=unicodedata.normalize("NFD", "Côte d’Ivoire"))
    assert country.name == "Côte d’Ivoire" and country.alpha_2 == "CI"  # its codes found from the name as stored
    importlib.import_module("speeches.migrations.0033_names_as_written").write_names_as_written(apps, None)
    person.refresh_from_db(), venue.refresh_from_db()
    assert (person.name, person.given_name, venue.city) == ("Ana María Pérez", "Ana María", "Bogotá")


@pytest.mark.parametrize("speaker, message", [
    ({"name": "X Y", "name_form": "emperor"}, "name_form 'emperor' of 'X Y' is unknown"),
    ({"name": "X Y", "given_name": "X"}, "speaker 'X Y' has name parts but no family_name"),
    ("X" * 201, "speaker is longer than 200 characters"),
    ("  ", "speaker is empty"),
    ("\u200b\u00ad", "speaker is empty: it holds invisible characters only"),
])
def test_bad_name_parts_are_reported(tmp_path, speaker, message):
    report = import_paths([write_jsonl(tmp_path / "a.jsonl", [{**RECORD, "speakers": [speaker]}])])
    assert message in report.outcomes[0].detail and not Document.objects.exists()


def test_a_title_of_invisible_characters_alone_is_refused_and_a_title_is_imported_without_them(tmp_path):
    from .test_admin import TITLE_STORED, TITLE_TYPED

    report = import_paths([write_jsonl(tmp_path / "a.jsonl", [{**RECORD, "title": " \u200b\ufeff "}])])
    assert report.outcomes[0].detail == "title is empty: it holds invisible characters only"
    assert not Document.objects.exists()
    texts = [{"language": "fr", "role": "original", "title": "\u2060Remarques\u200b", "body": "Nous nous sommes vus."}]
    record = {**RECORD, "title": TITLE_TYPED, "subtitle": "\u00adOpening", "texts": texts}
    import_paths([write_jsonl(tmp_path / "b.jsonl", [record])])
    document = Document.objects.get()
    assert (document.title, document.subtitle, document.texts.get().title) == (TITLE_STORED, "Opening", "Remarques")


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_repeated_external_id_is_an_error_of_the_second_record(tmp_path, dry_run):
    second = {**RECORD, "title": "A different text under the same id"}
    report = import_paths([write_jsonl(tmp_path / "a.jsonl", [RECORD, second])], dry_run=dry_run)
    assert [outcome.action for outcome in report.outcomes] == ["created", "error"]
    assert report.outcomes[1].detail == "external_id 'akorda-1' was already given to the record at " + \
        f"{tmp_path / 'a.jsonl'}:1"
    if not dry_run:
        assert Document.objects.get().title == RECORD["title"]


@pytest.mark.parametrize("key, count", [("speakers", 100_000), ("speakers", 101), ("regions", 101),
                                        ("countries", 301)])
def test_a_record_may_list_only_so_many_names(tmp_path, key, count):
    record = {**RECORD, key: [f"Name {n}" for n in range(count)]}
    report = import_paths([write_jsonl(tmp_path / "a.jsonl", [record])], dry_run=True)
    assert report.outcomes[0].action == "error"
    assert f"{key} lists {count:,} names; a record may list at most" in report.outcomes[0].detail


def test_a_large_edit_keeps_every_anchor_in_bounded_work():
    previous = [{"anchor": f"p-{n + 1}", "text": f"Paragraph {n} on cooperation and friendship, {n * 7}."}
                for n in range(5_000)]
    corrected = [entry["text"].replace("on cooperation", "about cooperation") for entry in previous]
    anchors, last_number, _ = assign_anchors(corrected, previous, 5_000)
    assert anchors == [entry["anchor"] for entry in previous] and last_number == 5_000


@pytest.mark.parametrize("stored_external_id", ["akorda-1", None])
def test_a_new_external_id_with_another_documents_public_id_is_a_conflict(tmp_path, stored_external_id):
    import_paths([write_jsonl(tmp_path / "a.jsonl", [{**RECORD, "external_id": stored_external_id}])])
    published = Document.objects.get()
    hijack = {**RECORD, "external_id": "mfa-77", "source_url": "", "title": "Hijacked", "public_id": published.public_id}
    report = import_paths([write_jsonl(tmp_path / "b.jsonl", [hijack])])
    assert report.counts["error"] == 1
    assert report.outcomes[0].detail.startswith(f"conflict: public_id '{published.public_id}' is the id of "
                                                "“Toward a Greener Silk Road”")
    published.refresh_from_db()
    assert (published.title, published.external_id, published.status) == (
        "Toward a Greener Silk Road", stored_external_id, "published")


def one_of_two_retired(tmp_path, merged):
    """Import RECORD and another document, then merge the first into the other or delete it; return both."""
    import_paths([write_jsonl(tmp_path / "a.jsonl", [RECORD, {**RECORD, "external_id": "kept", "source_url": ""}])])
    retired, kept = Document.objects.order_by("pk")
    if merged:
        merge_documents(kept, retired)
    else:
        retired.delete()
    return retired, kept


@pytest.mark.parametrize("merged", [False, True])
def test_a_deleted_or_merged_document_s_public_id_names_no_new_document(tmp_path, client, merged):
    retired, kept = one_of_two_retired(tmp_path, merged)
    answer = client.get(f"/d/{retired.public_id}/")
    reused = {**RECORD, "external_id": "new", "source_url": "", "title": "Unrelated", "public_id": retired.public_id}
    report = import_paths([write_jsonl(tmp_path / "b.jsonl", [reused])])
    fate = f"merged into {kept.public_id}" if merged else "deleted"
    assert report.outcomes[0].detail == (f"public_id {retired.public_id!r} was the id of “Toward a Greener Silk Road”, "
                                         f"{fate}; its address still answers for it, so it names no other document: "
                                         "leave public_id out to add one, or give its external_id (or, if it had "
                                         "none, its title) to restore it")
    # Its title copied from the 410 page is not enough: the document had an external_id.
    copied = {**reused, "title": "Toward a Greener Silk Road"}
    assert import_paths([write_jsonl(tmp_path / "c.jsonl", [copied])]).counts["error"] == 1
    assert not Document.objects.filter(public_id=retired.public_id).exists()
    assert client.get(f"/d/{retired.public_id}/").status_code == answer.status_code == (301 if merged else 410)
    restored = {**RECORD, "source_url": "", "public_id": retired.public_id}  # a backup restored: its external_id
    assert import_paths([write_jsonl(tmp_path / "d.jsonl", [restored])]).counts["created"] == 1


def test_a_public_id_naming_another_document_than_the_external_id_is_a_conflict(tmp_path):
    import_paths([write_jsonl(tmp_path / "a.jsonl", [RECORD, {**RECORD, "external_id": "other", "source_url": ""}])])
    other = Document.objects.get(external_id="other")
    report = import_paths([write_jsonl(tmp_path / "b.jsonl", [{**RECORD, "title": "Changed",
                                                                "public_id": other.public_id}])])
    assert report.counts["error"] == 1 and "conflict: public_id" in report.outcomes[0].detail
    assert set(Document.objects.values_list("title", flat=True)) == {"Toward a Greener Silk Road"}


def test_reimporting_a_record_naming_a_renamed_person_by_their_former_name_keeps_their_credit(tmp_path):
    import_paths([write_jsonl(tmp_path / "a.jsonl", [RECORD])])
    xi = Person.objects.get(name="Xi Jinping")
    xi.name = "XI Jinping (习近平)"
    xi.save()
    report = import_paths([write_jsonl(tmp_path / "b.jsonl", [RECORD])])
    assert report.outcomes[0].action == "unchanged"  # the same credit, not a new "Xi Jinping"
    assert not Person.objects.filter(name="Xi Jinping").exists() and Person.objects.count() == 2


def test_reimporting_an_export_by_public_id_still_updates_its_document(tmp_path):
    import_paths([write_jsonl(tmp_path / "a.jsonl", [{**RECORD, "external_id": None}])])
    record = {**export_record(Document.objects.get()), "title": "Retitled"}
    report = import_paths([write_jsonl(tmp_path / "b.jsonl", [{**record, "source_url": ""}])])
    assert report.counts["updated"] == 1 and Document.objects.get().title == "Retitled"


def test_an_editors_import_cannot_change_how_a_published_speaker_is_cited(tmp_path):
    import_paths([write_jsonl(tmp_path / "a.jsonl", [RECORD])])
    draft = {**RECORD, "external_id": "draft-1", "source_url": "", "speakers": [
        {"name": "Kassym-Jomart Tokayev", "name_form": "given-family", "family_name": "Jomart",
         "given_name": "Kassym"}]}
    report = import_paths([write_jsonl(tmp_path / "b.jsonl", [draft])], allow_publish=False)
    assert report.outcomes[0].detail == ("speakers: “Kassym-Jomart Tokayev” is credited on published documents; "
                                         "only a publisher may change how the name is cited")
    assert not Document.objects.filter(external_id="draft-1").exists()
    assert import_paths([write_jsonl(tmp_path / "c.jsonl", [draft])]).counts["created"] == 1


def alias_bomb(levels):
    """Return front matter whose title, through nested aliases, is 10**levels strings."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, levels)]
    return "---\n" + "\n".join(lines) + f"\ntitle: *a{levels - 1}\n---\nBody.\n"


def test_yaml_aliases_in_front_matter_are_refused_before_they_expand(tmp_path):
    (tmp_path / "bomb.md").write_text(alias_bomb(3), encoding="utf-8")
    report = import_paths([tmp_path])
    assert report.outcomes[0].detail == ("the YAML front matter is not valid: it uses the alias *a0 (line 3); "
                                         "aliases are not accepted: write each value out")
    assert Document.objects.count() == 0


@pytest.mark.parametrize(("front_matter", "detail"), [
    ("title: Deep\nx: " + "[" * 1000 + "]" * 1000, "the YAML front matter is not valid: it nests values more than "
                                                     "20 levels deep (line 3)"),
    ("title: Deep\nx:\n" + "".join("  " * level + f"k{level}:\n" for level in range(2000)) + "  " * 2000 + "v",
     "the YAML front matter is not valid: it nests values more than 20 levels deep"),
    ('{\n"title": "Deep", "x": ' + "[" * 100_000 + "]" * 100_000 + "\n}", "the front matter is nested too deeply"),
    ('{\n"title": "Trailing comma",\n}', "the JSON front matter is not valid"),
    ("title: A number for a key\n1: A", "the front matter's keys must be the names of fields"),  # stopped the whole import
])
def test_front_matter_nested_past_reason_is_one_bad_record_not_a_crash(tmp_path, front_matter, detail):
    (tmp_path / "deep.md").write_text(front_matter_file(front_matter), encoding="utf-8")
    (tmp_path / "fine.md").write_text("---\ntitle: Still imported\n---\nBody.\n", encoding="utf-8")
    report = import_paths([tmp_path])
    assert report.outcomes[0].detail.startswith(detail)
    assert list(Document.objects.values_list("title", flat=True)) == ["Still imported"]


def front_matter_file(front_matter):
    """Return a .md file's text with this front matter: YAML between --- lines, JSON as it is."""
    return f"{front_matter}\nBody.\n" if front_matter.startswith("{") else f"---\n{front_matter}\n---\nBody.\n"


def test_front_matter_without_aliases_still_reads_as_yaml_or_json(tmp_path):
    (tmp_path / "anchor.md").write_text("---\ntitle: &t Anchored but never repeated\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "json.md").write_text('{\n"title": "JSON front matter"\n}\nBody too.\n', encoding="utf-8")
    assert import_paths([tmp_path]).counts["created"] == 2
    assert set(Document.objects.values_list("title", flat=True)) == {"Anchored but never repeated",
                                                                     "JSON front matter"}


@pytest.mark.parametrize(("name", "text", "detail"), [
    ("twice.md", "---\ntitle: First\nspeakers: [Xi Jinping]\nkind: speech\ntitle: Second\nspeakers:\n  - Li Qiang\n"
                 "---\nBody.\n",
     "the YAML front matter is not valid: the key “title” is given twice (lines 2 and 5), and only one value "
     "would be kept: give it once"),
    ("quoted.md", "---\ntitle: First\nspeakers:\n  - name: Xi Jinping\n    role: President\n    'name': Li Qiang\n"
                  "---\nBody.\n",
     "the YAML front matter is not valid: the key “name” is given twice (lines 4 and 6)"),
    ("json.md", '{\n"title": "First", "title": "Second"\n}\nBody.\n',
     "the JSON front matter is not valid: the key “title” is given twice, and only one value would be kept"),
    ("twice.jsonl", '{"title": "First", "body": "Text.", "speakers": ["Xi Jinping"], "speakers": ["Li Qiang"]}\n',
     "the key “speakers” is given twice, and only one value would be kept: give it once"),
])
def test_a_key_given_twice_is_refused_with_its_name_not_read_as_its_last_value(tmp_path, name, text, detail):
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "fine.md").write_text("---\ntitle: Still imported\n---\nBody.\n", encoding="utf-8")
    report = import_paths([tmp_path])
    refused = [outcome for outcome in report.outcomes if name in outcome.location]
    assert report.counts["error"] == 1 and refused[0].detail.startswith(detail)
    assert list(Document.objects.values_list("title", flat=True)) == ["Still imported"]


@pytest.mark.parametrize(("change", "detail"), [
    ({"title": "Ti\u0001tle"}, "title contains a control character (U+0001) at character 3"),
    ({"regions": ["Reg\u0000ion"]}, "regions contains a control character (U+0000) at character 4"),
    ({"speakers": ["Xi\u0085Jinping"]}, "speaker contains a control character (U+0085) at character 3"),
    ({"venue": "Palace\nof Independence"}, "venue contains a line break (U+000A) at character 7; "
                                           "this field holds one line"),
    ({"body": "One.\n\nTwo\u001bthree."}, "body contains a control character (U+001B) at line 3, column 4"),
    ({"source_url": "https://www.akorda.kz/en/\u0007"}, "source_url contains a control character (U+0007)"),
    ({"title": "\u202eRemarks"}, "title contains a direction override (U+202E) at character 1; remove it"),
    ({"speakers": ["Xi \u202dJinping"]}, "speaker contains a direction override (U+202D) at character 4"),
    ({"title": "Nonchar \ufffe title"}, "title contains U+FFFE at character 9, which is no character"),
    ({"body": "One.\n\nTwo\uffff."}, "body contains U+FFFF at character 10, which is no character"),
    ('{"title": "Half \\ud800 a pair", "body": "Text.", "status": "published"}',
     "title contains U+D800 at character 6, which is no character"),
])
def test_control_characters_are_refused_in_every_imported_field(tmp_path, change, detail):
    record = change if isinstance(change, str) else {**RECORD, **change}  # a string: a line of JSON as written
    report = import_paths([write_jsonl(tmp_path / "a.jsonl", [record])])
    assert report.counts["error"] == 1 and report.outcomes[0].detail.startswith(detail)
    assert not Document.objects.exists()


@pytest.mark.parametrize(("change", "detail"), [
    ({"speakers": ["Smith; Jones"]}, "speaker holds “;”, which separates names in the archive's CSV files"),
    ({"speakers": [{"name": "Li Lee", "role": "Minister; Deputy"}]}, "role holds “;”"),
    ({"regions": ["Central; Asia"]}, "regions holds “;”"),
    # an office's title is the role of a credit left without one
    ({"speakers": [{"name": "Ann Smith", "offices": [{"title": "Adviser; Envoy", "from": "2020"}]}]},
     "offices[1] of 'Ann Smith': title holds “;”"),
])
def test_a_name_or_role_holding_the_csv_lists_separator_is_refused(tmp_path, change, detail):
    report = import_paths([write_jsonl(tmp_path / "a.jsonl", [{**RECORD, **change}])])
    assert report.counts["error"] == 1 and report.outcomes[0].detail.startswith(detail), report.outcomes[0].detail
    assert not Document.objects.exists()


def test_tabs_and_line_breaks_of_texts_are_kept(tmp_path):
    report = import_paths([write_jsonl(tmp_path / "a.jsonl", [{**RECORD, "body": "One\tcolumn.\r\n\r\nTwo."}])])
    # (a body is stored with Unix line endings, as Markdown reads it: no word changes)
    assert report.counts["created"] == 1 and Document.objects.get().body == "One\tcolumn.\n\nTwo."


def test_page_breaks_of_a_text_file_are_read_as_line_breaks_and_reported(tmp_path):
    (tmp_path / "pages.txt").write_text("Remarks on the harbour\n\nThe first page ends here.\f"
                                        "The second page goes on.\n", encoding="utf-8")
    report = import_paths([tmp_path])
    assert report.counts["created"] == 1
    assert "1 page break(s) (form feed characters) read as line breaks" in report.outcomes[0].notes
    document = Document.objects.get()
    assert "\f" not in document.source_text and "The second page goes on." in document.body


def test_a_line_break_ending_a_one_line_field_is_white_space(tmp_path):
    (tmp_path / "folded.md").write_text("---\ntitle: >\n  A title folded\n  over two lines\n---\nBody.\n",
                                        encoding="utf-8")
    assert import_paths([tmp_path]).counts["created"] == 1
    assert Document.objects.get().title == "A title folded over two lines"


def publish(document):
    document.status = Document.Status.PUBLISHED
    document.save()


@pytest.mark.parametrize("name, content", [
    ("remarks.txt", (GOLDEN / "remarks.txt").read_text(encoding="utf-8")),
    ("speech.md", "---\ntitle: On Friendship\nexternal_id: friendship\n---\nA world of friendship.\n"),
    ("speeches.jsonl", json.dumps({key: value for key, value in RECORD.items() if key != "status"}) + "\n"),
], ids=["txt", "md", "jsonl"])
def test_reimporting_a_record_without_a_status_keeps_a_published_document_published(tmp_path, client, name,
                                                                                    content):
    (tmp_path / name).write_text(content, encoding="utf-8")
    run_command("import_documents", str(tmp_path / name))
    document = Document.objects.get()
    assert document.status == "draft"
    publish(document)
    out, _ = run_command("import_documents", str(tmp_path / name))
    assert "1 record(s): 0 were created, 0 were updated, 1 unchanged" in out
    assert client.get(Document.objects.get().get_absolute_url()).status_code == 200


def test_a_record_stating_a_status_still_sets_it_and_an_editors_import_still_cannot_publish(tmp_path):
    import_paths([write_jsonl(tmp_path / "a.jsonl", [{**RECORD, "status": "draft"}])])
    publish(Document.objects.get())
    report = import_paths([write_jsonl(tmp_path / "b.jsonl", [{**RECORD, "status": "draft"}])])
    assert report.outcomes[0].detail == "changed: status" and Document.objects.get().status == "draft"
    report = import_paths([write_jsonl(tmp_path / "c.jsonl", [RECORD])], allow_publish=False)
    assert report.outcomes[0].action == "unchanged" and Document.objects.get().status == "draft"


def test_a_sentence_opening_with_by_is_no_speaker_of_a_text_file(tmp_path):
    (tmp_path / "welcome.txt").write_text("Ladies and gentlemen\nBy the end of this decade we will have changed the "
                                          "world\nThank you all for coming today to this important meeting.\n",
                                          encoding="utf-8")
    report = import_paths([tmp_path])
    assert report.outcomes[0].notes == ["title 'Ladies and gentlemen' from the first line",
                                        "language English (en) recognised in the text (100% sure; change it if it is not)"]
    document = Document.objects.get()
    assert document.speaker_names == [] and not Person.objects.exists()
    assert document.paragraphs[0]["text"] == "By the end of this decade we will have changed the world"


@pytest.mark.parametrize("byline, speaker, role, kind", [
    ("Remarks by H.E. President Kassym-Jomart Tokayev", "Kassym-Jomart Tokayev", "President", "remarks"),
    ("Statement by Prime Minister Narendra Modi", "Narendra Modi", "Prime Minister", "statement"),
    ("Discours de M. Emmanuel Macron", "Emmanuel Macron", "", "speech"),
    ("Déclaration du Président Emmanuel Macron", "Emmanuel Macron", "Président", "statement"),
    ("Discurso del Presidente Gabriel Boric", "Gabriel Boric", "Presidente", "speech"),
    ("Palabras de la Canciller Diana Mondino", "Diana Mondino", "Canciller", "remarks"),
    ("Rede von Bundeskanzler Olaf Scholz", "Olaf Scholz", "Bundeskanzler", "speech"),
    ("Discorso del Presidente Sergio Mattarella", "Sergio Mattarella", "Presidente", "speech"),
    ("Par Ursula von der Leyen", "Ursula von der Leyen", "", "speech"),
    ("Statement by Sheikh Hasina", "Sheikh Hasina", "", "statement"),  # Sheikh opens her name
    ("Statement by H.E. Dr. Sultan Al Jaber", "Sultan Al Jaber", "", "statement"),
    ("Rede von Außenministerin Annalena Baerbock", "Annalena Baerbock", "Außenministerin", "speech"),  # ß casefolds to ss
    ("Remarks by H.E. Minister Anna Kowalska", "Anna Kowalska", "Minister", "remarks"),  # the title the byline gives
    ("Remarks by H.E. Crown Prince Mohammed bin Salman", "Prince Mohammed bin Salman", "", "remarks"),  # no "Crown"
])
def test_a_plain_text_byline_names_its_speaker_in_other_languages_too(tmp_path, byline, speaker, role, kind):
    (tmp_path / "statement.txt").write_text(f"A title\n{byline}\n\nThe first paragraph of the text.\n",
                                            encoding="utf-8")
    report = import_paths([tmp_path])
    credit = f"{speaker} ({role})" if role else speaker
    assert f"speaker {credit!r} from {byline!r}" in report.outcomes[0].notes
    document = Document.objects.get()
    assert document.speaker_names == [speaker] and document.kind == kind and byline not in document.body
    assert document.speakers.get().role == role


@pytest.mark.parametrize("line", ["Déclaration de Paris", "Declaración de Buenos Aires", "Intervention de la France",
                                  "Statement by the President", "Discours d’Emmanuel Macron",
                                  "Выступление Сергея Лаврова", "Erklärung von Rio", "Statement by the Prime Minister",
                                  "Discours du Premier Ministre", "Statement by President", "Rede von Bundeskanzler",
                                  "Erklärung von Berlin", "Rede von UNO", "Statement by H.E."])
def test_a_header_line_naming_no_certain_speaker_is_no_byline(tmp_path, line):
    (tmp_path / "statement.txt").write_text(f"A title\n{line}\n\nThe first paragraph of the text.\n", encoding="utf-8")
    import_paths([tmp_path])
    document = Document.objects.get()
    assert document.speaker_names == [] and document.body.startswith(line)


@pytest.mark.parametrize("body, language", [
    ("Уважаемые коллеги! Российско-китайские отношения находятся на беспрецедентно высоком уровне.", "ru"),
    ("我们坚持亲诚惠容的周边外交理念，与邻国共同发展。", "zh-Hans"),
    ("我們堅持親誠惠容的周邊外交理念，與鄰國共同發展。", "zh-Hant"),
    ("日本と中央アジアの協力は、エネルギー分野に及んでいます。", "ja"),
    ("نرحب بكم في المؤتمر الدولي للتعاون بين الشعوب.", "ar"),
    ("Mesdames et Messieurs, la France reste attachée au multilatéralisme et au droit international.", "fr"),
])
def test_the_language_of_a_text_that_names_none_is_recognised_and_reported(tmp_path, body, language):
    (tmp_path / "statement.txt").write_text(f"Statement\n\n{body}\n", encoding="utf-8")
    (tmp_path / "statement.md").write_text(f"---\ntitle: Statement\nexternal_id: md\n---\n{body}\n", encoding="utf-8")
    report = import_paths([tmp_path])
    assert report.counts["created"] == 2
    assert set(Document.objects.values_list("language", flat=True)) == {language}
    for outcome in report.outcomes:
        assert any(note.startswith("language ") and f"({language}) recognised in the text" in note
                   for note in outcome.notes), outcome.notes


def test_a_language_given_is_kept_and_a_text_too_short_to_tell_is_english_as_reported(tmp_path):
    (tmp_path / "given.md").write_text("---\ntitle: Given\nlanguage: fr\n---\nThank you all for coming.\n",
                                       encoding="utf-8")
    (tmp_path / "short.txt").write_text("Statement\n\n2024.\n", encoding="utf-8")
    report = import_paths([tmp_path])
    assert sorted(Document.objects.values_list("title", "language")) == [("Given", "fr"), ("Statement", "en")]
    given, short = report.outcomes
    assert not [note for note in given.notes if "language" in note]
    assert "language not recognised in the text: English, as none was given (change it if it is not)" in short.notes


def test_a_front_matter_date_with_its_time_is_its_day(tmp_path):
    (tmp_path / "hugo.md").write_text("---\ntitle: Hugo\ndate: 2022-01-25T10:00:00+08:00\n---\nBody.\n",
                                      encoding="utf-8")
    assert import_paths([tmp_path]).counts["created"] == 1
    assert Document.objects.get().date.isoformat() == "2022-01-25"


def test_a_front_matter_date_that_is_no_day_is_named_as_any_record_s_is(tmp_path):
    (tmp_path / "leap.md").write_text("---\ntitle: Leap\ndate: 2023-02-30\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "month.md").write_text("---\ntitle: Month\ndate: 2023-02\n---\nBody.\n", encoding="utf-8")
    report = import_paths([tmp_path])
    assert report.outcomes[0].detail == "date '2023-02-30' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY"
    assert str(Document.objects.get().partial_date) == "February 2023"


def test_nan_and_infinity_are_no_text_in_json_or_yaml(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"title": NaN, "body": "x"}\n{"title": "Fine", "body": Infinity}\n'
                                      '{"title": "Huge", "body": 1e400}\n'
                                      '{"title": 1984, "body": "A title YAML or JSON reads as a number."}\n',
                                      encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: .nan\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "c.md").write_text("---\ntitle: C\nsources:\n  - url: https://example.org/a.pdf\n    ties:\n"
                                   "      - {paragraph: 1, page: 1, region: [.inf, 0, 10, 10]}\n---\nBody.\n",
                                   encoding="utf-8")
    report = import_paths([tmp_path])
    assert [outcome.detail for outcome in report.outcomes if outcome.action == "error"] == [
        "not valid JSON: NaN is no JSON value", "not valid JSON: Infinity is no JSON value",
        "1e400 is no number a record holds", "the YAML front matter is not valid: .nan is no number a record holds (line 2)",
        "the YAML front matter is not valid: .inf is no number a record holds (line 6)"]
    assert list(Document.objects.values_list("title", flat=True)) == ["1984"]


def test_a_number_of_more_digits_than_python_reads_is_one_bad_record_in_json_or_yaml(tmp_path):
    digits = "9" * 5000  # Python reads at most 4,300 digits into an int
    (tmp_path / "a.jsonl").write_text(f'{{"title": "Long", "body": "x", "alignment": {digits}}}\n'
                                      '{"title": "Fine", "body": "The line after it imports."}\n', encoding="utf-8")
    (tmp_path / "b.md").write_text(f"---\ntitle: {digits}\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "c.md").write_text(f"---\ntitle: 0x{'f' * 5000}\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "d.md").write_text(f'{{\n"title": {digits}\n}}\nBody.\n', encoding="utf-8")
    report = import_paths([tmp_path])
    assert [outcome.detail for outcome in report.outcomes if outcome.action == "error"] == [
        "a number of 5,000 digits is no number a record holds",
        "the YAML front matter is not valid: a number of 5,000 digits is no number a record holds (line 2)",
        "the YAML front matter is not valid: a number of 5,002 digits is no number a record holds (line 2)",
        "the JSON front matter is not valid: a number of 5,000 digits is no number a record holds"]
    assert list(Document.objects.values_list("title", flat=True)) == ["Fine"]


def test_a_country_that_is_none_is_added_as_given_and_reported(tmp_path):
    records = [{**RECORD, "external_id": "a", "countries": ["Atlantis", "France", "Франция", "DEU"]}]
    report = import_paths([write_jsonl(tmp_path / "a.jsonl", records)])
    assert report.outcomes[0].notes == [
        "countries: “Atlantis” names no country by its ISO code or a name in any language; it was added as a new "
        "entry, without a code: check its spelling, or that it is a former country"]
    assert sorted(Document.objects.get().countries.values_list("alpha_2", flat=True)) == ["", "DE", "FR"]
    report = import_paths([write_jsonl(tmp_path / "b.jsonl", [{**records[0], "external_id": "b"}])])
    assert report.outcomes[0].notes == []  # the archive has it now: an editor saw it once


def test_a_record_whose_body_has_words_broken_across_lines_is_stored_as_given_and_reported(tmp_path):
    body = "The rules-based interna-\ntional order, the China-\nKazakhstan border and our self-\nreliance."
    report = import_paths([write_jsonl(tmp_path / "a.jsonl", [{**RECORD, "body": body}])])
    assert Document.objects.get().body == body  # a record's body is stored as given
    assert ("body: 2 word(s) seem broken across lines, “interna-/tional”, “self-/reliance”; stored as given, each is "
            "searched as two words: press “Clean pasted text” in the admin to join them, seeing every change"
            ) in report.outcomes[0].notes


@pytest.mark.parametrize("line, day", [
    ("17 juin 2025", "2025-06-17"), ("17 de junio de 2025", "2025-06-17"), ("17 июня 2025 года", "2025-06-17"),
    ("2025年6月17日", "2025-06-17"), ("17 يونيو 2025", "2025-06-17"), ("17. Juni 2025", "2025-06-17"),
    ("June 17, 2025", "2025-06-17"), ("2025-06-17", "2025-06-17"), ("17.06.2025", "2025-06-17"),
    ("06/17/2025", "2025-06-17"), ("2025/06/05", "2025-06-05"), ("2025-6-17", "2025-06-17"),
])
def test_a_plain_text_header_s_date_is_read_in_any_language(tmp_path, line, day):
    (tmp_path / "statement.txt").write_text(f"Statement\n{line}\n\nThe first paragraph of the text.\n", encoding="utf-8")
    report = import_paths([tmp_path])
    assert f"date {day} from {line!r}" in report.outcomes[0].notes
    document = Document.objects.get()
    assert document.date.isoformat() == day and line not in document.body


@pytest.mark.parametrize("line", ["06/05/2025", "Astana, 17 June 2025", "Thursday", "May 2025", "75 years ago",
                                  "in 3 days", "5 min"])
def test_a_header_line_that_is_no_single_certain_day_opens_the_text(tmp_path, line):
    (tmp_path / "statement.txt").write_text(f"Statement\n{line}\n\nThe first paragraph of the text.\n", encoding="utf-8")
    import_paths([tmp_path])
    document = Document.objects.get()
    assert document.date is None and document.body.startswith(line[:5])  # the text's first words



def test_a_date_of_digits_whose_day_and_month_cannot_be_told_is_kept_and_reported(tmp_path):
    (tmp_path / "statement.txt").write_text("Statement\n06/05/2025\n\nThe first paragraph.\n", encoding="utf-8")
    report = import_paths([tmp_path])
    assert ("'06/05/2025' may be the date, but which is the day and which the month cannot be told: it was kept as "
            "the text's first line; set the date in the admin") in report.outcomes[0].notes


@pytest.mark.parametrize("line, note", [
    ("(Unofficial translation)", "Unofficial translation"), ("(Traduction non officielle)", "Traduction non officielle"),
    ("(Неофициальный перевод)", "Неофициальный перевод"), ("（译文）", "译文"), ("(ترجمة غير رسمية)", "ترجمة غير رسمية"),
])
def test_a_plain_text_header_s_translation_line_is_read_in_other_languages(tmp_path, line, note):
    (tmp_path / "statement.txt").write_text(f"Statement\n{line}\n\nThe first paragraph of the text.\n", encoding="utf-8")
    import_paths([tmp_path])
    document = Document.objects.get()
    assert document.translation_note == note and line not in document.body


def test_front_matter_values_yaml_reads_as_numbers_are_kept_as_written(tmp_path):
    (tmp_path / "numbers.md").write_text(
        "---\ntitle: 3.10\nsubtitle: 9:11\nevent: 1_000\nexternal_id: 0123\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "json.md").write_text('{\n"title": 2.50, "external_id": 1e3\n}\nBody.\n', encoding="utf-8")
    import_paths([tmp_path])
    json_read, yaml_read = Document.objects.order_by("title")
    assert (yaml_read.title, yaml_read.subtitle, yaml_read.event, yaml_read.external_id) == ("3.10", "9:11", "1_000", "0123")
    assert (json_read.title, json_read.external_id) == ("2.50", "1e3")


@pytest.mark.parametrize("line", ["title: Press briefing #12 on the #G20 summit", "title: Fine # a comment"])
def test_front_matter_words_yaml_would_read_as_a_comment_are_refused_with_how_to_keep_them(tmp_path, line):
    (tmp_path / "hash.md").write_text(f"---\n{line}\n---\nBody.\n", encoding="utf-8")
    (tmp_path / "quoted.md").write_text('---\ntitle: "Press briefing #12"\n# a line of comment is no value\n---\n'
                                        "Body.\n", encoding="utf-8")
    report = import_paths([tmp_path])
    assert "YAML reads what follows" in report.outcomes[0].detail and "write the whole value in quotes" in report.outcomes[0].detail
    assert list(Document.objects.values_list("title", flat=True)) == ["Press briefing #12"]


@pytest.mark.parametrize("line_end", ["\r", "\r\n"])
def test_markdown_with_any_line_endings_is_read_with_its_front_matter(tmp_path, line_end):
    (tmp_path / "old-mac.md").write_text(line_end.join(["---", "title: Carriage returns", "---", "First.", "", "Second."]),
                                         encoding="utf-8", newline="")
    report = import_paths([tmp_path])
    assert report.outcomes[0].action == "created", report.outcomes[0].detail
    document = Document.objects.get()
    assert document.title == "Carriage returns" and [p["text"] for p in document.paragraphs] == ["First.", "Second."]


@pytest.mark.parametrize("merged", [False, True])
def test_a_deleted_or_merged_document_imported_again_from_its_source_is_refused_with_its_address(tmp_path, merged):
    retired, kept = one_of_two_retired(tmp_path, merged)
    report = import_paths([write_jsonl(tmp_path / "a.jsonl", [RECORD])])  # the same source file, again
    assert report.counts["error"] == 1
    says = (f"merged into {kept.public_id}" if merged else
            f"deleted (its address /d/{retired.public_id}/ answers 410 Gone); to bring it back at that address, "
            f"give its public_id {retired.public_id!r} too")
    assert says in report.outcomes[0].detail
    assert list(Document.objects.values_list("pk", flat=True)) == [kept.pk]
    if not merged:
        back = import_paths([write_jsonl(tmp_path / "b.jsonl", [{**RECORD, "public_id": retired.public_id}])])
        assert back.counts["created"] == 1 and Document.objects.filter(public_id=retired.public_id).exists()


def test_exported_then_imported_into_an_empty_database_every_paragraph_keeps_its_anchor(tmp_path):
    from speeches.models import DocumentText

    document = make_document(body="First.\n\nSecond.\n\nThird.\n\nFourth.")
    DocumentText.objects.create(document=document, language="fr", role="official-translation",
                                body="Premier.\n\nDeuxième.\n\nTroisième.")
    document.body = "Inserted on top.\n\nFirst.\n\nThird.\n\nFourth, and a sentence more.\n\nFourth."
    document.save()
    text = document.texts.get()
    text.body = "Ajouté.\n\nPremier.\n\nTroisième."
    text.save()
    document.refresh_from_db()
    text.refresh_from_db()
    anchored = (document.paragraphs, document.last_paragraph_number, document.retired_paragraphs)
    text_anchored = (text.paragraphs, text.last_paragraph_number, text.retired_paragraphs)
    assert [paragraph["anchor"] for paragraph in document.paragraphs] != ["p-1", "p-2", "p-3", "p-4", "p-5"]
    export_path = tmp_path / "export.jsonl"
    run_command("export_documents", "-o", str(export_path))
    Document.objects.all().delete()
    from speeches.models import RetiredDocument
    RetiredDocument.objects.all().delete()  # an empty database, in another archive

    run_command("import_documents", str(export_path))

    again = Document.objects.get()
    assert (again.paragraphs, again.last_paragraph_number, again.retired_paragraphs) == anchored
    again_text = again.texts.get()
    assert (again_text.paragraphs, again_text.last_paragraph_number, again_text.retired_paragraphs) == text_anchored


@pytest.mark.parametrize("anchors, says", [
    ({"paragraphs": [{"anchor": "p-0", "text": "x"}]}, "anchors.paragraphs[1]"),
    ({"paragraphs": [{"anchor": "p-2", "text": "x"}], "last_paragraph_number": 1}, "no smaller than any anchor"),
    ({"paragraphs": [{"anchor": "p-1", "text": "x"}, {"anchor": "p-1", "text": "y"}]}, "the same anchor"),
    ({"paragraphs": "p-1"}, "must be a list"),
    ({"order": []}, "as an export writes it"),
])
def test_anchors_that_are_no_export_s_are_refused(tmp_path, anchors, says):
    report = import_paths([write_jsonl(tmp_path / "a.jsonl", [{**RECORD, "anchors": anchors}])])
    assert report.counts["error"] == 1 and says in report.outcomes[0].detail


def test_an_export_leaves_out_a_correction_s_draft_copy(tmp_path):
    from speeches.review import start_correction

    document = make_document(title="Published")
    start_correction(document)
    out, err = run_command("export_documents")
    assert [json.loads(line)["title"] for line in out.splitlines()] == ["Published"] and "Exported 1 documents" in err
