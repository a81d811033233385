"""Documents, their other texts (originals, translations, versions) and the people credited with them.

The catalogue rows a document refers to are named by "app.Model" strings: the catalogue asks which of
its rows published documents refer to, so it imports this module, not the other way round.
"""
import copy
import re
from functools import lru_cache
from urllib.parse import quote, urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from simple_history.models import HistoricalRecords

from speeches.alignment import propose_alignment, validate_alignment
from speeches.characters import COMBINING_MARKS, HAN, without_invisible
from speeches.dates import PartialDate
from speeches.languages import is_right_to_left
from speeches.names import CitedName
from speeches.public_ids import new_public_id
from speeches.rendering import BodyRefused, check_body, check_words_shown, render_markdown

from .languages import LanguageField
from .slugs import SlugInAnyScriptField, event_slug, readable_slug
from .validation import WithoutControlCharacters, validate_not_a_list

# What the admin says of a title of invisible characters alone: Django's "This field cannot be blank."
# puzzles an editor who typed something into it.
INVISIBLE_TITLE = ("This title has nothing a reader can see: it holds spaces or invisible characters only (such as "
                   "zero-width spaces). Type the document's title.")
RETIRED_HELP = ('Anchors no paragraph keeps now, with their text: [{"anchor", "text", "into"}]. A paragraph '
                'whose text comes back takes its anchor again; "into" is the paragraph one was merged into.')
# A summary is the first paragraph of at least this many words (salutations are shorter), cut to length.
SUMMARY_MIN_WORDS = 12
SUMMARY_LENGTH = 200

# Fields Document.save() computes; a save of some fields must write these too.
DERIVED_ON_SAVE = ["body_html", "paragraphs", "last_paragraph_number", "retired_paragraphs", "word_count",
                   "words_in_every_text", "published_at", "corrected_at", "passages_compared"]
# A word: a run of letters and digits with their marks (a Devanagari vowel sign), or one Han character
# (Chinese is written without spaces; word processors count each character as a word, and search reads
# each as a token).
WORD = re.compile(rf"[{HAN}]|[^\W{HAN}](?:[^\W{HAN}]|[{COMBINING_MARKS}])*")


def share_paragraph_numbers(counterparts, row):
    """Use up, for ``counterparts`` too, every paragraph number ``row`` has used.

    A published document and the draft copy a correction is written in (``Document.corrects``), and
    each of their texts, number new paragraphs from the same count, so the copy applied on approval
    never gives a paragraph an anchor the published document gave another meanwhile.
    """
    counterparts.filter(last_paragraph_number__lt=row.last_paragraph_number).update(
        last_paragraph_number=row.last_paragraph_number)


def count_words(paragraphs):
    """Return how many words the paragraphs hold (``WORD``)."""
    return sum(len(WORD.findall(paragraph["text"])) for paragraph in paragraphs)


def words_of_other_texts(document_id):
    """Return how many words the paragraphs of a document's other texts hold (none for a new document)."""
    if document_id is None:
        return 0
    return sum(map(count_words, DocumentText.objects.filter(document_id=document_id).values_list("paragraphs", flat=True)))


def recount_words_of_every_text(document_id):
    """Store ``Document.words_in_every_text`` again once one of the document's other texts changed."""
    Document.objects.filter(pk=document_id).update(
        words_in_every_text=models.F("word_count") + words_of_other_texts(document_id))


def text_deleted(sender, instance, **kwargs):
    """Count a document's words again once one of its other texts is deleted."""
    recount_words_of_every_text(instance.document_id)


def speakers_with_people():
    """Prefetch a document's speakers joined to their people in one query. (Prefetching
    "speakers__person" selects people by a chain of ORs on SQLite, which refuses over 1,000.)"""
    return models.Prefetch("speakers", queryset=Speaker.objects.select_related("person"))


class TextRole(models.TextChoices):
    ORIGINAL = "original", "Original"
    OFFICIAL_TRANSLATION = "official-translation", "Official translation"
    UNOFFICIAL_TRANSLATION = "unofficial-translation", "Unofficial translation"
    AS_PREPARED = "as-prepared", "As prepared for delivery"
    AS_DELIVERED = "as-delivered", "As delivered"


KIND_PLURAL_LABELS = {
    "speech": "Speeches", "remarks": "Remarks", "statement": "Statements", "press-conference": "Press conferences",
    "interview": "Interviews", "article": "Articles", "commentary": "Commentaries",
    "podcast-transcript": "Podcast transcripts", "press-release": "Press releases", "letter": "Letters",
    "other": "Other documents",
}


class DocumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Document.Status.PUBLISHED)

    def published_values(self, field):
        """Return the distinct non-empty values of ``field`` among published documents, sorted."""
        return (self.published().exclude(**{field: ""}).order_by(field)
                .values_list(field, flat=True).distinct())

    def published_languages(self):
        """Return the language codes of published documents' texts, main and other."""
        others = DocumentText.objects.filter(document__in=self.published()).values_list("language", flat=True)
        return {*self.published_values("language"), *others.distinct()}

    def by_speaker(self, person):
        return self.filter(speakers__person=person).distinct()

    def in_office(self, office):
        """Documents whose speaker held ``office`` on their date (an ``Office``, which is one person's)."""
        return self.filter(speakers__office=office).distinct()

    def in_region(self, region):
        return self.filter(regions=region)

    def mentioning(self, country):
        return self.filter(countries=country)

    def at_venue(self, venue):
        return self.filter(venue=venue)

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def in_year(self, year):
        return self.filter(date__year=year)

    def chronological(self):
        return self.order_by(models.F("date").desc(nulls_last=True), "-created")

    def oldest_first(self):
        return self.order_by(models.F("date").asc(nulls_last=True), "created")

    def with_listing_data(self):
        """Prefetch what a list of documents shows: speakers, venue; leave out the long texts."""
        return (self.select_related("venue").prefetch_related(speakers_with_people())
                .defer("body", "body_html", "source_text", "retired_paragraphs"))

    def with_other_texts(self):
        """Prefetch the document's other texts with their paragraphs (not their Markdown or HTML)."""
        return self.prefetch_related(models.Prefetch(
            "texts", queryset=DocumentText.objects.defer("body", "body_html", "retired_paragraphs")))

    def with_index_data(self):
        """Prefetch everything the search index stores for a document."""
        return self.select_related("venue").prefetch_related(speakers_with_people(), "regions", "countries", "texts")


def body_as_stored(body):
    """Return a Markdown body as it is stored: Unix line endings (a browser's form sends CRLF), no white
    space around it (it means nothing in Markdown; stripping it keeps exports exact)."""
    return body.replace("\r\n", "\n").replace("\r", "\n").strip()


class MarkdownBody:
    """A model whose Markdown ``body`` is rendered on save into ``body_html`` and anchored
    ``paragraphs`` (the document's main text, and each of its other texts), in its ``language``."""

    # A copy of a stored body (a correction's draft of a published text) is rendered as its original
    # was, never refused: a body stored before a check it fails is kept until an editor edits it.
    copied_as_stored = False
    # For a new row: the anchors an export gave its paragraphs ({"paragraphs", "last_paragraph_number",
    # "retired_paragraphs"}), kept where the body's paragraphs are the same, as an edit keeps them.
    given_anchors = None

    @property
    def is_right_to_left(self):
        """Whether the text's language is written from right to left (Arabic, Hebrew, Persian, Urdu...)."""
        return is_right_to_left(self.language)

    def clean(self):
        """Refuse a new or edited body that saving would refuse. A body stored before a check it fails is
        kept as it is until it is edited (``render_body``), so the rest of its row can still be edited."""
        body = body_as_stored(self.body)
        if self.pk is not None and any(body_as_stored(stored) == body for stored in
                                       type(self).objects.filter(pk=self.pk).values_list("body", flat=True)):
            return
        try:
            check_body(self.body)
        except BodyRefused as error:
            raise ValidationError({"body": str(error)}) from None

    def render_body(self, stored):
        """Render ``body``, keeping the anchors of the ``stored`` paragraphs (a dict of the last save's
        "body", "paragraphs", "last_paragraph_number" and "retired_paragraphs", or None for a new row) where
        they survive; raise ``BodyRefused`` for a new or edited body that is too costly or whose page would
        drop words."""
        edited = not self.copied_as_stored and (stored is None or body_as_stored(stored["body"]) != self.body)
        anchoring = stored or self.given_anchors
        try:
            rendered = render_markdown(self.body, *(
                (anchoring["paragraphs"], anchoring["last_paragraph_number"], anchoring["retired_paragraphs"])
                if anchoring else ()
            ))
            if edited:
                check_words_shown(self.body, rendered)
        except BodyRefused:
            if edited:
                raise
            return  # rendered before a bound it now exceeds: kept as it is until its body is edited
        self.body_html = rendered.html
        self.paragraphs = [{"anchor": p.anchor, "text": p.text} for p in rendered.paragraphs]
        self.last_paragraph_number = rendered.last_paragraph_number
        self.retired_paragraphs = rendered.retired

    def merged_anchors(self):
        """Return {retired anchor: the anchor of the paragraph it was merged into} (a page takes a link there)."""
        return {entry["anchor"]: entry["into"] for entry in self.retired_paragraphs if entry["into"]}

    def current_anchor(self, anchor):
        """Return the anchor of the paragraph a link to ``anchor`` leads to: itself, or the one a retired
        paragraph was merged into; None when no paragraph holds it."""
        if any(paragraph["anchor"] == anchor for paragraph in self.paragraphs):
            return anchor
        return next((entry["into"] or None for entry in self.retired_paragraphs if entry["anchor"] == anchor), None)


class Document(WithoutControlCharacters, MarkdownBody, models.Model):
    class Kind(models.TextChoices):
        SPEECH = "speech", "Speech"
        REMARKS = "remarks", "Remarks"
        STATEMENT = "statement", "Statement"
        PRESS_CONFERENCE = "press-conference", "Press conference"
        INTERVIEW = "interview", "Interview"
        ARTICLE = "article", "Article"
        COMMENTARY = "commentary", "Commentary"
        PODCAST_TRANSCRIPT = "podcast-transcript", "Podcast transcript"
        PRESS_RELEASE = "press-release", "Press release"
        LETTER = "letter", "Letter"
        OTHER = "other", "Other"

        @property
        def plural_label(self):
            """Return the label for several of this kind ("Speeches", "Remarks")."""
            return KIND_PLURAL_LABELS[self.value]

    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    public_id = models.CharField(
        max_length=12, unique=True, editable=False, default=new_public_id,
        help_text="Permanent identifier used in every URL; never changes.",
    )
    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    slug = SlugInAnyScriptField(
        max_length=80, blank=True,
        help_text="Decorative part of the URL; old slugs keep redirecting. Left empty, it follows the title: in "
                  "Latin letters when all its letters are Latin, else in its own script (日本の外交).",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SPEECH)
    date = models.DateField(null=True, blank=True, help_text="For a month or a year, give its first day.")
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    venue = models.ForeignKey(
        "speeches.Venue", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    event = models.CharField(max_length=300, blank=True, help_text="e.g. 2nd China–Central Asia Summit")
    regions = models.ManyToManyField("speeches.Region", blank=True, related_name="documents")
    countries = models.ManyToManyField(
        "speeches.Country", blank=True, related_name="documents",
        help_text="Countries the document mentions: proposed from its texts when it is saved, corrected here. "
                  "A country you remove is not proposed again; one you add stays.")
    language = LanguageField(default="en")
    text_role = models.CharField(
        "role of this text", max_length=30, choices=TextRole.choices, blank=True,
        help_text="What the main text is, where known: the original, a translation, a version.")
    translation_note = models.CharField(
        max_length=300, blank=True, help_text='e.g. "Translation", "Unofficial translation from Russian".'
    )
    source_publisher = models.CharField(max_length=200, blank=True)
    source_url = models.URLField(max_length=1000, blank=True)
    source_retrieved = models.DateField(null=True, blank=True, help_text="When the source was retrieved.")
    body = models.TextField(help_text="Markdown. Paragraphs are separated by a blank line.")
    body_html = models.TextField(editable=False, default="")
    paragraphs = models.JSONField(editable=False, default=list)
    last_paragraph_number = models.PositiveIntegerField(
        editable=False, default=0, help_text="Highest paragraph anchor number ever used; never reused."
    )
    retired_paragraphs = models.JSONField(editable=False, default=list, help_text=RETIRED_HELP)
    word_count = models.PositiveIntegerField(editable=False, default=0, help_text="Words in the paragraphs.")
    words_in_every_text = models.PositiveIntegerField(
        editable=False, default=0, help_text="Words in the paragraphs of the main text and every other text: what "
                                             "a timeline divides by, as a query's occurrences are counted in every text.")
    source_text = models.TextField(
        blank=True, help_text="The text exactly as it was received (pasted or imported), kept for fidelity."
    )
    external_id = models.CharField(
        max_length=200, null=True, blank=True, unique=True,
        help_text="Identifier in the source this was imported from; re-imports update this document.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, editable=False, on_delete=models.CASCADE, related_name="corrections",
        db_index=False,  # indexed where set (Meta.indexes)
        help_text="The published document this draft proposes a correction of (speeches.review).")
    passages_compared = models.DateTimeField(
        null=True, blank=True, editable=False,
        help_text="When its passages were last compared with other documents'; empty once its text or status changes.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    corrected_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the text last changed after first publication."
    )
    history = HistoricalRecords(excluded_fields=["body_html", "paragraphs", "last_paragraph_number",
                                                 "retired_paragraphs", "word_count", "words_in_every_text",
                                                 "passages_compared"])

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = [models.F("date").desc(nulls_last=True), "-created"]
        # Covering indexes for the distinct values the search form and facets list.
        indexes = [models.Index(fields=["status", "date"]), models.Index(fields=["status", "language"]),
                   models.Index(fields=["status", "event"]), models.Index(fields=["status", "kind"]),
                   # What a timeline reads of every document the filters allow, without the long texts.
                   models.Index(fields=["status", "date", "date_precision", "words_in_every_text", "kind", "venue",
                                        "event"], name="document_timeline_words"),
                   # Only corrections' copies set ``corrects``. A plain index holds every other document under
                   # NULL, so once ANALYZE has run SQLite takes it for unselective and reads the whole table
                   # to find a document's corrections, on every save.
                   models.Index(fields=["corrects"], condition=Q(corrects__isnull=False), name="document_corrections"),
                   # An import finds the document a record updates by its source's address.
                   models.Index(fields=["source_url"], name="document_source_url")]
        permissions = [("publish_document", "Can publish and unpublish documents")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title, self.subtitle = without_invisible(self.title), without_invisible(self.subtitle)
        if not self.slug:
            self.slug = readable_slug(self.title) or "document"
        self.body = body_as_stored(self.body)
        # Read what is stored, not this instance's copy: a revert or a stale form may carry old values.
        stored = Document.objects.filter(pk=self.pk).values(
            "body", "paragraphs", "last_paragraph_number", "retired_paragraphs", "status", "date", "date_precision",
        ).first() if self.pk is not None else None
        if stored is None or stored["body"] != self.body or stored["status"] != self.status:
            self.passages_compared = None
        self.record_publication(stored)
        self.render_body(stored)
        self.word_count = count_words(self.paragraphs)
        self.words_in_every_text = self.word_count + words_of_other_texts(self.pk)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *DERIVED_ON_SAVE}
        super().save(*args, **kwargs)
        share_paragraph_numbers(Document.objects.filter(self.correction_counterparts()), self)
        if stored is not None and stored["paragraphs"] != self.paragraphs:
            self.propose_alignments()
        if stored is not None and (stored["date"], stored["date_precision"]) != (self.date, self.date_precision):
            self.follow_offices()

    def get_absolute_url(self):
        return reverse("speeches:document", args=[self.public_id, self.slug])

    def permanent_path(self):
        """Return the address a citation gives, ``/d/<public id>/``: short in any script, and the same
        whatever the title becomes (it leads to the page's address, which holds the title's slug)."""
        return reverse("speeches:document-short", args=[self.public_id])

    def clean_fields(self, exclude=None):
        """Take the invisible characters out of the title and subtitle (as ``save`` does) before they are
        validated, so that a title of nothing else is refused (``INVISIBLE_TITLE``)."""
        typed_title = self.title
        self.title, self.subtitle = without_invisible(self.title), without_invisible(self.subtitle)
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            if typed_title and not self.title and "title" in error.error_dict:
                error.error_dict["title"] = [ValidationError(INVISIBLE_TITLE, code="invisible")]
            raise

    def source_tie(self, anchor):
        """Return where paragraph ``anchor`` of the main text is in the document's sources, as an editor
        confirmed it (a ``ParagraphTie``: a page or a time), or None."""
        return self.paragraph_ties.filter(anchor=anchor, confirmed=True).order_by("source__order", "source").first()

    def paragraph_url(self, anchor, language="", highlight="", page_url=None):
        """Return the address of paragraph ``anchor`` on the document's page (of the page itself when
        ``anchor`` is empty): in its text in ``language`` (a translation, the original) if given, with
        ``highlight`` (a query) marked there.

        The one place a link to a paragraph is made (search hits, the concordance, exports, recurring
        passages, citations, the API); values are quoted as the ``urlencode`` template filter quotes them.
        ``page_url``, the page's address when the caller has it already, saves reversing it again
        (a concordance links thousands of lines).
        """
        fragment = f"#{anchor}" if anchor else ""
        return f"{page_url or self.get_absolute_url()}{paragraph_query(language, highlight)}{fragment}"

    def follow_offices(self):
        """Find again each speaker's office (and the role left to it) for the document's new date."""
        for credit in self.speakers.select_related("person").prefetch_related("person__offices"):
            credit.document = self
            if credit.take_office():
                credit.save()

    def correction_counterparts(self):
        """Return the condition on documents that selects the one this document corrects and those correcting it.

        ``pk=None`` is left out: SQLite cannot look ``id IS NULL OR ...`` up by index and read the whole
        table (bodies included) on every save, which made an import slow down with the archive's size.
        """
        counterparts = Q(corrects=self.pk)
        if self.corrects_id is not None:
            counterparts |= Q(pk=self.corrects_id)
        return counterparts

    def propose_alignments(self):
        """Propose anew how each other text aligns with the main text, whose paragraphs changed, unless
        an editor confirmed its alignment. (An update, not a save: the texts themselves did not change.)"""
        for text in self.texts.filter(alignment_confirmed=False).only("pk", "paragraphs", "alignment_proposal"):
            text.document = self
            text.propose_alignment()
            DocumentText.objects.filter(pk=text.pk).update(alignment=text.alignment,
                                                           alignment_proposal=text.alignment_proposal)

    def record_publication(self, stored):
        """Set when the document was first published, and when its published text was last corrected."""
        if not self.is_published:
            return
        if self.published_at is None:
            self.published_at = timezone.now()
        elif stored is not None and stored["body"] != self.body:
            self.corrected_at = timezone.now()

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_spoken(self):
        """Whether the document was spoken (its credits are speakers) rather than written (authors)."""
        return self.kind in {self.Kind.SPEECH, self.Kind.REMARKS, self.Kind.STATEMENT, self.Kind.PRESS_CONFERENCE,
                             self.Kind.INTERVIEW}

    @property
    def partial_date(self):
        """Return the date as precisely as the source gives it (a ``PartialDate``), or None. (A document
        created with its date as text, as fixtures and tests do, holds the text until read again.)"""
        return PartialDate.from_date(self._meta.get_field("date").to_python(self.date), self.date_precision)

    @property
    def event_slug(self):
        return event_slug(self.event)

    @property
    def speaker_names(self):
        return [speaker.person.name for speaker in self.speakers.all()]

    @property
    def cited_authors(self):
        """Return the ``CitedName``s a citation gives as authors: the speakers, else the publisher."""
        if credited := [speaker.person.cited_name for speaker in self.speakers.all()]:
            return credited
        return [CitedName(literal=self.source_publisher)] if self.source_publisher else []

    @property
    def summary(self):
        """Return the opening that says what the document is about, for descriptions and previews:
        the first paragraph of some length, not a salutation ("Dear Colleagues,")."""
        texts = [paragraph["text"] for paragraph in self.paragraphs]
        opening = next((text for text in texts if len(text.split()) >= SUMMARY_MIN_WORDS), texts[0] if texts else "")
        return Truncator(opening).chars(SUMMARY_LENGTH)

    def neighbours(self):
        """Return the published documents just before and after this one by date."""
        if self.date is None:
            return None, None
        published = Document.objects.published().exclude(pk=self.pk).filter(date__isnull=False)
        previous = published.filter(date__lte=self.date).order_by("-date", "-created").first()
        following = published.filter(date__gt=self.date).order_by("date", "created").first()
        return previous, following


class DocumentText(WithoutControlCharacters, MarkdownBody, models.Model):
    """Another text of a document: its original, a translation, or another version of it. The
    document's own body is its main text; each paragraph here may be aligned with one of it."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="texts")
    language = LanguageField()
    role = models.CharField(max_length=30, choices=TextRole.choices)
    title = models.CharField(
        max_length=300, blank=True,
        help_text="Its title in its own language, where the source gives one; citations of this text use it.")
    translator = models.CharField(max_length=200, blank=True, help_text="Who translated it, where known.")
    source_publisher = models.CharField(max_length=200, blank=True)
    source_url = models.URLField(max_length=1000, blank=True)
    source_retrieved = models.DateField(null=True, blank=True)
    body = models.TextField(help_text="Markdown. Paragraphs are separated by a blank line.")
    body_html = models.TextField(editable=False, default="")
    paragraphs = models.JSONField(editable=False, default=list)
    last_paragraph_number = models.PositiveIntegerField(editable=False, default=0)
    retired_paragraphs = models.JSONField(editable=False, default=list, help_text=RETIRED_HELP)
    alignment = models.JSONField(
        default=list, blank=True, validators=[validate_alignment],
        help_text="Pairs of paragraph anchors [main text's, this text's]. Until an editor confirms it, the archive "
                  "proposes it from the paragraphs' lengths, anew whenever either text's paragraphs change.")
    alignment_confirmed = models.BooleanField(
        default=False, help_text="An editor saved the alignment (or an import gave it): no proposal replaces it.")
    alignment_proposal = models.JSONField(
        default=list, blank=True, editable=False,
        help_text='While the alignment is proposed, how likely each group of paragraphs is: [{"main": [anchors], '
                  '"text": [anchors], "confidence": 0 to 1}]. Empty once an editor confirmed the alignment.')
    history = HistoricalRecords(excluded_fields=["body_html", "paragraphs", "last_paragraph_number",
                                                 "retired_paragraphs", "alignment_proposal"])

    class Meta:
        ordering = ["language", "role"]
        constraints = [models.UniqueConstraint(fields=["document", "language", "role"], name="one_text_per_language_and_role")]

    def __str__(self):
        return f"{self.get_language_display()} ({self.get_role_display().lower()})"

    def save(self, *args, **kwargs):
        self.title = without_invisible(self.title)
        self.body = body_as_stored(self.body)
        stored = DocumentText.objects.filter(pk=self.pk).values(
            "body", "paragraphs", "last_paragraph_number", "retired_paragraphs", "alignment",
        ).first() if self.pk is not None else None
        self.render_body(stored)
        if self.alignment != self.alignment_as_loaded(stored):  # set by the align view, the inline, an import
            self.alignment_confirmed = True
        if self.alignment_confirmed:
            self.alignment_proposal = []
        else:
            self.propose_alignment()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "alignment", "alignment_confirmed", "alignment_proposal"}
        super().save(*args, **kwargs)
        recount_words_of_every_text(self.document_id)
        self.loaded_alignment = copy.deepcopy(self.alignment)
        document = self.document
        share_paragraph_numbers(DocumentText.objects.filter(
            Q(document__in=Document.objects.filter(document.correction_counterparts())),
            language=self.language, role=self.role,
        ), self)

    def clean_fields(self, exclude=None):
        self.title = without_invisible(self.title)
        super().clean_fields(exclude)

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remember the alignment as loaded, so that ``save`` tells one someone set from one left as it
        was, even when a proposal replaced it in the database since (the main text's paragraphs changed)."""
        text = super().from_db(db, field_names, values)
        text.loaded_alignment = copy.deepcopy(text.__dict__.get("alignment"))
        return text

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self.loaded_alignment = copy.deepcopy(self.__dict__.get("alignment"))

    def alignment_as_loaded(self, stored):
        """Return the alignment this text had when loaded (or, not known, as ``stored``; a new text's: none)."""
        loaded = getattr(self, "loaded_alignment", None)
        if loaded is not None:
            return loaded
        return stored["alignment"] if stored else []

    def propose_alignment(self, afresh=False):
        """Set the alignment (and how sure each of its groups is) proposed from the paragraphs' lengths,
        keeping the pairs of paragraphs the proposal before paired one with one that are both still there
        (``afresh``: from the lengths alone)."""
        self.alignment, self.alignment_proposal = propose_alignment(
            self.document.paragraphs, self.paragraphs, () if afresh else self.alignment_proposal)

    def proposed_confidence(self):
        """Return ({main text's anchor: confidence}, {this text's anchor: confidence}) of the proposed
        alignment's groups of paragraphs; both empty once an editor confirmed the alignment."""
        main, mine = {}, {}
        for bead in self.alignment_proposal:
            main.update(dict.fromkeys(bead["main"], bead["confidence"]))
            mine.update(dict.fromkeys(bead["text"], bead["confidence"]))
        return main, mine

    def aligned_rows(self):
        """Return [(main paragraph, [this text's paragraphs aligned with it])] in the main text's order,
        then this text's paragraphs aligned with none, each on a row of its own."""
        mine = {paragraph["anchor"]: paragraph for paragraph in self.paragraphs}
        pairs = {}
        for main_anchor, anchor in self.alignment:
            if anchor in mine:
                pairs.setdefault(main_anchor, []).append(mine[anchor])
        rows = [(main, pairs.get(main["anchor"], [])) for main in self.document.paragraphs]
        placed = {paragraph["anchor"] for _, paragraphs in rows for paragraph in paragraphs}
        return rows + [(None, [paragraph]) for paragraph in self.paragraphs if paragraph["anchor"] not in placed]


    def aligned_groups(self):
        """Return [(main paragraphs, this text's paragraphs)] in the main text's order, each paragraph
        in exactly one group: a run of main paragraphs and the paragraphs aligned with any of them,
        grown until no paragraph is aligned across two groups (one paragraph rendering three is
        shown once, beside all three). This text's paragraphs aligned with none are a group each, after the
        group of the paragraph before them in this text ("(Applaudissements)" stays where it is said)."""
        main_order = {paragraph["anchor"]: number for number, paragraph in enumerate(self.document.paragraphs)}
        mine = {paragraph["anchor"]: number for number, paragraph in enumerate(self.paragraphs)}
        pairs = [(main_order[main], mine[anchor]) for main, anchor in self.alignment
                 if main in main_order and anchor in mine]
        mains_of, others_of = {}, {}
        for main, other in pairs:
            mains_of.setdefault(other, []).append(main)
            others_of.setdefault(main, set()).add(other)
        # The last main paragraph each main paragraph is tied to through a shared paragraph of this text.
        reach = list(range(len(main_order)))
        for mains in mains_of.values():
            for main in mains:
                reach[main] = max(reach[main], *mains)
        groups, start, end = [], 0, -1
        for main in range(len(main_order)):
            end = max(end, reach[main])
            if main == end:
                members = range(start, end + 1)
                groups.append((list(members), sorted(set().union(*(others_of.get(number, ()) for number in members)))))
                start = main + 1
        group_of = {other: index for index, (_, others) in enumerate(groups) for other in others}
        alone_after, last_group = {}, -1  # group index -> this text's paragraphs aligned with none, after it
        for number in range(len(self.paragraphs)):
            if number in group_of:
                last_group = max(last_group, group_of[number])
            else:
                alone_after.setdefault(last_group, []).append(number)
        rows = [([], [number]) for number in alone_after.get(-1, [])]
        for index, group in enumerate(groups):
            rows += [group] + [([], [number]) for number in alone_after.get(index, [])]
        return [([self.document.paragraphs[main] for main in mains], [self.paragraphs[other] for other in others])
                for mains, others in rows]


class Speaker(WithoutControlCharacters, models.Model):
    """A person who spoke or wrote a document, in the role they held, in the order credited.

    On save the credit takes the office the person held on the document's date (``office``), and, when
    the editor typed no role, that office's title as its role: a suggestion (``role_from_office``) that
    follows the offices and the date until the editor types another.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey("speeches.Person", on_delete=models.PROTECT, related_name="speaking_roles")
    role = models.CharField(
        max_length=300, blank=True, validators=[validate_not_a_list],
        help_text='As the document gives it: "President of the People\'s Republic of China", "author", "host". '
                  "Left empty, it is filled on save from the office the person held on the document's date.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    office = models.ForeignKey(
        "speeches.Office", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="credits",
        help_text="The office the person held on the document's date, found on save; the person's page groups "
                  "their documents by it.")
    role_from_office = models.BooleanField(
        default=False, editable=False,
        help_text="The role is the office's title, filled on save as none was typed; it follows the office.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "person"], name="one_credit_per_person")
        ]

    def __str__(self):
        return f"{self.person}, {self.role}" if self.role else str(self.person)

    def save(self, *args, **kwargs):
        self.take_office()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "office", "role", "role_from_office"}
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remember the role as loaded when it was the office's, so that ``take_office`` tells a suggestion
        left as it was from a role the editor typed over it."""
        credit = super().from_db(db, field_names, values)
        credit.suggested_role = credit.__dict__.get("role") if credit.__dict__.get("role_from_office") else None
        return credit

    def take_office(self):
        """Take the office the person held on the document's date (``Person.office_on``), and its title
        as the role unless the editor typed one: a role typed is never replaced. Return whether the
        office or the role changed."""
        kept_suggestion = self.role_from_office and self.role == getattr(self, "suggested_role", self.role)
        typed = self.role.strip() and not kept_suggestion
        match = self.person.office_on(self.document.partial_date, self.role if typed else "")
        before = (self.office_id, self.role, self.role_from_office)
        self.office = match.office
        if not typed:
            self.role = match.office.title if match.office else ""
        self.role_from_office = not typed and match.office is not None
        self.suggested_role = self.role if self.role_from_office else None
        return (self.office_id, self.role, self.role_from_office) != before


@lru_cache(maxsize=256)
def paragraph_query(language, highlight):
    """Return the query string of a link into a document's text (kept: a concordance's thousand
    lines share one or two)."""
    parameters = {name: value for name, value in (("lang", language), ("hl", highlight)) if value}
    return "?" + urlencode(parameters, safe="/", quote_via=quote) if parameters else ""
