"""The search form: how a request's query string becomes search criteria."""
import re
from pathlib import Path

from django import forms
from django.utils.text import Truncator

from .importers.formats import MAX_FILE_BYTES, SUFFIXES
from .models import Document, Region, TextRole
from .search import SearchCriteria, filter_language_codes, filter_languages, general_code

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SORT_CHOICES = [("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first")]


class QueryField(forms.CharField):
    """A search query: control characters (pasted from PDFs, or hostile) are dropped, not refused."""

    def to_python(self, value):
        return super().to_python(CONTROL_CHARACTERS.sub(" ", value or ""))


class IsoDateField(forms.DateField):
    """A YYYY-MM-DD date whose error quotes what was typed: the date input cannot show it again."""

    def __init__(self, **kwargs):
        super().__init__(input_formats=["%Y-%m-%d"], **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError("“%(value)s” is not a date: use YYYY-MM-DD.", code="invalid",
                                        params={"value": str(value)[:40]}) from None


class StrictBooleanField(forms.BooleanField):
    """A checkbox that refuses what is neither yes nor no, where Django would read any text as yes."""

    YES, NO = {"on", "true", "1"}, {"", "off", "false", "0"}
    widget = forms.TextInput  # a checkbox widget would turn any text into True before it is checked

    def to_python(self, value):
        if isinstance(value, str) and value.strip().lower() not in self.YES | self.NO:
            raise forms.ValidationError("“%(value)s” is neither true nor false.", code="invalid",
                                        params={"value": value[:40]})
        return isinstance(value, str) and value.strip().lower() in self.YES or value is True


# Languages to filter by: one entry per language, by its general code (zh, not zh-hans).
LANGUAGE_FILTER_CHOICES = filter_languages()
LANGUAGE_FILTER_LABEL = "Has a text in"
LANGUAGE_FILTER_HELP = ("Documents with a text in this language, original or translation; they match in any of "
                        "their texts, and unquoted words are matched as this language's words.")


class LanguageFilterField(forms.ChoiceField):
    """A language to filter by: a code with a script or region ("zh-hans", "en-gb", from older links)
    is read as its language ("zh", "en"), the one entry the form offers for it."""

    def to_python(self, value):
        value = super().to_python(value)
        return general_code(value) if value in filter_language_codes() else value


class DocumentSearchForm(forms.Form):
    q = QueryField(required=False, label="Search")
    speaker = forms.SlugField(required=False, max_length=80)
    region = forms.SlugField(required=False, max_length=80)
    venue = forms.SlugField(required=False, max_length=80)
    event = forms.SlugField(required=False, max_length=80)
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *Document.Kind.choices])
    lang = LanguageFilterField(required=False, choices=[("", "Any language"), *LANGUAGE_FILTER_CHOICES],
                               label=LANGUAGE_FILTER_LABEL, help_text=LANGUAGE_FILTER_HELP)
    role = forms.ChoiceField(required=False, choices=[("", "Any text"), *TextRole.choices], label="Text",
                             help_text="Documents with a text of this kind: an original, an official translation...")
    date_from = IsoDateField(required=False, label="From")
    date_to = IsoDateField(required=False, label="To")
    year = forms.IntegerField(required=False, min_value=1, max_value=9999)
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES)
    case = StrictBooleanField(required=False, label="Match case and accents exactly")

    def criteria(self):
        """Return the ``SearchCriteria`` of a valid form."""
        data = self.cleaned_data
        return SearchCriteria(
            q=data["q"], speaker=data["speaker"], region=data["region"], venue=data["venue"], event=data["event"],
            kind=data["kind"], lang=data["lang"], role=data["role"], date_from=data["date_from"],
            date_to=data["date_to"], year=data["year"], sort=data["sort"] or "relevance",
            case_sensitive=data["case"],
        )


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


class AlignmentForm(forms.Form):
    """Which of the main text's paragraphs each paragraph of another text is aligned with: one
    (the default), several (the text merged them), none (unlinked); several of the text's
    paragraphs may name the same one (the text split it)."""

    def __init__(self, text, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.text = text
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

    def alignment(self):
        """Return the pairs [main anchor, this text's anchor] the form says, in the main text's order."""
        order = {main["anchor"]: number for number, main in enumerate(self.text.document.paragraphs)}
        pairs = [[main_anchor, anchor] for anchor, main_anchors in self.cleaned_data.items() for main_anchor in main_anchors]
        return sorted(pairs, key=lambda pair: order[pair[0]])
