"""Import documents from files: create or update each record, report every outcome, index in batches.

A record updates the document with the same external_id, else the same source_url, else the same
public_id; otherwise it creates one. A public_id naming another document than the record's
external_id or source_url is a conflict, reported, never an overwrite. A Markdown file whose front
matter has a ``role`` is another text (original, translation) of the document with its
``external_id`` (its ``public_id`` for a document without one): imported with that document's own file,
the text files are its texts; imported alone, each adds or replaces the stored document's text of its language and role. Each record is written in its own transaction, so a bad record
is reported and skipped and never leaves a half-written document. A dry run does every write and
rolls it back, so it reports exactly what a real run would change.

A record's ``sources`` (``record_sources``) are read or downloaded before its transaction and attached
inside it; a source refused fails the whole record, and the files of its sources already stored are
deleted with the rollback. A dry run reads and checks files but stores none, and fetches no url.
"""
import logging
from pathlib import Path
from collections import Counter
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from speeches.countries import code_of
from speeches.country_mentions import detect_countries, record_given_countries
from speeches.database import refresh_planner_statistics
from speeches.languages import UnknownLanguage, canonical_tag
from speeches.models import (
    Country, Document, DocumentText, Office, Person, Region, RetiredDocument, Speaker, Venue, readable_slug,
)
from speeches.rendering import BodyRefused
from speeches.research.signals import deferred_comparisons
from speeches.search import batched_index_updates, catch_up_index

from .document_files import export_record
from .formats import count_records, import_files, read_records
from .record_sources import attach_sources, forget_attached, prepared_sources, tie_paragraphs
from .plaintext import words_broken_at_line_ends
from .records import RecordError, parse_record

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "error"
log = logging.getLogger(__name__)


@dataclass
class RecordOutcome:
    location: str
    action: str
    title: str = ""
    detail: str = ""
    public_id: str = ""
    notes: list = field(default_factory=list)


@dataclass
class ImportReport:
    dry_run: bool
    outcomes: list = field(default_factory=list)

    @property
    def counts(self):
        return Counter(outcome.action for outcome in self.outcomes)

    @property
    def errors(self):
        return [outcome for outcome in self.outcomes if outcome.action == FAILED]

    def summary(self):
        counts = self.counts
        verb = "would be" if self.dry_run else "were"
        return (f"{len(self.outcomes)} record(s): {counts[CREATED]} {verb} created, {counts[UPDATED]} "
                f"{verb} updated, {counts[UNCHANGED]} unchanged, {counts[FAILED]} skipped with errors.")


def import_paths(paths, dry_run=False, allow_publish=True, on_progress=None, index=True, compare=True,
                 local_files=False):
    """Import every record of the files under ``paths``; return the ``ImportReport``.

    Without ``allow_publish`` (an editor who may not publish), records are imported as drafts and
    published documents are left untouched. ``on_progress(done, total)`` is called per record.
    Without ``index``, the search index is left as it was, for a rebuild afterwards (first loads
    of many thousands of documents, where one rebuild is faster than indexing as they arrive).
    Without ``compare``, recurring passages are left uncompared for ``compare_passages`` to find.
    With ``local_files`` (the command line's import, not an upload's), a record's sources may be
    files in its import file's folder.
    """
    files = import_files(paths)
    total = sum(count_records(path) for path in files)
    report = ImportReport(dry_run)
    if index and not dry_run:
        catch_up_index()  # what an import stopped midway committed but never indexed
    imported_external_ids = {}  # external_id -> where this import wrote it
    text_files = other_text_files(files)
    # Compared after the batch is indexed: a slow comparison never keeps a document out of the index.
    with deferred_comparisons(discard=dry_run or not compare), batched_index_updates(discard=dry_run or not index):
        for location, folder, data in document_records(files, text_files):
            outcome = import_record(location, data, dry_run, allow_publish, imported_external_ids,
                                    folder=folder if local_files else None)
            report.outcomes.append(outcome)
            if on_progress:
                on_progress(len(report.outcomes), max(total, len(report.outcomes)))
    if not dry_run and (report.counts[CREATED] or report.counts[UPDATED]):
        refresh_planner_statistics()
    return report


@dataclass
class TextFiles:
    """The Markdown files of other texts in an import, by what names their document: ("external_id", value),
    or ("public_id", value) for a document without one (its downloads name it so)."""

    paths: set = field(default_factory=set)
    by_document: dict = field(default_factory=dict)  # (key, value) -> [(location, text data)]


def other_text_files(files):
    text_files = TextFiles()
    for path in files:
        if path.suffix.lower() != ".md":
            continue
        for location, data in read_records(path):
            if isinstance(data, dict) and "role" in data:
                text_files.paths.add(path)
                text_files.by_document.setdefault(document_named_by(data), []).append((location, data))
    return text_files


def document_named_by(text_data):
    """Take what names a text file's document out of its data: ("external_id", value), else ("public_id", value)."""
    external_id = str(text_data.pop("external_id", "") or "")
    public_id = str(text_data.pop("public_id", "") or "")
    return ("public_id", public_id) if public_id and not external_id else ("external_id", external_id)


def document_records(files, text_files):
    """Yield (location, folder of its file, data) for each document record, with the texts of its text
    files; then, for text files whose document's file was not imported, the stored document with them
    added (and no folder)."""
    pending = dict(text_files.by_document)
    for path in files:
        if path in text_files.paths:
            continue
        for location, data in read_records(path):
            if isinstance(data, dict) and (texts := texts_naming(data, pending)):
                texts, notes = texts_and_their_notes(texts)
                data = {**data, "texts": with_texts_replaced(data.get("texts"), texts),
                        "_guesses": [*data.get("_guesses", []), *notes]}
            yield location, path.parent, data
    for named_by, located_texts in pending.items():
        texts, notes = texts_and_their_notes(located_texts)
        record = stored_document_with_texts(named_by, texts)
        yield located_texts[0][0], None, record if isinstance(record, RecordError) else {**record, "_guesses": notes}


def texts_naming(document_data, pending):
    """Take from ``pending`` the text files naming this document record by its external_id or public_id."""
    texts = []
    for key in ("external_id", "public_id"):
        if value := str(document_data.get(key) or ""):
            texts += pending.pop((key, value), [])
    return texts


def texts_and_their_notes(texts):
    """Return the data of text files ``[(location, data)]``, and the guesses made reading them, each
    saying of which file (the document's record reports them)."""
    notes = [f"{Path(location).name}: {note}" for location, text in texts for note in text.get("_guesses", [])]
    return [{key: value for key, value in text.items() if key != "_guesses"} for _, text in texts], notes


def stored_document_with_texts(named_by, texts):
    """Return the stored document's record with ``texts`` added, each replacing its language and role's."""
    key, value = named_by
    document = Document.objects.filter(**{key: value}).first() if value else None
    if document is None:
        return RecordError(f"a text file (it has a role) names {key} {value[:100]!r}, which no document has: "
                           "import it with its document's own file")
    record = export_record(document)
    record.pop("sources", None)  # left as they are, not fetched again from the archive's own addresses
    return {**record, "texts": with_texts_replaced(record.get("texts"), texts)}


def with_texts_replaced(texts, text_files):
    """Return ``texts`` with ``text_files``'s texts added, each replacing the one of its language and role
    (a document's own .md download lists its texts, which the text files imported beside it correct)."""
    if texts is None:
        return text_files
    if not isinstance(texts, list):
        return texts  # its record reports it
    replaced = {(language_of(text), text.get("role")) for text in text_files}
    kept = [text for text in texts
            if not isinstance(text, dict) or (language_of(text), text.get("role")) not in replaced]
    return [*kept, *text_files]


def language_of(text):
    """Return the stored form of a text file's language ("zh-hans" replaces the stored "zh-Hans"), or
    the language as given when it names none (the record's error then says so)."""
    try:
        return canonical_tag(text.get("language"), text=str(text.get("body") or ""))
    except UnknownLanguage:
        return text.get("language")


def import_record(location, data, dry_run, allow_publish, imported_external_ids, folder=None):
    """Import one record, its sources read from ``folder`` (None: a record's sources may not be files)."""
    notes = data.pop("_guesses", []) if isinstance(data, dict) else []
    try:
        if isinstance(data, RecordError):
            raise data
        record = parse_record(data)
        if first := imported_external_ids.get(record.external_id):
            # Imported again, it would silently overwrite the first; a dry run would count it twice.
            raise RecordError(f"external_id {record.external_id!r} was already given to the record at {first}")
        # Downloads before the transaction: a slow server never holds the database.
        with prepared_sources(record, folder, sha256s_of(record), dry_run) as sources:
            kept = False
            try:
                with transaction.atomic():
                    outcome = write_record(location, record, allow_publish, sources, store_sources=not dry_run)
                    if dry_run or outcome.action == UNCHANGED:
                        transaction.set_rollback(True)
                kept = not (dry_run or outcome.action == UNCHANGED)
            finally:
                if not kept:  # rolled back: the files its sources stored go too, unless another source holds them
                    forget_attached(sources)
            notes = notes + [f"sources[{source.number}]: {source.name} will be fetched when imported"
                             for source in sources if source.will_be_fetched]
    except RecordError as error:
        return RecordOutcome(location, FAILED, title_of(data), str(error), notes=notes)
    except IntegrityError as error:
        return RecordOutcome(location, FAILED, title_of(data), f"conflicts with a stored document: {error}",
                             notes=notes)
    except BodyRefused as error:
        return RecordOutcome(location, FAILED, title_of(data), f"body: {error}", notes=notes)
    except Exception as error:  # one record that breaks must not stop the records after it
        log.exception("Importing the record at %s failed", location)
        return RecordOutcome(location, FAILED, title_of(data), f"could not be imported ({type(error).__name__}); "
                             "the server log has the details", notes=notes)
    if record.external_id:
        imported_external_ids[record.external_id] = location
    outcome.notes = notes + outcome.notes
    return outcome


def title_of(data):
    return str(data.get("title", ""))[:120] if isinstance(data, dict) else ""


def find_existing(record):
    """Return the document the record updates, or None for a new one; raise ``RecordError`` when the
    record's public_id names another document than its external_id or source_url do, or a document
    known by another external_id: taking it would overwrite someone else's document."""
    documents = Document.objects.filter(corrects__isnull=True)  # a correction's copy changes by review only
    found = None
    if record.external_id:
        found = documents.filter(external_id=record.external_id).first()
    if found is None and record.source_url:
        found = documents.filter(source_url=record.source_url).first()
    owner = documents.filter(public_id=record.public_id).first() if record.public_id else None
    if owner is None and record.public_id:
        refuse_a_retired_public_id(record)
    if found is None and owner is None and not record.public_id and record.external_id:
        refuse_a_retired_external_id(record)
    if owner is None or owner == found:
        return found
    if found is not None or (record.external_id and owner.external_id != record.external_id):
        raise RecordError(f"conflict: public_id {record.public_id!r} is the id of “{owner.title}”, which this "
                          f"record's external_id or source_url does not name; leave public_id out to add a new "
                          f"document, or give that document's external_id ({owner.external_id or 'none'}) to update it")
    return owner


def refuse_a_retired_public_id(record):
    """Raise ``RecordError`` when the record's public_id was a deleted or merged document's and the record
    is not that document restored (as an export gives it: its external_id, or for one that had none, its
    title): the address still answers for it (410 with its citation, or a redirect to what absorbed it),
    so no other document takes it."""
    retired = RetiredDocument.objects.filter(public_id=record.public_id).first()
    if retired is None or is_restored(retired, record):
        return
    fate = f"merged into {retired.successor_public_id}" if retired.successor_public_id else "deleted"
    raise RecordError(f"public_id {record.public_id!r} was the id of “{retired.title}”, {fate}; its address still "
                      "answers for it, so it names no other document: leave public_id out to add one, or give "
                      "its external_id (or, if it had none, its title) to restore it")


def refuse_a_retired_external_id(record):
    """Raise ``RecordError`` when the record, with no public_id, is a deleted or merged document's by its
    external_id: imported again from its source file, it would be published anew at another address while
    its own still answers 410 Gone, or be the duplicate merged away."""
    retired = RetiredDocument.objects.filter(external_id=record.external_id).order_by("-retired_at").first()
    if retired is None:
        return
    if retired.successor_public_id:
        raise RecordError(f"external_id {record.external_id!r} was “{retired.title}”, merged into "
                          f"{retired.successor_public_id} as a duplicate; correct that document instead")
    raise RecordError(f"external_id {record.external_id!r} was “{retired.title}”, deleted (its address "
                      f"/d/{retired.public_id}/ answers 410 Gone); to bring it back at that address, give its "
                      f"public_id {retired.public_id!r} too")


def is_restored(retired, record):
    if retired.external_id:
        return record.external_id == retired.external_id
    return record.title == retired.title


def sha256s_of(record):
    """Return the SHA-256s of the sources of the document ``record`` updates (none for a new one)."""
    if not any(source.sha256 for source in record.sources):
        return set()
    document = find_existing(record)
    return set(document.sources.values_list("sha256", flat=True)) if document else set()


def write_record(location, record, allow_publish, sources=(), store_sources=True):
    """Create or update the record's document and attach its prepared ``sources`` (``record_sources``;
    without ``store_sources``, counted as a dry run would); return what happened to it."""
    document = find_existing(record)
    if not allow_publish:
        refuse_changes_to_published_pages(document, record)
        record.status = Document.Status.DRAFT
    elif record.status is None:
        # Re-importing a file that states no status must not unpublish what a publisher published.
        record.status = document.status if document else Document.Status.DRAFT
    before = export_record(document) if document else None
    notes = entries_found_under_other_names(record) + countries_unknown(record) + broken_words(record)
    if document is None:
        document = Document(public_id=record.public_id) if record.public_id else Document()
        document.given_anchors = record.anchors
    fill_document(document, record)
    after = export_record(document)
    added_sources = attach_sources(document, sources, store=store_sources)
    tied = tie_paragraphs(document, record.sources, sources)
    if before is None:
        return RecordOutcome(location, CREATED, document.title, public_id=document.public_id, notes=notes)
    changed = [key for key in {**before, **after} if after.get(key) != before.get(key)]  # a key may come or go
    if added_sources:
        changed.append("sources")
    if tied:
        changed.append("ties")
    if not changed:
        return RecordOutcome(location, UNCHANGED, document.title, public_id=document.public_id, notes=notes)
    return RecordOutcome(location, UPDATED, document.title, "changed: " + ", ".join(changed),
                         public_id=document.public_id, notes=notes)


def refuse_changes_to_published_pages(document, record):
    """Raise ``RecordError`` if an editor's record would change what published pages show: a published
    document, or how a person credited on one is cited (the rule the admin applies to its forms)."""
    if document is not None and document.is_published:
        raise RecordError(f"“{document.title}” is published; only a publisher may change it")
    for credit in record.speakers:
        person = found(Person, credit.wikidata, {"name": credit.name})  # the one ``credited_person`` finds
        if person and person.name == credit.name and changes_name_parts(person, credit.name_parts) and (
                person.shown_on_published_pages()):
            raise RecordError(f"speakers: “{person.name}” is credited on published documents; only a publisher "
                              "may change how the name is cited")
        if person and new_offices(person, credit.offices) and person.shown_on_published_pages():
            raise RecordError(f"speakers: “{person.name}” is credited on published documents; only a publisher "
                              "may add to their offices")
    for model, item, lookup in entries_with_items(record):
        row = found(model, item, lookup)
        if row and row.wikidata != item and row.shown_on_published_pages():
            raise RecordError(f"“{row.name}” appears on published pages; only a publisher may give it a Wikidata "
                              f"item ({item})")


MOST_BROKEN_WORDS_NAMED = 5


def broken_words(record):
    """Return a note naming the words a line break seems to break in the record's body ("interna-" and
    "tional" on two lines): stored as given, they are searched as two words until an editor cleans them."""
    broken = words_broken_at_line_ends(record.body)
    if not broken:
        return []
    named = ", ".join(f"“{word}”" for word in broken[:MOST_BROKEN_WORDS_NAMED])
    more = f" and {len(broken) - MOST_BROKEN_WORDS_NAMED} more" if len(broken) > MOST_BROKEN_WORDS_NAMED else ""
    return [f"body: {len(broken)} word(s) seem broken across lines, {named}{more}; stored as given, each is searched "
            "as two words: press “Clean pasted text” in the admin to join them, seeing every change"]


def countries_unknown(record):
    """Return a note for each country the record names that the archive has no entry for and that is
    no country by any ISO code or name: it is added as given (a former country, "USSR", is one), and
    the editor must see it, as it may be a misspelling."""
    return [f"countries: “{entry.name}” names no country by its ISO code or a name in any language; it was "
            "added as a new entry, without a code: check its spelling, or that it is a former country"
            for entry in record.countries
            if not found(Country, entry.wikidata, {"name": entry.name}) and code_of(entry.name) is None]


def entries_found_under_other_names(record):
    """Return a note for each entry the record names otherwise than the archive's entry with its item:
    the document will credit the archive's (``found``), and the editor must see it."""
    notes = []
    for model, item, lookup in entries_with_items(record):
        row = model.objects.filter(wikidata=item).first()
        if row and any(getattr(row, name) != value for name, value in lookup.items()):
            named = ", ".join(value for value in lookup.values() if value)
            notes.append(f"the record's {model._meta.verbose_name} “{named}” is the archive's “{row}” "
                         f"(same Wikidata item {item})")
    return notes


def entries_with_items(record):
    """Yield (model, item, lookup) for each catalogue entry the record gives a Wikidata item."""
    entries = [(Person, credit.wikidata, {"name": credit.name}) for credit in record.speakers]
    if record.venue:
        entries.append((Venue, record.venue.wikidata, {"name": record.venue.name, "city": record.venue.city}))
    entries += [(Region, entry.wikidata, {"name": entry.name}) for entry in record.regions]
    entries += [(Country, entry.wikidata, {"name": entry.name}) for entry in record.countries]
    return [(model, item, lookup) for model, item, lookup in entries if item]


def fill_document(document, record):
    """Write the record's fields and relations onto ``document`` and save it."""
    for name in ["title", "subtitle", "kind", "date", "date_precision", "event", "language", "text_role",
                 "translation_note", "source_publisher", "source_url", "source_retrieved", "status",
                 "body", "source_text"]:
        setattr(document, name, getattr(record, name))
    if record.external_id:
        document.external_id = record.external_id
    document.venue = venue_for(record.venue) if record.venue else None
    document.slug = ""
    document.save()
    document.speakers.all().delete()
    for order, credit in enumerate(record.speakers):
        Speaker.objects.create(document=document, person=credited_person(credit), role=credit.role, order=order)
    document.regions.set([identified(Region, entry.wikidata, {"name": entry.name}) for entry in record.regions])
    record_given_countries(document, [country_named(entry.name, entry.wikidata) for entry in record.countries])
    if record.texts is not None:
        write_texts(document, record.texts)
    detect_countries(document)


def write_texts(document, texts):
    """Make the document's other texts those of the record, aligned as it says (else as proposed)."""
    kept = []
    for number, text in enumerate(texts):
        try:
            stored = DocumentText.objects.filter(document=document, language=text.language, role=text.role).first()
            if stored is None:
                stored = DocumentText(document=document, language=text.language, role=text.role)
                stored.given_anchors = text.anchors
            for name in ["title", "body", "translator", "source_publisher", "source_url", "source_retrieved"]:
                setattr(stored, name, getattr(text, name))
            stored.save()
        except BodyRefused as error:  # the lines it names are the text's own: say which text
            raise RecordError(f"texts[{number}].body: {error}") from None
        if text.alignment is not None:  # else the archive proposes one, unless an editor confirmed one
            stored.alignment = anchor_pairs(document.paragraphs, stored.paragraphs, text.alignment)
            stored.alignment_confirmed = True
            stored.save(update_fields=["alignment"])
        kept.append(stored.pk)
    document.texts.exclude(pk__in=kept).delete()


def anchor_pairs(main_paragraphs, paragraphs, numbered_pairs):
    """Return [[main anchor, anchor]] for pairs of paragraph numbers (from 1); a number past the end
    of its text is a ``RecordError``."""
    pairs = []
    for main_number, number in numbered_pairs:
        if main_number > len(main_paragraphs) or number > len(paragraphs):
            raise RecordError(f"alignment pair [{main_number}, {number}] names a paragraph the texts do not have")
        pairs.append([main_paragraphs[main_number - 1]["anchor"], paragraphs[number - 1]["anchor"]])
    return pairs


def credited_person(credit):
    """Return the person (or organisation) a credit names, with the name parts the record gives and the
    offices it gives added to theirs."""
    person = identified(Person, credit.wikidata, {"name": credit.name})
    # Name parts are the record's name's: a person found by item under another name keeps their own.
    if person.name == credit.name and changes_name_parts(person, parts := credit.name_parts):
        person.name_form, person.family_name, person.given_name = parts.form, parts.family_name, parts.given_name
        person.save()
    if offices := new_offices(person, credit.offices):
        for office in offices:
            Office.objects.create(
                person=person, title=office.title,
                organisation=identified(Person, "", {"name": office.organisation}) if office.organisation else None,
                country=country_named(office.country) if office.country else None,
                **partial_date_fields("start", office.start), **partial_date_fields("end", office.end))
        person.follow_offices()  # their credits on other documents too
    return person


def new_offices(person, offices):
    """Return the ``OfficeRecord``s of ``offices`` the person does not hold yet: another title or other dates
    (an import adds offices; it never takes one away)."""
    held = {(office.title, office.period) for office in person.offices.all()}
    return [office for office in offices if (office.title, office.period) not in held]


def partial_date_fields(name, partial):
    """Return the model fields of a ``PartialDate`` (None: no date): its first day and its precision."""
    return {name: partial.start if partial else None,
            f"{name}_precision": partial.precision if partial else Document.DatePrecision.DAY}


def changes_name_parts(person, parts):
    """Whether a credit's name parts (None: the record gives none) differ from the person's."""
    return parts is not None and (person.name_form, person.family_name, person.given_name) != (
        parts.form, parts.family_name, parts.given_name)


def found(model, item, lookup):
    """Return the row of ``model`` a record names: the one with its Wikidata ``item`` if it gives one and
    the archive has it, else the first one ``lookup`` finds (its name; a country's, any of its names or
    codes: "Франция" is France), else one renamed since: its slug is still the one that name made (Jane
    Roe, renamed Janeth Roewinski, is still jane-roe); None if there is none."""
    by_item = model.objects.filter(wikidata=item).first() if item else None
    named = model.objects.named(lookup["name"]) if model is Country else model.objects.filter(**lookup)
    row = by_item or named.order_by("pk").first()
    if row or set(lookup) != {"name"}:
        return row
    return model.objects.filter(slug=readable_slug(lookup["name"])).first()


def identified(model, item, lookup, **defaults):
    """Return the row ``found`` finds, created if there is none, with the Wikidata ``item`` the record gives."""
    row = found(model, item, lookup) or model.objects.create(**lookup, **defaults)
    if item and row.wikidata != item:
        if row.wikidata:
            raise RecordError(f"“{row.name}” is Wikidata {row.wikidata} in the archive and {item} in the record: "
                              "correct one of them")
        row.wikidata = item
        row.save(update_fields=["wikidata"])
    return row


def country_named(name, item=""):
    """Return the archive's country ``name`` (a name in any language, or an ISO code) names, added if it
    lacks it: under its English name when it is a country ISO codes know, else as given."""
    if found(Country, item, {"name": name}) is None and (code := code_of(name)):
        Country.objects.for_codes([code])  # found below by its code
    return identified(Country, item, {"name": name})


def venue_for(place):
    return identified(Venue, place.wikidata, {"name": place.name, "city": place.city}, country=place.country)
