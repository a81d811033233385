"""The admin's own forms: a document's and an office's (their dates as precisely as known), an import
upload, the choice of what a merge keeps, a text's alignment."""
from pathlib import Path

from django import forms
from django.forms.models import BaseInlineFormSet
from django.forms.fields import InvalidJSONInput
from django.utils.text import Truncator

from speeches.alignment import LOW_CONFIDENCE
from speeches.dates import PartialDate
from speeches.importers import wikidata_items
from speeches.importers.formats import MAX_FILE_BYTES, SUFFIXES
from speeches.lifecycle import MergeRefused, check_merge
from speeches.models import Document, DocumentText, Office, Region, body_as_stored


class PartialDateField(forms.CharField):
    """A date typed as precisely as it is known: "2025", "2025-06", "June 2025", "2025-06-14"."""

    def prepare_value(self, value):
        return value.iso if isinstance(value, PartialDate) else value

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return PartialDate.parse_typed(text)
        except ValueError:
            raise forms.ValidationError(
                "Enter the date as precisely as the source gives it: 2025, 2025-06 (or June 2025), or 2025-06-14 "
                "(or 14 June 2025); %(value)s is none of these, or no day of the calendar.",
                code="invalid", params={"value": f"“{text}”"}) from None


class DocumentForm(forms.ModelForm):
    """The document's form, whose date says its own precision: a year, a month or a day; a save over
    another editor's, made since the form was opened, is refused until it is asked for again."""

    date = PartialDateField(
        required=False, widget=forms.TextInput(attrs={"size": 20, "placeholder": "2025-06-14"}),
        help_text="As precisely as the source gives it: 2025, 2025-06 (or June 2025), or 2025-06-14. "
                  "The archive shows and cites it as precisely as that, never as a first day.")
    # When the document was last saved as the form was opened (its ``updated``).
    opened_version = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Document
        fields = ["date"]  # the admin adds its fieldsets' others

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "date" in self.fields:
            self.initial["date"] = self.instance.partial_date
        # As stored, not as the instance says: restoring a revision from History builds the form from that revision.
        if saved := Document.objects.filter(pk=self.instance.pk).values_list("updated", flat=True).first():
            self.initial["opened_version"] = saved.isoformat()

    def is_multipart(self):
        """Sent as multipart, the texts travel as written; URL-encoded, a Chinese character takes nine bytes."""
        return True

    def clean(self):
        """Refuse a save when someone saved the document after this form was opened: their changes would
        be lost without a word. The form is shown again with these changes and the later version, so a
        second save, made knowingly, replaces theirs."""
        cleaned = super().clean()
        opened = cleaned.get("opened_version")
        saved = Document.objects.filter(pk=self.instance.pk).values_list("updated", flat=True).first()
        if opened and saved and opened != saved.isoformat():
            self.data = self.data.copy()
            self.data[self.add_prefix("opened_version")] = saved.isoformat()
            self.add_error(None, forms.ValidationError(
                "Someone saved this document at %(time)s UTC, after you opened it; your changes are not saved yet, "
                "and are still in this form. Open the document in another tab (its History shows what they "
                "changed) and carry over what you need, or save again to replace their changes with yours.",
                code="saved_since", params={"time": saved.strftime("%H:%M:%S on %Y-%m-%d")}))
        return cleaned

    def clean_date(self):
        """Store the first day the date may stand for, and note its precision on the document."""
        partial = self.cleaned_data["date"]
        self.instance.date_precision = partial.precision if partial else Document.DatePrecision.DAY
        return partial.start if partial else None


class AlignmentField(forms.JSONField):
    """A text's alignment typed as JSON: empty is no pair; anything nested deeper than pairs is refused
    before it is parsed (Python's parser recurses per bracket). The model checks the shape."""

    def to_python(self, value):
        if isinstance(value, str) and bracket_depth(value) > 2:
            raise forms.ValidationError("An alignment is a list of pairs of anchors, nested no deeper.", code="alignment")
        try:
            return super().to_python(value)
        except ValueError:  # a number of thousands of digits, which Python refuses to read
            raise forms.ValidationError("An alignment is a list of pairs of anchors.", code="alignment") from None

    def bound_data(self, data, initial):
        """What the form shows again beside its error: what was typed, when it cannot be read."""
        try:
            return super().bound_data(data, initial)
        except (ValueError, RecursionError):
            return InvalidJSONInput(data)

    def clean(self, value):
        aligned = super().clean(value)
        return [] if aligned is None else aligned


def bracket_depth(text):
    """Return how deeply brackets and braces nest in ``text`` (quoted or not: an anchor holds none)."""
    depth = deepest = 0
    for character in text:
        if character in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "]}":
            depth -= 1
    return deepest


class DocumentTextForm(forms.ModelForm):
    alignment = AlignmentField(required=False, help_text=DocumentText._meta.get_field("alignment").help_text)

    class Meta:
        model = DocumentText
        fields = ["alignment"]  # the inline adds its others

    def __init__(self, *args, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.document = document  # as the document's form saves it (``DocumentTextFormSet``)

    def clean_alignment(self):
        """Refuse an alignment typed with an anchor neither text has, as the texts stand (with either body
        edited in the same save, its anchors are not known yet, and the alignment view checks them)."""
        aligned = self.cleaned_data["alignment"]
        text = self.instance
        if text.pk is None or "body" in self.changed_data or not isinstance(aligned, list) or main_text_edited(
                self.document):
            return aligned
        known = ({paragraph["anchor"] for paragraph in text.document.paragraphs},
                 {paragraph["anchor"] for paragraph in text.paragraphs})
        unknown = [anchor for pair in aligned if isinstance(pair, list) and len(pair) == 2
                   for anchor, anchors in zip(pair, known) if anchor not in anchors]
        if unknown:
            raise forms.ValidationError(
                "%(anchors)s: no such paragraph. A pair is [the main text's anchor, this text's anchor]; the main "
                "text has %(main)s, this text %(mine)s.", code="unknown_anchor",
                params={"anchors": ", ".join(dict.fromkeys(map(str, unknown))),
                        "main": anchor_range(text.document.paragraphs), "mine": anchor_range(text.paragraphs)})
        return aligned


class DocumentTextFormSet(BaseInlineFormSet):
    """The inline of a document's other texts, each form given the document as its form is saving it."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "document": self.instance}


def main_text_edited(document):
    """Whether ``document``, as its form is saving it, has another main text than the one stored."""
    if document is None or document.pk is None:
        return False
    stored = Document.objects.filter(pk=document.pk).values_list("body", flat=True).first()
    return stored is not None and body_as_stored(document.body) != body_as_stored(stored)


def anchor_range(paragraphs):
    """Return "p-1 to p-9" (the first and last anchors of ``paragraphs``), or "no paragraph"."""
    if not paragraphs:
        return "no paragraph"
    first, last = paragraphs[0]["anchor"], paragraphs[-1]["anchor"]
    return first if first == last else f"{first} to {last}"


def partial_date_input(placeholder):
    return forms.TextInput(attrs={"size": 12, "placeholder": placeholder})


class OfficeForm(forms.ModelForm):
    """An office held from one date to another, each as precisely as it is known."""

    start = PartialDateField(label="From", required=False, widget=partial_date_input("2013-03"),
                             help_text="2013, 2013-03 (or March 2013) or 2013-03-16.")
    end = PartialDateField(label="To", required=False, widget=partial_date_input("2022-12-30"),
                           help_text="Empty while the person holds the office.")

    class Meta:
        model = Office
        fields = ["title", "organisation", "country", "start", "end"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            period = self.instance.period
            self.initial.update(start=period.start, end=period.end)

    def clean(self):
        """Store each date's first day and note its precision; refuse an office that ends before it begins."""
        cleaned = super().clean()
        for name in ("start", "end"):
            partial = cleaned.get(name)
            setattr(self.instance, f"{name}_precision", partial.precision if partial else Document.DatePrecision.DAY)
            cleaned[name] = partial.start if partial else None
        return cleaned


class DocumentImportForm(forms.Form):
    file = forms.FileField(help_text="A .jsonl, .md or .txt file of at most 50 MB.")

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        suffix = Path(uploaded.name).suffix.lower()
        if suffix not in SUFFIXES:
            raise forms.ValidationError(f"“{suffix or uploaded.name}” files cannot be imported: use .jsonl, .md or .txt.")
        if uploaded.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The file is larger than 50 MB; split it or use manage.py import_documents.")
        return uploaded


class WikidataImportForm(forms.Form):
    file = forms.FileField(help_text="A CSV file (UTF-8) of at most 1 MB with the columns kind, name (or slug) and "
                                     "wikidata.")

    def clean_file(self):
        """Return the uploaded file once its text is known to be readable."""
        uploaded = self.cleaned_data["file"]
        try:
            wikidata_items.decode(uploaded.read(wikidata_items.MOST_BYTES + 1))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        return uploaded


class RegionMergeForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Region.objects.none(), label="Keep this region",
                                  help_text="The other selected regions are merged into it and deleted.")

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = regions


class DocumentMergeForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Document.objects.none(), label="Keep this document",
                                  widget=forms.RadioSelect)

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = documents
        # Which is published matters: the other's links lead to the one kept only while it is.
        self.fields["into"].label_from_instance = lambda document: f"{document} ({document.get_status_display().lower()})"

    def clean(self):
        cleaned = super().clean()
        if survivor := cleaned.get("into"):
            try:
                check_merge(self.fields["into"].queryset.exclude(pk=survivor.pk).get())
            except MergeRefused as refused:
                raise forms.ValidationError(str(refused), code="merge_refused") from None
        return cleaned


class AlignmentForm(forms.Form):
    """Which of the main text's paragraphs each paragraph of another text is aligned with: one
    (the default), several (the text merged them), none (unlinked); several of the text's
    paragraphs may name the same one (the text split it). While the alignment is proposed, each
    paragraph's field carries the ``confidence`` of its proposed pairs, and ``uncertain_main`` names
    the main text's paragraphs whose pairing is of low confidence."""

    low_confidence = LOW_CONFIDENCE

    def __init__(self, text, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.text = text
        main_confidence, confidence = text.proposed_confidence()
        self.uncertain_main = {anchor for anchor, value in main_confidence.items() if value < LOW_CONFIDENCE}
        choices = [(main["anchor"], f"¶ {number}: {Truncator(main['text']).words(8)}")
                   for number, main in enumerate(text.document.paragraphs, 1)]
        aligned = {}
        for main_anchor, anchor in text.alignment:
            aligned.setdefault(anchor, []).append(main_anchor)
        for number, paragraph in enumerate(text.paragraphs, 1):
            self.fields[paragraph["anchor"]] = forms.MultipleChoiceField(
                choices=choices, required=False, initial=aligned.get(paragraph["anchor"], []),
                label=f"¶ {number}", help_text=paragraph["text"],
                widget=forms.SelectMultiple(attrs={"size": 3}))
            self.fields[paragraph["anchor"]].confidence = confidence.get(paragraph["anchor"])

    def alignment(self):
        """Return the pairs [main anchor, this text's anchor] the form says, in the main text's order."""
        order = {main["anchor"]: number for number, main in enumerate(self.text.document.paragraphs)}
        pairs = [[main_anchor, anchor] for anchor, main_anchors in self.cleaned_data.items() for main_anchor in main_anchors]
        return sorted(pairs, key=lambda pair: order[pair[0]])
