"""A document's sources in the admin: attach a PDF, scans or a recording, and tie each paragraph to
its page or its time. The archive proposes pages from the text found on them; saving the ties
confirms what the form shows, and only confirmed ties reach readers."""
import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator, capfirst

from speeches.models import (Document, ParagraphTie, SourceFile, clock, parse_clock, region_from_percentages,
                             region_percentages)
from speeches.sources.attaching import added_in_a_day, attach_source
from speeches.sources.checking import ACCEPTED_NAMES, BadSource

REGION_NUMBERS = re.compile(r"\d{1,3}(?:\.\d+)?")
REGION_SEPARATORS = re.compile(r"[\s,;%]*")


class SourceUploadForm(forms.Form):
    file = forms.FileField(help_text=f"{ACCEPTED_NAMES}. Checked, and its pages rendered, before it is kept.")
    label = forms.CharField(max_length=200, required=False, help_text="What it is, for readers: “Press release (PDF)”.")
    retrieved_from = forms.URLField(max_length=2000, required=False, assume_scheme="https",
                                    help_text="The web address it was downloaded from, if it was.")
    retrieved_on = forms.DateField(required=False, help_text="When it was downloaded (YYYY-MM-DD).")


def parse_region(text):
    """Return the region written "left, top, width, height" in percent of the page as fractions."""
    numbers = REGION_NUMBERS.findall(text)
    if not REGION_SEPARATORS.fullmatch(REGION_NUMBERS.sub("", text)):
        numbers = []
    try:
        return region_from_percentages([float(number) for number in numbers])
    except ValueError as error:
        raise forms.ValidationError(f"{capfirst(str(error))}.") from None


def region_text(region):
    return ", ".join(f"{part:g}" for part in region_percentages(region)) if region else ""


class TiesForm(forms.Form):
    """For each paragraph of the main text and each source: its page (PDF, scans) and the region of it,
    or its time (recordings)."""

    def __init__(self, document, sources, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = sources
        ties = {(tie.source_id, tie.anchor): tie for tie in document.paragraph_ties.all()}
        self.rows = []
        for paragraph in document.paragraphs:
            cells = []
            for source in sources:
                name = f"tie-{source.pk}-{paragraph['anchor']}"
                tie = ties.get((source.pk, paragraph["anchor"]))
                self.fields[name] = self.field_for(source, tie)
                region = None
                if not source.is_recording:
                    self.fields[f"region-{name}"] = self.region_field(source, tie)
                    region = self[f"region-{name}"]
                cells.append((self[name], region, tie is not None and not tie.confirmed))
            self.rows.append((paragraph, Truncator(paragraph["text"]).chars(140), cells))

    @staticmethod
    def region_field(source, tie):
        """The region as four percentages; the page's script adds a way to draw it on the page image
        (``data-first-page``: the address of page 1, whose number it replaces)."""
        label = f"Region of the page of {source} (left, top, width, height in %)"
        first_page = reverse("speeches:source-page", args=[source.sha256, 1])
        return forms.CharField(required=False, label=label, max_length=40, initial=region_text(tie and tie.region),
                               widget=forms.TextInput(attrs={"size": 18, "placeholder": "whole page",
                                                             "aria-label": label, "class": "tie-region",
                                                             "data-first-page": first_page}))

    @staticmethod
    def field_for(source, tie):
        label = f"{source} for this paragraph"
        if source.is_recording:
            initial = "" if tie is None or tie.start is None else clock(tie.start)
            return forms.CharField(required=False, label=label, initial=initial, max_length=12,
                                   widget=forms.TextInput(attrs={"size": 8, "placeholder": "m:ss", "aria-label": label}))
        pages = [("", "—")] + [(number, f"p. {number}") for number in range(1, source.page_count + 1)]
        return forms.TypedChoiceField(choices=pages, coerce=int, empty_value=None, required=False, label=label,
                                      initial=tie.page if tie else "", widget=forms.Select(attrs={"aria-label": label}))

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            if name.startswith("region-"):
                self.clean_region(name, value, cleaned.get(name.removeprefix("region-")))
                continue
            source = self.source_of(name)
            if source.is_recording and value:
                try:
                    seconds = parse_clock(value)
                except ValueError as error:
                    self.add_error(name, str(error))
                    continue
                if source.duration and seconds > source.duration:
                    self.add_error(name, f"The recording is {clock(source.duration)} long.")
                cleaned[name] = seconds
        return cleaned

    def clean_region(self, name, text, page):
        if not text.strip():
            self.cleaned_data[name] = None
            return
        try:
            self.cleaned_data[name] = parse_region(text)
        except forms.ValidationError as error:
            self.add_error(name, error)
            return
        if page is None:
            self.add_error(name, "Choose the page the region is on.")

    def source_of(self, name):
        source_pk = int(name.split("-")[1])
        return next(source for source in self.sources if source.pk == source_pk)

    @transaction.atomic
    def save(self, document):
        """Make the document's ties those of the form, every one confirmed; return how many there are."""
        document.paragraph_ties.all().delete()
        ties = []
        for name, value in self.cleaned_data.items():
            if value is None or value == "" or name.startswith("region-"):
                continue
            source = self.source_of(name)
            anchor = name.split("-", 2)[2]
            place = {"start": value} if source.is_recording else {
                "page": value, "region": self.cleaned_data.get(f"region-{name}")}
            ties.append(ParagraphTie(document=document, anchor=anchor, source=source, confirmed=True, **place))
        ParagraphTie.objects.bulk_create(ties)
        return len(ties)


def sources_view(model_admin, request, document_id):
    """The page of a document's sources and ties (``DocumentAdmin.get_urls``)."""
    model_admin.require_editing(request)
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        raise Http404("No such document.")
    if not model_admin.has_change_permission(request, document):
        raise PermissionDenied("Only a publisher changes the sources of a published document.")
    upload = SourceUploadForm(request.POST if "attach" in request.POST else None,
                              request.FILES if "attach" in request.POST else None)
    if "attach" in request.POST and upload.is_valid():
        try:
            source = attach_source(document, upload.cleaned_data["file"], upload.cleaned_data["file"].name,
                                   added_by=request.user, label=upload.cleaned_data["label"],
                                   retrieved_from=upload.cleaned_data["retrieved_from"],
                                   retrieved_on=upload.cleaned_data["retrieved_on"])
        except BadSource as refusal:
            upload.add_error("file", str(refusal))
        else:
            proposed = source.ties.count()
            messages.success(request, f"“{source}” was attached" + (
                f"; pages are proposed for {proposed} paragraph(s): check them and save the ties." if proposed else "."))
            return redirect("admin:speeches_document_sources", document.pk)
    if "remove" in request.POST:
        removed = SourceFile.objects.filter(document=document, pk=request.POST.get("remove", "")).first()
        if removed is not None:
            removed.delete()
            messages.success(request, f"“{removed}” was removed, with its paragraphs' ties.")
        return redirect("admin:speeches_document_sources", document.pk)
    sources = list(document.sources.all())
    ties = TiesForm(document, sources, request.POST if "save_ties" in request.POST else None)
    if "save_ties" in request.POST and ties.is_valid():
        messages.success(request, f"{ties.save(document)} tie(s) saved; readers see them beside the text.")
        return redirect("admin:speeches_document_sources", document.pk)
    return render(request, "admin/speeches/document/sources.html", {
        **model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, "document": document,
        "title": f"Sources of “{document.title}”", "upload": upload, "ties": ties, "sources": sources,
        "allowance": allowance(request.user)})


def allowance(user):
    """What ``user`` has added of the sources an editor may add in a day, and what is left, for the upload form."""
    files, size = added_in_a_day(user)
    return {"files": files, "most_files": settings.SOURCE_FILES_PER_EDITOR_PER_DAY, "mb": size / 1_000_000,
            "most_mb": settings.SOURCE_MB_PER_EDITOR_PER_DAY}
