"""The sources kept beside a document's transcript: the PDF, page scans, a recording; the page images
rendered from them ahead of time; and where each paragraph is in them (a page, a region of it, a time).

Files are named by their SHA-256, so that a file's address never changes (a correction of the document
leaves its sources as they are) and the same file attached twice is stored once.
"""
import re
import sys

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse

from .documents import Document


def sources_storage():
    """Return the storage source files are kept in. Read and write through it, not a field's own
    ``storage``: a field keeps the storage it was given when the models loaded, this follows settings."""
    return storages["sources"]


def open_stored(name, start=0, end=None):
    """Return a binary stream of the stored file ``name`` from byte ``start`` to ``end`` (inclusive; None:
    its last), or raise FileNotFoundError. Read the sources storage's files through it, never ``open``:
    django-storages' S3 file downloads the whole object on its first read (into memory, by default), so a
    player asking for the last megabyte of a 2 GB video would have the archive fetch 2 GB. From a bucket
    this is one GET of the bytes asked (``Range``), streamed as it is read; from a folder, the file at
    ``start`` (the caller reads no further than ``end``)."""
    storage = sources_storage()
    if not is_bucket(storage):
        stream = storage.open(name, "rb")
        stream.seek(start)
        return stream
    from botocore.exceptions import ClientError  # installed with the bucket's storage, requirements-s3.txt

    asked = {"Range": f"bytes={start}-{'' if end is None else end}"} if start or end is not None else {}
    try:
        # The settings give the storage no ``location``: a stored name is the object's key.
        return storage.bucket.Object(name).get(**asked)["Body"]
    except ClientError as error:
        if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
            raise FileNotFoundError(f"No stored file {name}") from error
        raise


def is_bucket(storage):
    """Whether ``storage`` is an S3 bucket (django-storages). Its module imports boto3, installed only where a
    bucket is used; a storage of its class has loaded it."""
    s3 = sys.modules.get("storages.backends.s3")
    return s3 is not None and isinstance(storage, s3.S3Storage)


class SourceFileQuerySet(models.QuerySet):
    def published(self):
        """Sources of published documents: the ones readers may see."""
        return self.filter(document__status=Document.Status.PUBLISHED)


class SourceFile(models.Model):
    """A file the transcript was taken from, as the editor gave it (checked, never changed)."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        SCAN = "scan", "Page scan"
        AUDIO = "audio", "Audio recording"
        VIDEO = "video", "Video recording"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    file = models.FileField(storage=sources_storage, max_length=200)
    content_type = models.CharField(max_length=60, help_text="As the archive found it, never as the upload claimed.")
    extension = models.CharField(max_length=8)
    original_name = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    label = models.CharField(max_length=200, blank=True, help_text="What it is, for readers: “Press release (PDF)”.")
    retrieved_from = models.URLField(
        max_length=2000, blank=True, help_text="The web address it was downloaded from, if it was.")
    retrieved_on = models.DateField(null=True, blank=True)
    page_count = models.PositiveIntegerField(default=0)
    duration = models.FloatField(null=True, blank=True, help_text="Seconds, for a recording.")
    order = models.PositiveIntegerField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    objects = SourceFileQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["document", "sha256"], name="one_copy_of_a_source_a_document")]

    def __str__(self):
        return self.label or self.original_name or f"{self.get_kind_display()} {self.sha256[:8]}"

    def get_absolute_url(self):
        return reverse("speeches:source-file", args=[self.sha256, self.extension])

    @property
    def is_recording(self):
        return self.kind in {self.Kind.AUDIO, self.Kind.VIDEO}

    @property
    def web_archive_url(self):
        """Return the Wayback Machine's copy of the page the file came from, nearest its retrieval day
        (the Wayback Machine redirects to its nearest capture; no request is made here), or ""."""
        if not self.retrieved_from:
            return ""
        day = self.retrieved_on.strftime("%Y%m%d") if self.retrieved_on else ""
        return f"https://web.archive.org/web/{day}/{self.retrieved_from}"


class SourcePage(models.Model):
    """A page of a PDF or a scan as an image rendered when it was attached, with the page's text if it has one."""

    source = models.ForeignKey(SourceFile, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()  # from 1
    image = models.FileField(storage=sources_storage, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    # The page's lines of text where PDFium found them, each [left, top, width, height, text] with the
    # box in fractions of the page: what a paragraph's region is proposed from.
    lines = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["source", "number"]
        constraints = [models.UniqueConstraint(fields=["source", "number"], name="one_image_a_source_page")]

    def __str__(self):
        return f"{self.source}, p. {self.number}"

    def get_absolute_url(self):
        return reverse("speeches:source-page", args=[self.source.sha256, self.number])


class ParagraphTie(models.Model):
    """Where a paragraph is in a source: a page (and a region of it) or a time range of a recording.
    The archive proposes ties; readers see those an editor confirmed."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="paragraph_ties")
    anchor = models.CharField(max_length=20)
    source = models.ForeignKey(SourceFile, on_delete=models.CASCADE, related_name="ties")
    page = models.PositiveIntegerField(null=True, blank=True)
    # [left, top, width, height] as fractions of the page, when the paragraph is one part of it.
    region = models.JSONField(null=True, blank=True)
    start = models.FloatField(null=True, blank=True, help_text="Seconds from the recording's start.")
    end = models.FloatField(null=True, blank=True)
    confirmed = models.BooleanField(default=False)

    class Meta:
        ordering = ["document", "source", "pk"]
        constraints = [models.UniqueConstraint(fields=["document", "anchor", "source"],
                                               name="one_tie_a_paragraph_a_source")]

    def __str__(self):
        return f"{self.anchor} → {self.place}"

    @property
    def place(self):
        """Return where the paragraph is, as a citation writes it: "p. 3" or "at 12:41"."""
        if self.page:
            return f"p. {self.page}"
        return f"at {clock(self.start)}" if self.start is not None else ""


def clock(seconds):
    """Return seconds as a recording's time: 12:41, or 1:02:05 past an hour."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


CLOCK = re.compile(r"^(?:(\d+):)?([0-5]?\d):([0-5]\d(?:\.\d+)?)$|^(\d+(?:\.\d+)?)$")


def parse_clock(text):
    """Return the seconds a recording's time written "12:41", "1:02:05" or "761" means, or raise ValueError."""
    found = CLOCK.match(str(text).strip())
    if found is None:
        raise ValueError(f"“{str(text)[:20]}” is not a time: write minutes and seconds (12:41), or hours too (1:02:05).")
    hours, minutes, seconds, plain = found.groups()
    return float(plain) if plain else int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)


def region_from_percentages(numbers):
    """Return the region of a page given as four percentages [left, top, width, height] as the
    fractions a tie keeps, or raise ValueError."""
    if not isinstance(numbers, (list, tuple)) or len(numbers) != 4 or not all(isinstance(number, (int, float)) and not isinstance(number, bool)
                                    for number in numbers):
        raise ValueError("a region is four percentages of the page: left, top, width, height (10, 40, 80, 25)")
    left, top, width, height = (number / 100 for number in numbers)
    if min(left, top) < 0 or width <= 0 or height <= 0 or left + width > 1.0001 or top + height > 1.0001:
        raise ValueError("a region must lie on the page: left + width and top + height at most 100")
    return [round(value, 4) for value in (left, top, width, height)]


def region_percentages(region):
    """Return a tie's region as the four percentages an editor reads and writes."""
    return [round(part * 100, 1) for part in region]
